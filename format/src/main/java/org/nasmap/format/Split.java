package org.nasmap.format;

/**
 * The sets a trial reports metrics on. {@link #TRAIN} is the training set; the others are the
 * evaluation names of the upstream records. {@link #code()} is the on-disk split code.
 */
public enum Split
{
    /** The training set (train loss, top-1, top-5 and time). */
    TRAIN(0, "train"),
    /** The proposed validation split. */
    X_VALID(1, "x-valid"),
    /** The proposed test split. */
    X_TEST(2, "x-test"),
    /** The original test set (for CIFAR-100 and ImageNet16-120: x-valid + x-test). */
    ORI_TEST(3, "ori-test");

    private static final Split[] VALUES = values();

    private final String upstreamName;

    private final int code;

    Split(final int code, final String upstreamName)
    {
        this.code = code;
        this.upstreamName = upstreamName;
    }

    /** @return the on-disk split code; fixed forever. */
    public int code()
    {
        return code;
    }

    /** @return the upstream set name, for example {@code "x-valid"}. */
    public String upstreamName()
    {
        return upstreamName;
    }

    /** @return the split of that slot. */
    public static Split ofOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }

    /** @return the number of split slots. */
    public static int count()
    {
        return VALUES.length;
    }

    /**
     * @param name an upstream set name; {@code "valid"} is upstream's alias of {@code "x-valid"}.
     * @return the split, or {@code null} when unknown.
     */
    public static Split fromUpstream(final CharSequence name)
    {
        if ("valid".contentEquals(name))
        {
            return X_VALID;
        }
        for (final Split s : VALUES)
        {
            if (s.upstreamName.contentEquals(name))
            {
                return s;
            }
        }
        return null;
    }

    @Override
    public String toString()
    {
        return upstreamName;
    }
}
