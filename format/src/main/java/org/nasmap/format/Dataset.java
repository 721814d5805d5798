package org.nasmap.format;

/**
 * The four training/evaluation settings of NAS-Bench-201 and NATS-Bench, in the order the file
 * lays them out. {@link #code()} is the on-disk dataset code and never changes.
 */
public enum Dataset
{
    /** Trained on the CIFAR-10 train split, evaluated on x-valid and ori-test. */
    CIFAR10_VALID(0, "cifar10-valid", 10),
    /** Trained on CIFAR-10 train+valid, evaluated on ori-test. */
    CIFAR10(1, "cifar10", 10),
    /** CIFAR-100: evaluated on x-valid, x-test and ori-test (= x-valid + x-test). */
    CIFAR100(2, "cifar100", 100),
    /** ImageNet16-120: evaluated on x-valid, x-test and ori-test. */
    IMAGENET16_120(3, "ImageNet16-120", 120);

    private static final Dataset[] VALUES = values();

    private final String upstreamName;
    private final int classCount;

    private final int code;

    Dataset(final int code, final String upstreamName, final int classCount)
    {
        this.code = code;
        this.upstreamName = upstreamName;
        this.classCount = classCount;
    }

    /** @return the on-disk code (FORMAT.md section 1); fixed forever, independent of declaration order. */
    public int code()
    {
        return code;
    }

    /** @return the dataset of an on-disk code, or {@code null} when the code is not one. */
    public static Dataset ofCode(final int code)
    {
        for (final Dataset d : VALUES)
        {
            if (d.code == code)
            {
                return d;
            }
        }
        return null;
    }

    /** @return the name the upstream APIs use, for example {@code "ImageNet16-120"}. */
    public String upstreamName()
    {
        return upstreamName;
    }

    /** @return the number of classes of the dataset. */
    public int classCount()
    {
        return classCount;
    }

    /** @return the dataset of that slot. */
    public static Dataset ofOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }

    /** @return the number of dataset slots. */
    public static int count()
    {
        return VALUES.length;
    }

    /**
     * @param name an upstream dataset name.
     * @return the dataset, or {@code null} when the name is not one of the four (upstream raises then).
     */
    public static Dataset fromUpstream(final CharSequence name)
    {
        for (final Dataset d : VALUES)
        {
            if (d.upstreamName.contentEquals(name))
            {
                return d;
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
