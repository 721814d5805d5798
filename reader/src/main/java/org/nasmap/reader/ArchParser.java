package org.nasmap.reader;

import org.nasmap.format.ArchGrammar;
import org.nasmap.format.Space;

/**
 * The reader's fast twin of {@link ArchGrammar#code}: the same answers for every string (a code, or -1 for a
 * string that does not follow the space's grammar exactly), faster for a {@link String}: each topology edge's
 * operation is guessed from three of its characters, then the edge {@code name~k|} of that operation is
 * compared whole, branch-free. The names are prefix-free, so a canonical string is always guessed right and a
 * wrong guess can only fail the compare (the string then matches no name); the answers are
 * {@link ArchGrammar}'s. Other {@link CharSequence}s go through {@link ArchGrammar#code}. Allocation-free.
 */
final class ArchParser
{
    private static final int OPS = ArchGrammar.TOPOLOGY_OPS.length;
    /** Shortest and longest topology strings: six edges, the leading '|' and two "+|". */
    private static final int MIN_TOPOLOGY;
    private static final int MAX_TOPOLOGY;
    /**
     * The operation a name's first, third and tenth characters point at, by {@code (c0 & 7) << 2 | c2 bit 2 << 1 |
     * c9 bit 1}; any other key points at some operation, which the whole-edge compare then rejects.
     */
    private static final byte[] OP_BY_KEY = new byte[32];
    /** Edge lengths: {@code none~k|} and the 12-character names' {@code name~k|}. */
    private static final int EDGE_MIN = 7;
    private static final int EDGE_MAX = 15;
    /** {@code name~k|} of operation op and input k at {@code (op * 3 + k) * EDGE_MAX}, none's padded. */
    private static final char[] TEMPLATES = new char[OPS * 3 * EDGE_MAX];
    /** -1 for the operations of 12-character names, 0 for none. */
    private static final int[] LONG_MASK = new int[OPS];

    static
    {
        int shortest = Integer.MAX_VALUE;
        int longest = 0;
        for (int op = 0; op < OPS; op++)
        {
            for (int k = 0; k < 3; k++)
            {
                final String edge = ArchGrammar.TOPOLOGY_OPS[op] + "~" + k + "|";
                edge.getChars(0, edge.length(), TEMPLATES, (op * 3 + k) * EDGE_MAX);
            }
            shortest = Math.min(shortest, ArchGrammar.TOPOLOGY_OPS[op].length());
            longest = Math.max(longest, ArchGrammar.TOPOLOGY_OPS[op].length());
        }
        OP_BY_KEY[('n' & 7) << 2 | 2] = 0; // none: third char 'n'
        OP_BY_KEY[('n' & 7) << 2 | 3] = 0;
        OP_BY_KEY[('n' & 7) << 2] = 2; // nor_conv_1x1: third char 'r', tenth '1'
        OP_BY_KEY[('n' & 7) << 2 | 1] = 3; // nor_conv_3x3: tenth '3'
        for (int low = 0; low < 4; low++)
        {
            OP_BY_KEY[('s' & 7) << 2 | low] = 1;
            OP_BY_KEY[('a' & 7) << 2 | low] = 4;
        }
        for (int op = 0; op < OPS; op++)
        {
            final String name = ArchGrammar.TOPOLOGY_OPS[op];
            final int key = (name.charAt(0) & 7) << 2 | (name.charAt(2) >>> 1 & 2) |
                (name.length() > 9 ? name.charAt(9) >>> 1 & 1 : 0);
            if (OP_BY_KEY[key] != op)
            {
                throw new ExceptionInInitializerError("ArchParser key of " + name + " points elsewhere");
            }
        }
        for (int op = 0; op < OPS; op++)
        {
            final int length = ArchGrammar.TOPOLOGY_OPS[op].length() + 3;
            if (length != EDGE_MIN && length != EDGE_MAX)
            {
                throw new ExceptionInInitializerError("topology operation lengths changed: update ArchParser");
            }
            LONG_MASK[op] = length == EDGE_MAX ? -1 : 0;
        }
        MIN_TOPOLOGY = 1 + 4 + ArchGrammar.TOPOLOGY_EDGES * (shortest + 3);
        MAX_TOPOLOGY = 1 + 4 + ArchGrammar.TOPOLOGY_EDGES * (longest + 3);
        // the guess below relies on these names; fail loudly should the grammar ever change
        if (!"none".equals(ArchGrammar.TOPOLOGY_OPS[0]) || !"skip_connect".equals(ArchGrammar.TOPOLOGY_OPS[1]) ||
            !"nor_conv_1x1".equals(ArchGrammar.TOPOLOGY_OPS[2]) || !"nor_conv_3x3".equals(ArchGrammar.TOPOLOGY_OPS[3]) ||
            !"avg_pool_3x3".equals(ArchGrammar.TOPOLOGY_OPS[4]) || OPS != 5)
        {
            throw new ExceptionInInitializerError("topology operations changed: update ArchParser");
        }
    }

    private ArchParser()
    {
    }

