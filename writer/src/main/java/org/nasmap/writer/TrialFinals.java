package org.nasmap.writer;

import org.nasmap.format.Metric;
import org.nasmap.format.SeriesKind;
import org.nasmap.format.ShapeDecoder;
import org.nasmap.format.Split;
import org.nasmap.writer.source.Series;
import org.nasmap.writer.source.TrialRecord;

/**
 * One trial's TRIAL_FINALS entry: per split, the loss and accuracy at the last epoch as stored (f32) and the sum
 * of the stored per-epoch times up to it, in the order and precision in which a reader walking the series adds
 * them (FORMAT.md 3.7), so that an answer read from the entry equals the one computed from the series bit for bit.
 */
final class TrialFinals
{
    final float[] loss = new float[Split.count()];
    final float[] accuracy = new float[Split.count()];
    final double[] allTime = new double[Split.count()];
    /** A value the entry would show as missing is present but NaN: the reader must walk this trial's series. */
    boolean ambiguous;

    TrialFinals(final TrialRecord t, final TrialShape shape)
    {
        final int e = t.epochs() - 1;
        for (final Split split : Split.values())
        {
            final int s = split.code();
            loss[s] = Float.NaN;
            accuracy[s] = Float.NaN;
            allTime[s] = Double.NaN;
            if (e < 0)
            {
                continue;
            }
            final int timeSlot = ShapeDecoder.slot(s, Metric.TIME.code());
            final boolean timeKnown = shape.timeKnown(s);
            if (timeKnown)
            {
                final double all = sumTo(t, shape, timeSlot, e);
                // a missing time and a sum that is NaN both make the reader raise: NaN marks both
                allTime[s] = has(t, shape, timeSlot, e) ? all : Double.NaN;
            }
            final int lossSlot = ShapeDecoder.slot(s, Metric.LOSS.code());
            final int accSlot = ShapeDecoder.slot(s, Metric.ACCURACY.code());
            if (has(t, shape, lossSlot, e) && has(t, shape, accSlot, e))
            {
                loss[s] = (float)valueAt(t, shape, lossSlot, e);
                accuracy[s] = (float)valueAt(t, shape, accSlot, e);
                ambiguous |= loss[s] != loss[s] || accuracy[s] != accuracy[s];
            }
        }
    }

    private static boolean has(final TrialRecord t, final TrialShape shape, final int slot, final int epoch)
    {
        final int kind = shape.kinds[slot];
        if (kind == SeriesKind.DENSE.code() || kind == SeriesKind.CONSTANT.code())
        {
            return epoch >= 0 && epoch < shape.epochs;
        }
        return kind == SeriesKind.SPARSE.code() && TrialShape.seriesOf(t, slot).hasEpoch(epoch);
    }

    /** @return the stored f32 value of (slot, epoch), which {@link #has} says exists. */
    private static double valueAt(final TrialRecord t, final TrialShape shape, final int slot, final int epoch)
    {
        final Series s = TrialShape.seriesOf(t, slot);
        return shape.kinds[slot] == SeriesKind.CONSTANT.code() ? (float)s.valueAt(0) : (float)s.valueAtEpoch(epoch);
    }

    /** The reader's sum of a series over epochs 0..epoch from its stored f32 values; NaN when one is missing. */
    private static double sumTo(final TrialRecord t, final TrialShape shape, final int slot, final int epoch)
    {
        final Series s = TrialShape.seriesOf(t, slot);
        final int kind = shape.kinds[slot];
        if (kind == SeriesKind.CONSTANT.code())
        {
            return (double)(float)s.valueAt(0) * (epoch + 1);
        }
        if (kind == SeriesKind.DENSE.code())
        {
            double sum = 0;
            for (int e = 0; e <= epoch; e++)
            {
                sum += (float)s.valueAt(e);
            }
            return sum;
        }
        if (kind == SeriesKind.SPARSE.code())
        {
            if (s.size() < epoch + 1)
            {
                return Double.NaN;
            }
            double sum = 0;
            for (int e = 0; e <= epoch; e++)
            {
                if (s.epochAt(e) != e)
                {
                    return Double.NaN;
                }
                sum += (float)s.valueAt(e);
            }
            return sum;
        }
        return Double.NaN;
    }
}
