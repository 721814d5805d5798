package org.nasmap.reader;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Metric;
import org.nasmap.format.Split;

/**
 * One (dataset, hp, split, metric) of a reader, bound once, for a search loop that asks for one seed's value at
 * many architectures and epochs: {@link #value} answers what {@link NasBench#metric} answers with
 * {@link SeedChoice#seed}, bit for bit and with the same exceptions, without allocating, and with fewer instructions
 * per call (the dataset, hp, split and metric are resolved at binding), which on a processor that overlaps
 * consecutive queries while each waits for memory is what sets their rate (bench/README, epochMetric_nasmapColumn).
 * <p>
 * Made by {@link NasBench#metricColumn}; valid as long as its reader (after {@link NasBench#close()}, {@link #value}
 * throws {@link IllegalStateException}). Immutable: any number of threads may share one.
 */
public final class MetricColumn
{
    private final TrainEvalResults results;
    private final NasmapFile file;
    private final TrialDirectory.Column column;
    private final Dataset dataset;
    private final Hp hp;
    private final Split split;
    private final Metric metric;

    MetricColumn(final TrainEvalResults results, final NasmapFile file, final Dataset dataset, final Hp hp,
        final Split split, final Metric metric)
    {
        this.results = results;
        this.file = file;
        this.dataset = dataset;
        this.hp = hp;
        this.split = split;
        this.metric = metric;
        this.column = results.directoryColumn(dataset, hp, split, metric);
    }

    /**
     * {@code metric(arch, dataset, hp, split, metric, epoch, SeedChoice.seed(seed))} of the bound (dataset, hp, split,
     * metric).
     *
     * @param epoch the epoch, or -1 for the last.
     * @throws NasmapQueryException where upstream raises (the architecture, hp or dataset absent, the seed missing,
     *                              the epoch or the value missing).
     */
    public double value(final int arch, final int seed, final int epoch)
    {
        final long at = column.valueAddress(arch, seed, epoch);
        if (at != 0 && !file.isClosed())
        {
            return Groups.valueAt(at);
        }
        // the trial without a word, a sparse series, an error, or a closed reader: the checked path raises or answers
        return results.metricOfSeed(arch, dataset, hp, split, metric, epoch, seed);
    }

    /** @return the bound dataset. */
    public Dataset dataset()
    {
        return dataset;
    }

    /** @return the bound hp. */
    public Hp hp()
    {
        return hp;
    }

    /** @return the bound split. */
    public Split split()
    {
        return split;
    }

    /** @return the bound metric. */
    public Metric metric()
    {
        return metric;
    }

    @Override
    public String toString()
    {
        return "MetricColumn(" + dataset + ", " + hp + ", " + split + ", " + metric + ")";
    }
}
