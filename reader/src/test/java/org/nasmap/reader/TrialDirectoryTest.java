package org.nasmap.reader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nasmap.format.Dataset;
import org.nasmap.format.GroupDecoder;
import org.nasmap.format.Hp;
import org.nasmap.format.Layout;
import org.nasmap.format.Metric;
import org.nasmap.format.ShapeDecoder;
import org.nasmap.format.Split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nasmap.reader.FileBytes.getInt;
import static org.nasmap.reader.FileBytes.putInt;
import static org.nasmap.reader.FileBytes.rehash;
import static org.nasmap.reader.FileBytes.sectionOffset;

/**
 * One seed's {@code metric} answered from the {@link TrialDirectory}, against the same calls answered through the
 * group lines (a reader without a directory, whose answers the parity and golden tests pin): bit for bit, and the
 * same errors with the same messages, for every held group, seed, split, metric and a spread of epochs (in range,
 * the last, past the last, a sparse split's listed and unlisted epochs); the directory a reader builds by itself;
 * damaged references left to the line path, which reports them; the seed hash.
 */
class TrialDirectoryTest
{
    private static final int[] SEEDS = {111, 777, 888, 999, 5, -1};

    @TempDir
    static Path dir;
    static DirectoryFiles files;
    static Path full;
    static byte[] fullBytes;

    @BeforeAll
    static void build() throws IOException
    {
        files = new DirectoryFiles(dir, 19, 23);
        full = files.full;
        fullBytes = Files.readAllBytes(full);
    }

