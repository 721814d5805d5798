package org.nasmap.reader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Metric;
import org.nasmap.format.Space;
import org.nasmap.format.Split;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.SyntheticSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NasBench#buildHeapTables()}: the three tables at once, what {@link NasBench#heapTableBytes()} says they
 * hold, the same answers as a reader without them, and nothing for a reader opened without heap tables.
 */
class HeapTablesTest
{
    @TempDir
    static Path dir;
    static Path full;

    @BeforeAll
    static void build() throws IOException
    {
        full = dir.resolve("full.nasmap");
        NasmapWriter.convert(new SyntheticSource(Space.TOPOLOGY, 200, 200, 31), full, null);
    }

    @Test
    void buildingAtOnceKeepsTheThreeTablesAndTheAnswers() throws IOException
    {
        try (NasBench b = NasBench.open(full); NasBench plain = NasBench.open(full, false))
        {
            assertEquals(0, b.heapTableBytes(), "nothing before a count or a call");
            final long bytes = b.buildHeapTables();
            final TrialDirectory directory = b.results().builtTrialDirectory();
            final SimulationTable simulation = b.simulator().builtSimulationTable();
            final ArchIndex index = b.file().names().builtArchIndex();
            assertNotNull(directory);
            assertNotNull(simulation);
            assertNotNull(index);
            assertTrue(directory.size() > 0 && index.size() == b.size(), directory.size() + " words, " + index.size());
            assertEquals(directory.bytes() + simulation.bytes() + index.bytes(), bytes);
            assertEquals(bytes, b.heapTableBytes());
            // a second call keeps what exists
            assertEquals(bytes, b.buildHeapTables());
            assertSame(directory, b.results().builtTrialDirectory());
            assertSame(index, b.file().names().builtArchIndex());

            // the answers of the tables' paths equal those of the reader without them, bit for bit
            final SplittableRandom r = new SplittableRandom(5);
            for (int i = 0; i < 20_000; i++)
            {
                final int arch = r.nextInt(b.size());
                final Hp hp = r.nextBoolean() ? Hp.H12 : Hp.H200;
                final Dataset d = Dataset.values()[r.nextInt(Dataset.count())];
                final Split s = Split.values()[r.nextInt(Split.values().length)];
                final Metric m = Metric.values()[r.nextInt(Metric.values().length)];
                final int epoch = r.nextInt(-1, hp.epochs() + 1);
                final SeedChoice seed = SeedChoice.seed(new int[] {111, 777, 888, 999}[r.nextInt(4)]);
                assertEquals(bits(() -> plain.metric(arch, d, hp, s, m, epoch, seed)),
                    bits(() -> b.metric(arch, d, hp, s, m, epoch, seed)),
                    arch + " " + hp + " " + d + " " + s + " " + m + " @" + epoch + " " + seed.seedValue());
                final String name = plain.arch(arch);
                assertEquals(arch, b.indexOf(new String(name.toCharArray())));
            }
        }
    }

    @Test
    void aReaderOpenedWithoutHeapTablesBuildsNone() throws IOException
    {
        try (NasBench b = NasBench.open(full, false))
        {
            assertEquals(0, b.buildHeapTables());
            assertNull(b.results().builtTrialDirectory());
            assertNull(b.simulator().builtSimulationTable());
            assertNull(b.file().names().builtArchIndex());
        }
    }

    @Test
    void aClosedReaderRefuses() throws IOException
    {
        final NasBench b = NasBench.open(full);
        b.close();
        assertThrows(IllegalStateException.class, b::buildHeapTables);
    }

    private interface Value
    {
        double get();
    }

    /** @return the value's bits, or "raises" and the message ({@link Answers#call}). */
    private static String bits(final Value v)
    {
        return Answers.call(() -> Long.toHexString(Double.doubleToRawLongBits(v.get())));
    }
}
