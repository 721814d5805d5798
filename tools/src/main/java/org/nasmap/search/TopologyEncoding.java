package org.nasmap.search;

/**
 * The topology space: genes are the operations of the 6 edges of the cell, in upstream's string order
 * {@code |op~0|+|op~0|op~1|+|op~0|op~1|op~2|}.
 */
public final class TopologyEncoding implements ArchEncoding
{
    /** Upstream's operation names, in the order of {@code str2matrix}'s codes. */
    public static final String[] OPS = {"none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"};
    /** The input node of each edge. */
    static final int[] INPUT = {0, 0, 1, 0, 1, 2};

    @Override
    public int positions()
    {
        return 6;
    }

    @Override
    public int choices()
    {
        return OPS.length;
    }

    @Override
    public StringBuilder append(final int[] genes, final StringBuilder out)
    {
        for (int e = 0; e < 6; e++)
        {
            if (e == 1 || e == 3)
            {
                out.append('+');
            }
            out.append('|').append(OPS[genes[e]]).append('~').append((char)('0' + INPUT[e]));
            if (e == 0 || e == 2 || e == 5)
            {
                out.append('|');
            }
        }
        return out;
    }

    @Override
    public boolean parse(final CharSequence arch, final int[] genes)
    {
        final String s = arch.toString();
        final String[] nodes = s.split("\\+", -1);
        if (nodes.length != 3)
        {
            return false;
        }
        int e = 0;
        for (int n = 0; n < 3; n++)
        {
            final String node = nodes[n];
            if (node.length() < 2 || node.charAt(0) != '|' || node.charAt(node.length() - 1) != '|')
            {
                return false;
            }
            final String[] inputs = node.substring(1, node.length() - 1).split("\\|", -1);
            if (inputs.length != n + 1)
            {
                return false;
            }
            for (int i = 0; i <= n; i++)
            {
                final int tilde = inputs[i].indexOf('~');
                if (tilde < 0 || !inputs[i].substring(tilde + 1).equals(Integer.toString(i)))
                {
                    return false;
                }
                final int op = java.util.Arrays.asList(OPS).indexOf(inputs[i].substring(0, tilde));
                if (op < 0)
                {
                    return false;
                }
                genes[e++] = op;
            }
        }
        return true;
    }
}
