package org.nasmap.format;

/**
 * The per-epoch series of one split of one trial. {@link #ordinal()} is the on-disk metric slot.
 */
public enum Metric
{
    /** Mean loss of the epoch. */
    LOSS,
    /** Top-1 accuracy in percent. */
    ACCURACY,
    /** Top-5 accuracy in percent (train only; absent at the topology space's 200 epochs). */
    TOP5,
    /** Seconds spent in the epoch (training, or evaluating that split). */
    TIME;

    private static final Metric[] VALUES = values();

    /** @return the metric of that slot. */
    public static Metric ofOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }

    /** @return the number of metric slots. */
    public static int count()
    {
        return VALUES.length;
    }
}
