package org.nasmap.format;

import org.agrona.MutableDirectBuffer;

/**
 * Flyweight encoder of a GROUP_ANSWERS entry; the layout is {@link GroupAnswersDecoder}'s. {@link #wrap} returns
 * {@code this} over a zeroed entry.
 */
public final class GroupAnswersEncoder
{
    private MutableDirectBuffer buffer;
    private int offset;

    /** @return {@code this}, over the entry at {@code offset}, which it zeroes. */
    public GroupAnswersEncoder wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        buffer.setMemory(offset, GroupAnswersDecoder.LENGTH, (byte)0);
        return this;
    }

    public GroupAnswersEncoder flags(final int flags)
    {
        buffer.putInt(offset + GroupAnswersDecoder.FLAGS_OFFSET, flags);
        return this;
    }

    public GroupAnswersEncoder epochs(final int epochs)
    {
        buffer.putInt(offset + GroupAnswersDecoder.EPOCHS_OFFSET, epochs);
        return this;
    }

    /** Sets a split's mean loss, accuracy and all-time. */
    public GroupAnswersEncoder means(final int split, final double loss, final double accuracy, final double allTime)
    {
        buffer.putDouble(offset + GroupAnswersDecoder.splitField(split, GroupAnswersDecoder.LOSS_OFFSET), loss);
        buffer.putDouble(offset + GroupAnswersDecoder.splitField(split, GroupAnswersDecoder.ACCURACY_OFFSET), accuracy);
        buffer.putDouble(offset + GroupAnswersDecoder.splitField(split, GroupAnswersDecoder.ALL_TIME_OFFSET), allTime);
        return this;
    }

    /** Sets a split's {@code get_cost_info} time keys. */
    public GroupAnswersEncoder times(final int split, final double epochTime, final double totalTime)
    {
        buffer.putDouble(offset + GroupAnswersDecoder.splitField(split, GroupAnswersDecoder.EPOCH_TIME_OFFSET), epochTime);
        buffer.putDouble(offset + GroupAnswersDecoder.splitField(split, GroupAnswersDecoder.TOTAL_TIME_OFFSET), totalTime);
        return this;
    }
}
