package org.nasmap.format;

import org.agrona.DirectBuffer;

/**
 * Flyweight decoder of a GROUP entry: one (held architecture, hp slot, dataset), one cache line holding all
 * that a query of the group needs before it reads a value: the seed count and seeds, and each of the first
 * {@value #INLINE} trials' shape and first-value index (copies of their TRIAL entries), so that a value is one
 * dependent read away from the group.
 *
 * <pre>
 *   0             4            6          8                      24              32                    48            52         64
 *   +-------------+------------+----------+----------------------+---------------+---------------------+-------------+----------+
 *   | FIRST_TRIAL | SEED_COUNT | FLAGS    | SEED[4]              | SHAPE[4]      | VALUES[4]           | FIRST_FINAL | RESERVED |
 *   | i32         | u16        | u16      | i32 each             | u16 each      | i32 each            | i32         | zero     |
 *   +-------------+------------+----------+----------------------+---------------+---------------------+-------------+----------+
 * </pre>
 * Inline slots beyond SEED_COUNT are zero. FIRST_FINAL is the TRIAL_FINALS entry of the group's first trial (its
 * trials' entries follow in order), or -1 when the group has none. {@link #wrap} returns {@code this}; not
 * thread-safe.
 */
public final class GroupDecoder
{
    /** Trials whose seed, shape and first value the entry holds inline. */
    public static final int INLINE = 4;
    public static final int FIRST_TRIAL_OFFSET = 0;
    public static final int SEED_COUNT_OFFSET = FIRST_TRIAL_OFFSET + Integer.BYTES;
    public static final int FLAGS_OFFSET = SEED_COUNT_OFFSET + Short.BYTES;
    public static final int SEEDS_OFFSET = FLAGS_OFFSET + Short.BYTES;
    public static final int SHAPES_OFFSET = SEEDS_OFFSET + INLINE * Integer.BYTES;
    public static final int VALUES_OFFSET = SHAPES_OFFSET + INLINE * Short.BYTES;
    public static final int FIRST_FINAL_OFFSET = VALUES_OFFSET + INLINE * Integer.BYTES;
    public static final int RESERVED_OFFSET = FIRST_FINAL_OFFSET + Integer.BYTES;
    /** Reserved 32-bit words. */
    public static final int RESERVED_WORDS = 3;
    public static final int LENGTH = 64;

    /** The trials' flops differ at 5 decimals: upstream's legacy rule takes seed 888's value. */
    public static final int FLAG_FLOPS_DISAGREE = 1;
    /** The trials' params differ at 5 decimals: upstream's legacy rule takes seed 888's value. */
    public static final int FLAG_PARAMS_DISAGREE = 2;
    /**
     * {@code get_cost_info} cannot be answered from the COSTS columns and TRIAL_FINALS alone: it raises upstream
     * (legacy rule without seed 888, an empty latency list) or a trial's train times are sparse. Readers then
     * take the trial-by-trial path.
     */
    public static final int FLAG_COSTS_CHECKED = 4;
    /**
     * A trial of the group holds a NaN loss or accuracy at its last epoch, which its TRIAL_FINALS entry cannot tell
     * from a missing one: readers walk the series of this group instead.
     */
    public static final int FLAG_WALK = 8;
    /**
     * Bit {@code FLAG_LAST_OK_SHIFT + split}: the group has TRIAL_FINALS entries, is not flagged {@link #FLAG_WALK},
     * and every trial's entry answers {@code get_train}/{@code get_eval(iepoch=None)} of that split (loss and
     * accuracy present, all-time present where the times are known). A reader asked for one seed at the last epoch
     * then evaluates that trial alone: upstream evaluates them all, but none of them raises.
     */
    public static final int FLAG_LAST_OK_SHIFT = 4;
    /** The four {@code LAST_OK} bits. */
    public static final int FLAGS_LAST_OK = 0xF << FLAG_LAST_OK_SHIFT;
    /** Every flag this version defines. */
    public static final int FLAGS_KNOWN = FLAG_FLOPS_DISAGREE | FLAG_PARAMS_DISAGREE | FLAG_COSTS_CHECKED | FLAG_WALK |
        FLAGS_LAST_OK;

    /** @return the {@code LAST_OK} bit of a split. */
    public static int lastOk(final int split)
    {
        return 1 << (FLAG_LAST_OK_SHIFT + split);
    }

    private DirectBuffer buffer;
    private int offset;

    /** @return {@code this}, over the entry at {@code offset}. */
    public GroupDecoder wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** @return index of the first trial, or -1 when the dataset is not in the architecture's seed map. */
    public int firstTrial()
    {
        return buffer.getInt(offset + FIRST_TRIAL_OFFSET);
    }

    /** @return the number of trials (seeds), in upstream's seed-list order. */
    public int seedCount()
    {
        return buffer.getShort(offset + SEED_COUNT_OFFSET) & 0xFFFF;
    }

    /** @return the {@code FLAG_*} bits. */
    public int flags()
    {
        return buffer.getShort(offset + FLAGS_OFFSET) & 0xFFFF;
    }

    /** @return the seed of trial position {@code i < INLINE}. */
    public int seed(final int i)
    {
        return buffer.getInt(offset + SEEDS_OFFSET + i * Integer.BYTES);
    }

    /** @return the shape of trial position {@code i < INLINE}. */
    public int shape(final int i)
    {
        return buffer.getShort(offset + SHAPES_OFFSET + i * Short.BYTES) & 0xFFFF;
    }

    /** @return the first-value index of trial position {@code i < INLINE}. */
    public int values(final int i)
    {
        return buffer.getInt(offset + VALUES_OFFSET + i * Integer.BYTES);
    }

    /** @return the TRIAL_FINALS entry of the first trial, or -1 when the group's trials have none. */
    public int firstFinal()
    {
        return buffer.getInt(offset + FIRST_FINAL_OFFSET);
    }

    /** @return the reserved word {@code i < RESERVED_WORDS}; zero in this version. */
    public int reserved(final int i)
    {
        return buffer.getInt(offset + RESERVED_OFFSET + i * Integer.BYTES);
    }
}
