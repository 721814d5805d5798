package org.nasmap.reader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Layout;
import org.nasmap.format.Metric;
import org.nasmap.format.Split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MetricColumn#value} against {@link NasBench#metric} with {@link SeedChoice#seed} on a reader without heap
 * tables (the group lines, which the parity and golden tests pin): bit for bit, and the same errors with the same
 * messages, for every bound (dataset, hp, split, metric), a spread of architectures (and two outside the file), seeds
 * (the group's, absent, negative) and epochs (the last, in range, past the last); a column bound on a reader without heap
 * tables answers the same; a closed reader refuses.
 */
class MetricColumnTest
{
    @TempDir
    static Path dir;
    static DirectoryFiles files;

    @BeforeAll
    static void build() throws IOException
    {
        files = new DirectoryFiles(dir, 29, 31);
    }

    @ParameterizedTest
    @ValueSource(strings = {"full", "partial", "tiny"})
    void answersEqualOneSeedsMetricBitForBit(final String which) throws IOException
    {
        try (NasBench tables = NasBench.open(files.get(which)); NasBench lines = NasBench.open(files.get(which), false))
        {
            int compared = 0;
            int fromDirectory = 0;
            final int[] archs = archs(tables, which.equals("tiny") ? 1 : 23);
            for (final Hp hp : Hp.values())
            {
                // an hp the file lacks raises for every question: a few of them suffice
                final boolean held = Layout.hpSlot(tables.file().hpMask(), hp) >= 0;
                final int last = hp.epochs() - 1;
                for (final Dataset d : Dataset.values())
                {
                    for (final Split s : Split.values())
                    {
                        for (final Metric m : Metric.values())
                        {
                            final MetricColumn column = tables.metricColumn(d, hp, s, m);
                            final MetricColumn lineColumn = lines.metricColumn(d, hp, s, m);
                            final TrialDirectory.Column bound = tables.results().directoryColumn(d, hp, s, m);
                            for (int k = 0; k < archs.length; k += held ? 1 : 7)
                            {
                                final int a = archs[k];
                                for (final int seed : seeds(lines, a, d, hp))
                                {
                                    for (final int e : new int[] {-1, 0, last / 2, last, last + 1})
                                    {
                                        final String expected =
                                            Answers.bits(() -> lines.metric(a, d, hp, s, m, e, SeedChoice.seed(seed)));
                                        final String where = which + " " + a + " " + hp + " " + d + " seed " + seed +
                                            " " + s + " " + m + " @" + e;
                                        assertEquals(expected, Answers.bits(() -> column.value(a, seed, e)), where);
                                        assertEquals(expected, Answers.bits(() -> lineColumn.value(a, seed, e)), where);
                                        fromDirectory += bound.valueAddress(a, seed, e) != 0 ? 1 : 0;
                                        compared++;
                                    }
                                }
                            }
                        }
                    }
                }
            }
            assertNotNull(tables.results().builtTrialDirectory(), "binding built the directory");
            assertNull(lines.results().builtTrialDirectory(), "a reader without heap tables builds none");
            // many questions are errors (absent seeds, epochs past the last, splits a dataset lacks); the rest are
            // answered by the column's own path
            assertTrue(fromDirectory > compared / 100, fromDirectory + " of " + compared + " from the directory");
        }
    }

    /** @return every {@code step}-th held architecture, two that are not held (if any) and two outside the file. */
    private static int[] archs(final NasBench b, final int step)
    {
        final IntStream.Builder archs = IntStream.builder().add(-1).add(b.size());
        int held = 0;
        int missing = 0;
        for (int a = 0; a < b.size(); a++)
        {
            if (b.file().holds(a) ? held++ % step == 0 : missing++ < 2)
            {
                archs.add(a);
            }
        }
        return archs.build().toArray();
    }

    /** @return the group's seeds (none where it raises) and three it lacks. */
    private static int[] seeds(final NasBench b, final int arch, final Dataset d, final Hp hp)
    {
        int n;
        try
        {
            n = b.seedCount(arch, d, hp);
        }
        catch (final NasmapQueryException e)
        {
            n = 0;
        }
        final int[] seeds = new int[n + 3];
        for (int i = 0; i < n; i++)
        {
            seeds[i] = b.seedAt(arch, d, hp, i);
        }
        seeds[n] = 5;
        seeds[n + 1] = -1;
        seeds[n + 2] = Integer.MIN_VALUE;
        return seeds;
    }

    @Test
    void aClosedReaderRefusesToBindAndAColumnOfItRefusesToAnswer() throws IOException
    {
        final NasBench b = NasBench.open(files.full);
        final MetricColumn column = b.metricColumn(Dataset.CIFAR10_VALID, Hp.H200, Split.X_VALID, Metric.ACCURACY);
        final int seed = b.seedAt(0, Dataset.CIFAR10_VALID, Hp.H200, 0);
        assertEquals(b.metric(0, Dataset.CIFAR10_VALID, Hp.H200, Split.X_VALID, Metric.ACCURACY, 5,
            SeedChoice.seed(seed)), column.value(0, seed, 5));
        b.close();
        assertThrows(IllegalStateException.class, () -> column.value(0, seed, 5));
        assertThrows(IllegalStateException.class,
            () -> b.metricColumn(Dataset.CIFAR10_VALID, Hp.H200, Split.X_VALID, Metric.ACCURACY));
    }
}
