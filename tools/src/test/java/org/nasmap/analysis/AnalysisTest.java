package org.nasmap.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Space;
import org.nasmap.format.Split;
import org.nasmap.reader.NasBench;
import org.nasmap.reader.TopologyCells;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.SyntheticSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rank correlations against brute force, top-k and Pareto semantics, and upstream's identity layer. */
class AnalysisTest
{
    @TempDir
    static Path dir;
    static NasBench bench;

    @BeforeAll
    static void build() throws IOException
    {
        NasmapWriter.convert(new SyntheticSource(Space.TOPOLOGY, 1_500, 3), dir.resolve("t.nasmap"), null);
        bench = NasBench.open(dir.resolve("t.nasmap"));
    }

    @AfterAll
    static void close()
    {
        bench.close();
    }

    /** Kendall's tau-b by its O(n^2) definition. */
    static double bruteTau(final double[] x, final double[] y)
    {
        long concordant = 0;
        long discordant = 0;
        long tiesX = 0;
        long tiesY = 0;
        for (int i = 0; i < x.length; i++)
        {
            for (int j = i + 1; j < x.length; j++)
            {
                final int sx = Double.compare(x[i], x[j]);
                final int sy = Double.compare(y[i], y[j]);
                if (sx == 0 && sy == 0)
                {
                    continue;
                }
                if (sx == 0)
                {
                    tiesX++;
                }
                else if (sy == 0)
                {
                    tiesY++;
                }
                else if (sx == sy)
                {
                    concordant++;
                }
                else
                {
                    discordant++;
                }
            }
        }
        return (concordant - discordant) / Math.sqrt((double)(concordant + discordant + tiesX) * (concordant + discordant + tiesY));
    }

    @Test
    void kendallAndSpearmanMatchTheirDefinitions()
    {
        final SplittableRandom r = new SplittableRandom(4);
        for (int trial = 0; trial < 30; trial++)
        {
            final int n = 2 + r.nextInt(300);
            final double[] x = new double[n];
            final double[] y = new double[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = r.nextInt(trial % 2 == 0 ? 10 : 1000); // many ties on even trials
                y[i] = x[i] * 0.5 + r.nextInt(20);
            }
            assertEquals(bruteTau(x, y), Ranks.kendallTau(x, y), 1e-12, "n=" + n);
            assertEquals(Ranks.pearson(bruteRanks(x), bruteRanks(y)), Ranks.spearman(x, y), 1e-12);
        }
        assertEquals(1.0, Ranks.kendallTau(new double[] {1, 2, 3}, new double[] {10, 20, 30}), 1e-15);
        assertEquals(-1.0, Ranks.spearman(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-15);
        assertTrue(Double.isNaN(Ranks.kendallTau(new double[] {1, 1}, new double[] {1, 2})));
        assertEquals(1.0, Ranks.kendallTau(new double[] {1, Double.NaN, 3}, new double[] {1, 5, 2}), 1e-15, "NaN pairs dropped");
    }

    static double[] bruteRanks(final double[] v)
    {
        final double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++)
        {
            int below = 0;
            int equal = 0;
            for (final double w : v)
            {
                below += w < v[i] ? 1 : 0;
                equal += w == v[i] ? 1 : 0;
            }
            r[i] = below + (equal + 1) / 2.0;
        }
        return r;
    }

