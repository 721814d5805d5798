package org.nasmap.reader;

import org.agrona.UnsafeApi;
import org.nasmap.format.SeriesKind;
import org.nasmap.format.ShapeDecoder;

/**
 * Where a value lies in a trial, per (shape, slot), from a file's validated shape copy: the first value's index in
 * the trial for a DENSE or CONSTANT slot and -1 for a SPARSE or ABSENT one, its step per epoch (1 DENSE, 0
 * CONSTANT), and per shape its epoch and value counts. A few hundred bytes on the heap: they stay in the CPU's
 * first-level cache, so a value's index is one multiply-add instead of a branch per series kind. Immutable.
 */
final class ShapeSteps
{
    final int[] start;
    final int[] step;
    final int[] epochs;
    final int[] valueCount;

    ShapeSteps(final NasmapFile file)
    {
        final int shapes = file.shapeCount();
        final long shapesAddress = file.shapes.addressOffset();
        start = new int[shapes * ShapeDecoder.SLOT_COUNT];
        step = new int[shapes * ShapeDecoder.SLOT_COUNT];
        epochs = new int[shapes];
        valueCount = new int[shapes];
        for (int s = 0; s < shapes; s++)
        {
            // the copy was validated at open: every slot's values lie inside the shape's value count
            final long shapeAt = shapesAddress + (long)s * ShapeDecoder.LENGTH;
            epochs[s] = UnsafeApi.getInt(null, shapeAt + ShapeDecoder.EPOCHS_OFFSET);
            valueCount[s] = UnsafeApi.getInt(null, shapeAt + ShapeDecoder.VALUE_COUNT_OFFSET);
            for (int slot = 0; slot < ShapeDecoder.SLOT_COUNT; slot++)
            {
                final long slotAt = SeriesCursor.slotAddress(shapeAt, slot);
                final int kind = UnsafeApi.getInt(null, slotAt + ShapeDecoder.SLOT_KIND_OFFSET);
                final boolean stepped = kind == SeriesKind.DENSE_CODE || kind == SeriesKind.CONSTANT_CODE;
                start[at(s, slot)] = stepped ? UnsafeApi.getInt(null, slotAt + ShapeDecoder.SLOT_VALUE_OFFSET) : -1;
                step[at(s, slot)] = kind == SeriesKind.DENSE_CODE ? 1 : 0;
            }
        }
    }

    /** @return the index of (shape, slot) in {@link #start} and {@link #step}; the shape a number below the count. */
    static int at(final int shape, final int slot)
    {
        return shape * ShapeDecoder.SLOT_COUNT + slot;
    }
}
