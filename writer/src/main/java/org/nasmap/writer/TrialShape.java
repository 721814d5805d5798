package org.nasmap.writer;

import java.util.Arrays;

import org.nasmap.format.Layout;
import org.nasmap.format.SeriesKind;
import org.nasmap.writer.source.Series;
import org.nasmap.writer.source.TrialRecord;

/**
 * The shape of a trial: its epochs, evaluation names and, per series slot, how the series is stored.
 * Trials of equal shape share one SHAPE entry; value offsets follow from slot order.
 */
final class TrialShape
{
    final int epochs;
    final int evalMask;
    final int flags;
    final int[] kinds = new int[Layout.SLOT_COUNT];
    final int[] counts = new int[Layout.SLOT_COUNT];
    final int[] offsets = new int[Layout.SLOT_COUNT];
    final int[][] sparseEpochs = new int[Layout.SLOT_COUNT][];
    final int valueCount;

    TrialShape(final TrialRecord t)
    {
        this.epochs = t.epochs();
        this.evalMask = t.evalMask();
        this.flags = t.evalTimesEmpty() ? Layout.SHAPE_FLAG_EVAL_TIMES_EMPTY : 0;
        int offset = 0;
        for (int slot = 0; slot < Layout.SLOT_COUNT; slot++)
        {
            final Series s = seriesOf(t, slot);
            final SeriesKind kind;
            if (s == null)
            {
                kind = SeriesKind.ABSENT;
            }
            else if (s.isDense(epochs) && s.size() > 0 && s.isConstantAsFloat())
            {
                kind = SeriesKind.CONSTANT;
            }
            else if (s.isDense(epochs))
            {
                kind = SeriesKind.DENSE;
            }
            else
            {
                kind = SeriesKind.SPARSE;
                sparseEpochs[slot] = s.epochs();
            }
            kinds[slot] = kind.code();
            counts[slot] = switch (kind)
            {
                case ABSENT -> 0;
                case CONSTANT -> 1;
                default -> s.size();
            };
            offsets[slot] = kind == SeriesKind.ABSENT ? 0 : offset;
            offset += counts[slot];
        }
        this.valueCount = offset;
    }

    /**
     * @return whether a trial of this shape has times for a split: train, when its time series is not ABSENT; an
     * evaluation split, when its {@code eval_times} are not empty (else upstream's None).
     */
    boolean timeKnown(final int split)
    {
        return split == org.nasmap.format.Split.TRAIN.code() ?
            kinds[Layout.slot(split, org.nasmap.format.Metric.TIME.code())] != SeriesKind.ABSENT.code() :
            (flags & org.nasmap.format.ShapeDecoder.FLAG_EVAL_TIMES_EMPTY) == 0;
    }

    static Series seriesOf(final TrialRecord t, final int slot)
    {
        return t.series(org.nasmap.format.Split.ofOrdinal(slot / org.nasmap.format.Metric.count()),
            org.nasmap.format.Metric.ofOrdinal(slot % org.nasmap.format.Metric.count()));
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof TrialShape))
        {
            return false;
        }
        final TrialShape s = (TrialShape)o;
        return epochs == s.epochs && evalMask == s.evalMask && flags == s.flags &&
            Arrays.equals(kinds, s.kinds) && Arrays.equals(counts, s.counts) &&
            Arrays.deepEquals(sparseEpochs, s.sparseEpochs);
    }

    @Override
    public int hashCode()
    {
        return ((epochs * 31 + evalMask) * 31 + flags) * 31 * 31 + Arrays.hashCode(kinds) * 31 +
            Arrays.deepHashCode(sparseEpochs);
    }
}
