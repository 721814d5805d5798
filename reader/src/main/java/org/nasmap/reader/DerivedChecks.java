package org.nasmap.reader;

import java.util.List;

import org.nasmap.format.ArchGrammar;
import org.nasmap.format.Dataset;
import org.nasmap.format.GroupAnswersDecoder;
import org.nasmap.format.GroupDecoder;
import org.nasmap.format.Hp;
import org.nasmap.format.Layout;
import org.nasmap.format.Split;
import org.nasmap.format.TrialDecoder;

/**
 * The verifier's checks of what version 2 stores twice or derives: each group's inline trial copies against the
 * TRIAL entries, the TRIAL_FINALS entries, the groups' LAST_OK bits, the COSTS columns and the GROUP_ANSWERS
 * entries against the same answers computed from the series and trials, and the ARCH_CODES table against the
 * architecture strings.
 */
final class DerivedChecks
{
    private DerivedChecks()
    {
    }

    /** @return the number of references checked; problems are appended. */
    static long check(final NasmapFile file, final long groupCount, final List<String> problems, final int max)
    {
        long refs = 0;
        final Groups groups = new Groups(file);
        final CostRules costs = new CostRules(file, groups, false);
        final TrainEvalResults results = new TrainEvalResults(file, groups, false);
        final TrialResult walked = new TrialResult();
        final GroupDecoder group = new GroupDecoder();
        final TrialDecoder trial = new TrialDecoder();
        final boolean[] finalUsed = new boolean[file.finalCount];
        int usedFinals = 0;
        for (int g = 0; g < groupCount && problems.size() < max; g++)
        {
            group.wrap(file.groups, g * GroupDecoder.LENGTH);
            if ((group.flags() & ~GroupDecoder.FLAGS_KNOWN) != 0 || group.reserved(0) != 0 || group.reserved(1) != 0 ||
                group.reserved(2) != 0)
            {
                problems.add("group " + g + " has unknown flags or non-zero reserved bytes");
            }
            final int first = group.firstTrial();
            if (first < 0)
            {
                continue;
            }
            final int n = group.seedCount();
            final int firstFinal = group.firstFinal();
            if (firstFinal != -1)
            {
                if (firstFinal < 0 || n == 0 || (long)firstFinal + n > file.finalCount)
                {
                    problems.add("group " + g + " final entries [" + firstFinal + ", +" + n + ") outside the " +
                        file.finalCount + " entries");
                    continue;
                }
                for (int i = 0; i < n; i++)
                {
                    if (finalUsed[firstFinal + i])
                    {
                        problems.add("final entry " + (firstFinal + i) + " belongs to two groups");
                    }
                    finalUsed[firstFinal + i] = true;
                    usedFinals++;
                }
            }
            for (int i = 0; i < n; i++)
            {
                final int t = first + i;
                trial.wrap(file.trials, t * TrialDecoder.LENGTH);
                if (i < GroupDecoder.INLINE &&
                    (group.seed(i) != trial.seed() || group.shape(i) != trial.shape() || group.values(i) != trial.values()))
                {
                    problems.add("group " + g + " position " + i + " differs from trial " + t);
                    continue;
                }
                for (int s = 0; s < Split.count(); s++)
                {
                    if (firstFinal == -1 || (group.flags() & GroupDecoder.FLAG_WALK) != 0)
                    {
                        if ((group.flags() & GroupDecoder.lastOk(s)) != 0)
                        {
                            problems.add("group " + g + " is LAST_OK for " + Split.ofOrdinal(s) +
                                " without final entries to read");
                        }
                        continue;
                    }
                    final int f = firstFinal + i;
                    final boolean ok = results.trial(g, first, i, s, -1, false, walked) == QueryErrors.OK;
                    final double all = file.finalAllTime(f, s);
                    final boolean finalsOk = file.finalLoss(f, s) == file.finalLoss(f, s) &&
                        file.finalAccuracy(f, s) == file.finalAccuracy(f, s) && (!walked.timeKnown || all == all);
                    if ((group.flags() & GroupDecoder.lastOk(s)) != 0 && !finalsOk)
                    {
                        problems.add("group " + g + " is LAST_OK for " + Split.ofOrdinal(s) + " but trial " + t +
                            " has no answer there");
                    }
                    if (ok != finalsOk || ok && (Float.floatToIntBits((float)walked.loss) != Float.floatToIntBits(file.finalLoss(f, s)) ||
                        Float.floatToIntBits((float)walked.accuracy) != Float.floatToIntBits(file.finalAccuracy(f, s)) ||
                        walked.timeKnown && Double.doubleToLongBits(walked.allTime) != Double.doubleToLongBits(all)))
                    {
                        if ((group.flags() & GroupDecoder.FLAG_WALK) == 0)
                        {
                            problems.add("trial " + t + " split " + Split.ofOrdinal(s) + ": its final entry differs from its series");
                        }
                    }
                    refs++;
                }
            }
        }
        if (usedFinals != file.finalCount && problems.isEmpty())
        {
            problems.add("the groups refer to " + usedFinals + " final entries of the " + file.finalCount);
        }
        refs += costColumns(file, groups, costs, problems, max);
        refs += groupAnswers(file, groups, results, costs, problems, max);
        refs += archCodes(file, problems, max);
        return refs;
    }

