package org.nasmap.format;

import org.agrona.MutableDirectBuffer;

/** Flyweight encoder of a GROUP entry; the layout is {@link GroupDecoder}'s. {@link #wrap} returns {@code this}. */
public final class GroupEncoder
{
    private MutableDirectBuffer buffer;
    private int offset;

    /** @return {@code this}, over the entry at {@code offset}. */
    public GroupEncoder wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public GroupEncoder firstTrial(final int trial)
    {
        buffer.putInt(offset + GroupDecoder.FIRST_TRIAL_OFFSET, trial);
        return this;
    }

    public GroupEncoder seedCount(final int count)
    {
        buffer.putShort(offset + GroupDecoder.SEED_COUNT_OFFSET, (short)count);
        return this;
    }

    public GroupEncoder firstFinal(final int entry)
    {
        buffer.putInt(offset + GroupDecoder.FIRST_FINAL_OFFSET, entry);
        return this;
    }

    public GroupEncoder flags(final int flags)
    {
        buffer.putShort(offset + GroupDecoder.FLAGS_OFFSET, (short)flags);
        return this;
    }

    /** Sets inline position {@code i < INLINE}: the trial's seed, shape and first-value index. */
    public GroupEncoder inline(final int i, final int seed, final int shape, final int values)
    {
        buffer.putInt(offset + GroupDecoder.SEEDS_OFFSET + i * Integer.BYTES, seed);
        buffer.putShort(offset + GroupDecoder.SHAPES_OFFSET + i * Short.BYTES, (short)shape);
        buffer.putInt(offset + GroupDecoder.VALUES_OFFSET + i * Integer.BYTES, values);
        return this;
    }
}
