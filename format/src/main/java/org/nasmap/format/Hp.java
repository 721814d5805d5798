package org.nasmap.format;

/**
 * Training budgets ("hp" in the upstream APIs): the number of epochs of the learning-rate schedule.
 * The topology space has {@link #H12} and {@link #H200}; the size space {@link #H01}, {@link #H12}
 * and {@link #H90}. {@link #code()} is the bit of the header's hp mask and never changes.
 */
public enum Hp
{
    /** One epoch (size space). */
    H01(0, "01", 1),
    /** Twelve epochs (both spaces; NAS-Bench-201's {@code less}). */
    H12(1, "12", 12),
    /** Ninety epochs (size space). */
    H90(2, "90", 90),
    /** Two hundred epochs (topology space; NAS-Bench-201's {@code full}). */
    H200(3, "200", 200);

    private static final Hp[] VALUES = values();

    private final String upstreamKey;
    private final int epochs;

    private final int code;

    Hp(final int code, final String upstreamKey, final int epochs)
    {
        this.code = code;
        this.upstreamKey = upstreamKey;
        this.epochs = epochs;
    }

    /** @return the on-disk code: the bit of the header's hp mask; fixed forever. */
    public int code()
    {
        return code;
    }

    /** @return the key upstream uses, for example {@code "01"}. */
    public String upstreamKey()
    {
        return upstreamKey;
    }

    /** @return the number of epochs of the schedule. */
    public int epochs()
    {
        return epochs;
    }

    /** @return the hp of that bit. */
    public static Hp ofOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }

    /** @return the number of hp kinds. */
    public static int count()
    {
        return VALUES.length;
    }

    /**
     * @param key the upstream key ("01", "12", "90", "200").
     * @return the hp, or {@code null} when unknown (upstream raises then).
     */
    public static Hp fromUpstream(final CharSequence key)
    {
        for (final Hp h : VALUES)
        {
            if (h.upstreamKey.contentEquals(key))
            {
                return h;
            }
        }
        return null;
    }

    /**
     * The integer form of the key, a convenience: 1, 12, 90 or 200.
     *
     * @param epochs the number of epochs.
     * @return the hp, or {@code null} when there is none of that length.
     */
    public static Hp ofEpochs(final long epochs)
    {
        for (final Hp h : VALUES)
        {
            if (h.epochs == epochs)
            {
                return h;
            }
        }
        return null;
    }

    @Override
    public String toString()
    {
        return upstreamKey;
    }
}
