package org.nasmap.reader;

import org.agrona.UnsafeApi;
import org.nasmap.format.Dataset;
import org.nasmap.format.GroupAnswersDecoder;
import org.nasmap.format.GroupDecoder;
import org.nasmap.format.Hp;
import org.nasmap.format.Layout;
import org.nasmap.format.Metric;
import org.nasmap.format.SeriesKind;
import org.nasmap.format.Split;

/**
 * Upstream's {@code get_compute_costs} and {@code get_cost_info}: flops and params with the legacy rule, the
 * latency, and the per-split time totals. The usual group is answered from the COSTS columns and the trials'
 * TRIAL_FINALS entries; a group flagged {@code COSTS_CHECKED} (upstream raises there, or a train time series
 * is sparse) takes the trial-by-trial path, which raises what upstream raises. Allocation-free.
 */
final class CostRules
{
    private final NasmapFile file;
    private final Groups groups;
    /** False for the verifier: every answer computed trial by trial, to check the derived data against. */
    private final boolean derived;

    CostRules(final NasmapFile file, final Groups groups)
    {
        this(file, groups, true);
    }

    CostRules(final NasmapFile file, final Groups groups, final boolean derived)
    {
        this.file = file;
        this.groups = groups;
        this.derived = derived;
    }

    /** Fills {@code out} with {@code get_cost_info(arch, dataset, hp)}. */
    CostInfo costInfo(final int arch, final Dataset dataset, final Hp hp, final CostInfo out)
    {
        if (derived)
        {
            final long at = groups.answerAddress(arch, hp, dataset);
            if (at != 0 && (UnsafeApi.getInt(null, at + GroupAnswersDecoder.FLAGS_OFFSET) & ANSWERED) == ANSWERED)
            {
                // a present entry: the architecture is held (its row is checked below) with that hp and dataset
                return fromAnswers(file.row(arch), at, dataset, hp, out);
            }
        }
        final int g = groups.group(arch, hp, dataset);
        final int first = file.groupFirstTrial(g);
        final int n = file.groupSeedCount(g);
        final boolean checked = (file.groupFlags(g) & GroupDecoder.FLAG_COSTS_CHECKED) != 0;
        if (checked)
        {
            out.flops = checkedCost(g, true, arch);
            out.params = checkedCost(g, false, arch);
            out.latency = checkedLatency(g, arch);
        }
        else
        {
            final int slot = file.hpSlot(hp);
            final int row = file.row(arch);
            out.flops = file.cost(slot, dataset.code(), Layout.COST_FLOPS, row);
            out.params = file.cost(slot, dataset.code(), Layout.COST_PARAMS, row);
            out.latency = file.cost(slot, dataset.code(), Layout.COST_LATENCY, row);
        }
        // the times from the trials' TRIAL_FINALS entries where the group has them, else from their series
        final boolean walk = checked || n == 0 || file.finalEntry(g, 0) < 0;
        out.timeKeyMask = 0;
        for (int s = 0; s < Split.count(); s++)
        {
            double sumEpoch = 0;
            double sumTotal = 0;
            int count = 0;
            boolean firstKnown = false;
            final int slot = Layout.slot(s, Metric.TIME.code());
            for (int i = 0; i < n; i++)
            {
                final int shape = file.shapeAt(g, first, i);
                if (s != Split.TRAIN.code() && (file.shapeEvalMask(shape) & (1 << s)) == 0)
                {
                    continue;
                }
                final int epochs = file.shapeEpochs(shape);
                final boolean known;
                double epochMean = Double.NaN;
                double total = Double.NaN;
                if (s == Split.TRAIN.code())
                {
                    // mean and sum of train_times.values(), whatever epochs they hold
                    known = file.slotKind(shape, slot) != SeriesKind.ABSENT_CODE;
                    if (known)
                    {
                        final int valuesN = SeriesCursor.countAll(file, shape, slot);
                        if (walk)
                        {
                            total = SeriesCursor.sumAll(file, shape, file.valuesAt(g, first, i, shape), slot);
                        }
                        else
                        {
                            // not sparse (else the group is checked): the sum of all values is the all-time at the last epoch
                            total = epochs == 0 ? 0.0 : file.finalAllTime(file.finalEntry(g, i), s);
                        }
                        epochMean = walk || valuesN != 0 ? total / valuesN : Double.NaN;
                    }
                }
                else
                {
                    total = epochs == 0 ? Double.NaN : walk ?
                        SeriesCursor.sumTo(file, shape, file.valuesAt(g, first, i, shape), slot, epochs - 1) :
                        file.finalAllTime(file.finalEntry(g, i), s);
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
            if (count > 0 || s == Split.TRAIN.code())
            {
                out.timeKeyMask |= 1 << s;
                out.timeKnown[s] = count > 0 && firstKnown;
                out.epochTime[s] = out.timeKnown[s] ? sumEpoch / count : Double.NaN;
                out.totalTime[s] = out.timeKnown[s] ? sumTotal / count : Double.NaN;
            }
        }
        return out;
    }

    private static final int ANSWERED = GroupAnswersDecoder.FLAG_PRESENT | GroupAnswersDecoder.FLAG_COSTS;

    /**
     * {@code get_cost_info} of a group whose GROUP_ANSWERS entry (at an address from {@link Groups#answerAddress})
     * answers it: three column reads and the entry.
     */
    private CostInfo fromAnswers(final int row, final long at, final Dataset dataset, final Hp hp, final CostInfo out)
    {
        final int slot = file.hpSlot(hp);
        out.flops = file.cost(slot, dataset.code(), Layout.COST_FLOPS, row);
        out.params = file.cost(slot, dataset.code(), Layout.COST_PARAMS, row);
        out.latency = file.cost(slot, dataset.code(), Layout.COST_LATENCY, row);
        final int flags = UnsafeApi.getInt(null, at + GroupAnswersDecoder.FLAGS_OFFSET);
        int mask = 0;
        for (int s = 0; s < Split.count(); s++)
        {
            if ((flags & 1 << (GroupAnswersDecoder.TIME_KEY_SHIFT + s)) != 0)
            {
                final boolean known = (flags & 1 << (GroupAnswersDecoder.TIME_KEY_KNOWN_SHIFT + s)) != 0;
                mask |= 1 << s;
                out.timeKnown[s] = known;
                out.epochTime[s] = known ?
                    UnsafeApi.getDouble(null, at + GroupAnswersDecoder.splitField(s, GroupAnswersDecoder.EPOCH_TIME_OFFSET)) : Double.NaN;
                out.totalTime[s] = known ?
                    UnsafeApi.getDouble(null, at + GroupAnswersDecoder.splitField(s, GroupAnswersDecoder.TOTAL_TIME_OFFSET)) : Double.NaN;
            }
        }
        out.timeKeyMask = mask;
        return out;
    }

    /** @return {@code get_latency(arch, dataset, hp)}: the mean latency, NaN for None; raises where upstream does. */
    double latency(final int arch, final Dataset dataset, final Hp hp)
    {
        final int g = groups.group(arch, hp, dataset);
        if ((file.groupFlags(g) & GroupDecoder.FLAG_COSTS_CHECKED) != 0)
        {
            requireComputeCosts(g, arch);
            return checkedLatency(g, arch);
        }
        return file.cost(file.hpSlot(hp), dataset.code(), Layout.COST_LATENCY, file.row(arch));
    }

    /** @return {@code get_cost_info(...)["flops"]} or {@code ["params"]} alone. */
    double cost(final int arch, final Dataset dataset, final Hp hp, final boolean flops)
    {
        final int g = groups.group(arch, hp, dataset);
        if ((file.groupFlags(g) & GroupDecoder.FLAG_COSTS_CHECKED) != 0)
        {
            return checkedCost(g, flops, arch);
        }
        return file.cost(file.hpSlot(hp), dataset.code(), flops ? Layout.COST_FLOPS : Layout.COST_PARAMS, file.row(arch));
    }

    /**
     * Upstream's {@code get_latency} goes through {@code get_compute_costs}, which applies the legacy rule to
     * flops and params first: raises exactly where that rule raises.
     */
    void requireComputeCosts(final int g, final int arch)
    {
        checkedCost(g, true, arch);
        checkedCost(g, false, arch);
    }

    /**
     * {@code get_compute_costs}' flops or params from the trials: the mean in seed-list order, or, when the values
     * disagree at 5 decimals (flag set at conversion), seed 888's value.
     *
     * @throws NasmapQueryException where upstream raises (disagreement without seed 888, no trials).
     */
    double checkedCost(final int g, final boolean flops, final int arch)
    {
        final int first = file.groupFirstTrial(g);
        final int n = file.groupSeedCount(g);
        final int flag = flops ? GroupDecoder.FLAG_FLOPS_DISAGREE : GroupDecoder.FLAG_PARAMS_DISAGREE;
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
    double checkedLatency(final int g, final int arch)
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

    /** @return the mean of a trial's latency list, which must hold at least one value (checked against the pool). */
    double listMean(final int trial)
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
}
