package org.nasmap.reader;

import java.util.List;

import org.nasmap.format.ArchGrammar;
import org.nasmap.format.Dataset;
import org.nasmap.format.GroupDecoder;
import org.nasmap.format.Hp;
import org.nasmap.format.Layout;
import org.nasmap.format.Split;
import org.nasmap.format.TrialDecoder;

/**
 * The verifier's checks of what version 2 stores twice or derives: each group's inline trial copies against the
 * TRIAL entries, the TRIAL_FINALS entries and the COSTS columns against the same answers computed from the series
 * and trials, and the ARCH_CODES table against the architecture strings.
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
        final TrainEvalResults results = new TrainEvalResults(file, groups, new CostRules(file, groups));
        final CostRules costs = new CostRules(file, groups);
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
                for (int s = 0; s < Split.count() && firstFinal != -1; s++)
                {
                    final int f = firstFinal + i;
                    final boolean ok = results.trial(g, first, i, s, -1, false, walked) == QueryErrors.OK;
                    final double all = file.finalAllTime(f, s);
                    final boolean finalsOk = file.finalLoss(f, s) == file.finalLoss(f, s) &&
                        file.finalAccuracy(f, s) == file.finalAccuracy(f, s) && (!walked.timeKnown || all == all);
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

    private static long archCodes(final NasmapFile file, final List<String> problems, final int max)
    {
        if (file.archCodeCount == 0)
        {
            return 0;
        }
        final StringBuilder sb = new StringBuilder(128);
        int mapped = 0;
        for (int code = 0; code < file.archCodeCount && problems.size() < max; code++)
        {
            final int index = file.archCodes.getInt(code * Integer.BYTES);
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
        return file.archCodeCount;
    }

    private static boolean same(final double a, final double b)
    {
        return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
    }
}
