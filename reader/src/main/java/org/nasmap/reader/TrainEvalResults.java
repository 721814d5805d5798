package org.nasmap.reader;

import java.util.random.RandomGenerator;

import org.agrona.UnsafeApi;

import org.nasmap.format.Dataset;
import org.nasmap.format.GroupAnswersDecoder;
import org.nasmap.format.GroupDecoder;
import org.nasmap.format.Hp;
import org.nasmap.format.Layout;
import org.nasmap.format.Metric;
import org.nasmap.format.SeriesKind;
import org.nasmap.format.ShapeDecoder;
import org.nasmap.format.Space;
import org.nasmap.format.Split;
import org.nasmap.format.TrialFinalDecoder;

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
 * one trial's {@code get_train}/{@code get_eval}, {@code get_metrics} over seeds, {@code get_more_info} and
 * {@code simulate_train_eval}. At the last epoch a trial with a TRIAL_FINALS entry is read from it (one cache line)
 * unless its group is flagged {@code WALK}; otherwise its series are walked. {@code get_more_info}'s mean at the
 * last epoch is read from the group's GROUP_ANSWERS entry where the file has one, and one seed's answer evaluates
 * that trial alone where the group's {@code LAST_OK} bits say no other trial raises. Allocation-free.
 */
final class TrainEvalResults
{
    private final NasmapFile file;
    private final Groups groups;
    private final CostRules costs;
    /** False for the verifier: every answer computed trial by trial, to check the derived data against. */
    private final boolean derived;
    /** Built after {@link SimulationTable#BUILD_AFTER} drawn simulations; immutable, so a racy read is safe. */
    private volatile SimulationTable simulationTable;
    private int drawnSimulations;
    /** Built after {@link TrialDirectory#BUILD_AFTER} one-seed metric calls; immutable, so a racy read is safe. */
    private volatile TrialDirectory trialDirectory;
    private int seededMetrics;

    TrainEvalResults(final NasmapFile file, final Groups groups, final CostRules costs)
    {
        this(file, groups, costs, true);
    }

    TrainEvalResults(final NasmapFile file, final Groups groups, final CostRules costs, final boolean derived)
    {
        this.file = file;
        this.groups = groups;
        this.costs = costs;
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
        final boolean timeKnown = timeKnown(shape, split);
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

    /** Upstream's {@code get_more_info(index, dataset, iepoch, hp, is_random)}. */
    MoreInfo moreInfo(final int arch, final Dataset dataset, final Hp hp, final int iepoch, final int kindIn,
        final int seedIn, final RandomGenerator random, final MoreInfo out, final Metrics m)
    {
        int kind = kindIn;
        int seed = seedIn;
        if (kind == SeedChoice.MEAN && iepoch < 0 && derived)
        {
            final long at = groups.answerAddress(arch, hp, dataset);
            if (at != 0 && meanFromAnswers(at, dataset, out))
            {
                return out;
            }
        }
        // one checked lookup of the group: upstream raises for an absent dataset whatever the seed choice
        final int g = groups.group(arch, hp, dataset);
        if (kind == SeedChoice.RANDOM)
        {
            final int n = file.groupSeedCount(g);
            if (n == 0)
            {
                throw new NasmapQueryException("Cannot choose from an empty sequence of seeds for architecture " + arch);
            }
            seed = file.seedAt(g, file.groupFirstTrial(g), random.nextInt(n));
            kind = SeedChoice.SEED;
        }
        out.clear();
        if (kind == SeedChoice.SEED && iepoch < 0 && derived && seedFromFinals(g, dataset, seed, out, m))
        {
            return out;
        }
        int status = metrics(g, Split.TRAIN, iepoch, kind, seed, null, true, m);
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
            status = metrics(g, Split.X_VALID, iepoch, kind, seed, null, true, m);
            if (status != OK)
            {
                throw error(status, arch, dataset, hp, Split.X_VALID, iepoch, seed);
            }
            out.set(MoreInfo.Block.VALID, m, total);
            if (metrics(g, Split.ORI_TEST, iepoch, kind, seed, null, true, m) == OK)
            {
                out.set(MoreInfo.Block.TEST, m, total);
            }
        }
        else
        {
            final Split testSplit = dataset == Dataset.CIFAR10 ? Split.ORI_TEST : Split.X_TEST;
            if (metrics(g, testSplit, iepoch, kind, seed, null, true, m) == OK)
            {
                out.set(MoreInfo.Block.TEST, m, total);
            }
            if (metrics(g, Split.X_VALID, iepoch, kind, seed, null, true, m) == OK)
            {
                out.set(MoreInfo.Block.VALID, m, total);
            }
            if (dataset != Dataset.CIFAR10 && metrics(g, Split.ORI_TEST, iepoch, kind, seed, null, true, m) == OK)
            {
                out.set(MoreInfo.Block.VALTEST, m, total);
            }
        }
        return out;
    }

