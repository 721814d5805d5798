package org.nasmap.format;

/**
 * The canonical architecture strings of each space as a grammar, so that a string's index is found by parsing
 * it into a code and reading the file's ARCH_CODES table at that code, with no hashing and no string compare:
 * <ul>
 *   <li>topology: {@code |o0~0|+|o1~0|o2~1|+|o3~0|o4~1|o5~2|} with each {@code oK} one of the five operation
 *   names; code {@code sum(op(oK) * 5^K)}, 15,625 codes;</li>
 *   <li>size: {@code c0:c1:c2:c3:c4} with each {@code cK} one of 8, 16, ..., 64 in decimal without leading zeros;
 *   code {@code sum((cK / 8 - 1) * 8^K)}, 32,768 codes.</li>
 * </ul>
 * A string that does not follow the grammar exactly has no code (-1): it is not canonical, and upstream's
 * dictionary lookup does not find it either. Allocation-free.
 */
public final class ArchGrammar
{
    /** The topology space's operations in code order (upstream's order). */
    public static final String[] TOPOLOGY_OPS = {"none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"};
    /** Edges of a topology cell. */
    public static final int TOPOLOGY_EDGES = 6;
    /** Layers of a size-space network. */
    public static final int SIZE_LAYERS = 5;
    /** Channel choices of the size space are 8 * (1 .. SIZE_CHOICES). */
    public static final int SIZE_CHOICES = 8;

    private ArchGrammar()
    {
    }

    /** @return the number of codes of a space's grammar: 15,625 or 32,768. */
    public static int codeCount(final Space space)
    {
        return space == Space.TOPOLOGY ? 15_625 : 32_768;
    }

    /** @return the code of {@code s} in the grammar of {@code space}, or -1 when {@code s} does not follow it. */
    public static int code(final Space space, final CharSequence s)
    {
        return space == Space.TOPOLOGY ? topologyCode(s) : sizeCode(s);
    }

    /** @return the code of a topology cell string, or -1. */
    public static int topologyCode(final CharSequence s)
    {
        final int n = s.length();
        if (n < 1 || s.charAt(0) != '|')
        {
            return -1;
        }
        int pos = 1;
        int code = 0;
        int weight = 1;
        for (int node = 1; node <= 3; node++)
        {
            for (int input = 0; input < node; input++)
            {
                final int op = op(s, pos, n);
                if (op < 0)
                {
                    return -1;
                }
                pos += TOPOLOGY_OPS[op].length();
                if (pos + 3 > n || s.charAt(pos) != '~' || s.charAt(pos + 1) != '0' + input || s.charAt(pos + 2) != '|')
                {
                    return -1;
                }
                pos += 3;
                code += op * weight;
                weight *= TOPOLOGY_OPS.length;
            }
            if (node < 3)
            {
                if (pos + 2 > n || s.charAt(pos) != '+' || s.charAt(pos + 1) != '|')
                {
                    return -1;
                }
                pos += 2;
            }
        }
        return pos == n ? code : -1;
    }

    /** @return the operation whose name starts at {@code pos}, or -1. */
    private static int op(final CharSequence s, final int pos, final int n)
    {
        if (pos >= n)
        {
            return -1;
        }
        final int candidate = switch (s.charAt(pos))
        {
            case 'n' -> pos + 1 < n && s.charAt(pos + 1) == 'o' && pos + 2 < n && s.charAt(pos + 2) == 'n' ? 0 :
                pos + 9 < n && s.charAt(pos + 9) == '1' ? 2 : 3;
            case 's' -> 1;
            case 'a' -> 4;
            default -> -1;
        };
        if (candidate < 0)
        {
            return -1;
        }
        final String name = TOPOLOGY_OPS[candidate];
        final int len = name.length();
        if (pos + len > n)
        {
            return -1;
        }
        for (int i = 1; i < len; i++)
        {
            if (s.charAt(pos + i) != name.charAt(i))
            {
                return -1;
            }
        }
        return candidate;
    }

    /** @return the code of a size-space channel string, or -1. */
    public static int sizeCode(final CharSequence s)
    {
        final int n = s.length();
        int pos = 0;
        int code = 0;
        int weight = 1;
        for (int layer = 0; layer < SIZE_LAYERS; layer++)
        {
            if (layer > 0)
            {
                if (pos >= n || s.charAt(pos) != ':')
                {
                    return -1;
                }
                pos++;
            }
            int value = 0;
            final int start = pos;
            while (pos < n && pos - start < 3)
            {
                final char c = s.charAt(pos);
                if (c < '0' || c > '9')
                {
                    break;
                }
                value = value * 10 + (c - '0');
                pos++;
            }
            if (pos == start || s.charAt(start) == '0' || value % 8 != 0 || value < 8 || value > 8 * SIZE_CHOICES)
            {
                return -1;
            }
            code += (value / 8 - 1) * weight;
            weight *= SIZE_CHOICES;
        }
        return pos == n ? code : -1;
    }
}