    private static long costColumns(final NasmapFile file, final Groups groups, final CostRules costs,
        final List<String> problems, final int max)
    {
        long refs = 0;
        for (int a = 0; a < file.size() && problems.size() < max; a++)
        {
            final int bits = file.archHp.getByte(a);
            for (final Hp hp : Hp.values())
            {
                if ((bits & (1 << hp.code())) == 0 || file.hpSlot(hp) < 0)
                {
                    continue;
                }
                for (final Dataset d : Dataset.values())
                {
                    final int g = groups.groupOrAbsent(a, hp, d);
                    if (file.groupFirstTrial(g) < 0 || (file.groupFlags(g) & GroupDecoder.FLAG_COSTS_CHECKED) != 0)
                    {
                        continue;
                    }
                    final int slot = file.hpSlot(hp);
                    final int row = file.row(a);
                    if (!same(file.cost(slot, d.code(), Layout.COST_FLOPS, row), costs.checkedCost(g, true, a)) ||
                        !same(file.cost(slot, d.code(), Layout.COST_PARAMS, row), costs.checkedCost(g, false, a)) ||
                        !same(file.cost(slot, d.code(), Layout.COST_LATENCY, row), costs.checkedLatency(g, a)))
                    {
                        problems.add("cost columns of architecture " + a + ", hp " + hp + ", " + d +
                            " differ from its trials");
                    }
                    refs += 3;
                }
            }
        }
        return refs;
    }

