package org.nasmap.format;

import org.agrona.DirectBuffer;

/**
 * Flyweight decoder of a CONFIG entry: upstream's {@code get_net_config} for one (held architecture, dataset).
 *
 * <pre>
 *   0      4           8       12      16      20
 *   +------+-----------+-------+-------+-------+
 *   | KIND | CLASS_NUM | A     | B     | C     |
 *   | i32  | i32       | i32   | i32   | i32   |
 *   +------+-----------+-------+-------+-------+
 *   TINY:       A = C, B = N, C = string index of arch_str
 *   SHAPE_TINY: A = string index of channels, B = string index of genotype, C = 0
 * </pre>
 * KIND is a {@link ConfigKind} code. {@link #wrap} returns {@code this}; not thread-safe.
 */
public final class ConfigDecoder
{
    public static final int KIND_OFFSET = 0;
    public static final int CLASS_NUM_OFFSET = KIND_OFFSET + Integer.BYTES;
    public static final int A_OFFSET = CLASS_NUM_OFFSET + Integer.BYTES;
    public static final int B_OFFSET = A_OFFSET + Integer.BYTES;
    public static final int C_OFFSET = B_OFFSET + Integer.BYTES;
    public static final int LENGTH = C_OFFSET + Integer.BYTES;

    private DirectBuffer buffer;
    private int offset;

    /** @return {@code this}, over the entry at {@code offset}. */
    public ConfigDecoder wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** @return the {@link ConfigKind} code. */
    public int kind()
    {
        return buffer.getInt(offset + KIND_OFFSET);
    }

    public int classNum()
    {
        return buffer.getInt(offset + CLASS_NUM_OFFSET);
    }

    public int a()
    {
        return buffer.getInt(offset + A_OFFSET);
    }

    public int b()
    {
        return buffer.getInt(offset + B_OFFSET);
    }

    public int c()
    {
        return buffer.getInt(offset + C_OFFSET);
    }
}
