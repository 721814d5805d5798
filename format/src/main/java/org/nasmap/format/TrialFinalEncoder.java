package org.nasmap.format;

import org.agrona.MutableDirectBuffer;

/** Flyweight encoder of a TRIAL_FINALS entry; the layout is {@link TrialFinalDecoder}'s. {@link #wrap} returns {@code this}. */
public final class TrialFinalEncoder
{
    private MutableDirectBuffer buffer;
    private int offset;

    /** @return {@code this}, over the entry at {@code offset}. */
    public TrialFinalEncoder wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** Sets one split's block. */
    public TrialFinalEncoder split(final int split, final float loss, final float accuracy, final double allTime)
    {
        final int at = offset + split * TrialFinalDecoder.SPLIT_LENGTH;
        buffer.putFloat(at + TrialFinalDecoder.LOSS_OFFSET, loss);
        buffer.putFloat(at + TrialFinalDecoder.ACCURACY_OFFSET, accuracy);
        buffer.putDouble(at + TrialFinalDecoder.ALL_TIME_OFFSET, allTime);
        return this;
    }
}
