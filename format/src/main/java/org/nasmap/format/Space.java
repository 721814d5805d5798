package org.nasmap.format;

/** The two NATS-Bench search spaces. {@link #ordinal()} is the header's space code. */
public enum Space
{
    /** Topology search space: 15,625 cells, hp 12 and 200; the NAS-Bench-201 space. */
    TOPOLOGY("tss", 15_625),
    /** Size search space: 32,768 channel configurations, hp 01, 12 and 90. */
    SIZE("sss", 32_768);

    private final String shortName;
    private final int fullSize;

    Space(final String shortName, final int fullSize)
    {
        this.shortName = shortName;
        this.fullSize = fullSize;
    }

    /** @return "tss" or "sss". */
    public String shortName()
    {
        return shortName;
    }

    /** @return the number of architectures of the whole space. */
    public int fullSize()
    {
        return fullSize;
    }

    /** @return the hp values of this space, as the header's mask. */
    public int defaultHpMask()
    {
        return this == TOPOLOGY ?
            (1 << Hp.H12.ordinal()) | (1 << Hp.H200.ordinal()) :
            (1 << Hp.H01.ordinal()) | (1 << Hp.H12.ordinal()) | (1 << Hp.H90.ordinal());
    }
}
