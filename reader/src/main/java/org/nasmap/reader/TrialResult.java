package org.nasmap.reader;

/**
 * One trial's {@code ResultsCount.get_train/get_eval(iepoch)}: what a group evaluation adds up over seeds.
 * Caller-owned scratch (one per {@link Metrics}); not thread-safe.
 */
final class TrialResult
{
    int epoch;
    double loss;
    double accuracy;
    /** Seconds of that epoch; NaN when the times are None or the caller did not ask for it. */
    double curTime;
    /** Seconds of epochs 0..epoch; NaN when the times are None. */
    double allTime;
    /** False when the source has no times for the set (upstream's None). */
    boolean timeKnown;
}
