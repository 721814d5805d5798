package org.nasmap.reader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The identity layer of the topology space, as upstream defines it: {@code str2lists},
 * {@code str2matrix} (the NAS-Bench-101 style adjacency with operation codes) and {@code get_unique_str}
 * (a canonical string per isomorphism class of cells; with zero operations considered there are 6,466
 * classes among the 15,625 cells). Static and allocating: these are not hot-path calls.
 */
public final class TopologyCells
{
    /** Upstream's operation names; a matrix entry is the index of the edge's operation here. */
    public static final List<String> OPS = List.of("none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3");

    /** One input edge of a node: the operation and the input node's index. */
    public record Edge(String op, int input)
    {
    }

    private TopologyCells()
    {
    }

    /**
     * Upstream's {@code str2lists}: per node 1..3, its input edges in string order.
     *
     * @throws IllegalArgumentException for a malformed string (upstream asserts).
     */
    public static List<List<Edge>> str2lists(final String arch)
    {
        final List<List<Edge>> nodes = new ArrayList<>();
        for (final String node : arch.split("\\+", -1))
        {
            final List<Edge> inputs = new ArrayList<>();
            for (final String input : node.split("\\|", -1))
            {
                if (input.isEmpty())
                {
                    continue;
                }
                final String[] parts = input.split("~", -1);
                if (parts.length != 2)
                {
                    throw new IllegalArgumentException("invalid input length : " + input);
                }
                try
                {
                    inputs.add(new Edge(parts[0], Integer.parseInt(parts[1].trim())));
                }
                catch (final NumberFormatException e)
                {
                    throw new IllegalArgumentException("invalid input node in " + input);
                }
            }
            nodes.add(List.copyOf(inputs));
        }
        return List.copyOf(nodes);
    }

    /**
     * Upstream's {@code str2matrix}: a (nodes + 1) square matrix whose entry [i + 1][j] is the operation
     * code of the edge from node j into node i + 1 (0 where there is none).
     *
     * @throws IllegalArgumentException for an operation outside {@link #OPS} or a malformed string.
     */
    public static int[][] str2matrix(final String arch)
    {
        final List<List<Edge>> nodes = str2lists(arch);
        final int n = nodes.size() + 1;
        final int[][] m = new int[n][n];
        for (int i = 0; i < nodes.size(); i++)
        {
            for (final Edge e : nodes.get(i))
            {
                final int op = OPS.indexOf(e.op());
                if (op < 0)
                {
                    throw new IllegalArgumentException("this op (" + e.op() + ") is not in " + OPS);
                }
                if (e.input() < 0 || e.input() >= n)
                {
                    throw new IllegalArgumentException("input node " + e.input() + " outside the cell");
                }
                m[i + 1][e.input()] = op;
            }
        }
        return m;
    }

    /**
     * Upstream's {@code get_unique_str}: {@code TopologyStructure.to_unique_str(consider_zero=True)}, which
     * treats {@code none} as zero and {@code skip_connect} as identity, and sorts each node's terms.
     */
    public static String uniqueStr(final String arch)
    {
        final List<List<Edge>> nodes = str2lists(arch);
        final String[] value = new String[nodes.size() + 1];
        value[0] = "0";
        for (int i = 0; i < nodes.size(); i++)
        {
            final List<Edge> inputs = nodes.get(i);
            final String[] terms = new String[inputs.size()];
            for (int k = 0; k < terms.length; k++)
            {
                final Edge e = inputs.get(k);
                if (e.input() < 0 || e.input() > i)
                {
                    throw new IllegalArgumentException("invalid in-node : " + e);
                }
                final String in = value[e.input()];
                if ("none".equals(e.op()) || "#".equals(in))
                {
                    terms[k] = "#";
                }
                else if ("skip_connect".equals(e.op()))
                {
                    terms[k] = in;
                }
                else
                {
                    terms[k] = "(" + in + ")@" + e.op();
                }
            }
            Arrays.sort(terms);
            value[i + 1] = String.join("+", terms);
        }
        return value[nodes.size()];
    }
}
