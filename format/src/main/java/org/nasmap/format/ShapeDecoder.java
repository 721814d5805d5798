package org.nasmap.format;

import org.agrona.DirectBuffer;

/**
 * Flyweight decoder of a SHAPE entry: how a trial's series are stored. Trials of equal shape share one entry.
 *
 * <pre>
 *   0        4           8       12            16                                                     272
 *   +--------+-----------+-------+-------------+------------------------------------------------------+
 *   | EPOCHS | EVAL_MASK | FLAGS | VALUE_COUNT | SLOT[16], slot = split * 4 + metric                  |
 *   | i32    | i32       | i32   | i32         | 16 bytes each                                        |
 *   +--------+-----------+-------+-------------+------------------------------------------------------+
 *
 *   SLOT   0      4              8             12             16
 *          +------+--------------+-------------+--------------+
 *          | KIND | VALUE_OFFSET | VALUE_COUNT | EPOCHS_INDEX |
 *          | i32  | i32          | i32         | i32          |
 *          +------+--------------+-------------+--------------+
 * </pre>
 * KIND is a {@link SeriesKind} code; VALUE_OFFSET is relative to the trial's first value; EPOCHS_INDEX is
 * SPARSE's list in EPOCH_LISTS. {@link #wrap} returns {@code this}; not thread-safe.
 */
public final class ShapeDecoder
{
    public static final int EPOCHS_OFFSET = 0;
    public static final int EVAL_MASK_OFFSET = EPOCHS_OFFSET + Integer.BYTES;
    public static final int FLAGS_OFFSET = EVAL_MASK_OFFSET + Integer.BYTES;
    public static final int VALUE_COUNT_OFFSET = FLAGS_OFFSET + Integer.BYTES;
    public static final int SLOTS_OFFSET = VALUE_COUNT_OFFSET + Integer.BYTES;
    public static final int SLOT_KIND_OFFSET = 0;
    public static final int SLOT_VALUE_OFFSET = SLOT_KIND_OFFSET + Integer.BYTES;
    public static final int SLOT_VALUE_COUNT_OFFSET = SLOT_VALUE_OFFSET + Integer.BYTES;
    public static final int SLOT_EPOCHS_INDEX_OFFSET = SLOT_VALUE_COUNT_OFFSET + Integer.BYTES;
    public static final int SLOT_LENGTH = SLOT_EPOCHS_INDEX_OFFSET + Integer.BYTES;
    public static final int SLOT_COUNT = Split.count() * Metric.count();
    public static final int LENGTH = SLOTS_OFFSET + SLOT_COUNT * SLOT_LENGTH;
    /** The trial's eval-times dict is empty: eval times are None rather than missing. */
    public static final int FLAG_EVAL_TIMES_EMPTY = 1;

    private DirectBuffer buffer;
    private int offset;

    /** @return the slot of (split code, metric code). */
    public static int slot(final int split, final int metric)
    {
        return split * Metric.count() + metric;
    }

    /** @return {@code this}, over the entry at {@code offset}. */
    public ShapeDecoder wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** @return the trial's number of epochs. */
    public int epochs()
    {
        return buffer.getInt(offset + EPOCHS_OFFSET);
    }

    /** @return bit {@link Split#code()} set for each evaluation name the trial has. */
    public int evalMask()
    {
        return buffer.getInt(offset + EVAL_MASK_OFFSET);
    }

    /** @return {@link #FLAG_EVAL_TIMES_EMPTY} or 0. */
    public int flags()
    {
        return buffer.getInt(offset + FLAGS_OFFSET);
    }

    /** @return the number of f32 values a trial of this shape owns. */
    public int valueCount()
    {
        return buffer.getInt(offset + VALUE_COUNT_OFFSET);
    }

    /** @return the {@link SeriesKind} code of a slot. */
    public int kind(final int slot)
    {
        return buffer.getInt(offset + SLOTS_OFFSET + slot * SLOT_LENGTH + SLOT_KIND_OFFSET);
    }

    /** @return a slot's first value, relative to the trial's first value. */
    public int valueOffset(final int slot)
    {
        return buffer.getInt(offset + SLOTS_OFFSET + slot * SLOT_LENGTH + SLOT_VALUE_OFFSET);
    }

    /** @return a slot's number of values. */
    public int valueCount(final int slot)
    {
        return buffer.getInt(offset + SLOTS_OFFSET + slot * SLOT_LENGTH + SLOT_VALUE_COUNT_OFFSET);
    }

    /** @return a SPARSE slot's index in EPOCH_LISTS. */
    public int epochsIndex(final int slot)
    {
        return buffer.getInt(offset + SLOTS_OFFSET + slot * SLOT_LENGTH + SLOT_EPOCHS_INDEX_OFFSET);
    }
}
