package org.nasmap.reader;

import org.junit.jupiter.api.Test;
import org.nasmap.format.ArchGrammar;
import org.nasmap.format.Space;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The reader's fast parser answers exactly what {@link ArchGrammar#code} answers, for any string. */
class ArchParserTest
{
    private static final String CHARS = "|+~:0123456789_nonesskipconnectavgpol3x1r8 \u00e9\u4e2d";

    static String topology(final int code)
    {
        final String[] ops = ArchGrammar.TOPOLOGY_OPS;
        int c = code;
        final StringBuilder b = new StringBuilder("|");
        for (int node = 1; node <= 3; node++)
        {
            for (int input = 0; input < node; input++)
            {
                b.append(ops[c % ops.length]).append('~').append(input).append('|');
                c /= ops.length;
            }
            if (node < 3)
            {
                b.append("+|");
            }
        }
        return b.toString();
    }

    static String size(final int code)
    {
        final StringBuilder b = new StringBuilder();
        for (int layer = 0; layer < ArchGrammar.SIZE_LAYERS; layer++)
        {
            b.append(layer > 0 ? ":" : "").append(8 * (1 + (code >>> (3 * layer) & 7)));
        }
        return b.toString();
    }

    private static void same(final Space space, final String s)
    {
        final int expected = ArchGrammar.code(space, s);
        assertEquals(expected, ArchParser.code(space, s), () -> space + " '" + s + "'");
        assertEquals(expected, ArchParser.code(space, new StringBuilder(s)), () -> space + " builder '" + s + "'");
    }

    static List<String> mutations(final String s, final SplittableRandom random)
    {
        final List<String> out = new ArrayList<>();
        for (int i = 0; i <= s.length(); i++)
        {
            out.add(s.substring(0, i));
            out.add(s.substring(i));
            if (i < s.length())
            {
                out.add(s.substring(0, i) + s.substring(i + 1));
                out.add(s.substring(0, i) + CHARS.charAt(random.nextInt(CHARS.length())) + s.substring(i + 1));
            }
            out.add(s.substring(0, i) + CHARS.charAt(random.nextInt(CHARS.length())) + s.substring(i));
        }
        return out;
    }

    @Test
    void everyCanonicalStringAndManyNearMisses()
    {
        final SplittableRandom random = new SplittableRandom(8);
        for (final Space space : new Space[] {Space.TOPOLOGY, Space.SIZE})
        {
            for (int code = 0; code < ArchGrammar.codeCount(space); code++)
            {
                final String s = space == Space.TOPOLOGY ? topology(code) : size(code);
                assertEquals(code, ArchParser.code(space, s), s);
                same(space, s);
                // the other space's grammar rejects it
                assertEquals(-1, ArchParser.code(space == Space.TOPOLOGY ? Space.SIZE : Space.TOPOLOGY, s), s);
                if (code % 37 == 0)
                {
                    for (final String m : mutations(s, random))
                    {
                        same(space, m);
                    }
                }
            }
        }
    }

    @Test
    void oddStrings()
    {
        for (final String s : new String[] {"", "|", "||", "8", "08:8:8:8:8", "80:8:8:8:8", "8:8:8:8:8:", "8:8:8:8:064",
            "64:64:64:64:64", "72:8:8:8:8", "8:8:8:8:100", "8::8:8:8", "16:16:16:16:1", "|none~0|+|none~0|none~1|+|",
            "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", "|none~0|+|none~0|none~1|+|none~0|none~1|none~2||",
            "|nor_conv_1x3~0|+|none~0|none~1|+|none~0|none~1|none~2|",
            "|nor_conv_3x1~0|+|none~0|none~1|+|none~0|none~1|none~2|",
            "|nonr~0|+|none~0|none~1|+|none~0|none~1|none~2|", "|noneX0|+|none~0|none~1|+|none~0|none~1|none~2|",
            "|none~1|+|none~0|none~1|+|none~0|none~1|none~2|", "|none~0|-|none~0|none~1|+|none~0|none~1|none~2|",
            "|none~0|+|none~0|none~1|+|none~0|none~1|none~2", "none~0|+|none~0|none~1|+|none~0|none~1|none~2|"})
        {
            same(Space.TOPOLOGY, s);
            same(Space.SIZE, s);
        }
    }
}