    @ParameterizedTest
    @ValueSource(strings = {"full", "partial", "tiny"})
    void answersEqualTheLinePathBitForBit(final String which) throws IOException
    {
        try (NasBench b = NasBench.open(files.get(which)))
        {
            final NasmapFile f = b.file();
            final Groups groups = new Groups(f);
            final TrainEvalResults lines = new TrainEvalResults(f, groups, true);
            final TrainEvalResults directed = new TrainEvalResults(f, groups, true);
            final TrialDirectory directory = directed.buildTrialDirectory();
            assertNotSame(TrialDirectory.NONE, directory);
            int fromDirectory = 0;
            int compared = 0;
            // every held architecture of the tiny file, every third or second of the others
            for (int arch = 0; arch < f.size(); arch += which.equals("full") ? 3 : which.equals("partial") ? 2 : 1)
            {
                for (final Hp hp : Hp.values())
                {
                    if (!f.holds(arch, hp))
                    {
                        continue;
                    }
                    final int last = hp.epochs() - 1;
                    for (final Dataset d : Dataset.values())
                    {
                        for (final int seed : SEEDS)
                        {
                            final SeedChoice choice = SeedChoice.seed(seed);
                            for (final Split s : Split.values())
                            {
                                for (final Metric m : Metric.values())
                                {
                                    for (final int e : new int[] {-1, 0, last / 2, last - 1, last, last + 1, 199})
                                    {
                                        final int a = arch;
                                        final String expected =
                                            Answers.bits(() -> lines.metric(a, d, hp, s, m, e, choice));
                                        final String got =
                                            Answers.bits(() -> directed.metric(a, d, hp, s, m, e, choice));
                                        assertEquals(expected, got, a + " " + hp + " " + d + " seed " + seed + " " + s +
                                            " " + m + " @" + e);
                                        fromDirectory += directory.valueAddress(a, hp, d, seed,
                                            ShapeDecoder.slot(s.code(), m.code()), e) != 0 ? 1 : 0;
                                        compared++;
                                    }
                                }
                            }
                        }
                    }
                }
            }
            // the directory is used: most queries ask for a seed the group lacks, an epoch out of range or a sparse split
            assertTrue(fromDirectory > compared / 30, fromDirectory + " of " + compared + " from the directory");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"full", "partial", "tiny"})
    void eachHpHasWordsOnlyForTheSeedsThatOccurAtIt(final String which) throws IOException
    {
        try (NasBench b = NasBench.open(files.get(which)))
        {
            final NasmapFile f = b.file();
            final Groups groups = new Groups(f);
            // the seeds of each hp, from the group lines
            int perArch = 0;
            int everySeedEveryHp = 0;
            final Set<Integer> all = new HashSet<>();
            for (final Hp hp : Hp.values())
            {
                final Set<Integer> seeds = new HashSet<>();
                for (int arch = 0; arch < f.size(); arch++)
                {
                    for (final Dataset d : Dataset.values())
                    {
                        if (!f.holds(arch, hp))
                        {
                            continue;
                        }
                        final int g = groups.groupOrAbsent(arch, hp, d);
                        final int first = f.groupFirstTrial(g);
                        for (int i = 0; first >= 0 && i < f.groupSeedCount(g); i++)
                        {
                            seeds.add(f.seedAt(g, first, i));
                        }
                    }
                }
                perArch += Dataset.count() * seeds.size();
                everySeedEveryHp += Layout.hpSlot(f.hpMask(), hp) >= 0 ? Dataset.count() : 0;
                all.addAll(seeds);
            }
            final TrialDirectory directory = new TrainEvalResults(f, groups, true)
                .buildTrialDirectory();
            assertEquals(f.size() * perArch, directory.wordCount(), which);
            if (which.equals("full"))
            {
                // the topology space's hp 12 has one seed, hp 200 three: fewer words than a word per seed at each hp
                assertTrue(directory.wordCount() < f.size() * everySeedEveryHp * all.size(),
                    directory.wordCount() + " words");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"full", "partial", "tiny"})
    void architecturesWithTheSameSeedsAndShapesShareOneRow(final String which) throws IOException
    {
        try (NasBench b = NasBench.open(files.get(which)))
        {
            final NasmapFile f = b.file();
            final Groups groups = new Groups(f);
            // an architecture's signature: per (hp, dataset) its seeds in order and each one's shape; the writer lays an
            // architecture's trials one after the other, so equal signatures mean equal words relative to the first
            final Set<List<Integer>> signatures = new HashSet<>();
            for (int arch = 0; arch < f.size(); arch++)
            {
                final List<Integer> signature = new ArrayList<>();
                for (final Hp hp : Hp.values())
                {
                    for (final Dataset d : Dataset.values())
                    {
                        if (!f.holds(arch, hp))
                        {
                            continue;
                        }
                        final int g = groups.groupOrAbsent(arch, hp, d);
                        final int first = f.groupFirstTrial(g);
                        signature.add(-1);
                        for (int i = 0; first >= 0 && i < f.groupSeedCount(g); i++)
                        {
                            signature.add(f.seedAt(g, first, i));
                            signature.add(f.shapeAt(g, first, i));
                        }
                    }
                }
                signatures.add(signature);
            }
            final TrialDirectory directory = new TrainEvalResults(f, groups, true)
                .buildTrialDirectory();
            assertEquals(signatures.size(), directory.rowCount(), which);
            assertTrue(directory.rowCount() < f.size(), which + ": " + directory.rowCount() + " rows for " + f.size() +
                " architectures");
            if (!which.equals("tiny")) // five architectures: the key and steps table outweighs the words
            {
                assertTrue(directory.bytes() < (long)directory.wordCount() * Integer.BYTES, which + ": " +
                    directory.bytes() + " bytes for " + directory.wordCount() + " words");
            }
        }
    }

    @Test
    void aReaderBuildsItsDirectoryAfterEnoughCallsAndAnswersAsBefore() throws IOException
    {
        try (NasBench b = NasBench.open(full))
        {
            // the reference: the verifier's reader, which never builds a directory
            final Groups groups = new Groups(b.file());
            final TrainEvalResults lines = new TrainEvalResults(b.file(), groups, false);
            final SplittableRandom r = new SplittableRandom(3);
            final SeedChoice[] choices = {SeedChoice.seed(777), SeedChoice.seed(888), SeedChoice.seed(999),
                SeedChoice.seed(111)};
            for (int call = 0; call < TrialDirectory.BUILD_AFTER + 5_000; call++)
            {
                if (call == TrialDirectory.BUILD_AFTER - 1)
                {
                    assertNull(b.results().builtTrialDirectory(), "no directory before " + TrialDirectory.BUILD_AFTER);
                }
                final int a = r.nextInt(b.size());
                final Dataset d = Dataset.ofOrdinal(r.nextInt(Dataset.count()));
                final Hp hp = r.nextBoolean() ? Hp.H12 : Hp.H200;
                final Split s = Split.ofOrdinal(r.nextInt(Split.count()));
                final Metric m = Metric.ofOrdinal(r.nextInt(Metric.count()));
                final int e = r.nextInt(-1, hp.epochs());
                final SeedChoice c = choices[r.nextInt(choices.length)];
                assertEquals(Answers.bits(() -> lines.metric(a, d, hp, s, m, e, c)),
                    Answers.bits(() -> b.metric(a, d, hp, s, m, e, c)), "call " + call);
            }
            assertTrue(b.results().builtTrialDirectory().size() > 0, "the directory was built");
            assertNull(lines.builtTrialDirectory(), "the verifier's reader builds none");
        }
    }

    @Test
    void aReaderOpenedWithHeapTablesOffBuildsNone() throws IOException
    {
        final NasBench byProperty;
        System.setProperty(NasmapFile.HEAP_TABLES_PROPERTY, "false");
        try
        {
            byProperty = NasBench.open(full);
        }
        finally
        {
            System.clearProperty(NasmapFile.HEAP_TABLES_PROPERTY);
        }
        try (byProperty; NasBench byArgument = NasBench.open(full, false); NasBench on = NasBench.open(full, true))
        {
            final SplittableRandom r = new SplittableRandom(9);
            final String key = on.arch(5);
            for (int call = 0; call < NasmapFile.ARCH_INDEX_AFTER + 10; call++)
            {
                final int a = call % on.size();
                for (final NasBench b : new NasBench[] {byProperty, byArgument, on})
                {
                    if (call < TrialDirectory.BUILD_AFTER + 10)
                    {
                        b.metric(a, Dataset.CIFAR100, Hp.H200, Split.TRAIN, Metric.ACCURACY, call % 200, SeedChoice.seed(777));
                        b.simulateTrainEval(a, Dataset.CIFAR10, Hp.H12, -1, SeedChoice.random(r), new SimulationResult());
                    }
                    assertEquals(5, b.indexOf(key));
                }
            }
            for (final NasBench off : new NasBench[] {byProperty, byArgument})
            {
                assertNull(off.results().builtTrialDirectory());
                assertNull(off.simulator().builtSimulationTable());
                assertNull(off.file().names().builtArchIndex());
            }
            assertTrue(on.results().builtTrialDirectory() != null && on.simulator().builtSimulationTable() != null &&
                on.file().names().builtArchIndex() != null, "the reader opened with them on built all three");
        }
    }

    @Test
    void aClosedFileIsRefusedWithTheDirectoryBuilt() throws IOException
    {
        final NasBench b = NasBench.open(full);
        b.results().buildTrialDirectory();
        b.metric(0, Dataset.CIFAR10, Hp.H200, Split.TRAIN, Metric.ACCURACY, 5, SeedChoice.seed(777));
        b.close();
        assertThrows(IllegalStateException.class,
            () -> b.metric(0, Dataset.CIFAR10, Hp.H200, Split.TRAIN, Metric.ACCURACY, 5, SeedChoice.seed(777)));
    }

    @Test
    void aDamagedTrialReferenceKeepsNoWordAndTheLinePathReportsIt() throws IOException
    {
        final byte[] bytes = fullBytes.clone();
        final int arch = 7;
        final int seed;
        final long values;
        final long valueCount;
        try (NasBench n = NasBench.open(full))
        {
            final NasmapFile f = n.file();
            final long line = sectionOffset(bytes, Layout.SECTION_GROUPS) + Layout.groupIndex(arch,
                Layout.hpSlot(f.hpMask(), Hp.H200), Layout.hpSlots(f.hpMask()), Dataset.CIFAR100.code()) * GroupDecoder.LENGTH;
            seed = getInt(bytes, line + GroupDecoder.SEEDS_OFFSET);
            values = line + GroupDecoder.VALUES_OFFSET;
            valueCount = f.valueCount;
            assertTrue(getInt(bytes, values) >= 0);
        }
        putInt(bytes, values, (int)Math.min(Integer.MAX_VALUE, valueCount)); // the trial's values past VALUES' end
        final Path damaged = dir.resolve("damaged.nasmap");
        Files.write(damaged, rehash(bytes));
        try (NasBench d = NasBench.open(damaged); NasBench intact = NasBench.open(full))
        {
            final TrialDirectory directory = d.results().buildTrialDirectory();
            assertEquals(intact.results().buildTrialDirectory().size() - 1, directory.size(), "the trial has no word");
            final NasmapFormatException e = assertThrows(NasmapFormatException.class,
                () -> d.metric(arch, Dataset.CIFAR100, Hp.H200, Split.TRAIN, Metric.LOSS, 3, SeedChoice.seed(seed)));
            assertTrue(e.getMessage().contains("damaged.nasmap"), e.getMessage());
            assertEquals(intact.metric(arch + 1, Dataset.CIFAR100, Hp.H200, Split.TRAIN, Metric.LOSS, 3, SeedChoice.seed(seed)),
                d.metric(arch + 1, Dataset.CIFAR100, Hp.H200, Split.TRAIN, Metric.LOSS, 3, SeedChoice.seed(seed)));
        }
    }

    @Test
    void theSeedHashSeparatesAnySetOfUpToEightSeeds() throws IOException
    {
        final SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 2_000; trial++)
        {
            final int count = 1 + r.nextInt(TrialDirectory.MAX_SEEDS);
            final Set<Integer> set = new HashSet<>();
            while (set.size() < count)
            {
                set.add(trial % 2 == 0 ? r.nextInt() : r.nextInt(1000));
            }
            final int[] seeds = set.stream().mapToInt(Integer::intValue).toArray();
            final int m = TrialDirectory.multiplier(seeds);
            assertNotEquals(0, m, "no multiplier for " + set);
            final Set<Integer> slots = new HashSet<>();
            for (final int seed : seeds)
            {
                slots.add((seed * m) >>> 28);
            }
            assertEquals(seeds.length, slots.size(), "distinct slots for " + set);
        }
        try (NasBench b = NasBench.open(full))
        {
            final int[] seeds = b.file().distinctSeeds(TrialDirectory.MAX_SEEDS);
            assertEquals(Set.of(111, 777, 888, 999), Set.copyOf(java.util.Arrays.stream(seeds).boxed().toList()));
            assertNull(b.file().distinctSeeds(2), "more seeds than asked for");
        }
    }
}
