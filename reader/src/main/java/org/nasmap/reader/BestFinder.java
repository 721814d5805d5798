package org.nasmap.reader;

import org.agrona.UnsafeApi;
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
    /**
     * The hp bits every architecture has (the AND of ARCH_HP), or -1 before the first scan needs it: computed once
     * per file (immutable), racy but idempotent.
     */
    private int hpEverywhere = -1;
    /** Per COSTS column pair (hp slot * 4 + dataset): bit 2k set once checked, bit 2k + 1 when it holds no NaN. */
    private int costColumns;

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
        // no limit (NaN, upstream's None) is +inf: no cost is above it, and NaN costs take the checked path below
        final double flopLimit = flopMax != flopMax ? Double.POSITIVE_INFINITY : flopMax;
        final double paramLimit = paramMax != paramMax ? Double.POSITIVE_INFINITY : paramMax;
        final int d = dataset.code();
        // byte offsets of row 0 of the three columns the scan reads (the hp checked per architecture below)
        final int held = file.heldCount();
        final int flopsAt = slot < 0 ? 0 : (int)Layout.costIndex(slot, d, Layout.COST_FLOPS, 0, held) * Double.BYTES;
        final int paramsAt = slot < 0 ? 0 : (int)Layout.costIndex(slot, d, Layout.COST_PARAMS, 0, held) * Double.BYTES;
        final int accuracyAt = slot < 0 || split == null ? 0 :
            (int)Layout.finalMeanIndex(slot, d, split.code(), 0, held) * Double.BYTES;
        // the scan reads the columns without a bounds check per element: every index is checked here, once
        // (rows are below HELD_COUNT, checked by file.row; each column holds HELD_COUNT values)
        final int n = file.size();
        if ((long)flopsAt + (long)held * Double.BYTES > file.costs.capacity() ||
            (long)paramsAt + (long)held * Double.BYTES > file.costs.capacity() ||
            (long)accuracyAt + (long)held * Double.BYTES > file.finalMeans.capacity() || n > file.archHp.capacity())
        {
            throw file.corrupt("a whole-space column runs past its section");
        }
        final long hpBits = file.archHp.addressOffset();
        final long flopsColumn = file.costs.addressOffset() + flopsAt;
        final long paramsColumn = file.costs.addressOffset() + paramsAt;
        final long accuracyColumn = file.finalMeans.addressOffset() + accuracyAt;
        final boolean noSplit = split == null;
        // a full file whose every architecture has the hp: the row is the index and ARCH_HP need not be read
        final boolean everyRow = file.identityRows && slot >= 0 && (hpEverywhere() & hpBit) != 0;
        if (everyRow && costsWithoutNaN(slot * Dataset.count() + d, flopsColumn, paramsColumn, held))
        {
            // no architecture takes the checked path: the tight scan
            final int found = scanWithoutNaN(flopsColumn, paramsColumn, accuracyColumn, n, flopLimit, paramLimit, noSplit);
            if (found < -1)
            {
                if (noSplit)
                {
                    throw new NasmapQueryException("no set named '" + metricOnSet + "' for " + dataset);
                }
                throw error(MISSING, -2 - found, dataset, hp, split, -1, 0);
            }
            if (out != null && out.length > 0)
            {
                out[0] = found < 0 ? Double.NaN : UnsafeApi.getDouble(null, accuracyColumn + (long)found * Double.BYTES);
            }
            return found;
        }
        for (int arch = 0; arch < n; arch++)
        {
            final int row;
            if (everyRow)
            {
                row = arch;
            }
            else
            {
                final int bits = UnsafeApi.getByte(null, hpBits + arch);
                if (bits == 0)
                {
                    continue;
                }
                if ((bits & hpBit) == 0 || slot < 0)
                {
                    groups.group(arch, hp, dataset); // throws: no results at that hp
                }
                row = file.row(arch);
            }
            double flops = UnsafeApi.getDouble(null, flopsColumn + (long)row * Double.BYTES);
            double params = UnsafeApi.getDouble(null, paramsColumn + (long)row * Double.BYTES);
            final double both = flops + params; // NaN when either is (or for +inf + -inf: the test below repeats)
            if (both != both && (flops != flops || params != params))
            {
                final int g = groups.group(arch, hp, dataset);
                flops = costs.checkedCost(g, true, arch);
                params = costs.checkedCost(g, false, arch);
            }
            // branch-free in the common case: the accuracy is read whether or not the architecture is within
            // the limits (about half are, at random), and only a new best or an error branches. highest is NaN
            // until the first best, so !(acc <= highest) is true for the first one within the limits, then for a
            // higher accuracy, and always for a NaN accuracy, which is upstream's error
            final boolean within = !(flops > flopLimit) & !(params > paramLimit);
            final double acc = UnsafeApi.getDouble(null, accuracyColumn + (long)row * Double.BYTES);
            if (within & !(acc <= highest))
            {
                if (acc != acc | noSplit)
                {
                    if (noSplit)
                    {
                        throw new NasmapQueryException("no set named '" + metricOnSet + "' for " + dataset);
                    }
                    throw error(MISSING, arch, dataset, hp, split, -1, 0);
                }
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

    /**
     * The scan of {@link #findBest} over columns without a NaN cost, rows being architectures: the params column is
     * read only under a params limit.
     *
     * @return the best architecture, -1 when none is within the limits, or {@code -2 - arch} for the first one within
     * them whose accuracy is NaN (or any, without a split): upstream raises there.
     */
    private static int scanWithoutNaN(final long flopsColumn, final long paramsColumn, final long accuracyColumn,
        final int n, final double flopLimit, final double paramLimit, final boolean noSplit)
    {
        final boolean paramsLimited = paramLimit != Double.POSITIVE_INFINITY;
        int best = -1;
        double highest = Double.NaN;
        for (int row = 0; row < n; row++)
        {
            final long at = (long)row * Double.BYTES;
            final boolean within = !(UnsafeApi.getDouble(null, flopsColumn + at) > flopLimit) &
                !(paramsLimited && UnsafeApi.getDouble(null, paramsColumn + at) > paramLimit);
            final double acc = UnsafeApi.getDouble(null, accuracyColumn + at);
            if (within & !(acc <= highest))
            {
                if (acc != acc | noSplit)
                {
                    return -2 - row;
                }
                best = row;
                highest = acc;
            }
        }
        return best;
    }

    /**
     * @return whether the flops and params columns of {@code column} (hp slot * 4 + dataset) hold no NaN: checked once
     * per column and file (immutable), remembered in {@link #costColumns}, racy but idempotent.
     */
    private boolean costsWithoutNaN(final int column, final long flopsColumn, final long paramsColumn, final int rows)
    {
        final int known = costColumns;
        if ((known & (1 << 2 * column)) != 0)
        {
            return (known & (2 << 2 * column)) != 0;
        }
        boolean clean = true;
        for (int row = 0; row < rows && clean; row++)
        {
            final double flops = UnsafeApi.getDouble(null, flopsColumn + (long)row * Double.BYTES);
            final double params = UnsafeApi.getDouble(null, paramsColumn + (long)row * Double.BYTES);
            clean = flops == flops && params == params;
        }
        costColumns = known | (clean ? 3 : 1) << 2 * column;
        return clean;
    }

    /** @return the hp bits every architecture of the space has in ARCH_HP (0 when one is not held). */
    private int hpEverywhere()
    {
        int bits = hpEverywhere;
        if (bits < 0)
        {
            bits = 0xFF;
            for (int arch = 0, n = file.size(); arch < n; arch++)
            {
                bits &= file.archHp.getByte(arch);
            }
            hpEverywhere = bits;
        }
        return bits;
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
