package org.nasmap.bench;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A {@link RandomGenerator} that replays precomputed numbers, so that the random seed choices of
 * {@code is_random=True} queries draw from a precomputed array inside the measured method, never from a
 * generator. Every implementation's fork replays the same sequence. Not thread-safe (one per thread).
 */
public final class ReplayRandom implements RandomGenerator
{
    private final long[] values;
    private final int mask;
    private int next;

    /**
     * @param size  how many numbers to precompute, a power of two.
     * @param seed  the seed they are drawn with.
     */
    public ReplayRandom(final int size, final long seed)
    {
        if (Integer.bitCount(size) != 1)
        {
            throw new IllegalArgumentException("size must be a power of two: " + size);
        }
        values = new long[size];
        mask = size - 1;
        final SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < size; i++)
        {
            values[i] = r.nextLong();
        }
    }

    @Override
    public long nextLong()
    {
        final long v = values[next];
        next = (next + 1) & mask;
        return v;
    }

    @Override
    public int nextInt(final int bound)
    {
        if (bound <= 0)
        {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        return (int)(((nextLong() >>> 33) * bound) >>> 31);
    }

    /** Starts the sequence again. */
    public void rewind()
    {
        next = 0;
    }
}
