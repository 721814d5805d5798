package org.nasmap.analysis;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Split;
import org.nasmap.reader.NasBench;
import org.nasmap.reader.NasmapQueryException;

/**
 * One column per architecture of the space for a (dataset, hp, set): the final accuracy averaged over
 * seeds (float64, as upstream's {@code get_metrics}) and the costs of {@code get_cost_info}; NaN where the
 * file has no value (architecture not held, set not evaluated, upstream raising).
 */
public final class Table
{
    /** Upstream's {@code remap_dataset_set_names} for "valid"/"test" plus the raw set names. */
    public record Selection(Dataset dataset, Split split)
    {
        /**
         * @param dataset an upstream dataset name.
         * @param set     "valid", "test", "train" or a set name (x-valid, x-test, ori-test).
         */
        public static Selection of(final Dataset dataset, final String set)
        {
            if ("valid".equals(set))
            {
                return dataset == Dataset.CIFAR10 ? new Selection(Dataset.CIFAR10_VALID, Split.X_VALID) :
                    new Selection(dataset, Split.X_VALID);
            }
            if ("test".equals(set))
            {
                return dataset == Dataset.CIFAR10 || dataset == Dataset.CIFAR10_VALID ?
                    new Selection(dataset, Split.ORI_TEST) : new Selection(dataset, Split.X_TEST);
            }
            final Split s = Split.fromUpstream(set);
            if (s == null)
            {
                throw new IllegalArgumentException("unknown set '" + set + "': valid, test, train, x-valid, x-test or ori-test");
            }
            return new Selection(dataset, s);
        }
    }

    public final Selection selection;
    public final Hp hp;
    public final double[] accuracy;
    public final double[] flops;
    public final double[] params;
    public final double[] latency;

    private Table(final Selection selection, final Hp hp, final int n)
    {
        this.selection = selection;
        this.hp = hp;
        this.accuracy = new double[n];
        this.flops = new double[n];
        this.params = new double[n];
        this.latency = new double[n];
    }

    /** Reads the whole space, costs included. */
    public static Table of(final NasBench bench, final Selection selection, final Hp hp)
    {
        return of(bench, selection, hp, true);
    }

    /** Reads the whole space; costs stay NaN unless {@code withCosts}. */
    public static Table of(final NasBench bench, final Selection selection, final Hp hp, final boolean withCosts)
    {
        final int n = bench.size();
        final Table t = new Table(selection, hp, n);
        for (int arch = 0; arch < n; arch++)
        {
            t.accuracy[arch] = Double.NaN;
            t.flops[arch] = Double.NaN;
            t.params[arch] = Double.NaN;
            t.latency[arch] = Double.NaN;
            if (!bench.file().holds(arch, hp))
            {
                continue;
            }
            try
            {
                t.accuracy[arch] = bench.finalAccuracy(arch, selection.dataset(), hp, selection.split());
                if (withCosts)
                {
                    t.flops[arch] = bench.flops(arch, selection.dataset(), hp);
                    t.params[arch] = bench.params(arch, selection.dataset(), hp);
                    t.latency[arch] = bench.getLatency(arch, selection.dataset(), hp);
                }
            }
            catch (final NasmapQueryException e)
            {
                // no value: stays NaN
            }
        }
        return t;
    }

    /** @return the cost column by name: flops, params or latency. */
    public double[] cost(final String name)
    {
        return switch (name)
        {
            case "flops" -> flops;
            case "params" -> params;
            case "latency" -> latency;
            default -> throw new IllegalArgumentException("unknown cost '" + name + "': flops, params or latency");
        };
    }
}
