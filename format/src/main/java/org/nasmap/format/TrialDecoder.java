package org.nasmap.format;

import org.agrona.DirectBuffer;

/**
 * Flyweight decoder of a TRIAL entry: one (group, seed).
 *
 * <pre>
 *   0        4       6               8              12              16              24              32
 *   +--------+-------+---------------+--------------+---------------+---------------+---------------+
 *   | SEED   | SHAPE | LATENCY_COUNT | VALUES       | LATENCY_INDEX | FLOPS         | PARAMS        |
 *   | i32    | u16   | i16 (-1=None) | i32          | i32           | f64           | f64           |
 *   +--------+-------+---------------+--------------+---------------+---------------+---------------+
 * </pre>
 * {@link #wrap} returns {@code this}; not thread-safe.
 */
public final class TrialDecoder
{
    public static final int SEED_OFFSET = 0;
    public static final int SHAPE_OFFSET = SEED_OFFSET + Integer.BYTES;
    public static final int LATENCY_COUNT_OFFSET = SHAPE_OFFSET + Short.BYTES;
    public static final int VALUES_OFFSET = LATENCY_COUNT_OFFSET + Short.BYTES;
    public static final int LATENCY_INDEX_OFFSET = VALUES_OFFSET + Integer.BYTES;
    public static final int FLOPS_OFFSET = LATENCY_INDEX_OFFSET + Integer.BYTES;
    public static final int PARAMS_OFFSET = FLOPS_OFFSET + Double.BYTES;
    public static final int LENGTH = PARAMS_OFFSET + Double.BYTES;

    private DirectBuffer buffer;
    private int offset;

    /** @return {@code this}, over the entry at {@code offset}. */
    public TrialDecoder wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public int seed()
    {
        return buffer.getInt(offset + SEED_OFFSET);
    }

    public int shape()
    {
        return buffer.getShort(offset + SHAPE_OFFSET) & 0xFFFF;
    }

    /** @return the length of the latency list, or -1 when the source holds None. */
    public int latencyCount()
    {
        return buffer.getShort(offset + LATENCY_COUNT_OFFSET);
    }

    /** @return index in VALUES of the trial's first value. */
    public int values()
    {
        return buffer.getInt(offset + VALUES_OFFSET);
    }

    /** @return index in LATENCIES of the latency list. */
    public int latencyIndex()
    {
        return buffer.getInt(offset + LATENCY_INDEX_OFFSET);
    }

    public double flops()
    {
        return buffer.getDouble(offset + FLOPS_OFFSET);
    }

    public double params()
    {
        return buffer.getDouble(offset + PARAMS_OFFSET);
    }
}
