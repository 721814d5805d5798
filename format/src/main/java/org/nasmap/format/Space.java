package org.nasmap.format;

/** The two NATS-Bench search spaces. {@link #code()} is the header's space code. */
public enum Space
{
    /** Topology search space: 15,625 cells, hp 12 and 200; the NAS-Bench-201 space. */
    TOPOLOGY(0, "tss", 15_625),
    /** Size search space: 32,768 channel configurations, hp 01, 12 and 90. */
    SIZE(1, "sss", 32_768);

    private final String shortName;
    private final int fullSize;

    private final int code;

    Space(final int code, final String shortName, final int fullSize)
    {
        this.code = code;
        this.shortName = shortName;
        this.fullSize = fullSize;
    }

    /** @return the header's space code; fixed forever. */
    public int code()
    {
        return code;
    }

    /** @return the space of a header code, or {@code null} when the code is not one. */
    public static Space ofCode(final int code)
    {
        for (final Space s : values())
        {
            if (s.code == code)
            {
                return s;
            }
        }
        return null;
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
            (1 << Hp.H12.code()) | (1 << Hp.H200.code()) :
            (1 << Hp.H01.code()) | (1 << Hp.H12.code()) | (1 << Hp.H90.code());
    }
}
