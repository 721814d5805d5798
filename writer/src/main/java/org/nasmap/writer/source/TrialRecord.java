package org.nasmap.writer.source;

import org.nasmap.format.Layout;
import org.nasmap.format.Metric;
import org.nasmap.format.Split;

/**
 * One trial (architecture, hp, dataset, seed) as the source holds it, decoded from upstream's
 * {@code ResultsCount} state dict.
 */
public final class TrialRecord
{
    private final int seed;
    private final int epochs;
    private final Series[] series = new Series[Layout.SLOT_COUNT];
    private int evalMask;
    private boolean evalTimesEmpty;
    private double flops;
    private double params;
    private double[] latency;
    private ArchConfig config;

    /**
     * @param seed   the trial's seed.
     * @param epochs the number of training epochs ({@code epochs}).
     */
    public TrialRecord(final int seed, final int epochs)
    {
        this.seed = seed;
        this.epochs = epochs;
    }

    public int seed()
    {
        return seed;
    }

    public int epochs()
    {
        return epochs;
    }

    /** @return the series of (split, metric), or null when the source has none. */
    public Series series(final Split split, final Metric metric)
    {
        return series[Layout.slot(split.code(), metric.code())];
    }

    /** Sets the series of (split, metric); null for absent. */
    public TrialRecord series(final Split split, final Metric metric, final Series s)
    {
        series[Layout.slot(split.code(), metric.code())] = s;
        return this;
    }

    /** @return bit {@link Split#code()} set for each of the trial's {@code eval_names}. */
    public int evalMask()
    {
        return evalMask;
    }

    public TrialRecord addEvalName(final Split split)
    {
        if (split == Split.TRAIN)
        {
            throw new IllegalArgumentException("train is not an evaluation name");
        }
        evalMask |= 1 << split.code();
        return this;
    }

    /** @return true when the source's {@code eval_times} dict is empty (times are None, not missing). */
    public boolean evalTimesEmpty()
    {
        return evalTimesEmpty;
    }

    public TrialRecord evalTimesEmpty(final boolean empty)
    {
        this.evalTimesEmpty = empty;
        return this;
    }

    public double flops()
    {
        return flops;
    }

    public double params()
    {
        return params;
    }

    public TrialRecord costs(final double flops, final double params)
    {
        this.flops = flops;
        this.params = params;
        return this;
    }

    /** @return the latency list, or null when the source holds None. */
    public double[] latency()
    {
        return latency;
    }

    public TrialRecord latency(final double[] latency)
    {
        this.latency = latency;
        return this;
    }

    public ArchConfig config()
    {
        return config;
    }

    public TrialRecord config(final ArchConfig config)
    {
        this.config = config;
        return this;
    }
}