    @Test
    void topAndParetoFollowTheirDefinitions()
    {
        final Table t = Table.of(bench, Table.Selection.of(Dataset.CIFAR10, "valid"), Hp.H200);
        assertEquals(Dataset.CIFAR10_VALID, t.selection.dataset());
        assertEquals(Split.X_VALID, t.selection.split());
        final int[] top = Analysis.top(t, 100.0, Double.NaN, Double.NaN, 25);
        assertEquals(25, top.length);
        for (int i = 0; i < top.length; i++)
        {
            assertTrue(t.flops[top[i]] <= 100.0);
            if (i > 0)
            {
                assertTrue(t.accuracy[top[i - 1]] >= t.accuracy[top[i]]);
            }
        }
        // nothing outside the list beats its last entry under the limit
        final Set<Integer> in = new HashSet<>();
        for (final int a : top)
        {
            in.add(a);
        }
        for (int a = 0; a < t.accuracy.length; a++)
        {
            if (!in.contains(a) && !Double.isNaN(t.accuracy[a]) && t.flops[a] <= 100.0)
            {
                assertTrue(t.accuracy[a] <= t.accuracy[top[top.length - 1]]);
            }
        }
        final int[] front = Analysis.pareto(t, t.params);
        assertTrue(front.length > 2);
        for (final int f : front)
        {
            for (int a = 0; a < t.accuracy.length; a++)
            {
                if (!Double.isNaN(t.accuracy[a]) && a != f)
                {
                    final boolean dominates = t.params[a] <= t.params[f] && t.accuracy[a] >= t.accuracy[f] &&
                        (t.params[a] < t.params[f] || t.accuracy[a] > t.accuracy[f]);
                    assertTrue(!dominates, a + " dominates front member " + f);
                }
            }
        }
        // Table.Selection follows upstream's remap_dataset_set_names
        assertEquals(new Table.Selection(Dataset.CIFAR10, Split.ORI_TEST), Table.Selection.of(Dataset.CIFAR10, "test"));
        assertEquals(new Table.Selection(Dataset.CIFAR100, Split.X_TEST), Table.Selection.of(Dataset.CIFAR100, "test"));
        assertThrows(IllegalArgumentException.class, () -> Table.Selection.of(Dataset.CIFAR100, "bogus"));
    }

    @Test
    void identityLayerIsUpstreams()
    {
        final String a = "|nor_conv_1x1~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|";
        final List<List<TopologyCells.Edge>> lists = TopologyCells.str2lists(a);
        assertEquals(3, lists.size());
        assertEquals(new TopologyCells.Edge("nor_conv_1x1", 0), lists.get(0).get(0));
        assertEquals(new TopologyCells.Edge("skip_connect", 2), lists.get(2).get(2));
        // upstream's documented example
        assertArrayEquals(new int[][] {{0, 0, 0, 0}, {2, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 1, 0}}, TopologyCells.str2matrix(a));
        assertThrows(IllegalArgumentException.class, () -> TopologyCells.str2matrix("|conv_7x7~0|+|none~0|none~1|+|none~0|none~1|none~2|"));
        // upstream's count: 6,466 isomorphism classes with zero operations considered
        final Set<String> unique = new HashSet<>();
        for (final String s : SyntheticSource.metaOf(Space.TOPOLOGY))
        {
            unique.add(TopologyCells.uniqueStr(s));
        }
        assertEquals(6_466, unique.size());
        // as upstream's to_unique_str(consider_zero=True) computes them (zero terms stay, sorted)
        assertEquals("#+#+#", TopologyCells.uniqueStr("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"));
        assertEquals("#+#+(0)@nor_conv_3x3", TopologyCells.uniqueStr("|skip_connect~0|+|none~0|none~1|+|nor_conv_3x3~0|none~1|none~2|"));
        // two different cells that compute the same function: node 1 is zero (none~0), so the operation on an edge
        // leaving it does not matter (nor_conv_3x3~1 vs avg_pool_3x3~1, skip_connect~1 vs nor_conv_3x3~1)
        final String cellA = "|none~0|+|skip_connect~0|nor_conv_3x3~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|";
        final String cellB = "|none~0|+|skip_connect~0|avg_pool_3x3~1|+|nor_conv_1x1~0|nor_conv_3x3~1|skip_connect~2|";
        assertNotEquals(cellA, cellB);
        assertEquals("#+#+0+(0)@nor_conv_1x1", TopologyCells.uniqueStr(cellA));
        assertEquals(TopologyCells.uniqueStr(cellA), TopologyCells.uniqueStr(cellB));
        // and a cell that differs only in node 1 (skip instead of zero) is not isomorphic to them
        assertNotEquals(TopologyCells.uniqueStr(cellA),
            TopologyCells.uniqueStr("|skip_connect~0|+|skip_connect~0|nor_conv_3x3~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|"));
    }
}
