package org.nasmap.reader;

import org.agrona.UnsafeApi;
import org.nasmap.format.SeriesKind;
import org.nasmap.format.ShapeDecoder;

/**
 * Where a trial's value of (slot, epoch) is, and the sum of a series up to an epoch, for the four series kinds.
 * Shapes are addressed by the byte offset of their entry in the file's validated copy; every index
 * returned lies within the trial's values, which the caller checked against VALUES.
 */
final class SeriesCursor
{
    private SeriesCursor()
    {
    }

    /**
     * @param shape the byte offset of a checked shape in {@link NasmapFile#shapes}.
     * @param slot  below {@link ShapeDecoder#SLOT_COUNT}.
     * @param epoch within {@code 0 .. epochs - 1} of the shape.
     * @return the VALUES index of (slot, epoch) of a trial, or -1 when the source has no value there.
     */
    static long valueIndex(final NasmapFile file, final int shape, final long trialBase, final int slot, final int epoch)
    {
        return valueIndex(file, slotAddress(file.shapes.addressOffset() + shape, slot), trialBase, epoch);
    }

    /** @return the address of a slot of the shape at {@code shapeAddress} in the shape copy. */
    static long slotAddress(final long shapeAddress, final int slot)
    {
        return shapeAddress + ShapeDecoder.SLOTS_OFFSET + (long)slot * ShapeDecoder.SLOT_LENGTH;
    }

    /**
     * {@link #valueIndex(NasmapFile, int, long, int, int)} from a slot of the shape copy: the copy was validated at
     * open, so its fields are read without a bounds check each. Reads only the copy and, for a SPARSE slot, its
     * validated epoch list: the caller checks the epoch and the trial's values before reading VALUES at the index.
     *
     * @param slotAddress a slot of a checked shape, from {@link #slotAddress}.
     */
    static long valueIndex(final NasmapFile file, final long slotAddress, final long trialBase, final int epoch)
    {
        final int kind = UnsafeApi.getInt(null, slotAddress + ShapeDecoder.SLOT_KIND_OFFSET);
        final long start = trialBase + UnsafeApi.getInt(null, slotAddress + ShapeDecoder.SLOT_VALUE_OFFSET);
        if (kind == SeriesKind.SPARSE_CODE)
        {
            final int list = UnsafeApi.getInt(null, slotAddress + ShapeDecoder.SLOT_EPOCHS_INDEX_OFFSET);
            final int count = UnsafeApi.getInt(null, slotAddress + ShapeDecoder.SLOT_VALUE_COUNT_OFFSET);
            for (int i = 0; i < count; i++)
            {
                if (file.epochListEntry(list + i) == epoch)
                {
                    return start + i;
                }
            }
            return -1;
        }
        // DENSE: the epoch's value; CONSTANT: the one value; ABSENT: none (selects rather than a branch per kind)
        final long index = start + (kind == SeriesKind.DENSE_CODE ? epoch : 0);
        return kind == SeriesKind.ABSENT_CODE ? -1 : index;
    }

    /** @return the sum of a series over epochs 0..epoch, or NaN when one of them is missing. */
    static double sumTo(final NasmapFile file, final int shape, final long trialBase, final int slot, final int epoch)
    {
        final long start = trialBase + file.slotValueOffset(shape, slot);
        switch (file.slotKind(shape, slot))
        {
            case SeriesKind.DENSE_CODE:
            {
                double sum = 0;
                for (int e = 0; e <= epoch; e++)
                {
                    sum += file.value(start + e);
                }
                return sum;
            }
            case SeriesKind.CONSTANT_CODE:
                return (double)file.value(start) * (epoch + 1);
            case SeriesKind.SPARSE_CODE:
            {
                final int list = file.slotEpochsIndex(shape, slot);
                if (file.slotValueCount(shape, slot) < epoch + 1)
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
                    sum += file.value(start + e);
                }
                return sum;
            }
            default:
                return Double.NaN;
        }
    }

    /** @return the sum of every stored value of a series and, through the caller, their count (train times). */
    static double sumAll(final NasmapFile file, final int shape, final long trialBase, final int slot)
    {
        final long start = trialBase + file.slotValueOffset(shape, slot);
        final int kind = file.slotKind(shape, slot);
        if (kind == SeriesKind.CONSTANT_CODE)
        {
            return (double)file.value(start) * file.shapeEpochs(shape);
        }
        double sum = 0;
        for (int k = 0, n = file.slotValueCount(shape, slot); k < n; k++)
        {
            sum += file.value(start + k);
        }
        return sum;
    }

    /** @return how many values {@link #sumAll} adds: the epochs for a constant series, else the stored count. */
    static int countAll(final NasmapFile file, final int shape, final int slot)
    {
        return file.slotKind(shape, slot) == SeriesKind.CONSTANT_CODE ? file.shapeEpochs(shape) : file.slotValueCount(shape, slot);
    }
}
