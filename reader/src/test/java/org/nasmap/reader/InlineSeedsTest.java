package org.nasmap.reader;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.nasmap.format.GroupDecoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The branch-free seed search of a group's line: the lowest of the four inline positions whose seed is the one asked
 * for, or 4, for seeds that differ in one bit, in the sign, that repeat, and that are 0 like the padding beyond a
 * group's seed count.
 */
class InlineSeedsTest
{
    @Test
    void lowestMatchingPositionOrFour()
    {
        final UnsafeBuffer line = new UnsafeBuffer(ByteBuffer.allocateDirect(GroupDecoder.LENGTH));
        final SplittableRandom r = new SplittableRandom(11);
        final int[] pool = {0, 1, -1, 777, 888, 999, 111, 776, 777 ^ (1 << 31), Integer.MIN_VALUE, Integer.MAX_VALUE};
        final int[] seeds = new int[GroupDecoder.INLINE];
        for (int round = 0; round < 200_000; round++)
        {
            for (int k = 0; k < seeds.length; k++)
            {
                seeds[k] = r.nextInt(4) == 0 ? r.nextInt() : pool[r.nextInt(pool.length)];
                line.putInt(GroupDecoder.SEEDS_OFFSET + k * Integer.BYTES, seeds[k]);
            }
            final int asked = r.nextBoolean() ? seeds[r.nextInt(seeds.length)] : pool[r.nextInt(pool.length)];
            int expected = GroupDecoder.INLINE;
            for (int k = seeds.length - 1; k >= 0; k--)
            {
                if (seeds[k] == asked)
                {
                    expected = k;
                }
            }
            assertEquals(expected, Groups.inlinePosition(line.addressOffset(), asked),
                java.util.Arrays.toString(seeds) + " asked " + asked);
        }
    }
}
