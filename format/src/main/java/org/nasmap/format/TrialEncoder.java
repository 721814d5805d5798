package org.nasmap.format;

import org.agrona.MutableDirectBuffer;

/** Flyweight encoder of a TRIAL entry; the layout is {@link TrialDecoder}'s. {@link #wrap} returns {@code this}. */
public final class TrialEncoder
{
    private MutableDirectBuffer buffer;
    private int offset;

    /** @return {@code this}, over the entry at {@code offset}. */
    public TrialEncoder wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public TrialEncoder seed(final int seed)
    {
        buffer.putInt(offset + TrialDecoder.SEED_OFFSET, seed);
        return this;
    }

    public TrialEncoder shape(final int shape)
    {
        buffer.putShort(offset + TrialDecoder.SHAPE_OFFSET, (short)shape);
        return this;
    }

    public TrialEncoder latencyCount(final int count)
    {
        buffer.putShort(offset + TrialDecoder.LATENCY_COUNT_OFFSET, (short)count);
        return this;
    }

    public TrialEncoder values(final int index)
    {
        buffer.putInt(offset + TrialDecoder.VALUES_OFFSET, index);
        return this;
    }

    public TrialEncoder latencyIndex(final int index)
    {
        buffer.putInt(offset + TrialDecoder.LATENCY_INDEX_OFFSET, index);
        return this;
    }

    public TrialEncoder flops(final double flops)
    {
        buffer.putDouble(offset + TrialDecoder.FLOPS_OFFSET, flops);
        return this;
    }

    public TrialEncoder params(final double params)
    {
        buffer.putDouble(offset + TrialDecoder.PARAMS_OFFSET, params);
        return this;
    }
}
