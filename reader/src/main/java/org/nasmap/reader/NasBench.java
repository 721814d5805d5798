package org.nasmap.reader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Layout;
import org.nasmap.format.Metric;
import org.nasmap.format.SeriesKind;
import org.nasmap.format.Space;
import org.nasmap.format.Split;

/**
 * The NATS-Bench API (version 1.8 semantics) over a mapped nasmap file.
 * <p>
 * Every method answers as upstream's {@code NATStopology}/{@code NATSsize} would with all architectures
 * of the file loaded, and throws {@link NasmapQueryException} where upstream raises. The methods that
 * fill a caller-owned object ({@link Metrics}, {@link MoreInfo}, {@link CostInfo}, {@link SimulationResult},
 * {@link TrialSeries}) allocate nothing; the convenient ones that return strings, arrays or maps do.
 * <p>
 * Thread safety: an instance is immutable and may be shared by any number of threads, each with its own
 * result objects. The random {@link SeedChoice} is as thread-safe as its generator.
 */
public final class NasBench implements AutoCloseable
{
    private static final int OK = 0;

    private final NasmapFile file;

    /**
     * @param file an open file; closed by {@link #close()}.
     */
    public NasBench(final NasmapFile file)
    {
        this.file = file;
    }

    /** Opens a file. */
    public static NasBench open(final Path path) throws IOException
    {
        return new NasBench(NasmapFile.open(path));
    }

    /** @return the underlying file. */
    public NasmapFile file()
    {
        return file;
    }

    /** @return the search space. */
    public Space space()
    {
        return file.space();
    }

    /** @return {@code len(api)}: the number of architectures of the space. */
    public int size()
    {
        return file.size();
    }

    /** @return {@code api.arch(index)}: the architecture string (allocates). */
    public String arch(final int arch)
    {
        return file.arch(arch);
    }

    /** @return {@code query_index_by_arch(str)}: the index or -1. Allocation-free. */
    public int indexOf(final CharSequence arch)
    {
        return file.indexOf(arch);
    }

    /**
     * Upstream's {@code query_index_by_arch(int)}: the index itself when it is in range.
     *
     * @throws NasmapQueryException when it is not.
     */
    public int checkIndex(final int arch)
    {
        file.checkArch(arch);
        return arch;
    }

    @Override
    public void close()
    {
        file.close();
    }

    // ============================================================================================ groups

    /**
     * @return the group of (arch, hp, dataset), after upstream's checks: the index is in range, the
     * file holds the architecture, the architecture has that hp, and the dataset is in its seed map.
     */
    int group(final int arch, final Hp hp, final Dataset dataset)
    {
        final int g = groupOrAbsent(arch, hp, dataset);
        if (file.groupFirstTrial(g) < 0)
        {
            throw new NasmapQueryException("dataset " + dataset + " is not among the results of architecture " +
                arch + " at hp " + hp);
        }
        return g;
    }

    /** Like {@link #group} but returns the group even when the dataset is absent. */
    int groupOrAbsent(final int arch, final Hp hp, final Dataset dataset)
    {
        file.checkArch(arch);
        final int bits = file.archHp.getByte(arch);
        if (bits == 0)
        {
            throw new NasmapQueryException("architecture " + arch + " is not held by this file (" + file.heldCount() +
                " of " + file.size() + " architectures are)");
        }
        if ((bits & (1 << hp.ordinal())) == 0 || file.hpSlot(hp) < 0)
        {
            throw new NasmapQueryException("architecture " + arch + " has no results at hp " + hp);
        }
        return file.groupIndex(arch, hp, dataset);
    }

    // ============================================================================================ seeds

    /** @return upstream's {@code get_dataset_seeds(dataset)} at that hp, in upstream's order (allocates). */
    public int[] datasetSeeds(final int arch, final Dataset dataset, final Hp hp)
    {
        final int g = group(arch, hp, dataset);
        final int first = file.groupFirstTrial(g);
        final int n = file.groupSeedCount(g);
        final int[] seeds = new int[n];
        for (int i = 0; i < n; i++)
        {
            seeds[i] = file.trialSeed(first + i);
        }
        return seeds;
    }

    /** @return the number of seeds (trials) of (arch, dataset, hp). Allocation-free. */
    public int seedCount(final int arch, final Dataset dataset, final Hp hp)
    {
        return file.groupSeedCount(group(arch, hp, dataset));
    }

    /** @return the i-th seed of (arch, dataset, hp), in upstream's order. Allocation-free. */
    public int seedAt(final int arch, final Dataset dataset, final Hp hp, final int i)
    {
        final int g = group(arch, hp, dataset);
        final int n = file.groupSeedCount(g);
        if (i < 0 || i >= n)
        {
            throw new NasmapQueryException("seed position " + i + " outside the " + n + " seeds");
        }
        return file.trialSeed(file.groupFirstTrial(g) + i);
    }

