package org.nasmap.format;

/**
 * How one series (one metric of one split of one trial) is stored; the {@code KIND} of a shape slot.
 * {@link #code()} is the on-disk code.
 */
public enum SeriesKind
{
    /** The source has no value at any epoch. Asking for it is an error (or null, for times). */
    ABSENT(0),
    /** One float32 per epoch, epochs 0 to E-1. */
    DENSE(1),
    /** One float32 that holds for every epoch (per-epoch times are constant within a trial). */
    CONSTANT(2),
    /** One float32 per listed epoch; the list is in {@code EPOCH_LISTS}. Other epochs are absent. */
    SPARSE(3);

    /** On-disk codes, as constants for switches. */
    public static final int ABSENT_CODE = 0;
    public static final int DENSE_CODE = 1;
    public static final int CONSTANT_CODE = 2;
    public static final int SPARSE_CODE = 3;

    private static final SeriesKind[] VALUES = values();

    private final int code;

    SeriesKind(final int code)
    {
        this.code = code;
    }

    /** @return the on-disk code; fixed forever. */
    public int code()
    {
        return code;
    }

    /**
     * @param code the on-disk code.
     * @return the kind, or {@code null} when the code is not one.
     */
    public static SeriesKind ofCode(final int code)
    {
        for (final SeriesKind k : VALUES)
        {
            if (k.code == code)
            {
                return k;
            }
        }
        return null;
    }
}
