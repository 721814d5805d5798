package org.nasmap.reader;

import java.util.random.RandomGenerator;

import org.agrona.UnsafeApi;

import org.nasmap.format.Dataset;
import org.nasmap.format.GroupDecoder;
import org.nasmap.format.Hp;
import org.nasmap.format.Metric;
import org.nasmap.format.ShapeDecoder;
import org.nasmap.format.Split;

import static org.nasmap.reader.QueryErrors.EMPTY;
import static org.nasmap.reader.QueryErrors.EPOCH;
import static org.nasmap.reader.QueryErrors.MISSING;
import static org.nasmap.reader.QueryErrors.OK;
import static org.nasmap.reader.QueryErrors.SEED;
import static org.nasmap.reader.QueryErrors.TIME;
import static org.nasmap.reader.QueryErrors.TIME_TYPE;
import static org.nasmap.reader.QueryErrors.error;

/**
 * The training results of a group as upstream's {@code ResultsCount} and {@code ArchResults} compute them:
 * one trial's {@code get_train}/{@code get_eval}, {@code get_metrics} over seeds, one value of a series
 * ({@code metric}, through the {@link TrialDirectory} once built) and a trial's series. At the last epoch a trial
 * with a TRIAL_FINALS entry is read from it (one cache line) unless its group is flagged {@code WALK}; otherwise its
 * series are walked. {@link MoreInfoQuery} and {@link TrainEvalSimulator} build upstream's {@code get_more_info} and
 * {@code simulate_train_eval} on it. Allocation-free.
 */
final class TrainEvalResults
{
    private final NasmapFile file;
    private final Groups groups;
    /** False for the verifier: every answer computed trial by trial, to check the derived data against. */
    private final boolean derived;
    /** Built after {@link TrialDirectory#BUILD_AFTER} one-seed metric calls; immutable, so a racy read is safe. */
    private volatile TrialDirectory trialDirectory;
    private int seededMetrics;

    TrainEvalResults(final NasmapFile file, final Groups groups)
    {
        this(file, groups, true);
    }

    TrainEvalResults(final NasmapFile file, final Groups groups, final boolean derived)
    {
        this.file = file;
        this.groups = groups;
        this.derived = derived;
    }

    /**
     * Evaluates the trial at position {@code i} of group {@code g} as {@code ResultsCount.get_train/get_eval(iepoch)}.
     *
     * @param finals true when the caller needs no {@code cur_time} and the group's TRIAL_FINALS may be used.
     * @return OK or an error code; {@code r} holds the result when OK.
     */
    int trial(final int g, final int first, final int i, final int split, final int iepoch, final boolean finals,
        final TrialResult r)
    {
        final int shape = file.shapeAt(g, first, i);
        final int epochs = file.shapeEpochs(shape);
        final int e = iepoch < 0 ? epochs - 1 : iepoch;
        if (e < 0 || e >= epochs)
        {
            return EPOCH;
        }
        final int timeSlot = ShapeDecoder.slot(split, Metric.TIME.code());
        final boolean timeKnown = file.timeKnown(shape, split);
        double cur = Double.NaN;
        double all = Double.NaN;
        final double loss;
        final double accuracy;
        final int entry = iepoch < 0 && finals ? file.finalEntry(g, i) : -1;
        if (entry >= 0)
        {
            file.valuesAt(g, first, i, shape); // the trial's references are checked as on the walking path
            final int trial = entry;
            if (timeKnown)
            {
                all = file.finalAllTime(trial, split);
                if (all != all)
                {
                    return TIME;
                }
            }
            loss = file.finalLoss(trial, split);
            accuracy = file.finalAccuracy(trial, split);
            if (loss != loss || accuracy != accuracy)
            {
                return MISSING;
            }
        }
        else
        {
            final long base = file.valuesAt(g, first, i, shape);
            if (timeKnown)
            {
                final long at = SeriesCursor.valueIndex(file, shape, base, timeSlot, e);
                if (at < 0)
                {
                    return TIME;
                }
                all = SeriesCursor.sumTo(file, shape, base, timeSlot, e);
                if (all != all)
                {
                    return TIME;
                }
                cur = file.value(at);
            }
            final long lossAt = SeriesCursor.valueIndex(file, shape, base, ShapeDecoder.slot(split, Metric.LOSS.code()), e);
            final long accAt = SeriesCursor.valueIndex(file, shape, base, ShapeDecoder.slot(split, Metric.ACCURACY.code()), e);
            if (lossAt < 0 || accAt < 0)
            {
                return MISSING;
            }
            loss = file.value(lossAt);
            accuracy = file.value(accAt);
        }
        r.epoch = e;
        r.loss = loss;
        r.accuracy = accuracy;
        r.curTime = cur;
        r.allTime = all;
        r.timeKnown = timeKnown;
        return OK;
    }