    /** @return {@link ArchGrammar#code}{@code (space, s)}. */
    static int code(final Space space, final CharSequence s)
    {
        if (s instanceof String)
        {
            final String str = (String)s;
            return space == Space.TOPOLOGY ? topologyCode(str) : sizeCode(str);
        }
        return ArchGrammar.code(space, s);
    }

    /** @return {@link ArchGrammar#topologyCode}{@code (s)}. */
    static int topologyCode(final String s)
    {
        final int n = s.length();
        if (n < MIN_TOPOLOGY || n > MAX_TOPOLOGY || s.charAt(0) != '|')
        {
            return -1;
        }
        // each edge answers (position after it << 3) | op, or -1
        final int e0 = edge(s, 1, n, 0);
        if (e0 < 0 || !separator(s, e0 >>> 3, n))
        {
            return -1;
        }
        final int e1 = edge(s, (e0 >>> 3) + 2, n, 0);
        if (e1 < 0)
        {
            return -1;
        }
        final int e2 = edge(s, e1 >>> 3, n, 1);
        if (e2 < 0 || !separator(s, e2 >>> 3, n))
        {
            return -1;
        }
        final int e3 = edge(s, (e2 >>> 3) + 2, n, 0);
        if (e3 < 0)
        {
            return -1;
        }
        final int e4 = edge(s, e3 >>> 3, n, 1);
        if (e4 < 0)
        {
            return -1;
        }
        final int e5 = edge(s, e4 >>> 3, n, 2);
        if (e5 < 0 || e5 >>> 3 != n)
        {
            return -1;
        }
        return (e0 & 7) + OPS * ((e1 & 7) + OPS * ((e2 & 7) + OPS * ((e3 & 7) + OPS * ((e4 & 7) + OPS * (e5 & 7)))));
    }

    private static boolean separator(final String s, final int pos, final int n)
    {
        return pos + 2 <= n && s.charAt(pos) == '+' && s.charAt(pos + 1) == '|';
    }

    /**
     * @return {@code (end << 3) | op} of the edge {@code name~input|} at {@code pos}, or -1. The operation is
     * guessed from the name's first (n, s, a), third (none's n or nor_conv's r) and tenth (nor_conv_1x1's 1 or
     * nor_conv_3x3's 3) characters, then a fixed 15 characters are compared, branch-free: the first 7 at pos
     * ("none~k|" or the start of a longer name), then the last 8 of a long name's edge (masked off for none,
     * read inside the string either way).
     */
    private static int edge(final String s, final int pos, final int n, final int input)
    {
        if (pos + EDGE_MIN > n)
        {
            return -1;
        }
        final int c0 = s.charAt(pos);
        final int c2 = s.charAt(pos + 2);
        final int c9 = s.charAt(Math.min(pos + 9, n - 1));
        final int op = OP_BY_KEY[(c0 & 7) << 2 | (c2 >>> 1 & 2) | (c9 >>> 1 & 1)];
        final int t = (op * 3 + input) * EDGE_MAX;
        int bad = 0;
        for (int i = 0; i < EDGE_MIN; i++)
        {
            bad |= s.charAt(pos + i) ^ TEMPLATES[t + i];
        }
        final int mask = LONG_MASK[op];
        final int q = Math.min(pos + EDGE_MIN, n - (EDGE_MAX - EDGE_MIN));
        for (int i = 0; i < EDGE_MAX - EDGE_MIN; i++)
        {
            bad |= (s.charAt(q + i) ^ TEMPLATES[t + EDGE_MIN + i]) & mask;
        }
        bad |= (n - pos - EDGE_MAX) >> 31 & mask; // a long edge that runs past the end
        return bad == 0 ? (pos + EDGE_MIN + (mask & EDGE_MAX - EDGE_MIN)) << 3 | op : -1;
    }

    /** @return {@link ArchGrammar#sizeCode}{@code (s)}: five of 8, 16, .., 64 joined by ':'. */
    static int sizeCode(final String s)
    {
        final int n = s.length();
        if (n < 9 || n > 14)
        {
            return -1;
        }
        int pos = 0;
        int code = 0;
        int shift = 0;
        for (int layer = 0; layer < ArchGrammar.SIZE_LAYERS; layer++)
        {
            if (layer > 0)
            {
                if (pos >= n || s.charAt(pos) != ':')
                {
                    return -1;
                }
                pos++;
            }
            if (pos >= n)
            {
                return -1;
            }
            final int c = s.charAt(pos) - '0';
            final int value;
            if (c == 8)
            {
                value = 8;
                pos++;
            }
            else if (c >= 1 && c <= 6 && pos + 1 < n)
            {
                final int d = s.charAt(pos + 1) - '0';
                if (d < 0 || d > 9)
                {
                    return -1;
                }
                value = c * 10 + d;
                pos += 2;
            }
            else
            {
                return -1;
            }
            // the token must be the whole run of digits: the next is ':' or the end
            if ((value & 7) != 0 || value > 8 * ArchGrammar.SIZE_CHOICES ||
                pos < n && s.charAt(pos) >= '0' && s.charAt(pos) <= '9')
            {
                return -1;
            }
            code |= ((value >>> 3) - 1) << shift;
            shift += 3;
        }
        return pos == n ? code : -1;
    }
}