    /**
     * {@code get_more_info(iepoch=None, is_random=seed)} from the chosen trial's TRIAL_FINALS entry, where the group's
     * LAST_OK bits say that no trial raises for the train split (and {@code cifar10-valid}'s x-valid): other
     * blocks are read from the entry where their split is LAST_OK too, else evaluated over the group.
     *
     * @return false, with {@code out} untouched, to leave the call to the trial-by-trial path (which raises).
     */
    private boolean seedFromFinals(final int g, final Dataset dataset, final int seed, final MoreInfo out,
        final Metrics m)
    {
        final int flags = file.groupFlags(g);
        if ((flags & GroupDecoder.lastOk(Split.TRAIN.code())) == 0 ||
            (dataset == Dataset.CIFAR10_VALID && (flags & GroupDecoder.lastOk(Split.X_VALID.code())) == 0))
        {
            return false;
        }
        final int first = file.groupFirstTrial(g);
        final int i = groups.position(g, first, file.groupSeedCount(g), seed);
        final int entry = i < 0 ? -1 : file.finalEntry(g, i);
        if (entry < 0)
        {
            return false;
        }
        final int shape = file.shapeAt(g, first, i);
        if (!timeKnown(shape, Split.TRAIN.code()) && file.space() == Space.SIZE)
        {
            return false;
        }
        final double total = file.shapeEpochs(shape);
        finalBlock(out, MoreInfo.Block.TRAIN, g, entry, shape, Split.TRAIN, seed, total, flags, m);
        if (dataset == Dataset.CIFAR10_VALID)
        {
            finalBlock(out, MoreInfo.Block.VALID, g, entry, shape, Split.X_VALID, seed, total, flags, m);
            finalBlock(out, MoreInfo.Block.TEST, g, entry, shape, Split.ORI_TEST, seed, total, flags, m);
        }
        else
        {
            finalBlock(out, MoreInfo.Block.TEST, g, entry, shape, dataset == Dataset.CIFAR10 ? Split.ORI_TEST : Split.X_TEST,
                seed, total, flags, m);
            finalBlock(out, MoreInfo.Block.VALID, g, entry, shape, Split.X_VALID, seed, total, flags, m);
            if (dataset != Dataset.CIFAR10)
            {
                finalBlock(out, MoreInfo.Block.VALTEST, g, entry, shape, Split.ORI_TEST, seed, total, flags, m);
            }
        }
        return true;
    }

    /** One block of {@link #seedFromFinals}: from the trial's entry when LAST_OK, else over the group. */
    private void finalBlock(final MoreInfo out, final MoreInfo.Block block, final int g, final int entry,
        final int shape, final Split split, final int seed, final double total, final int flags, final Metrics m)
    {
        final int s = split.code();
        if ((flags & GroupDecoder.lastOk(s)) != 0)
        {
            final boolean known = timeKnown(shape, s);
            out.set(block, file.finalLoss(entry, s), file.finalAccuracy(entry, s),
                known ? file.finalAllTime(entry, s) : Double.NaN, known, total);
        }
        else if (metrics(g, split, -1, SeedChoice.SEED, seed, null, true, m) == OK)
        {
            out.set(block, m, total);
        }
    }

    /** @return whether a trial of that shape has times for a split (upstream's None otherwise). */
    private boolean timeKnown(final int shape, final int split)
    {
        return split == Split.TRAIN.code() ?
            file.slotKind(shape, ShapeDecoder.slot(split, Metric.TIME.code())) != SeriesKind.ABSENT_CODE :
            (file.shapeFlags(shape) & ShapeDecoder.FLAG_EVAL_TIMES_EMPTY) == 0;
    }

    /**
     * {@code get_more_info(iepoch=None, is_random=False)} from the group's GROUP_ANSWERS entry at address {@code at}
     * ({@link Groups#answerAddress}: inside the section), its fields read without a check each.
     *
     * @return false, leaving {@code out} to the trial-by-trial path, when the entry is not present or the call
     * raises (that path raises the same error).
     */
    private boolean meanFromAnswers(final long at, final Dataset dataset, final MoreInfo out)
    {
        final int flags = UnsafeApi.getInt(null, at + GroupAnswersDecoder.FLAGS_OFFSET);
        final int need = GroupAnswersDecoder.FLAG_PRESENT | meanOk(Split.TRAIN) |
            (dataset == Dataset.CIFAR10_VALID ? meanOk(Split.X_VALID) : 0);
        if ((flags & need) != need || ((flags & timeKnown(Split.TRAIN)) == 0 && file.space() == Space.SIZE))
        {
            return false;
        }
        final double total = UnsafeApi.getInt(null, at + GroupAnswersDecoder.EPOCHS_OFFSET);
        out.clear();
        block(out, MoreInfo.Block.TRAIN, at, flags, Split.TRAIN, total);
        if (dataset == Dataset.CIFAR10_VALID)
        {
            block(out, MoreInfo.Block.VALID, at, flags, Split.X_VALID, total);
            block(out, MoreInfo.Block.TEST, at, flags, Split.ORI_TEST, total);
        }
        else
        {
            block(out, MoreInfo.Block.TEST, at, flags, dataset == Dataset.CIFAR10 ? Split.ORI_TEST : Split.X_TEST, total);
            block(out, MoreInfo.Block.VALID, at, flags, Split.X_VALID, total);
            if (dataset != Dataset.CIFAR10)
            {
                block(out, MoreInfo.Block.VALTEST, at, flags, Split.ORI_TEST, total);
            }
        }
        return true;
    }

