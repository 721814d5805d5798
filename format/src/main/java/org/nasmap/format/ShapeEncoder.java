package org.nasmap.format;

import org.agrona.MutableDirectBuffer;

/** Flyweight encoder of a SHAPE entry; the layout is {@link ShapeDecoder}'s. {@link #wrap} returns {@code this}. */
public final class ShapeEncoder
{
    private MutableDirectBuffer buffer;
    private int offset;

    /** @return {@code this}, over the entry at {@code offset}. */
    public ShapeEncoder wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public ShapeEncoder epochs(final int epochs)
    {
        buffer.putInt(offset + ShapeDecoder.EPOCHS_OFFSET, epochs);
        return this;
    }

    public ShapeEncoder evalMask(final int mask)
    {
        buffer.putInt(offset + ShapeDecoder.EVAL_MASK_OFFSET, mask);
        return this;
    }

    public ShapeEncoder flags(final int flags)
    {
        buffer.putInt(offset + ShapeDecoder.FLAGS_OFFSET, flags);
        return this;
    }

    public ShapeEncoder valueCount(final int count)
    {
        buffer.putInt(offset + ShapeDecoder.VALUE_COUNT_OFFSET, count);
        return this;
    }

    /** Sets one slot: its {@link SeriesKind}, first value, value count and (SPARSE) epoch list. */
    public ShapeEncoder slot(final int slot, final SeriesKind kind, final int valueOffset, final int valueCount,
        final int epochsIndex)
    {
        final int at = offset + ShapeDecoder.SLOTS_OFFSET + slot * ShapeDecoder.SLOT_LENGTH;
        buffer.putInt(at + ShapeDecoder.SLOT_KIND_OFFSET, kind.code());
        buffer.putInt(at + ShapeDecoder.SLOT_VALUE_OFFSET, valueOffset);
        buffer.putInt(at + ShapeDecoder.SLOT_VALUE_COUNT_OFFSET, valueCount);
        buffer.putInt(at + ShapeDecoder.SLOT_EPOCHS_INDEX_OFFSET, epochsIndex);
        return this;
    }
}
