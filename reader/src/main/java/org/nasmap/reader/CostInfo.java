package org.nasmap.reader;

import org.nasmap.format.Split;

/**
 * Upstream's {@code get_cost_info} dict as a reusable, caller-owned object: flops, params, latency and
 * the {@code T-<set>@epoch} / {@code T-<set>@total} times. Valid until the next call that fills it;
 * not thread-safe (one per thread).
 */
public final class CostInfo
{
    double flops;
    double params;
    double latency;
    int timeKeyMask;
    final double[] epochTime = new double[Split.count()];
    final double[] totalTime = new double[Split.count()];
    final boolean[] timeKnown = new boolean[Split.count()];

    /** @return mean FLOPs (M) over seeds, after upstream's legacy rule. */
    public double flops()
    {
        return flops;
    }

    /** @return mean parameters (MB) over seeds, after upstream's legacy rule. */
    public double params()
    {
        return params;
    }

    /** @return mean latency (s) of the trials that have one; NaN for upstream's None. */
    public double latency()
    {
        return latency;
    }

    /** @return true when the dict has {@code T-<split>@epoch} and {@code T-<split>@total} keys. */
    public boolean hasTimes(final Split split)
    {
        return (timeKeyMask & (1 << split.ordinal())) != 0;
    }

    /** @return {@code T-<split>@epoch}: mean seconds per epoch; NaN for None. */
    public double epochTime(final Split split)
    {
        return epochTime[split.ordinal()];
    }

    /** @return {@code T-<split>@total}: mean total seconds; NaN for None. */
    public double totalTime(final Split split)
    {
        return totalTime[split.ordinal()];
    }

    /** @return false when the value of the split's time keys is None. */
    public boolean timeKnown(final Split split)
    {
        return timeKnown[split.ordinal()];
    }
}
