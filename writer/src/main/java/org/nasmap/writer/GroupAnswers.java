package org.nasmap.writer;

import java.util.List;

import org.nasmap.format.GroupAnswersDecoder;
import org.nasmap.format.GroupAnswersEncoder;
import org.nasmap.format.GroupDecoder;
import org.nasmap.format.Metric;
import org.nasmap.format.SeriesKind;
import org.nasmap.format.ShapeDecoder;
import org.nasmap.format.Split;

/**
 * What a group's TRIAL_FINALS entries let a reader answer at once (FORMAT.md 3.1 and 3.8): the GROUP's
 * {@code LAST_OK} bits and the GROUP_ANSWERS entry. Every value is computed from the entries' stored values in
 * the order and precision of the reader's trial-by-trial path (sums from 0 in seed-list order, then divided), so
 * that an answer read from the entry equals the computed one bit for bit; {@code nasmap verify} checks that.
 */
final class GroupAnswers
{
    private GroupAnswers()
    {
    }

    /** @return a trial's {@code get_train}/{@code get_eval(iepoch=None)} of a split succeeds from its entry. */
    private static boolean lastOk(final TrialShape shape, final TrialFinals f, final int split)
    {
        return shape.epochs >= 1 && (!shape.timeKnown(split) || f.allTime[split] == f.allTime[split]) &&
            f.loss[split] == f.loss[split] && f.accuracy[split] == f.accuracy[split];
    }

    /**
     * @return the group's {@code LAST_OK} flag bits: a split's bit when every trial (there is at least one, each with
     * an entry that is not ambiguous) answers it at the last epoch.
     */
    static int lastOkFlags(final List<TrialShape> shapes, final List<TrialFinals> finals)
    {
        if (finals.isEmpty() || finals.size() != shapes.size() || ambiguous(finals))
        {
            return 0;
        }
        int flags = 0;
        for (int s = 0; s < Split.count(); s++)
        {
            boolean ok = true;
            for (int i = 0; i < shapes.size() && ok; i++)
            {
                ok = lastOk(shapes.get(i), finals.get(i), s);
            }
            flags |= ok ? GroupDecoder.lastOk(s) : 0;
        }
        return flags;
    }

    private static boolean ambiguous(final List<TrialFinals> finals)
    {
        for (final TrialFinals f : finals)
        {
            if (f.ambiguous)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Encodes the group's GROUP_ANSWERS entry into {@code enc} (wrapped over a zeroed entry); leaves it zero (not
     * present) when the group has no trials, no entries, an ambiguous entry or trials of different epoch counts.
     *
     * @param costsChecked the group is flagged COSTS_CHECKED: get_cost_info is not answered from the entry.
     */
    static void encode(final GroupAnswersEncoder enc, final List<TrialShape> shapes, final List<TrialFinals> finals,
        final boolean costsChecked)
    {
        final int n = shapes.size();
        if (n == 0 || finals.size() != n || ambiguous(finals))
        {
            return;
        }
        final int epochs = shapes.get(0).epochs;
        for (final TrialShape s : shapes)
        {
            if (s.epochs != epochs)
            {
                return;
            }
        }
        if (epochs < 1)
        {
            return;
        }
        int flags = GroupAnswersDecoder.FLAG_PRESENT;
        for (int s = 0; s < Split.count(); s++)
        {
            flags |= means(enc, shapes, finals, s);
        }
        if (!costsChecked)
        {
            int costFlags = GroupAnswersDecoder.FLAG_COSTS;
            for (int s = 0; s < Split.count() && costFlags != 0; s++)
            {
                final int f = times(enc, shapes, finals, s);
                costFlags = f < 0 ? 0 : costFlags | f;
            }
            flags |= costFlags;
        }
        enc.flags(flags).epochs(epochs);
    }

    /** {@code get_metrics(split, None, mean)} from the entries: its flag bits, and the means when it returns. */
    private static int means(final GroupAnswersEncoder enc, final List<TrialShape> shapes,
        final List<TrialFinals> finals, final int s)
    {
        final int n = shapes.size();
        double sLoss = 0;
        double sAcc = 0;
        double sAll = 0;
        boolean firstKnown = false;
        boolean mismatch = false;
        for (int i = 0; i < n; i++)
        {
            final TrialShape shape = shapes.get(i);
            final TrialFinals f = finals.get(i);
            if (!lastOk(shape, f, s))
            {
                return 0;
            }
            final boolean known = shape.timeKnown(s);
            if (i == 0)
            {
                firstKnown = known;
            }
            else if (known != firstKnown)
            {
                mismatch = true;
            }
            sLoss += f.loss[s];
            sAcc += f.accuracy[s];
            sAll += known ? f.allTime[s] : Double.NaN;
        }
        if (mismatch && firstKnown)
        {
            return 0; // upstream's np.mean over a list mixing floats and None raises
        }
        enc.means(s, sLoss / n, sAcc / n, firstKnown ? sAll / n : Double.NaN);
        return 1 << (GroupAnswersDecoder.MEAN_OK_SHIFT + s) | (firstKnown ? 1 << (GroupAnswersDecoder.TIME_KNOWN_SHIFT + s) : 0);
    }

    /**
     * {@code get_cost_info}'s {@code T-<split>@epoch} and {@code @total} from the entries.
     *
     * @return the split's flag bits, or -1 where upstream raises (times None for some seeds only).
     */
    private static int times(final GroupAnswersEncoder enc, final List<TrialShape> shapes,
        final List<TrialFinals> finals, final int s)
    {
        final boolean train = s == Split.TRAIN.code();
        final int slot = ShapeDecoder.slot(s, Metric.TIME.code());
        double sumEpoch = 0;
        double sumTotal = 0;
        int count = 0;
        boolean firstKnown = false;
        for (int i = 0; i < shapes.size(); i++)
        {
            final TrialShape shape = shapes.get(i);
            if (!train && (shape.evalMask & (1 << s)) == 0)
            {
                continue;
            }
            final int epochs = shape.epochs;
            final boolean known;
            double epochMean = Double.NaN;
            double total = Double.NaN;
            if (train)
            {
                known = shape.kinds[slot] != SeriesKind.ABSENT.code();
                if (known)
                {
                    final int valuesN = shape.kinds[slot] == SeriesKind.CONSTANT.code() ? epochs : shape.counts[slot];
                    total = epochs == 0 ? 0.0 : finals.get(i).allTime[s];
                    epochMean = valuesN != 0 ? total / valuesN : Double.NaN;
                }
            }
            else
            {
                total = epochs == 0 ? Double.NaN : finals.get(i).allTime[s];
                known = total == total;
                epochMean = known ? total / epochs : Double.NaN;
            }
            if (count == 0)
            {
                firstKnown = known;
            }
            else if (known != firstKnown && firstKnown)
            {
                return -1;
            }
            sumEpoch += epochMean;
            sumTotal += total;
            count++;
        }
        if (count == 0 && !train)
        {
            return 0;
        }
        final boolean known = count > 0 && firstKnown;
        enc.times(s, known ? sumEpoch / count : Double.NaN, known ? sumTotal / count : Double.NaN);
        return 1 << (GroupAnswersDecoder.TIME_KEY_SHIFT + s) | (known ? 1 << (GroupAnswersDecoder.TIME_KEY_KNOWN_SHIFT + s) : 0);
    }
}
