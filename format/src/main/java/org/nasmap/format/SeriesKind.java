package org.nasmap.format;

/**
 * How one series (one metric of one split of one trial) is stored; the {@code KIND} of a shape slot.
 */
public enum SeriesKind
{
    /** The source has no value at any epoch. Asking for it is an error (or null, for times). */
    ABSENT,
    /** One float32 per epoch, epochs 0 to E-1. */
    DENSE,
    /** One float32 that holds for every epoch (per-epoch times are constant within a trial). */
    CONSTANT,
    /** One float32 per listed epoch; the list is in {@code EPOCH_LISTS}. Other epochs are absent. */
    SPARSE;

    private static final SeriesKind[] VALUES = values();

    /**
     * @param code the on-disk code.
     * @return the kind, or {@code null} when the code is not one.
     */
    public static SeriesKind ofCode(final int code)
    {
        return code >= 0 && code < VALUES.length ? VALUES[code] : null;
    }
}