    /**
     * {@code ArchResults.get_metrics} over a group without throwing.
     *
     * @return OK or an error code.
     */
    int metrics(final int g, final Split split, final int iepoch, final int kind, final int seed,
        final RandomGenerator random, final boolean finals, final Metrics out)
    {
        final int first = file.groupFirstTrial(g);
        final int n = file.groupSeedCount(g);
        final TrialResult r = out.trial;
        final int s = split.code();
        if (n == 0)
        {
            return EMPTY;
        }
        if (kind == SeedChoice.SEED && iepoch < 0 && finals && derived && (file.groupFlags(g) & GroupDecoder.lastOk(s)) != 0)
        {
            // no trial raises at the last epoch (LAST_OK): the chosen one alone gives upstream's answer
            final int i = groups.position(g, first, n, seed);
            if (i < 0)
            {
                return SEED;
            }
            final int status = trial(g, first, i, s, iepoch, true, r);
            if (status == OK)
            {
                out.set(r.epoch, r.loss, r.accuracy, r.curTime, r.allTime, r.timeKnown);
            }
            return status;
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
            final int status = trial(g, first, i, s, iepoch, finals, r);
            if (status != OK)
            {
                return status;
            }
            if (i == 0)
            {
                firstTimeKnown = r.timeKnown;
            }
            else if (r.timeKnown != firstTimeKnown)
            {
                timeMismatch = true;
            }
            if (kind == SeedChoice.SEED && file.seedAt(g, first, i) == seed)
            {
                pick = i;
            }
            if (i == pick)
            {
                out.set(r.epoch, r.loss, r.accuracy, r.curTime, r.allTime, r.timeKnown);
            }
            sEpoch += r.epoch;
            sLoss += r.loss;
            sAcc += r.accuracy;
            sCur += r.curTime;
            sAll += r.allTime;
        }
        if (kind == SeedChoice.MEAN)
        {
            if (timeMismatch && firstTimeKnown)
            {
                return TIME_TYPE;
            }
            out.set(sEpoch / n, sLoss / n, sAcc / n, sCur / n, sAll / n, firstTimeKnown);
            return OK;
        }
        return pick < 0 ? SEED : OK;
    }

    /** Upstream's {@code get_metrics(dataset, split, iepoch, is_random)}. */
    Metrics getMetrics(final int arch, final Dataset dataset, final Hp hp, final Split split, final int iepoch,
        final SeedChoice choice, final Metrics out)
    {
        final int g = groups.group(arch, hp, dataset);
        final int status = metrics(g, split, iepoch, choice.kind(), choice.seedValue(), choice.generator(), false, out);
        if (status != OK)
        {
            throw error(status, arch, dataset, hp, split, iepoch, choice.seedValue());
        }
        return out;
    }

    /** One metric as a primitive: (arch, dataset, hp, split, metric, epoch, seed or mean). */
    double metric(final int arch, final Dataset dataset, final Hp hp, final Split split, final Metric metric,
        final int epoch, final SeedChoice choice)
    {
        // the common query once the directory is built: a short path, so that the processor overlaps consecutive
        // queries while each waits for memory; anything else takes metricByGroup
        final TrialDirectory directory = trialDirectory;
        if (directory != null && choice.kind() == SeedChoice.SEED && !file.isClosed())
        {
            final long at = directory.valueAddress(arch, hp, dataset, choice.seedValue(),
                ShapeDecoder.slot(split.code(), metric.code()), epoch);
            if (at != 0)
            {
                return Groups.valueAt(at);
            }
        }
        return metricByGroup(arch, dataset, hp, split, metric, epoch, choice.kind(), choice.seedValue(), choice);
    }

    /** {@link #metric} of one seed without a {@link SeedChoice}: {@link MetricColumn}'s path when its own gives 0. */
    double metricOfSeed(final int arch, final Dataset dataset, final Hp hp, final Split split, final Metric metric,
        final int epoch, final int seed)
    {
        return metricByGroup(arch, dataset, hp, split, metric, epoch, SeedChoice.SEED, seed, null);
    }

    /**
     * @return the trial directory bound to (hp, dataset, split, metric), building the directory now when the reader
     * builds heap tables and has not yet; bound to an empty directory otherwise (every query then takes the line).
     */
    TrialDirectory.Column directoryColumn(final Dataset dataset, final Hp hp, final Split split, final Metric metric)
    {
        TrialDirectory directory = trialDirectory;
        if (directory == null && derived && file.heapTables)
        {
            directory = buildTrialDirectory();
        }
        return (directory == null ? TrialDirectory.NONE : directory).column(hp, dataset,
            ShapeDecoder.slot(split.code(), metric.code()));
    }

