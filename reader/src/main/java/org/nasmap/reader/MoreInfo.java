package org.nasmap.reader;

/**
 * Upstream's {@code get_more_info} dict as a reusable, caller-owned object. Each {@link Block} is
 * present or left out exactly where upstream's dict has or lacks its keys. Valid until the next call
 * that fills it; not thread-safe (one per thread).
 */
public final class MoreInfo
{
    /** The key prefixes of upstream's dict. */
    public enum Block
    {
        /** {@code train-*}. */
        TRAIN("train"),
        /** {@code valid-*}. */
        VALID("valid"),
        /** {@code test-*}. */
        TEST("test"),
        /** {@code valtest-*}. */
        VALTEST("valtest");

        private static final Block[] VALUES = values();
        private final String prefix;

        Block(final String prefix)
        {
            this.prefix = prefix;
        }

        /** @return the key prefix, for example {@code "valtest"}. */
        public String prefix()
        {
            return prefix;
        }

        static Block ofOrdinal(final int i)
        {
            return VALUES[i];
        }
    }

    /** Scratch for the per-set lookups. */
    final Metrics scratch = new Metrics();
    private final boolean[] present = new boolean[4];
    private final double[] loss = new double[4];
    private final double[] accuracy = new double[4];
    private final double[] perTime = new double[4];
    private final double[] allTime = new double[4];
    private final boolean[] timeKnown = new boolean[4];

    void clear()
    {
        for (int i = 0; i < 4; i++)
        {
            present[i] = false;
        }
    }

    void set(final Block block, final Metrics m, final double total)
    {
        final int i = block.ordinal();
        present[i] = true;
        loss[i] = m.loss;
        accuracy[i] = m.accuracy;
        timeKnown[i] = m.timeKnown;
        allTime[i] = m.timeKnown ? m.allTime : Double.NaN;
        perTime[i] = m.timeKnown ? m.allTime / total : Double.NaN;
    }

    /** Sets a block from GROUP_ANSWERS' means: as {@link #set(Block, Metrics, double)} with those values. */
    void set(final Block block, final double loss, final double accuracy, final double allTime, final boolean known,
        final double total)
    {
        final int i = block.ordinal();
        present[i] = true;
        this.loss[i] = loss;
        this.accuracy[i] = accuracy;
        timeKnown[i] = known;
        this.allTime[i] = known ? allTime : Double.NaN;
        perTime[i] = known ? allTime / total : Double.NaN;
    }

    /** @return true when upstream's dict has this block's keys. */
    public boolean has(final Block block)
    {
        return present[block.ordinal()];
    }

    /** @return {@code <block>-loss}. */
    public double loss(final Block block)
    {
        return loss[block.ordinal()];
    }

    /** @return {@code <block>-accuracy}. */
    public double accuracy(final Block block)
    {
        return accuracy[block.ordinal()];
    }

    /** @return {@code <block>-per-time}: all-time over (iepoch + 1); NaN for None. */
    public double perTime(final Block block)
    {
        return perTime[block.ordinal()];
    }

    /** @return {@code <block>-all-time}; NaN for None. */
    public double allTime(final Block block)
    {
        return allTime[block.ordinal()];
    }

    /** @return false when the block's times are None upstream. */
    public boolean timeKnown(final Block block)
    {
        return timeKnown[block.ordinal()];
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("MoreInfo{");
        for (final Block b : Block.values())
        {
            if (has(b))
            {
                sb.append(b.prefix).append(": loss=").append(loss(b)).append(", accuracy=").append(accuracy(b))
                    .append(", per-time=").append(perTime(b)).append(", all-time=").append(allTime(b)).append("; ");
            }
        }
        return sb.append('}').toString();
    }
}