    /**
     * Every GROUP_ANSWERS entry: known flags and zero reserved bytes, and {@code get_more_info(iepoch=None)}'s mean and
     * {@code get_cost_info} read from it equal to (or raising like) the trial-by-trial answers.
     */
    private static long groupAnswers(final NasmapFile file, final Groups groups, final TrainEvalResults walked,
        final CostRules walkedCosts, final List<String> problems, final int max)
    {
        final MoreInfoQuery walkedMoreInfo = new MoreInfoQuery(file, groups, walked, false);
        final MoreInfoQuery readMoreInfo = new MoreInfoQuery(file, groups, new TrainEvalResults(file, groups, true), true);
        final CostRules readCosts = new CostRules(file, groups, true);
        final GroupAnswersDecoder entry = new GroupAnswersDecoder();
        final MoreInfo a = new MoreInfo();
        final MoreInfo b = new MoreInfo();
        final CostInfo ca = new CostInfo();
        final CostInfo cb = new CostInfo();
        long refs = 0;
        for (int arch = 0; arch < file.size() && problems.size() < max; arch++)
        {
            final int bits = file.archHp.getByte(arch);
            for (final Hp hp : Hp.values())
            {
                if (bits == 0 || file.hpSlot(hp) < 0)
                {
                    continue;
                }
                for (final Dataset d : Dataset.values())
                {
                    final int at = file.answerAt(file.row(arch), hp, d);
                    if (at < 0)
                    {
                        continue;
                    }
                    refs++;
                    entry.wrap(file.groupAnswers, at);
                    if ((entry.flags() & ~GroupAnswersDecoder.FLAGS_KNOWN) != 0 || !entry.reservedZero())
                    {
                        problems.add("group answers of architecture " + arch + ", hp " + hp + ", " + d +
                            " have unknown flags or non-zero reserved bytes");
                        continue;
                    }
                    if ((bits & (1 << hp.code())) == 0)
                    {
                        if (entry.flags() != 0)
                        {
                            problems.add("group answers of architecture " + arch + ", hp " + hp + ", " + d +
                                " are present for an hp it lacks");
                        }
                        continue;
                    }
                    final String walkedMore = more(walkedMoreInfo, arch, d, hp, a);
                    final String readMore = more(readMoreInfo, arch, d, hp, b);
                    final String walkedCost = cost(walkedCosts, arch, d, hp, ca);
                    final String readCost = cost(readCosts, arch, d, hp, cb);
                    if (!walkedMore.equals(readMore) || !walkedCost.equals(readCost))
                    {
                        problems.add("group answers of architecture " + arch + ", hp " + hp + ", " + d +
                            " differ from its trials: " + readMore + " " + readCost + " vs " + walkedMore + " " +
                            walkedCost);
                    }
                }
            }
        }
        return refs;
    }

    /** @return get_more_info's mean at the last epoch as exact bits, or "raises". */
    private static String more(final MoreInfoQuery r, final int arch, final Dataset d, final Hp hp, final MoreInfo out)
    {
        try
        {
            r.answer(arch, d, hp, -1, SeedChoice.MEAN, 0, null, out, out.scratch);
        }
        catch (final NasmapQueryException e)
        {
            return "raises";
        }
        final StringBuilder sb = new StringBuilder();
        for (final MoreInfo.Block k : MoreInfo.Block.values())
        {
            if (out.has(k))
            {
                sb.append(k).append(bits(out.loss(k))).append(bits(out.accuracy(k))).append(bits(out.allTime(k)))
                    .append(bits(out.perTime(k))).append(out.timeKnown(k)).append(';');
            }
        }
        return sb.toString();
    }

    /** @return get_cost_info as exact bits, or "raises". */
    private static String cost(final CostRules c, final int arch, final Dataset d, final Hp hp, final CostInfo out)
    {
        try
        {
            c.costInfo(arch, d, hp, out);
        }
        catch (final NasmapQueryException e)
        {
            return "raises";
        }
        final StringBuilder sb = new StringBuilder().append(bits(out.flops())).append(bits(out.params()))
            .append(bits(out.latency()));
        for (final Split s : Split.values())
        {
            if (out.hasTimes(s))
            {
                sb.append(s).append(bits(out.epochTime(s))).append(bits(out.totalTime(s))).append(out.timeKnown(s));
            }
        }
        return sb.toString();
    }

    private static String bits(final double v)
    {
        return " " + Long.toHexString(Double.doubleToRawLongBits(v));
    }

    private static long archCodes(final NasmapFile file, final List<String> problems, final int max)
    {
        final ArchNames names = file.names();
        if (names.codeCount() == 0)
        {
            return 0;
        }
        final StringBuilder sb = new StringBuilder(128);
        int mapped = 0;
        for (int code = 0; code < names.codeCount() && problems.size() < max; code++)
        {
            final int index = names.codes().getInt(code * Integer.BYTES);
            if (index == -1)
            {
                continue;
            }
            mapped++;
            sb.setLength(0);
            if (index < 0 || index >= file.size() || ArchGrammar.code(file.space(), file.appendArch(index, sb)) != code)
            {
                problems.add("architecture code " + code + " maps to " + index + ", whose string has another code");
            }
        }
        if (mapped != file.size())
        {
            problems.add("architecture code table maps " + mapped + " codes for " + file.size() + " architectures");
        }
        return names.codeCount();
    }

    private static boolean same(final double a, final double b)
    {
        return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
    }
}
