package org.nasmap.reader;

/**
 * What {@code simulate_train_eval} returns, and the simulated time used so far: a caller-owned,
 * reusable object that also plays the part of upstream's {@code _used_time} account. Not thread-safe.
 */
public final class SimulationResult
{
    double validAccuracy;
    double latency;
    double timeCost;
    double usedTime;
    /** Scratch for the get_more_info lookups. */
    final MoreInfo info = new MoreInfo();

    /** @return the validation accuracy the search observes. */
    public double validAccuracy()
    {
        return validAccuracy;
    }

    /** @return the latency (s); NaN for upstream's None. */
    public double latency()
    {
        return latency;
    }

    /** @return the simulated seconds this step cost. */
    public double timeCost()
    {
        return timeCost;
    }

    /** @return the simulated seconds accounted so far on this object. */
    public double usedTime()
    {
        return usedTime;
    }

    /** Resets the account (upstream's {@code reset_time}). */
    public void resetTime()
    {
        usedTime = 0;
    }
}