    /** Sets a block from the entry when its split's mean does not raise (else upstream leaves the block out). */
    private static void block(final MoreInfo out, final MoreInfo.Block block, final long at, final int flags,
        final Split split, final double total)
    {
        if ((flags & meanOk(split)) != 0)
        {
            final long sp = at + GroupAnswersDecoder.splitField(split.code(), 0);
            out.set(block, UnsafeApi.getDouble(null, sp + GroupAnswersDecoder.LOSS_OFFSET),
                UnsafeApi.getDouble(null, sp + GroupAnswersDecoder.ACCURACY_OFFSET),
                UnsafeApi.getDouble(null, sp + GroupAnswersDecoder.ALL_TIME_OFFSET), (flags & timeKnown(split)) != 0, total);
        }
    }

    private static int meanOk(final Split split)
    {
        return 1 << (GroupAnswersDecoder.MEAN_OK_SHIFT + split.code());
    }

    private static int timeKnown(final Split split)
    {
        return 1 << (GroupAnswersDecoder.TIME_KNOWN_SHIFT + split.code());
    }

    /**
     * {@code simulate_train_eval(iepoch=None)} for one seed (given or drawn) on a file whose cost columns are
     * addressable: the group line, the trial's TRIAL_FINALS entry and the latency column, read by address.
     *
     * @return false, having drawn nothing, when the group has no {@link #drawWord} (the caller takes the path that
     * raises what upstream raises) or the given seed is not among its trials.
     */
    private boolean simulateOnFullFile(final int arch, final Dataset dataset, final Hp hp, final SeedChoice choice,
        final SimulationResult out)
    {
        final long latencyColumn = file.fullCostAddress(hp, dataset, Layout.COST_LATENCY);
        final Dataset valid = dataset == Dataset.CIFAR10 ? Dataset.CIFAR10_VALID : dataset;
        final long line = latencyColumn == 0 ? 0 : groups.lineAddress(arch, hp, valid);
        final long word = line == 0 ? 0 : drawWord(line, dataset, valid);
        if (word == 0)
        {
            return false;
        }
        final int i;
        if (choice.kind() == SeedChoice.RANDOM)
        {
            // upstream draws the seed, then takes that seed's trial: the drawn position, the seeds being distinct
            i = SimulationTable.drawn(choice.generator(), word);
        }
        else
        {
            i = Groups.inlinePosition(line, choice.seedValue());
            if (i >= SimulationTable.count(word))
            {
                return false;
            }
        }
        SimulationTable.answer(file.trialFinals.addressOffset(), word, i, latencyColumn, arch, out);
        return true;
    }

