package org.nasmap.format;

/**
 * The per-epoch series of one split of one trial. {@link #code()} is the on-disk metric code.
 */
public enum Metric
{
    /** Mean loss of the epoch. */
    LOSS(0),
    /** Top-1 accuracy in percent. */
    ACCURACY(1),
    /** Top-5 accuracy in percent (train only; absent at the topology space's 200 epochs). */
    TOP5(2),
    /** Seconds spent in the epoch (training, or evaluating that split). */
    TIME(3);

    private static final Metric[] VALUES = values();

    private final int code;

    Metric(final int code)
    {
        this.code = code;
    }

    /** @return the on-disk code; fixed forever. */
    public int code()
    {
        return code;
    }

    /** @return the metric of that slot. */
    public static Metric ofOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }

    /** @return the metric of an on-disk code, or {@code null}. */
    public static Metric ofCode(final int code)
    {
        for (final Metric m : VALUES)
        {
            if (m.code == code)
            {
                return m;
            }
        }
        return null;
    }

    /** @return the number of metric slots. */
    public static int count()
    {
        return VALUES.length;
    }
}
