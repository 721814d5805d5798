package org.nasmap.format;

import org.agrona.DirectBuffer;

/**
 * Flyweight decoder of a TRIAL_FINALS entry (derived at conversion): for each split, what
 * {@code get_train}/{@code get_eval(iepoch=None)} of the trial reads at its last epoch, so that
 * {@code get_more_info}, {@code simulate_train_eval} and {@code get_cost_info} read one cache line per trial
 * instead of walking its series.
 *
 * <pre>
 *   0                16               32               48               64
 *   +----------------+----------------+----------------+----------------+
 *   | train          | x-valid        | x-test         | ori-test       |   one SPLIT block per split code
 *   +----------------+----------------+----------------+----------------+
 *
 *   SPLIT  0      4          8            16
 *          +------+----------+------------+
 *          | LOSS | ACCURACY | ALL_TIME   |
 *          | f32  | f32      | f64        |
 *          +------+----------+------------+
 * </pre>
 * LOSS and ACCURACY are the stored values at the last epoch, NaN where the series has none there; ALL_TIME is
 * the sum of the per-epoch times up to the last epoch as the reader computes it from the stored values, NaN
 * when a time is missing or the times are None. {@link #wrap} returns {@code this}; not thread-safe.
 */
public final class TrialFinalDecoder
{
    public static final int SPLIT_LENGTH = 16;
    public static final int LOSS_OFFSET = 0;
    public static final int ACCURACY_OFFSET = LOSS_OFFSET + Float.BYTES;
    public static final int ALL_TIME_OFFSET = ACCURACY_OFFSET + Float.BYTES;
    public static final int LENGTH = SPLIT_LENGTH * 4;

    private DirectBuffer buffer;
    private int offset;

    /** @return {@code this}, over the entry at {@code offset}. */
    public TrialFinalDecoder wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public float loss(final int split)
    {
        return buffer.getFloat(offset + split * SPLIT_LENGTH + LOSS_OFFSET);
    }

    public float accuracy(final int split)
    {
        return buffer.getFloat(offset + split * SPLIT_LENGTH + ACCURACY_OFFSET);
    }

    public double allTime(final int split)
    {
        return buffer.getDouble(offset + split * SPLIT_LENGTH + ALL_TIME_OFFSET);
    }
}
