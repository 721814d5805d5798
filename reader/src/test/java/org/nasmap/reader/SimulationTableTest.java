package org.nasmap.reader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nasmap.format.Dataset;
import org.nasmap.format.GroupDecoder;
import org.nasmap.format.Hp;
import org.nasmap.format.Layout;
import org.nasmap.format.Space;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.SyntheticSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nasmap.reader.Answers.call;
import static org.nasmap.reader.Answers.walked;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nasmap.reader.FileBytes.getInt;
import static org.nasmap.reader.FileBytes.putInt;
import static org.nasmap.reader.FileBytes.putShort;
import static org.nasmap.reader.FileBytes.rehash;
import static org.nasmap.reader.FileBytes.sectionOffset;

/**
 * simulate_train_eval's draws answered from the {@link SimulationTable}, against the same calls answered trial by
 * trial from the series (a reader built with {@code derived = false}) with generators in the same state: bit for bit,
 * drawing as often; the table a reader builds by itself after {@link SimulationTable#BUILD_AFTER} calls; groups whose
 * line is damaged or flagged left to the checked path.
 */
class SimulationTableTest
{
    private static final Dataset[] DATASETS = {Dataset.CIFAR10, Dataset.CIFAR100, Dataset.IMAGENET16_120};
    private static final Hp[] HPS = {Hp.H12, Hp.H200};

    @TempDir
    static Path dir;
    /** A reduced topology space that the file holds whole (rows are indexes, cost columns addressable). */
    static Path full;
    static byte[] fullBytes;
    /** A topology file that holds a part of the space. */
    static Path partial;

    @BeforeAll
    static void build() throws IOException
    {
        full = dir.resolve("full.nasmap");
        NasmapWriter.convert(new SyntheticSource(Space.TOPOLOGY, 400, 400, 17), full, null);
        fullBytes = Files.readAllBytes(full);
        partial = dir.resolve("partial.nasmap");
        NasmapWriter.convert(new SyntheticSource(Space.TOPOLOGY, 300, 5), partial, null);
    }

    @Test
    void drawsFromTheTableEqualTheTrialByTrialPathBitForBit() throws IOException
    {
        try (NasBench b = NasBench.open(full))
        {
            final NasmapFile f = b.file();
            final TrainEvalSimulator walked = walked(f);
            final TrainEvalSimulator tabled = Answers.simulator(f, true);
            final SimulationTable table = tabled.buildSimulationTable();
            // most groups have a word (one without is left to the trial path: a damaged test below)
            final int groupCount = f.size() * HPS.length * DATASETS.length;
            assertTrue(table.size() > groupCount * 3 / 4, table.size() + " words of " + groupCount + " groups");
            for (int a = 0; a < f.size(); a++)
            {
                for (final Hp hp : HPS)
                {
                    for (final Dataset d : DATASETS)
                    {
                        final SplittableRandom r1 = new SplittableRandom(a * 7L + hp.code());
                        final SplittableRandom r2 = new SplittableRandom(a * 7L + hp.code());
                        for (int k = 0; k < 5; k++)
                        {
                            assertEquals(simulate(walked, a, d, hp, SeedChoice.random(r1)),
                                simulate(tabled, a, d, hp, SeedChoice.random(r2)), "drawn seed of " + a + " " + hp + " " + d);
                        }
                        assertEquals(r1.nextLong(), r2.nextLong(), "the same number of draws for " + a + " " + hp + " " + d);
                    }
                }
            }
        }
    }

    @Test
    void aReaderBuildsItsTableAfterEnoughDrawnCallsAndAnswersAsBefore() throws IOException
    {
        try (NasBench b = NasBench.open(full))
        {
            final NasmapFile f = b.file();
            final TrainEvalSimulator walked = walked(f);
            final SplittableRandom r1 = new SplittableRandom(5);
            final SplittableRandom r2 = new SplittableRandom(5);
            final SeedChoice c1 = SeedChoice.random(r1);
            final SeedChoice c2 = SeedChoice.random(r2);
            final SimulationResult fast = new SimulationResult();
            final SimulationResult slow = new SimulationResult();
            for (int call = 0; call < SimulationTable.BUILD_AFTER + 4_000; call++)
            {
                if (call == SimulationTable.BUILD_AFTER - 1)
                {
                    assertNull(b.simulator().builtSimulationTable(), "no table before " + SimulationTable.BUILD_AFTER + " calls");
                }
                final int a = call % f.size();
                final Dataset d = DATASETS[call % DATASETS.length];
                final Hp hp = HPS[(call / f.size()) % HPS.length];
                final String got = call(() -> dump(b.simulateTrainEval(a, d, hp, -1, c1, fast)));
                final String expected = call(() -> dump(walked.simulateTrainEval(a, d, hp, -1, c2, slow)));
                assertEquals(expected, got, "call " + call + ": " + a + " " + hp + " " + d);
            }
            final SimulationTable table = b.simulator().builtSimulationTable();
            assertTrue(table != null && table.size() > 0, "the table was built");
            assertEquals(r1.nextLong(), r2.nextLong(), "the same number of draws");
            // the accumulated time equals too: the table's answers add to the same total
            assertEquals(Double.doubleToRawLongBits(slow.usedTime()), Double.doubleToRawLongBits(fast.usedTime()));
        }
    }