    /** @return the flops of one trial (seed position {@code i}) exactly as the source holds them. Allocation-free. */
    public double trialFlops(final int arch, final Dataset dataset, final Hp hp, final int i)
    {
        return file.trialFlops(trialAt(arch, dataset, hp, i));
    }

    /** @return the params of one trial (seed position {@code i}) exactly as the source holds them. Allocation-free. */
    public double trialParams(final int arch, final Dataset dataset, final Hp hp, final int i)
    {
        return file.trialParams(trialAt(arch, dataset, hp, i));
    }

    /**
     * @return the latency of one trial (seed position {@code i}): the mean of its list, NaN when the source
     * holds None. Allocation-free.
     */
    public double trialLatency(final int arch, final Dataset dataset, final Hp hp, final int i)
    {
        final int t = trialAt(arch, dataset, hp, i);
        return file.trialLatencyCount(t) <= 0 ? Double.NaN : listMean(t);
    }

    /** @return the mean of a trial's latency list, which must hold at least one value (checked against the pool). */
    private double listMean(final int trial)
    {
        final int len = file.trialLatencyCount(trial);
        final int at = file.trialLatencyIndex(trial);
        double s = 0;
        for (int k = 0; k < len; k++)
        {
            s += file.latency(at + k);
        }
        return s / len;
    }

    /** @return the number of epochs of one trial (seed position {@code i}). Allocation-free. */
    public int trialEpochs(final int arch, final Dataset dataset, final Hp hp, final int i)
    {
        return file.shapes[file.trialShapeBase(trialAt(arch, dataset, hp, i))];
    }

    private int trialAt(final int arch, final Dataset dataset, final Hp hp, final int i)
    {
        final int g = group(arch, hp, dataset);
        final int n = file.groupSeedCount(g);
        if (i < 0 || i >= n)
        {
            throw new NasmapQueryException("seed position " + i + " outside the " + n + " seeds");
        }
        return file.groupFirstTrial(g) + i;
    }

    // ============================================================================================ metrics

    /**
     * Upstream's {@code query_meta_info_by_index(arch, hp).get_metrics(dataset, split, iepoch, is_random)}.
     *
     * @param iepoch the epoch, or -1 for the last (upstream's None).
     * @param out    filled with the answer.
     * @return {@code out}.
     */
    public Metrics getMetrics(final int arch, final Dataset dataset, final Hp hp, final Split split, final int iepoch,
        final SeedChoice choice, final Metrics out)
    {
        final int g = group(arch, hp, dataset);
        final int status = metrics(g, split, iepoch, choice.kind(), choice.seedValue(), choice.generator(), out);
        if (status != OK)
        {
            throw error(status, arch, dataset, hp, split, iepoch, choice.seedValue());
        }
        return out;
    }

