package org.nasmap.reader;

/**
 * Upstream's {@code ArchResults.get_metrics} dict as a reusable, caller-owned object:
 * {@code iepoch}, {@code loss}, {@code accuracy}, {@code cur_time}, {@code all_time}.
 * Valid until the next call that fills it; not thread-safe (one per thread).
 */
public final class Metrics
{
    double iepoch;
    double loss;
    double accuracy;
    double curTime;
    double allTime;
    boolean timeKnown;
    /** Per-trial scratch of the group evaluation. */
    final TrialResult trial = new TrialResult();

    /** @return the epoch (under the mean, the mean of the trials' epochs, as upstream). */
    public double iepoch()
    {
        return iepoch;
    }

    public double loss()
    {
        return loss;
    }

    public double accuracy()
    {
        return accuracy;
    }

    /** @return seconds of that epoch; NaN when {@link #timeKnown()} is false (upstream's None). */
    public double curTime()
    {
        return curTime;
    }

    /** @return seconds of epochs 0..iepoch; NaN when {@link #timeKnown()} is false (upstream's None). */
    public double allTime()
    {
        return allTime;
    }

    /** @return false when the source has no times for this set (upstream gives None). */
    public boolean timeKnown()
    {
        return timeKnown;
    }

    void set(final double iepoch, final double loss, final double accuracy, final double curTime,
        final double allTime, final boolean timeKnown)
    {
        this.iepoch = iepoch;
        this.loss = loss;
        this.accuracy = accuracy;
        this.curTime = timeKnown ? curTime : Double.NaN;
        this.allTime = timeKnown ? allTime : Double.NaN;
        this.timeKnown = timeKnown;
    }

    @Override
    public String toString()
    {
        return "Metrics{iepoch=" + iepoch + ", loss=" + loss + ", accuracy=" + accuracy + ", cur_time=" +
            (timeKnown ? curTime : "None") + ", all_time=" + (timeKnown ? allTime : "None") + '}';
    }
}