    @Test
    void aFileThatDoesNotHoldTheWholeSpaceHasNoTable() throws IOException
    {
        try (NasBench b = NasBench.open(partial))
        {
            assertSame(SimulationTable.NONE, b.simulator().buildSimulationTable());
            // and the reader that keeps it answers as before, drawing as often
            final TrainEvalSimulator walked = walked(b.file());
            final SplittableRandom r1 = new SplittableRandom(2);
            final SplittableRandom r2 = new SplittableRandom(2);
            for (int a = 0; a < b.size(); a += 97)
            {
                for (final Dataset d : DATASETS)
                {
                    final int arch = a;
                    assertEquals(simulate(walked, arch, d, Hp.H200, SeedChoice.random(r1)),
                        call(() -> dump(b.simulateTrainEval(arch, d, Hp.H200, -1, SeedChoice.random(r2),
                            new SimulationResult()))), arch + " " + d);
                }
            }
            assertEquals(r1.nextLong(), r2.nextLong());
        }
    }

    @Test
    void aGroupWhoseLineIsDamagedOrFlaggedIsLeftToTheCheckedPath() throws IOException
    {
        final Path intact = full;
        final byte[] b = fullBytes.clone();
        final int damagedArch = 3;
        final int flaggedArch = 4;
        try (NasBench n = NasBench.open(intact))
        {
            final NasmapFile f = n.file();
            final long firstFinal = line(f, damagedArch, Hp.H200, Dataset.CIFAR100) + GroupDecoder.FIRST_FINAL_OFFSET;
            assertTrue(getInt(b, firstFinal) >= 0, "the group has final entries");
            putInt(b, firstFinal, f.finalCount);
            final long flags = line(f, flaggedArch, Hp.H200, Dataset.CIFAR100) + GroupDecoder.FLAGS_OFFSET;
            putShort(b, flags, (short)(FileBytes.le(b).getShort((int)flags) & ~GroupDecoder.lastOk(1)));
        }
        final Path damaged = dir.resolve("damaged.nasmap");
        Files.write(damaged, rehash(b));
        try (NasBench d = NasBench.open(damaged); NasBench i = NasBench.open(intact))
        {
            final SimulationTable table = d.simulator().buildSimulationTable();
            final SimulationTable intactTable = i.simulator().buildSimulationTable();
            assertEquals(intactTable.size() - 2, table.size(), "the two groups have no word");
            // the damaged reference is reported, naming the file, instead of read
            final NasmapFormatException e = assertThrows(NasmapFormatException.class, () -> d.simulateTrainEval(damagedArch,
                Dataset.CIFAR100, Hp.H200, -1, SeedChoice.random(new SplittableRandom(1)), new SimulationResult()));
            assertTrue(e.getMessage().contains("damaged.nasmap"), e.getMessage());
            // the flagged group, and the others, answer as on the intact file, drawing as often
            for (final int a : new int[] {flaggedArch, damagedArch + 10})
            {
                final SplittableRandom r1 = new SplittableRandom(a);
                final SplittableRandom r2 = new SplittableRandom(a);
                for (int k = 0; k < 5; k++)
                {
                    assertEquals(dump(i.simulateTrainEval(a, Dataset.CIFAR100, Hp.H200, -1, SeedChoice.random(r1),
                        new SimulationResult())), dump(d.simulateTrainEval(a, Dataset.CIFAR100, Hp.H200, -1,
                        SeedChoice.random(r2), new SimulationResult())));
                }
                assertEquals(r1.nextLong(), r2.nextLong());
            }
        }
    }

    @Test
    void aGeneratorThatDrawsOutsideItsBoundIsRefused() throws IOException
    {
        final RandomGenerator broken = new RandomGenerator()
        {
            @Override
            public long nextLong()
            {
                return 0;
            }

            @Override
            public int nextInt(final int bound)
            {
                return bound;
            }
        };
        try (NasBench b = NasBench.open(full))
        {
            assertNotEquals(SimulationTable.NONE, b.simulator().buildSimulationTable());
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> b.simulateTrainEval(0, Dataset.CIFAR10, Hp.H200, -1, SeedChoice.random(broken), new SimulationResult()));
            assertTrue(e.getMessage().contains("drew"), e.getMessage());
        }
    }

    /** @return the byte offset in the file of the GROUP line of (arch, hp, dataset) of a file holding every architecture. */
    private static long line(final NasmapFile f, final int arch, final Hp hp, final Dataset d)
    {
        return sectionOffset(fullBytes, Layout.SECTION_GROUPS) + Layout.groupIndex(arch, Layout.hpSlot(f.hpMask(), hp),
            Layout.hpSlots(f.hpMask()), d.code()) * GroupDecoder.LENGTH;
    }



    private static String simulate(final TrainEvalSimulator r, final int arch, final Dataset d, final Hp hp,
        final SeedChoice choice)
    {
        final SimulationResult out = new SimulationResult();
        return call(() -> dump(r.simulateTrainEval(arch, d, hp, -1, choice, out)));
    }

    private static String dump(final SimulationResult out)
    {
        return Double.doubleToRawLongBits(out.validAccuracy()) + " " + Double.doubleToRawLongBits(out.latency()) + " " +
            Double.doubleToRawLongBits(out.timeCost()) + " " + Double.doubleToRawLongBits(out.usedTime());
    }
}