    /**
     * One metric as a primitive, without allocating: (arch, dataset, hp, split, metric, epoch, seed or mean).
     * {@link Metric#TIME} gives the epoch's time ({@code cur_time}). {@link Metric#TOP5} reads the train
     * top-5 series directly.
     *
     * @param epoch the epoch, or -1 for the last.
     */
    public double metric(final int arch, final Dataset dataset, final Hp hp, final Split split, final Metric metric,
        final int epoch, final SeedChoice choice)
    {
        final int g = groupOrAbsent(arch, hp, dataset);
        final int first = file.groupFirstTrial(g); // one checked read of the group serves both tests
        if (first < 0)
        {
            throw new NasmapQueryException("dataset " + dataset + " is not among the results of architecture " +
                arch + " at hp " + hp);
        }
        final int n = file.groupSeedCount(g);
        if (choice.kind() != SeedChoice.MEAN)
        {
            final int pick = pick(first, n, choice);
            if (pick < 0)
            {
                throw error(ERR_SEED, arch, dataset, hp, split, epoch, choice.seedValue());
            }
            return single(first + pick, split.ordinal(), metric, epoch, arch, dataset, hp, split);
        }
        if (n == 0)
        {
            throw error(ERR_EMPTY, arch, dataset, hp, split, epoch, 0);
        }
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += single(first + i, split.ordinal(), metric, epoch, arch, dataset, hp, split);
        }
        return sum / n;
    }

    private double single(final int trial, final int split, final Metric metric, final int epoch, final int arch,
        final Dataset dataset, final Hp hp, final Split s)
    {
        final int sb = file.trialShapeBase(trial);
        final int epochs = file.shapes[sb];
        final int e = epoch < 0 ? epochs - 1 : epoch;
        if (e < 0 || e >= epochs)
        {
            throw error(ERR_EPOCH, arch, dataset, hp, s, epoch, 0);
        }
        final long base = file.trialValues(trial, sb);
        final long at = valueIndex(sb, base, Layout.slot(split, metric.ordinal()), e);
        if (at < 0)
        {
            throw error(metric == Metric.TIME ? ERR_TIME : ERR_MISSING, arch, dataset, hp, s, e, 0);
        }
        return file.value(at);
    }

    /**
     * The search loop's query: top-1 accuracy at the last epoch averaged over seeds, in float64 exactly as
     * upstream computes it from the source (a column derived at conversion). Allocation-free, O(1).
     *
     * @throws NasmapQueryException where upstream's {@code get_metrics(dataset, split)} raises.
     */
    public double finalAccuracy(final int arch, final Dataset dataset, final Hp hp, final Split split)
    {
        final int g = group(arch, hp, dataset);
        final double v = file.finalMeans.getDouble((int)Layout.finalMeanIndex(g, split.ordinal()) * Double.BYTES);
        if (v != v)
        {
            throw error(ERR_MISSING, arch, dataset, hp, split, -1, 0);
        }
        return v;
    }

    /**
     * Wraps a flyweight over one trial's per-epoch series of (split, metric).
     *
     * @param seed the trial's seed.
     * @return {@code out}, wrapped.
     */
    public TrialSeries series(final int arch, final Dataset dataset, final Hp hp, final int seed, final Split split,
        final Metric metric, final TrialSeries out)
    {
        final int g = group(arch, hp, dataset);
        final int first = file.groupFirstTrial(g);
        final int n = file.groupSeedCount(g);
        for (int i = 0; i < n; i++)
        {
            if (file.trialSeed(first + i) == seed)
            {
                return out.wrap(file, first + i, Layout.slot(split.ordinal(), metric.ordinal()));
            }
        }
        throw error(ERR_SEED, arch, dataset, hp, split, -1, seed);
    }

    // -------------------------------------------------------------------------------------------- internals

    static final int ERR_EPOCH = 1;
    static final int ERR_MISSING = 2;
    static final int ERR_TIME = 3;
    static final int ERR_SEED = 4;
    static final int ERR_EMPTY = 5;
    static final int ERR_TIME_TYPE = 6;

    private NasmapQueryException error(final int status, final int arch, final Dataset dataset, final Hp hp,
        final Split split, final int iepoch, final int seed)
    {
        final String where = "architecture " + arch + ", " + dataset + ", hp " + hp + ", " + split;
        return new NasmapQueryException(switch (status)
        {
            case ERR_EPOCH -> "invalid iepoch=" + iepoch + " for " + where;
            case ERR_MISSING -> "no " + split + " result at epoch " + (iepoch < 0 ? "(last)" : iepoch) + " for " + where;
            case ERR_TIME -> "no " + split + " time at epoch " + (iepoch < 0 ? "(last)" : iepoch) + " for " + where;
            case ERR_SEED -> "can not find random seed (" + seed + ") for " + where;
            case ERR_EMPTY -> "no trials for " + where;
            case ERR_TIME_TYPE -> "times are None for some seeds only, for " + where;
            default -> "query failed (" + status + ") for " + where;
        });
    }

    /** @return the position of the chosen trial in its group, or -1 when the seed is not there. */
    private int pick(final int first, final int n, final SeedChoice choice)
    {
        if (choice.kind() == SeedChoice.RANDOM)
        {
            return n == 0 ? -1 : choice.generator().nextInt(n);
        }
        final int seed = choice.seedValue();
        for (int i = 0; i < n; i++)
        {
            if (file.trialSeed(first + i) == seed)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * @return the VALUES index of (slot, epoch) of a trial, or -1 when the source has no value there.
     */
    private long valueIndex(final int shapeBase, final long trialBase, final int slot, final int epoch)
    {
        final int sw = shapeBase + 4 + slot * 4;
        final int[] shapes = file.shapes;
        switch (shapes[sw])
        {
            case 1: // DENSE
                return trialBase + shapes[sw + 1] + epoch;
            case 2: // CONSTANT
                return trialBase + shapes[sw + 1];
            case 3: // SPARSE
            {
                final int list = shapes[sw + 3];
                final int count = shapes[sw + 2];
                for (int i = 0; i < count; i++)
                {
                    if (file.epochListEntry(list + i) == epoch)
                    {
                        return trialBase + shapes[sw + 1] + i;
                    }
                }
                return -1;
            }
            default:
                return -1;
        }
    }

    /** @return the sum of a series over epochs 0..epoch, or NaN when one of them is missing. */
    private double sumTo(final int shapeBase, final long trialBase, final int slot, final int epoch)
    {
        final int sw = shapeBase + 4 + slot * 4;
        final int[] shapes = file.shapes;
        switch (shapes[sw])
        {
            case 1:
            {
                double sum = 0;
                final long start = trialBase + shapes[sw + 1];
                for (int e = 0; e <= epoch; e++)
                {
                    sum += file.value(start + e);
                }
                return sum;
            }
            case 2:
                return (double)file.value(trialBase + shapes[sw + 1]) * (epoch + 1);
            case 3:
            {
                final int list = shapes[sw + 3];
                final int count = shapes[sw + 2];
                if (count < epoch + 1)
                {
                    return Double.NaN;
                }
                double sum = 0;
                for (int e = 0; e <= epoch; e++)
                {
                    if (file.epochListEntry(list + e) != e)
                    {
                        return Double.NaN;
                    }
                    sum += file.value(trialBase + shapes[sw + 1] + e);
                }
                return sum;
            }
            default:
                return Double.NaN;
        }
    }

    /**
     * Evaluates one trial as {@code ResultsCount.get_train/get_eval(iepoch)}.
     *
     * @param r receives [epoch, loss, accuracy, cur_time, all_time, timeKnown(1/0)].
     * @return OK or an error code.
     */
    private int trial(final int trial, final int split, final int iepoch, final double[] r)
    {
        final int sb = file.trialShapeBase(trial);
        final int[] shapes = file.shapes;
        final int epochs = shapes[sb];
        final int e = iepoch < 0 ? epochs - 1 : iepoch;
        if (e < 0 || e >= epochs)
        {
            return ERR_EPOCH;
        }
        final long base = file.trialValues(trial, sb);
        final int timeSlot = Layout.slot(split, Metric.TIME.ordinal());
        boolean timeKnown;
        double cur = Double.NaN;
        double all = Double.NaN;
        if (split == Split.TRAIN.ordinal())
        {
            timeKnown = shapes[sb + 4 + timeSlot * 4] != SeriesKind.ABSENT.ordinal();
            if (timeKnown)
            {
                final long at = valueIndex(sb, base, timeSlot, e);
                all = sumTo(sb, base, timeSlot, e);
                if (at < 0 || all != all)
                {
                    return ERR_TIME;
                }
                cur = file.value(at);
            }
        }
        else
        {
            timeKnown = (shapes[sb + 2] & Layout.SHAPE_FLAG_EVAL_TIMES_EMPTY) == 0;
            if (timeKnown)
            {
                final long at = valueIndex(sb, base, timeSlot, e);
                if (at < 0)
                {
                    return ERR_TIME;
                }
                all = sumTo(sb, base, timeSlot, e);
                if (all != all)
                {
                    return ERR_TIME;
                }
                cur = file.value(at);
            }
        }
        final long lossAt = valueIndex(sb, base, Layout.slot(split, Metric.LOSS.ordinal()), e);
        final long accAt = valueIndex(sb, base, Layout.slot(split, Metric.ACCURACY.ordinal()), e);
        if (lossAt < 0 || accAt < 0)
        {
            return ERR_MISSING;
        }
        r[0] = e;
        r[1] = file.value(lossAt);
        r[2] = file.value(accAt);
        r[3] = cur;
        r[4] = all;
        r[5] = timeKnown ? 1 : 0;
        return OK;
    }

    /**
     * {@code ArchResults.get_metrics} over a group without throwing.
     *
     * @return OK or an error code.
     */
    int metrics(final int g, final Split split, final int iepoch, final int kind, final int seed,
        final RandomGenerator random, final Metrics out)
    {
        final int first = file.groupFirstTrial(g);
        final int n = file.groupSeedCount(g);
        final double[] r = out.trialScratch;
        final int s = split.ordinal();
        if (n == 0)
        {
            return ERR_EMPTY;
        }
        // upstream evaluates every trial before choosing, so any failing trial fails the call
        int pick = -1;
        if (kind == SeedChoice.RANDOM)
        {
            pick = random.nextInt(n);
        }
        double sEpoch = 0;
        double sLoss = 0;
        double sAcc = 0;
        double sCur = 0;
        double sAll = 0;
        boolean firstTimeKnown = false;
        boolean timeMismatch = false;
        for (int i = 0; i < n; i++)
        {
            final int status = trial(first + i, s, iepoch, r);
            if (status != OK)
            {
                return status;
            }
            final boolean known = r[5] != 0;
            if (i == 0)
            {
                firstTimeKnown = known;
            }
            else if (known != firstTimeKnown)
            {
                timeMismatch = true;
            }
            if (kind == SeedChoice.SEED && file.trialSeed(first + i) == seed)
            {
                pick = i;
            }
            if (i == pick)
            {
                out.set(r[0], r[1], r[2], r[3], r[4], known);
            }
            sEpoch += r[0];
            sLoss += r[1];
            sAcc += r[2];
            sCur += r[3];
            sAll += r[4];
        }
        if (kind == SeedChoice.MEAN)
        {
            if (timeMismatch && firstTimeKnown)
            {
                return ERR_TIME_TYPE;
            }
            out.set(sEpoch / n, sLoss / n, sAcc / n, sCur / n, sAll / n, firstTimeKnown);
            return OK;
        }
        return pick < 0 ? ERR_SEED : OK;
    }

    // ============================================================================================ get_more_info

    /**
     * Upstream's {@code get_more_info(index, dataset, iepoch, hp, is_random)}: train, valid, test and
     * valtest blocks, each left out where upstream leaves it out. Allocation-free.
     *
     * @param iepoch the epoch, or -1 for the last.
     * @param choice mean, a seed, or random (one seed drawn for all blocks, as upstream).
     * @param out    filled with the answer.
     * @return {@code out}.
     */
    public MoreInfo getMoreInfo(final int arch, final Dataset dataset, final Hp hp, final int iepoch,
        final SeedChoice choice, final MoreInfo out)
    {
        return moreInfo(arch, dataset, hp, iepoch, choice.kind(), choice.seedValue(), choice.generator(), out,
            out.scratch);
    }

    private MoreInfo moreInfo(final int arch, final Dataset dataset, final Hp hp, final int iepoch, final int kindIn,
        final int seedIn, final RandomGenerator random, final MoreInfo out, final Metrics m)
    {
        int kind = kindIn;
        int seed = seedIn;
        // one checked lookup of the group: upstream raises for an absent dataset whatever the seed choice
        final int g = group(arch, hp, dataset);
        if (kind == SeedChoice.RANDOM)
        {
            final int n = file.groupSeedCount(g);
            if (n == 0)
            {
                throw new NasmapQueryException("Cannot choose from an empty sequence of seeds for architecture " + arch);
            }
            seed = file.trialSeed(file.groupFirstTrial(g) + random.nextInt(n));
            kind = SeedChoice.SEED;
        }
        out.clear();
        int status = metrics(g, Split.TRAIN, iepoch, kind, seed, null, m);
        if (status != OK)
        {
            throw error(status, arch, dataset, hp, Split.TRAIN, iepoch, seed);
        }
        final double total = m.iepoch + 1;
        if (!m.timeKnown && file.space() == Space.SIZE)
        {
            throw new NasmapQueryException("train times are None for architecture " + arch + " (upstream divides None)");
        }
        out.set(MoreInfo.Block.TRAIN, m, total);
        if (dataset == Dataset.CIFAR10_VALID)
        {
            status = metrics(g, Split.X_VALID, iepoch, kind, seed, null, m);
            if (status != OK)
            {
                throw error(status, arch, dataset, hp, Split.X_VALID, iepoch, seed);
            }
            out.set(MoreInfo.Block.VALID, m, total);
            if (metrics(g, Split.ORI_TEST, iepoch, kind, seed, null, m) == OK)
            {
                out.set(MoreInfo.Block.TEST, m, total);
            }
        }
        else
        {
            final Split testSplit = dataset == Dataset.CIFAR10 ? Split.ORI_TEST : Split.X_TEST;
            if (metrics(g, testSplit, iepoch, kind, seed, null, m) == OK)
            {
                out.set(MoreInfo.Block.TEST, m, total);
            }
            if (metrics(g, Split.X_VALID, iepoch, kind, seed, null, m) == OK)
            {
                out.set(MoreInfo.Block.VALID, m, total);
            }
            if (dataset != Dataset.CIFAR10 && metrics(g, Split.ORI_TEST, iepoch, kind, seed, null, m) == OK)
            {
                out.set(MoreInfo.Block.VALTEST, m, total);
            }
        }
        return out;
    }

    // ============================================================================================ costs

    /**
     * Upstream's {@code get_cost_info(index, dataset, hp)}. Allocation-free.
     *
     * @return {@code out}.
     */
    public CostInfo getCostInfo(final int arch, final Dataset dataset, final Hp hp, final CostInfo out)
    {
        final int g = group(arch, hp, dataset);
        out.flops = cost(g, true, arch);
        out.params = cost(g, false, arch);
        out.latency = latency(g, arch);
        final int first = file.groupFirstTrial(g);
        final int n = file.groupSeedCount(g);
        out.timeKeyMask = 0;
        final int[] shapes = file.shapes;
        for (int s = 0; s < Split.count(); s++)
        {
            double sumEpoch = 0;
            double sumTotal = 0;
            int count = 0;
            boolean firstKnown = false;
            for (int i = 0; i < n; i++)
            {
                final int trial = first + i;
                final int sb = file.trialShapeBase(trial);
                final int evalMask = shapes[sb + 1];
                if (s != Split.TRAIN.ordinal() && (evalMask & (1 << s)) == 0)
                {
                    continue;
                }
                final long base = file.trialValues(trial, sb);
                final int slot = Layout.slot(s, Metric.TIME.ordinal());
                final int sw = sb + 4 + slot * 4;
                final int epochs = shapes[sb];
                boolean known;
                double epochMean = Double.NaN;
                double total = Double.NaN;
                if (s == Split.TRAIN.ordinal())
                {
                    // mean and sum of train_times.values(), whatever epochs they hold
                    known = shapes[sw] != SeriesKind.ABSENT.ordinal();
                    if (known)
                    {
                        final int kind = shapes[sw];
                        final int valuesN = kind == SeriesKind.CONSTANT.ordinal() ? epochs : shapes[sw + 2];
                        if (kind == SeriesKind.CONSTANT.ordinal())
                        {
                            final double v = file.value(base + shapes[sw + 1]);
                            total = v * valuesN;
                            epochMean = valuesN == 0 ? Double.NaN : total / valuesN;
                        }
                        else
                        {
                            double sum = 0;
                            for (int k = 0; k < valuesN; k++)
                            {
                                sum += file.value(base + shapes[sw + 1] + k);
                            }
                            total = sum;
                            epochMean = sum / valuesN;
                        }
                    }
                }
                else
                {
                    total = epochs == 0 ? Double.NaN : sumTo(sb, base, slot, epochs - 1);
                    known = total == total;
                    epochMean = known ? total / epochs : Double.NaN;
                }
                if (count == 0)
                {
                    firstKnown = known;
                }
                else if (known != firstKnown && firstKnown)
                {
                    throw new NasmapQueryException("times are None for some seeds only, for architecture " + arch);
                }
                sumEpoch += epochMean;
                sumTotal += total;
                count++;
            }
            if (count > 0 || s == Split.TRAIN.ordinal())
            {
                out.timeKeyMask |= 1 << s;
                out.timeKnown[s] = count > 0 && firstKnown;
                out.epochTime[s] = out.timeKnown[s] ? sumEpoch / count : Double.NaN;
                out.totalTime[s] = out.timeKnown[s] ? sumTotal / count : Double.NaN;
            }
        }
        return out;
    }

    /**
     * Upstream's {@code get_latency(index, dataset, hp)}: the mean latency, NaN for None. Allocation-free.
     */
    public double getLatency(final int arch, final Dataset dataset, final Hp hp)
    {
        final int g = group(arch, hp, dataset);
        cost(g, true, arch);
        cost(g, false, arch);
        return latency(g, arch);
    }

    /** @return {@code get_cost_info(...)["flops"]} alone, without the times. Allocation-free. */
    public double flops(final int arch, final Dataset dataset, final Hp hp)
    {
        return cost(group(arch, hp, dataset), true, arch);
    }

    /** @return {@code get_cost_info(...)["params"]} alone, without the times. Allocation-free. */
    public double params(final int arch, final Dataset dataset, final Hp hp)
    {
        return cost(group(arch, hp, dataset), false, arch);
    }

    /**
     * {@code get_compute_costs}' flops or params: the mean over the group's trials in seed-list order, or,
     * when the values disagree at 5 decimals (flag set at conversion), seed 888's value.
     *
     * @throws NasmapQueryException where upstream raises (disagreement without seed 888, no trials).
     */
    private double cost(final int g, final boolean flops, final int arch)
    {
        final int first = file.groupFirstTrial(g);
        final int n = file.groupSeedCount(g);
        final int flag = flops ? Layout.GROUP_FLAG_FLOPS_DISAGREE : Layout.GROUP_FLAG_PARAMS_DISAGREE;
        if ((file.groupFlags(g) & flag) != 0)
        {
            for (int i = 0; i < n; i++)
            {
                if (file.trialSeed(first + i) == 888)
                {
                    return flops ? file.trialFlops(first + i) : file.trialParams(first + i);
                }
            }
            throw new NasmapQueryException((flops ? "flops" : "params") + " of architecture " + arch + " disagree " +
                "between seeds and seed 888 is missing (upstream's legacy rule raises)");
        }
        if (n == 0)
        {
            throw new NasmapQueryException("no trials for architecture " + arch);
        }
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += flops ? file.trialFlops(first + i) : file.trialParams(first + i);
        }
        return sum / n;
    }

    /** Mean of the trials' positive latencies (each the mean of its list); NaN for upstream's None. */
    private double latency(final int g, final int arch)
    {
        final int first = file.groupFirstTrial(g);
        final int n = file.groupSeedCount(g);
        double sum = 0;
        int count = 0;
        for (int i = 0; i < n; i++)
        {
            final int len = file.trialLatencyCount(first + i);
            if (len < -1)
            {
                throw file.corrupt("trial " + (first + i) + " has latency count " + len);
            }
            if (len < 0)
            {
                continue;
            }
            if (len == 0)
            {
                throw new NasmapQueryException("architecture " + arch + " has an empty latency list (upstream divides by zero)");
            }
            final double s = listMean(first + i);
            if (s > 0)
            {
                sum += s;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    // ============================================================================================ net config

    /** Upstream's {@code get_net_config(index, dataset)} as a map in upstream's key order (allocates). */
    public Map<String, Object> netConfig(final int arch, final Dataset dataset)
    {
        file.checkArch(arch);
        if (!file.holds(arch))
        {
            throw new NasmapQueryException("The arch_index=" + arch + " is not in arch2infos_dict.");
        }
        final int c = (file.row(arch) * Dataset.count() + dataset.ordinal()) * Layout.CONFIG_LENGTH;
        final int kind = file.configs.getInt(c + Layout.CONFIG_KIND_OFFSET);
        final int classNum = file.configs.getInt(c + Layout.CONFIG_CLASS_NUM_OFFSET);
        final int a = file.configs.getInt(c + Layout.CONFIG_A_OFFSET);
        final int b = file.configs.getInt(c + Layout.CONFIG_B_OFFSET);
        final int cc = file.configs.getInt(c + Layout.CONFIG_C_OFFSET);
        final Map<String, Object> out = new LinkedHashMap<>();
        if (kind == Layout.CONFIG_KIND_TINY)
        {
            out.put("name", "infer.tiny");
            out.put("C", a);
            out.put("N", b);
            out.put("arch_str", file.string(cc));
            out.put("num_classes", classNum);
        }
        else if (kind == Layout.CONFIG_KIND_SHAPE_TINY)
        {
            out.put("name", "infer.shape.tiny");
            out.put("channels", file.string(a));
            out.put("genotype", file.string(b));
            out.put("num_classes", classNum);
        }
        else if (kind == Layout.CONFIG_KIND_ABSENT)
        {
            throw new NasmapQueryException("dataset " + dataset + " is not among the results of architecture " + arch +
                " at its first hp");
        }
        else
        {
            throw file.corrupt("config of architecture " + arch + " has unknown kind " + kind);
        }
        return out;
    }

    // ============================================================================================ simulate

    /**
     * Upstream's {@code simulate_train_eval(arch, dataset, iepoch, hp, account_time=True)}: the validation
     * accuracy and latency a search observes and the simulated time the step costs, added to
     * {@code out.usedTime()}. {@code choice} stands for every random pick upstream makes inside the call
     * (its {@code is_random=True} lookups). Allocation-free.
     *
     * @param dataset cifar10, cifar100 or ImageNet16-120 (cifar10 reads cifar10-valid's validation).
     * @param iepoch  the epoch, or -1 for the last.
     * @return {@code out}.
     */
    public SimulationResult simulateTrainEval(final int arch, final Dataset dataset, final Hp hp, final int iepoch,
        final SeedChoice choice, final SimulationResult out)
    {
        if (dataset == Dataset.CIFAR10_VALID)
        {
            throw new NasmapQueryException("Invalid dataset name : cifar10-valid vs (cifar10, cifar100, ImageNet16-120)");
        }
        file.checkArch(arch);
        final MoreInfo info = out.info;
        final Metrics m = info.scratch;
        final Dataset first = dataset == Dataset.CIFAR10 ? Dataset.CIFAR10_VALID : dataset;
        moreInfo(arch, first, hp, iepoch, choice.kind(), choice.seedValue(), choice.generator(), info, m);
        final double validAcc;
        final double timeCost;
        if (!info.timeKnown(MoreInfo.Block.TRAIN))
        {
            throw new NasmapQueryException("train times are None for architecture " + arch);
        }
        if (info.has(MoreInfo.Block.VALID))
        {
            if (!info.timeKnown(MoreInfo.Block.VALID))
            {
                throw new NasmapQueryException("valid times are None for architecture " + arch);
            }
            validAcc = info.accuracy(MoreInfo.Block.VALID);
            timeCost = info.allTime(MoreInfo.Block.TRAIN) + info.perTime(MoreInfo.Block.VALID);
        }
        else
        {
            if (!info.has(MoreInfo.Block.VALTEST))
            {
                throw new NasmapQueryException("'valtest-accuracy' is not available for architecture " + arch +
                    " on " + dataset + " at epoch " + iepoch);
            }
            validAcc = info.accuracy(MoreInfo.Block.VALTEST);
            final double trainAll = info.allTime(MoreInfo.Block.TRAIN);
            moreInfo(arch, dataset, hp, -1, choice.kind(), choice.seedValue(), choice.generator(), info, m);
            if (!info.has(MoreInfo.Block.VALID) || !info.timeKnown(MoreInfo.Block.VALID))
            {
                throw new NasmapQueryException("'valid-per-time' is not available for architecture " + arch);
            }
            timeCost = trainAll + info.perTime(MoreInfo.Block.VALID);
        }
        out.validAccuracy = validAcc;
        out.latency = getLatency(arch, dataset, hp);
        out.timeCost = timeCost;
        out.usedTime += timeCost;
        return out;
    }

    // ============================================================================================ whole space

    /**
     * Upstream's {@code find_best(dataset, metric_on_set, flop_max, param_max, hp)} over every
     * architecture the file holds. Allocation-free.
     *
     * @param flopMax  the FLOPs limit, or NaN for none.
     * @param paramMax the parameter limit, or NaN for none.
     * @param out      receives the best accuracy in {@code out[0]} (NaN when no architecture matches).
     * @return the best index, or -1 when none matches.
     */
    public int findBest(final Dataset datasetIn, final CharSequence metricOnSet, final double flopMax,
        final double paramMax, final Hp hp, final double[] out)
    {
        file.ensureOpen();
        Dataset dataset = datasetIn;
        Split split;
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
        if (split != null && file.hpSlot(hp) >= 0)
        {
            return findBestFast(dataset, split, flopMax, paramMax, hp, out);
        }
        return findBestChecked(dataset, metricOnSet, split, flopMax, paramMax, hp, out);
    }

    /**
     * {@link #findBest} without a branch that depends on the data in the common case (groups of one to three
     * trials whose flops and params agree), so that the scan streams: the means of flops and params are summed
     * from up to three trial entries read unconditionally, the limits are applied arithmetically and the
     * accuracy read whether or not the architecture is within them. Anything else (a flag, an absent dataset,
     * a missing accuracy of an architecture within the limits) takes the checked path of one architecture, which
     * throws what upstream raises.
     */
    private int findBestFast(final Dataset dataset, final Split split, final double flopMax, final double paramMax,
        final Hp hp, final double[] out)
    {
        file.ensureOpen();
        final int hpBit = 1 << hp.ordinal();
        final boolean noFlopLimit = flopMax != flopMax;
        final boolean noParamLimit = paramMax != paramMax;
        int best = -1;
        double highest = Double.NaN;
        final int n = file.size();
        for (int arch = 0; arch < n; arch++)
        {
            final int bits = file.archHp.getByte(arch);
            if (bits == 0)
            {
                continue;
            }
            double flops;
            double params;
            int g;
            if ((bits & hpBit) == 0)
            {
                g = group(arch, hp, dataset); // throws: no results at that hp
            }
            g = file.groupIndex(arch, hp, dataset);
            final int first = file.groupFirstTrial(g);
            final int seeds = file.groupSeedCount(g);
            if (first >= 0 && seeds >= 1 && seeds <= 3 && file.groupFlags(g) == 0)
            {
                final int t1 = first + Math.min(1, seeds - 1);
                final int t2 = first + Math.min(2, seeds - 1);
                final int k1 = (1 - seeds) >>> 31; // 1 when there is a second trial
                final int k2 = (2 - seeds) >>> 31; // 1 when there is a third
                // summed in seed-list order from 0, as the checked path does; absent terms add 0.0
                flops = (((0.0 + file.trialFlops(first)) + file.trialFlops(t1) * k1) + file.trialFlops(t2) * k2) / seeds;
                params = (((0.0 + file.trialParams(first)) + file.trialParams(t1) * k1) + file.trialParams(t2) * k2) /
                    seeds;
            }
            else
            {
                g = group(arch, hp, dataset);
                flops = cost(g, true, arch);
                params = cost(g, false, arch);
            }
            final boolean within = (noFlopLimit | !(flops > flopMax)) & (noParamLimit | !(params > paramMax));
            final double acc = file.finalMeans.getDouble((int)Layout.finalMeanIndex(g, split.ordinal()) * Double.BYTES);
            if (within & acc != acc)
            {
                throw error(ERR_MISSING, arch, dataset, hp, split, -1, 0);
            }
            if (within & (best == -1 | highest < acc))
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

    private int findBestChecked(final Dataset dataset, final CharSequence metricOnSet, final Split split,
        final double flopMax, final double paramMax, final Hp hp, final double[] out)
    {
        int best = -1;
        double highest = Double.NaN;
        final int n = file.size();
        for (int arch = 0; arch < n; arch++)
        {
            if (file.archHp.getByte(arch) == 0)
            {
                continue;
            }
            final int g = group(arch, hp, dataset);
            final double flops = cost(g, true, arch);
            final double params = cost(g, false, arch);
            if (flopMax == flopMax && flops > flopMax)
            {
                continue;
            }
            if (paramMax == paramMax && params > paramMax)
            {
                continue;
            }
            if (split == null)
            {
                throw new NasmapQueryException("no set named '" + metricOnSet + "' for " + dataset);
            }
            final double acc = file.finalMeans.getDouble((int)Layout.finalMeanIndex(g, split.ordinal()) * Double.BYTES);
            if (acc != acc)
            {
                throw error(ERR_MISSING, arch, dataset, hp, split, -1, 0);
            }
            if (best == -1 || highest < acc)
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

    /**
     * Upstream's {@code statistics(dataset, hp)}: how many held architectures have each number of seeds.
     *
     * @return counts indexed by the number of seeds (index 0: the dataset is absent). Allocates the array.
     */
    public int[] statistics(final Dataset dataset, final Hp hp)
    {
        return histogram(dataset, hp, true);
    }

    /**
     * How many held architectures with results at {@code hp} have each number of seeds on {@code dataset}
     * (index 0: the dataset is absent). Unlike {@link #statistics}, architectures without that hp are
     * skipped rather than an error. Allocates the array.
     */
    public int[] seedHistogram(final Dataset dataset, final Hp hp)
    {
        return histogram(dataset, hp, false);
    }

    /** Counts held architectures by seed count; {@code strict}: one without the hp is upstream's error. */
    private int[] histogram(final Dataset dataset, final Hp hp, final boolean strict)
    {
        file.ensureOpen();
        int[] counts = new int[4];
        for (int arch = 0; arch < file.size(); arch++)
        {
            final int bits = file.archHp.getByte(arch);
            if (bits == 0 || (!strict && ((bits & (1 << hp.ordinal())) == 0 || file.hpSlot(hp) < 0)))
            {
                continue;
            }
            final int g = groupOrAbsent(arch, hp, dataset);
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