    /**
     * @param line    the GROUP line of (arch, hp, {@code valid}), from {@link Groups#lineAddress}.
     * @param dataset simulate_train_eval's dataset, whose line (the next one for cifar10) gives the latency's checks.
     * @return the {@link SimulationTable#word} of the group, or 0 when simulate_train_eval must take the trial path:
     * the group is absent, is flagged WALK, has an x-valid or train value missing at the last epoch in some trial
     * (not LAST_OK), has more trials than inline or none, repeats a seed, has trials of different epoch counts or
     * without train or valid times (upstream raises), its latency needs the checked cost path, or a reference in
     * the line leaves its section.
     */
    long drawWord(final long line, final Dataset dataset, final Dataset valid)
    {
        // FIRST_TRIAL, SEED_COUNT and FLAGS in one read (little-endian)
        final long head = UnsafeApi.getLong(null, line + GroupDecoder.FIRST_TRIAL_OFFSET);
        final int first = (int)head;
        final int n = (int)(head >>> 32) & 0xFFFF;
        final int flags = (int)(head >>> 48) & 0xFFFF;
        final int need = GroupDecoder.lastOk(Split.TRAIN.code()) | GroupDecoder.lastOk(Split.X_VALID.code());
        final int firstFinal = UnsafeApi.getInt(null, line + GroupDecoder.FIRST_FINAL_OFFSET);
        // the latency's group (the same line but for cifar10): present, and not on the checked cost path
        final long costLine = line + (long)(dataset.code() - valid.code()) * GroupDecoder.LENGTH;
        final int costFirst = UnsafeApi.getInt(null, costLine + GroupDecoder.FIRST_TRIAL_OFFSET);
        final int costFlags = UnsafeApi.getShort(null, costLine + GroupDecoder.FLAGS_OFFSET);
        if ((flags & (need | GroupDecoder.FLAG_WALK)) != need || n == 0 || n > GroupDecoder.INLINE || first < 0 ||
            (long)first + n > file.trialCount() || firstFinal < 0 || (long)firstFinal + n > file.finalCount ||
            costFirst < 0 || (costFlags & GroupDecoder.FLAG_COSTS_CHECKED) != 0)
        {
            return 0;
        }
        int epochs = 0;
        for (int i = 0; i < n; i++)
        {
            final int shapeIndex = UnsafeApi.getShort(null, line + GroupDecoder.SHAPES_OFFSET + (long)i * Short.BYTES) & 0xFFFF;
            if (shapeIndex >= file.shapeCount())
            {
                return 0;
            }
            final int shape = shapeIndex * ShapeDecoder.LENGTH;
            final int e = file.shapeEpochs(shape);
            if (!timeKnown(shape, Split.TRAIN.code()) || !timeKnown(shape, Split.X_VALID.code()) ||
                (i > 0 && e != epochs) || Groups.inlinePosition(line, Groups.inlineSeed(line, i)) != i)
            {
                return 0;
            }
            epochs = e;
        }
        return epochs <= 0 || epochs > 0xFFFF ? 0 : SimulationTable.word(firstFinal, n, epochs);
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

    /** @return the trial directory if it was built, else null. */
    TrialDirectory builtTrialDirectory()
    {
        return trialDirectory;
    }

    /**
     * @return the simulation table, built now by the call that reaches {@link SimulationTable#BUILD_AFTER} drawn
     * calls, else null until then.
     */
    private SimulationTable simulationTable()
    {
        final SimulationTable table = simulationTable;
        if (table != null || !file.heapTables || ++drawnSimulations != SimulationTable.BUILD_AFTER)
        {
            return table;
        }
        return buildSimulationTable();
    }

    /** Builds the trial directory and the simulation table now unless they exist (the caller checks heap tables are on). */
    void buildHeapTables()
    {
        if (trialDirectory == null)
        {
            buildTrialDirectory();
        }
        if (simulationTable == null)
        {
            buildSimulationTable();
        }
    }

    /** @return the bytes of the trial directory and the simulation table built so far. */
    long heapTableBytes()
    {
        final TrialDirectory directory = trialDirectory;
        final SimulationTable table = simulationTable;
        return (directory == null ? 0 : directory.bytes()) + (table == null ? 0 : table.bytes());
    }

    /** @return the simulation table if it was built, else null. */
    SimulationTable builtSimulationTable()
    {
        return simulationTable;
    }

    /** Builds and keeps the simulation table now (tests; a reader builds it after {@link SimulationTable#BUILD_AFTER} calls). */
    SimulationTable buildSimulationTable()
    {
        final SimulationTable built = SimulationTable.build(file, groups, this);
        simulationTable = built;
        return built;
    }

    /**
     * Upstream's {@code simulate_train_eval(arch, dataset, iepoch, hp, account_time=True)}. A drawn seed's answer at
     * the last epoch comes, once the reader has answered {@link SimulationTable#BUILD_AFTER} of them, from a
     * {@link SimulationTable} it builds then (one pass over the group lines, 1 MB for the topology space, kept as
     * long as this reader).
     */
    SimulationResult simulateTrainEval(final int arch, final Dataset dataset, final Hp hp, final int iepoch,
        final SeedChoice choice, final SimulationResult out)
    {
        if (dataset == Dataset.CIFAR10_VALID)
        {
            throw new NasmapQueryException("Invalid dataset name : cifar10-valid vs (cifar10, cifar100, ImageNet16-120)");
        }
        file.checkArch(arch);
        if (iepoch < 0 && derived && choice.kind() != SeedChoice.MEAN)
        {
            // a drawn seed from the table once built (its words are drawWord's, so a group without one is left to
            // the trial path directly), else by address from the group line
            final SimulationTable table = choice.kind() == SeedChoice.RANDOM ? simulationTable() : null;
            if (table != null ? table.simulate(arch, dataset, hp, choice.generator(), out) :
                simulateOnFullFile(arch, dataset, hp, choice, out))
            {
                return out;
            }
        }
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
        out.latency = costs.latency(arch, dataset, hp);
        out.timeCost = timeCost;
        out.usedTime += timeCost;
        return out;
    }
}