    /**
     * {@link #metric} without the directory: one seed through the group line (its checks merged), else trial by
     * trial, every reference checked where it is read (raises what upstream raises). One method on purpose: at
     * this size C2 does not inline it into {@link #metric} ("hot method too big"), so that {@code metric}'s
     * compiled code holds only the directory path and can itself be inlined into a caller's loop (with the line
     * path inlined, C2 declined: "already compiled into a big method"). That much is seen with
     * {@code -XX:+PrintInlining}; JMH's epochMetric did not move measurably with it on the project's machine.
     */
    private double metricByGroup(final int arch, final Dataset dataset, final Hp hp, final Split split,
        final Metric metric, final int epoch, final int kind, final int seed, final SeedChoice choice)
    {
        final int slot = ShapeDecoder.slot(split.code(), metric.code());
        if (kind == SeedChoice.SEED)
        {
            if (derived)
            {
                trialDirectory(); // counts the call; builds the directory at the count
            }
            final long at = groups.seedValueAddress(arch, hp, dataset, seed, slot, epoch);
            if (at != 0)
            {
                return Groups.valueAt(at);
            }
        }
        final int g = groups.groupOrAbsent(arch, hp, dataset);
        final int first = file.groupFirstTrial(g); // one checked read of the group serves both tests
        if (first < 0)
        {
            throw Groups.absent(arch, hp, dataset);
        }
        final int n = file.groupSeedCount(g);
        final boolean mean = kind == SeedChoice.MEAN;
        final int from;
        if (mean)
        {
            if (n == 0)
            {
                throw error(EMPTY, arch, dataset, hp, split, epoch, 0);
            }
            from = 0;
        }
        else
        {
            // a drawn seed, or the first trial of the given seed (choice is null for a seed given without one)
            from = kind == SeedChoice.RANDOM ? groups.pick(g, first, n, choice) : groups.position(g, first, n, seed);
            if (from < 0)
            {
                throw error(SEED, arch, dataset, hp, split, epoch, seed);
            }
        }
        // the mean over the group's trials, or the chosen trial's value
        final int to = mean ? n : from + 1;
        double sum = 0;
        double value = 0;
        for (int i = from; i < to; i++)
        {
            final int shape = file.shapeAt(g, first, i);
            final int epochs = file.shapeEpochs(shape);
            final int e = epoch < 0 ? epochs - 1 : epoch;
            if (e < 0 || e >= epochs)
            {
                throw error(EPOCH, arch, dataset, hp, split, epoch, 0);
            }
            final long at = SeriesCursor.valueIndex(file, shape, file.valuesAt(g, first, i, shape), slot, e);
            if (at < 0)
            {
                throw error(metric == Metric.TIME ? TIME : MISSING, arch, dataset, hp, split, e, 0);
            }
            value = file.value(at);
            sum += value;
        }
        return mean ? sum / n : value;
    }

    /**
     * The search loop's query, from the FINAL_MEANS column: one read. On a file that holds every architecture the
     * column's address is known at open and the index alone is checked before the read.
     */
    double finalAccuracy(final int arch, final Dataset dataset, final Hp hp, final Split split)
    {
        final long column = file.fullColumnAddress(hp, dataset, split);
        if (column != 0 && arch >= 0 && arch < file.size() && !file.isClosed())
        {
            final double v = UnsafeApi.getDouble(null, column + (long)arch * Double.BYTES);
            if (v == v)
            {
                return v;
            }
        }
        file.checkArch(arch);
        final int slot = file.hpSlot(hp);
        final int row = slot < 0 ? -1 : file.rowOrAbsent(arch);
        if (row >= 0)
        {
            final double v = file.finalMean(slot, dataset.code(), split.code(), row);
            if (v == v)
            {
                return v;
            }
        }
        groups.group(arch, hp, dataset); // throws what upstream raises for the architecture, hp or dataset
        throw error(MISSING, arch, dataset, hp, split, -1, 0);
    }

    /** Wraps {@code out} over one trial's series of (split, metric). */
    TrialSeries series(final int arch, final Dataset dataset, final Hp hp, final int seed, final Split split,
        final Metric metric, final TrialSeries out)
    {
        final int g = groups.group(arch, hp, dataset);
        final int first = file.groupFirstTrial(g);
        final int i = groups.position(g, first, file.groupSeedCount(g), seed);
        if (i < 0)
        {
            throw error(SEED, arch, dataset, hp, split, -1, seed);
        }
        final int shape = file.shapeAt(g, first, i);
        return out.wrap(file, shape, file.valuesAt(g, first, i, shape), ShapeDecoder.slot(split.code(), metric.code()));
    }

    /**
     * @return the trial directory, built now by the one-seed {@code metric} call that reaches
     * {@link TrialDirectory#BUILD_AFTER} of them, else null until then.
     */
    private TrialDirectory trialDirectory()
    {
        final TrialDirectory directory = trialDirectory;
        if (directory != null || !file.heapTables || ++seededMetrics != TrialDirectory.BUILD_AFTER)
        {
            return directory;
        }
        return buildTrialDirectory();
    }

    /** Builds and keeps the trial directory now (tests; a reader builds it after {@link TrialDirectory#BUILD_AFTER} calls). */
    TrialDirectory buildTrialDirectory()
    {
        final TrialDirectory built = TrialDirectory.build(file, groups);
        trialDirectory = built;
        return built;
    }

    /** @return the bytes of the trial directory, 0 before it is built. */
    long heapTableBytes()
    {
        final TrialDirectory directory = trialDirectory;
        return directory == null ? 0 : directory.bytes();
    }

    /** @return the trial directory if it was built, else null. */
    TrialDirectory builtTrialDirectory()
    {
        return trialDirectory;
    }
}
