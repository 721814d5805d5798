package org.nasmap.format;

import org.agrona.MutableDirectBuffer;

/** Flyweight encoder of a CONFIG entry; the layout is {@link ConfigDecoder}'s. {@link #wrap} returns {@code this}. */
public final class ConfigEncoder
{
    private MutableDirectBuffer buffer;
    private int offset;

    /** @return {@code this}, over the entry at {@code offset}. */
    public ConfigEncoder wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** Writes every field. */
    public ConfigEncoder set(final ConfigKind kind, final int classNum, final int a, final int b, final int c)
    {
        buffer.putInt(offset + ConfigDecoder.KIND_OFFSET, kind.code());
        buffer.putInt(offset + ConfigDecoder.CLASS_NUM_OFFSET, classNum);
        buffer.putInt(offset + ConfigDecoder.A_OFFSET, a);
        buffer.putInt(offset + ConfigDecoder.B_OFFSET, b);
        buffer.putInt(offset + ConfigDecoder.C_OFFSET, c);
        return this;
    }
}
