package org.nasmap.format;

import org.agrona.DirectBuffer;

/**
 * Flyweight decoder of a GROUP_ANSWERS entry (derived at conversion): the answers over seeds that
 * {@code get_more_info(iepoch=None, is_random=False)} and {@code get_cost_info} give for one group, so that
 * both read one entry instead of every trial's TRIAL_FINALS entry. Entries exist for the groups of the hp slots
 * whose hp has more than {@link Layout#ANSWERS_MIN_EPOCHS} epochs ({@link Layout#answerIndex}).
 *
 * <pre>
 *   0       4        8          16             56             96             136            176        192
 *   +-------+--------+----------+--------------+--------------+--------------+--------------+----------+
 *   | FLAGS | EPOCHS | RESERVED | train        | x-valid      | x-test       | ori-test     | RESERVED |
 *   | i32   | i32    | 8 bytes  | SPLIT        | SPLIT        | SPLIT        | SPLIT        | 16 bytes |
 *   +-------+--------+----------+--------------+--------------+--------------+--------------+----------+
 *
 *   SPLIT  0      8          16         24           32           40
 *          +------+----------+----------+------------+------------+
 *          | LOSS | ACCURACY | ALL_TIME | EPOCH_TIME | TOTAL_TIME |
 *          | f64  | f64      | f64      | f64        | f64        |
 *          +------+----------+----------+------------+------------+
 * </pre>
 * LOSS, ACCURACY and ALL_TIME: {@code get_metrics(split, iepoch=None, is_random=False)}'s mean loss, accuracy and
 * all-time, valid when {@link #FLAG_PRESENT} and the split's {@code MEAN_OK} bit are set (ALL_TIME when its
 * {@code TIME_KNOWN} bit is set too). EPOCH_TIME and TOTAL_TIME: {@code get_cost_info}'s
 * {@code T-<split>@epoch} and {@code T-<split>@total}, valid when {@link #FLAG_COSTS} and the split's
 * {@code TIME_KEY} and {@code TIME_KEY_KNOWN} bits are set. Every trial of a present entry has EPOCHS epochs.
 * {@link #wrap} returns {@code this}; not thread-safe.
 */
public final class GroupAnswersDecoder
{
    public static final int FLAGS_OFFSET = 0;
    public static final int EPOCHS_OFFSET = FLAGS_OFFSET + Integer.BYTES;
    public static final int RESERVED_OFFSET = EPOCHS_OFFSET + Integer.BYTES;
    public static final int SPLITS_OFFSET = RESERVED_OFFSET + Long.BYTES;
    public static final int LOSS_OFFSET = 0;
    public static final int ACCURACY_OFFSET = LOSS_OFFSET + Double.BYTES;
    public static final int ALL_TIME_OFFSET = ACCURACY_OFFSET + Double.BYTES;
    public static final int EPOCH_TIME_OFFSET = ALL_TIME_OFFSET + Double.BYTES;
    public static final int TOTAL_TIME_OFFSET = EPOCH_TIME_OFFSET + Double.BYTES;
    public static final int SPLIT_LENGTH = TOTAL_TIME_OFFSET + Double.BYTES;
    public static final int TAIL_OFFSET = SPLITS_OFFSET + 4 * SPLIT_LENGTH;
    public static final int LENGTH = 192;

    /** The entry holds the group's answers; when clear, a reader takes the trial-by-trial path. */
    public static final int FLAG_PRESENT = 1;
    /** Bit {@code 4 + split}: {@code get_metrics(split, None, mean)} returns (it does not raise). */
    public static final int MEAN_OK_SHIFT = 4;
    /** Bit {@code 8 + split}: that split's times are known (not None) under the mean. */
    public static final int TIME_KNOWN_SHIFT = 8;
    /** {@code get_cost_info} is answered from COSTS and this entry (the group is not COSTS_CHECKED and does not raise). */
    public static final int FLAG_COSTS = 1 << 12;
    /** Bit {@code 16 + split}: {@code get_cost_info} has that split's time keys. */
    public static final int TIME_KEY_SHIFT = 16;
    /** Bit {@code 20 + split}: and they are known (not None). */
    public static final int TIME_KEY_KNOWN_SHIFT = 20;
    /** Every flag this version defines. */
    public static final int FLAGS_KNOWN = FLAG_PRESENT | 0xF << MEAN_OK_SHIFT | 0xF << TIME_KNOWN_SHIFT | FLAG_COSTS |
        0xF << TIME_KEY_SHIFT | 0xF << TIME_KEY_KNOWN_SHIFT;

    private DirectBuffer buffer;
    private int offset;

    /** @return {@code this}, over the entry at {@code offset}. */
    public GroupAnswersDecoder wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** @return the byte offset, in an entry, of a split's field at {@code fieldOffset}. */
    public static int splitField(final int split, final int fieldOffset)
    {
        return SPLITS_OFFSET + split * SPLIT_LENGTH + fieldOffset;
    }

    public int flags()
    {
        return buffer.getInt(offset + FLAGS_OFFSET);
    }

    public int epochs()
    {
        return buffer.getInt(offset + EPOCHS_OFFSET);
    }

    public double loss(final int split)
    {
        return buffer.getDouble(offset + splitField(split, LOSS_OFFSET));
    }

    public double accuracy(final int split)
    {
        return buffer.getDouble(offset + splitField(split, ACCURACY_OFFSET));
    }

    public double allTime(final int split)
    {
        return buffer.getDouble(offset + splitField(split, ALL_TIME_OFFSET));
    }

    public double epochTime(final int split)
    {
        return buffer.getDouble(offset + splitField(split, EPOCH_TIME_OFFSET));
    }

    public double totalTime(final int split)
    {
        return buffer.getDouble(offset + splitField(split, TOTAL_TIME_OFFSET));
    }

    /** @return true when the reserved bytes are zero, as a writer leaves them. */
    public boolean reservedZero()
    {
        return buffer.getLong(offset + RESERVED_OFFSET) == 0 && buffer.getLong(offset + TAIL_OFFSET) == 0 &&
            buffer.getLong(offset + TAIL_OFFSET + Long.BYTES) == 0;
    }
}
