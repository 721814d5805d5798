package org.nasmap.reader;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Layout;
import org.nasmap.format.Split;

import static org.nasmap.reader.QueryErrors.MISSING;
import static org.nasmap.reader.QueryErrors.error;

/**
 * Upstream's {@code find_best} and {@code statistics} over every held architecture. {@code find_best} scans
 * three contiguous columns of the (hp, dataset): flops, params (COSTS) and the final accuracy of the split
 * (FINAL_MEANS); an architecture whose cost column is NaN (upstream raises there, or the dataset is absent)
 * goes through the checked path of that architecture, which raises what upstream raises. Allocation-free.
 */
final class BestFinder
{
    private final NasmapFile file;
    private final Groups groups;
    private final CostRules costs;

    BestFinder(final NasmapFile file, final Groups groups, final CostRules costs)
    {
        this.file = file;
        this.groups = groups;
        this.costs = costs;
    }

    int findBest(final Dataset datasetIn, final CharSequence metricOnSet, final double flopMax, final double paramMax,
        final Hp hp, final double[] out)
    {
        file.ensureOpen();
        Dataset dataset = datasetIn;
        final Split split;
        // remap_dataset_set_names
        if (dataset == Dataset.CIFAR10 && "valid".contentEquals(metricOnSet))
        {
            dataset = Dataset.CIFAR10_VALID;
            split = Split.X_VALID;
        }
        else if (dataset == Dataset.CIFAR10 && "test".contentEquals(metricOnSet))
        {
            split = Split.ORI_TEST;
        }
        else if ((dataset == Dataset.CIFAR100 || dataset == Dataset.IMAGENET16_120) && "valid".contentEquals(metricOnSet))
        {
            split = Split.X_VALID;
        }
        else if ((dataset == Dataset.CIFAR100 || dataset == Dataset.IMAGENET16_120) && "test".contentEquals(metricOnSet))
        {
            split = Split.X_TEST;
        }
        else
        {
            split = Split.fromUpstream(metricOnSet);
        }
        final int slot = file.hpSlot(hp);
        int best = -1;
        double highest = Double.NaN;
        final int hpBit = 1 << hp.code();
        final boolean noFlopLimit = flopMax != flopMax;
        final boolean noParamLimit = paramMax != paramMax;
        final int d = dataset.code();
        for (int arch = 0, n = file.size(); arch < n; arch++)
        {
            final int bits = file.archHp.getByte(arch);
            if (bits == 0)
            {
                continue;
            }
            if ((bits & hpBit) == 0 || slot < 0)
            {
                groups.group(arch, hp, dataset); // throws: no results at that hp
            }
            final int row = file.row(arch);
            double flops = file.cost(slot, d, Layout.COST_FLOPS, row);
            double params = file.cost(slot, d, Layout.COST_PARAMS, row);
            if (flops != flops || params != params)
            {
                final int g = groups.group(arch, hp, dataset);
                flops = costs.checkedCost(g, true, arch);
                params = costs.checkedCost(g, false, arch);
            }
            final boolean within = (noFlopLimit | !(flops > flopMax)) & (noParamLimit | !(params > paramMax));
            if (!within)
            {
                continue;
            }
            if (split == null)
            {
                throw new NasmapQueryException("no set named '" + metricOnSet + "' for " + dataset);
            }
            final double acc = file.finalMean(slot, d, split.code(), row);
            if (acc != acc)
            {
                throw error(MISSING, arch, dataset, hp, split, -1, 0);
            }
            if (best == -1 | highest < acc)
            {
                best = arch;
                highest = acc;
            }
        }
        if (out != null && out.length > 0)
        {
            out[0] = highest;
        }
        return best;
    }

    /** Counts held architectures by seed count; {@code strict}: one without the hp is upstream's error. */
    int[] histogram(final Dataset dataset, final Hp hp, final boolean strict)
    {
        file.ensureOpen();
        int[] counts = new int[4];
        for (int arch = 0; arch < file.size(); arch++)
        {
            final int bits = file.archHp.getByte(arch);
            if (bits == 0 || (!strict && ((bits & (1 << hp.code())) == 0 || file.hpSlot(hp) < 0)))
            {
                continue;
            }
            final int g = groups.groupOrAbsent(arch, hp, dataset);
            final int seeds = file.groupFirstTrial(g) < 0 ? 0 : file.groupSeedCount(g);
            if (seeds >= counts.length)
            {
                counts = java.util.Arrays.copyOf(counts, seeds + 1);
            }
            counts[seeds]++;
        }
        return counts;
    }
}
