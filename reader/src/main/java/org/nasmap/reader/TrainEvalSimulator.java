package org.nasmap.reader;

import org.agrona.UnsafeApi;

import org.nasmap.format.Dataset;
import org.nasmap.format.GroupDecoder;
import org.nasmap.format.Hp;
import org.nasmap.format.Layout;
import org.nasmap.format.ShapeDecoder;
import org.nasmap.format.Split;

/**
 * Upstream's {@code simulate_train_eval}: the validation accuracy, latency and time cost of one training as a
 * search would have paid for it (the train split's all-time plus the valid split's per-epoch time). A given or drawn
 * seed at the last epoch is read by address from the group line and the trial's TRIAL_FINALS entry, or, once the
 * reader has answered {@link SimulationTable#BUILD_AFTER} drawn calls, from a {@link SimulationTable} built then;
 * anything else goes through {@link MoreInfoQuery}, which raises what upstream raises. Allocation-free.
 * <p>
 * Thread safety: immutable but for the simulation table (an immutable object published through a volatile field)
 * and the count of drawn calls before it is built.
 */
final class TrainEvalSimulator
{
    private final NasmapFile file;
    private final Groups groups;
    private final CostRules costs;
    private final MoreInfoQuery moreInfo;
    /** False for the verifier: every answer computed trial by trial, to check the derived data against. */
    private final boolean derived;
    /** Built after {@link SimulationTable#BUILD_AFTER} drawn simulations; immutable, so a racy read is safe. */
    private volatile SimulationTable simulationTable;
    private int drawnSimulations;

    TrainEvalSimulator(final NasmapFile file, final Groups groups, final CostRules costs, final MoreInfoQuery moreInfo,
        final boolean derived)
    {
        this.file = file;
        this.groups = groups;
        this.costs = costs;
        this.moreInfo = moreInfo;
        this.derived = derived;
    }

    /** @return the bytes of the simulation table, 0 before it is built. */
    long heapTableBytes()
    {
        final SimulationTable table = simulationTable;
        return table == null ? 0 : table.bytes();
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
            if (!file.timeKnown(shape, Split.TRAIN.code()) || !file.timeKnown(shape, Split.X_VALID.code()) ||
                (i > 0 && e != epochs) || Groups.inlinePosition(line, Groups.inlineSeed(line, i)) != i)
            {
                return 0;
            }
            epochs = e;
        }
        return epochs <= 0 || epochs > 0xFFFF ? 0 : SimulationTable.word(firstFinal, n, epochs);
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
        moreInfo.answer(arch, first, hp, iepoch, choice.kind(), choice.seedValue(), choice.generator(), info, m);
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
            moreInfo.answer(arch, dataset, hp, -1, choice.kind(), choice.seedValue(), choice.generator(), info, m);
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
