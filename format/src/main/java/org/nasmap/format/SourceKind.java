package org.nasmap.format;

/** What a file was converted from; recorded in the header for {@code info}. {@link #code()} is the on-disk code. */
public enum SourceKind
{
    /** Not recorded. */
    UNKNOWN(0),
    /** A NATS-Bench {@code -simple} archive folder (meta plus one pickle per architecture). */
    NATS_ARCHIVE(1),
    /** A NATS-Bench single {@code .pickle.pbz2} file. */
    NATS_SINGLE(2),
    /** A NAS-Bench-201 {@code .pth} torch file (legacy or zip serialization). */
    NB201_PTH(3);

    private final int code;

    SourceKind(final int code)
    {
        this.code = code;
    }

    /** @return the on-disk code; fixed forever. */
    public int code()
    {
        return code;
    }

    /** @return the kind of an on-disk code; {@link #UNKNOWN} for a code this version does not know. */
    public static SourceKind ofCode(final int code)
    {
        for (final SourceKind k : values())
        {
            if (k.code == code)
            {
                return k;
            }
        }
        return UNKNOWN;
    }
}
