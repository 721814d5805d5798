package org.nasmap.format;

/** What a CONFIG entry holds ({@code get_net_config}'s {@code name}). {@link #code()} is the on-disk code. */
public enum ConfigKind
{
    /** The dataset is not among the architecture's results at its first hp: upstream raises. */
    ABSENT(0),
    /** {@code infer.tiny} (topology): C, N, arch_str. */
    TINY(1),
    /** {@code infer.shape.tiny} (size): channels, genotype. */
    SHAPE_TINY(2);

    private final int code;

    ConfigKind(final int code)
    {
        this.code = code;
    }

    /** @return the on-disk code; fixed forever. */
    public int code()
    {
        return code;
    }

    /** @return the kind of a code, or {@code null}. */
    public static ConfigKind ofCode(final int code)
    {
        for (final ConfigKind k : values())
        {
            if (k.code == code)
            {
                return k;
            }
        }
        return null;
    }
}
