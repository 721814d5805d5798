package org.nasmap.reader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nasmap.format.Dataset;
import org.nasmap.format.GroupAnswersDecoder;
import org.nasmap.format.GroupDecoder;
import org.nasmap.format.Hp;
import org.nasmap.format.Layout;
import org.nasmap.format.Space;
import org.nasmap.format.Split;
import org.nasmap.format.TrialFinalDecoder;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.SyntheticSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nasmap.reader.Answers.call;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nasmap.reader.FileBytes.getInt;
import static org.nasmap.reader.FileBytes.putDouble;
import static org.nasmap.reader.FileBytes.putInt;
import static org.nasmap.reader.FileBytes.rehash;
import static org.nasmap.reader.FileBytes.sectionLength;
import static org.nasmap.reader.FileBytes.sectionOffset;

/**
 * The answers read from GROUP_ANSWERS entries and through the groups' LAST_OK bits, against the same calls answered
 * trial by trial from the series (a reader built with {@code derived = false}), on synthetic spaces whose groups hold
 * one to three seeds, the legacy cost disagreement, missing latencies and the ragged splits; and damage to the entries
 * found by {@code verify} or refused at open.
 */
class GroupAnswersTest
{
    @TempDir
    static Path dir;
    static Path tss;
    static byte[] tssBytes;
    /** The golden files' small source: groups that raise, costs under the legacy rule, None times, sparse splits. */
    static Path tiny;
    /** A reduced space that the file holds whole (rows are indexes): the paths that address entries from the index. */
    static Path full;

    @BeforeAll
    static void build() throws IOException
    {
        tss = dir.resolve("tss.nasmap");
        NasmapWriter.convert(new SyntheticSource(Space.TOPOLOGY, 600, 11), tss, null);
        tssBytes = Files.readAllBytes(tss);
        tiny = dir.resolve("tiny.nasmap");
        NasmapWriter.convert(new TinySource(Space.TOPOLOGY, 5), tiny, null);
        full = dir.resolve("full.nasmap");
        NasmapWriter.convert(new SyntheticSource(Space.TOPOLOGY, 500, 500, 13), full, null);
    }

    @Test
    void aTopologyFileHasAnEntryPerGroupOfHp200AndTheyAnswerMostGroups() throws IOException
    {
        try (NasBench b = NasBench.open(tss))
        {
            final NasmapFile f = b.file();
            assertEquals(17, f.sectionCount());
            assertEquals((long)f.heldCount() * Dataset.count() * GroupAnswersDecoder.LENGTH,
                sectionLength(tssBytes, Layout.SECTION_GROUP_ANSWERS));
            int present = 0;
            int costs = 0;
            for (int a = 0; a < f.size(); a++)
            {
                if (!f.holds(a, Hp.H200))
                {
                    continue;
                }
                for (final Dataset d : Dataset.values())
                {
                    final int at = f.answerAt(f.row(a), Hp.H200, d);
                    present += flags(f, at) & GroupAnswersDecoder.FLAG_PRESENT;
                    costs += (flags(f, at) & GroupAnswersDecoder.FLAG_COSTS) != 0 ? 1 : 0;
                }
                assertEquals(-1, f.answerAt(f.row(a), Hp.H12, Dataset.CIFAR10));
            }
            // the entries are used, not left empty: most groups are answered (some lack a dataset or raise for costs)
            assertTrue(present > 600 * 4 * 3 / 4, "present entries: " + present);
            assertTrue(costs > 600 * 4 / 2, "cost entries: " + costs + " of " + present);
            assertTrue(NasmapVerifier.verify(f).ok(), NasmapVerifier.verify(f).problems().toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tss", "tiny", "full"})
    void answersEqualTheTrialByTrialPathBitForBit(final String which) throws IOException
    {
        final boolean small = which.equals("tiny");
        try (NasBench b = NasBench.open(small ? tiny : which.equals("full") ? full : tss))
        {
            final NasmapFile f = b.file();
            final Groups groups = new Groups(f);
            final CostRules walkedCosts = new CostRules(f, groups, false);
            final MoreInfoQuery walkedMoreInfo = new MoreInfoQuery(f, groups, new TrainEvalResults(f, groups, false), false);
            final TrainEvalSimulator walked = new TrainEvalSimulator(f, groups, walkedCosts, walkedMoreInfo, false);
            final TrainEvalSimulator fastResults = Answers.simulator(f, true);
            final MoreInfo fast = new MoreInfo();
            final MoreInfo slow = new MoreInfo();
            final CostInfo fastCost = new CostInfo();
            final CostInfo slowCost = new CostInfo();
            int compared = 0;
            int raised = 0;
            for (int arch = 0; arch < f.size(); arch++)
            {
                final int a = arch;
                for (final Hp hp : new Hp[] {Hp.H12, Hp.H200})
                {
                    if (!f.holds(a, hp))
                    {
                        continue;
                    }
                    for (final Dataset d : Dataset.values())
                    {
                        final String m1 = call(() -> dump(b.getMoreInfo(a, d, hp, -1, SeedChoice.mean(), fast)));
                        final String m2 = call(() -> dump(walkedMoreInfo.answer(a, d, hp, -1, SeedChoice.MEAN, 0, null, slow, slow.scratch)));
                        assertEquals(m2, m1, "get_more_info mean of " + a + " " + hp + " " + d);
                        final String c1 = call(() -> dump(b.getCostInfo(a, d, hp, fastCost)));
                        final String c2 = call(() -> dump(walkedCosts.costInfo(a, d, hp, slowCost)));
                        assertEquals(c2, c1, "get_cost_info of " + a + " " + hp + " " + d);
                        raised += m1.startsWith("raises") || c1.startsWith("raises") ? 1 : 0;
                        for (final int seed : new int[] {111, 777, 888, 999, 5})
                        {
                            final SeedChoice choice = SeedChoice.seed(seed);
                            final String s1 = call(() -> dump(b.getMoreInfo(a, d, hp, -1, choice, fast)));
                            final String s2 = call(() -> dump(walkedMoreInfo.answer(a, d, hp, -1, SeedChoice.SEED, seed, null, slow,
                                slow.scratch)));
                            assertEquals(s2, s1, "get_more_info of seed " + seed + " of " + a + " " + hp + " " + d);
                        }
                        if (d != Dataset.CIFAR10_VALID)
                        {
                            for (final int seed : new int[] {111, 777, 888, 999, 5})
                            {
                                assertEquals(simulate(walked, a, d, hp, SeedChoice.seed(seed)),
                                    simulate(fastResults, a, d, hp, SeedChoice.seed(seed)),
                                    "simulate_train_eval of seed " + seed + " of " + a + " " + hp + " " + d);
                            }
                            // a drawn seed: the same draws, and the generator left in the same state
                            final java.util.SplittableRandom r1 = new java.util.SplittableRandom(a);
                            final java.util.SplittableRandom r2 = new java.util.SplittableRandom(a);
                            for (int k = 0; k < 4; k++)
                            {
                                assertEquals(simulate(walked, a, d, hp, SeedChoice.random(r1)),
                                    simulate(fastResults, a, d, hp, SeedChoice.random(r2)),
                                    "simulate_train_eval of a drawn seed of " + a + " " + hp + " " + d);
                            }
                            assertEquals(r1.nextLong(), r2.nextLong(), "the same number of draws");
                        }
                        compared++;
                    }
                }
            }
            // the synthetic space answers every group; the tiny one raises where upstream raises
            assertTrue(small ? compared >= 16 && raised > 0 : compared > 3000, compared + " groups, " + raised + " raise");
            assertEquals(which.equals("full"), f.fullCostAddress(Hp.H200, Dataset.CIFAR100, Layout.COST_LATENCY) != 0);
        }
    }


    private static int flags(final NasmapFile f, final int at)
    {
        return new GroupAnswersDecoder().wrap(f.groupAnswers, at).flags();
    }

    private static String simulate(final TrainEvalSimulator r, final int arch, final Dataset d, final Hp hp,
        final SeedChoice choice)
    {
        final SimulationResult out = new SimulationResult();
        return call(() ->
        {
            r.simulateTrainEval(arch, d, hp, -1, choice, out);
            return Double.doubleToRawLongBits(out.validAccuracy()) + " " + Double.doubleToRawLongBits(out.latency()) + " " +
                Double.doubleToRawLongBits(out.timeCost()) + " " + Double.doubleToRawLongBits(out.usedTime());
        });
    }

    private static String dump(final MoreInfo m)
    {
        final StringBuilder sb = new StringBuilder();
        for (final MoreInfo.Block k : MoreInfo.Block.values())
        {
            if (m.has(k))
            {
                sb.append(k).append(' ').append(Double.doubleToRawLongBits(m.loss(k))).append(' ')
                    .append(Double.doubleToRawLongBits(m.accuracy(k))).append(' ')
                    .append(Double.doubleToRawLongBits(m.allTime(k))).append(' ')
                    .append(Double.doubleToRawLongBits(m.perTime(k))).append(' ').append(m.timeKnown(k)).append(';');
            }
        }
        return sb.toString();
    }

    private static String dump(final CostInfo c)
    {
        final StringBuilder sb = new StringBuilder().append(Double.doubleToRawLongBits(c.flops())).append(' ')
            .append(Double.doubleToRawLongBits(c.params())).append(' ').append(Double.doubleToRawLongBits(c.latency()));
        for (final Split s : Split.values())
        {
            if (c.hasTimes(s))
            {
                sb.append(';').append(s).append(' ').append(Double.doubleToRawLongBits(c.epochTime(s))).append(' ')
                    .append(Double.doubleToRawLongBits(c.totalTime(s))).append(' ').append(c.timeKnown(s));
            }
        }
        return sb.toString();
    }

    /** @return the byte offset in the file of the first present entry with every MEAN_OK bit, and its arch. */
    private static long[] fullEntry() throws IOException
    {
        try (NasBench b = NasBench.open(tss))
        {
            final NasmapFile f = b.file();
            for (int a = 0; a < f.size(); a++)
            {
                if (f.holds(a, Hp.H200))
                {
                    final int at = f.answerAt(f.row(a), Hp.H200, Dataset.CIFAR100);
                    if ((flags(f, at) & 0xF1) == 0xF1)
                    {
                        return new long[] {sectionOffset(tssBytes, Layout.SECTION_GROUP_ANSWERS) + at, a};
                    }
                }
            }
        }
        throw new AssertionError("no complete entry");
    }

    private static List<String> problems(final byte[] damaged, final String name) throws IOException
    {
        final Path p = dir.resolve(name);
        Files.write(p, rehash(damaged));
        try (NasBench b = NasBench.open(p))
        {
            final List<String> problems = NasmapVerifier.verify(b.file()).problems();
            assertTrue(problems.stream().allMatch(s -> s.startsWith(p + ": ")), "every problem names the file: " + problems);
            return problems;
        }
    }

    @Test
    void aChangedMeanOrFlagIsFoundByVerify() throws IOException
    {
        final long at = fullEntry()[0];
        final byte[] loss = tssBytes.clone();
        putDouble(loss, at + GroupAnswersDecoder.splitField(Split.X_VALID.code(), GroupAnswersDecoder.LOSS_OFFSET), 0.25);
        assertTrue(problems(loss, "loss.nasmap").stream().anyMatch(s -> s.contains("differ from its trials")));

        final byte[] unknown = tssBytes.clone();
        putInt(unknown, at, getInt(unknown, at) | 1 << 30);
        assertTrue(problems(unknown, "unknown.nasmap").stream().anyMatch(s -> s.contains("unknown flags")));

        final byte[] dropped = tssBytes.clone();
        putInt(dropped, at, getInt(dropped, at) & ~(1 << (GroupAnswersDecoder.MEAN_OK_SHIFT + Split.X_TEST.code())));
        assertTrue(problems(dropped, "dropped.nasmap").stream().anyMatch(s -> s.contains("differ from its trials")),
            "a block left out that upstream has");

        final byte[] cost = tssBytes.clone();
        putDouble(cost, at + GroupAnswersDecoder.splitField(Split.TRAIN.code(), GroupAnswersDecoder.TOTAL_TIME_OFFSET), 1e9);
        final List<String> costProblems = problems(cost, "cost.nasmap");
        assertEquals(tssBytes.length, cost.length);
        assertTrue(costProblems.stream().anyMatch(s -> s.contains("differ from its trials")) ||
            (getInt(tssBytes, at) & GroupAnswersDecoder.FLAG_COSTS) == 0, costProblems.toString());
    }

    @Test
    void aLastOkBitOverATrialWithoutAnswerIsFoundByVerify() throws IOException
    {
        // a group of hp 200 with LAST_OK for x-valid: damage its first trial's final entry
        try (NasBench b = NasBench.open(tss))
        {
            final NasmapFile f = b.file();
            for (int g = 0; g < f.heldCount() * 2 * Dataset.count(); g++)
            {
                final int flags = f.groupFlags(g);
                if ((flags & GroupDecoder.lastOk(Split.X_VALID.code())) != 0 && f.groupFirstTrial(g) >= 0)
                {
                    final int entry = f.finalEntry(g, 0);
                    final byte[] damaged = tssBytes.clone();
                    putInt(damaged, sectionOffset(tssBytes, Layout.SECTION_TRIAL_FINALS) + (long)entry * TrialFinalDecoder.LENGTH +
                        Split.X_VALID.code() * TrialFinalDecoder.SPLIT_LENGTH + TrialFinalDecoder.LOSS_OFFSET,
                        Float.floatToRawIntBits(Float.NaN));
                    assertTrue(problems(damaged, "lastok.nasmap").stream().anyMatch(s -> s.contains("LAST_OK")));
                    return;
                }
            }
        }
        throw new AssertionError("no LAST_OK group");
    }

    @Test
    void anEntryCountOtherThanNoneOrOnePerGroupIsRefusedAtOpen() throws IOException
    {
        final long entry = FileBytes.entry(Layout.SECTION_GROUP_ANSWERS);
        final byte[] one = tssBytes.clone();
        FileBytes.putLong(one, entry + Layout.ENTRY_ELEMENT_COUNT_OFFSET, 1);
        FileBytes.putLong(one, entry + Layout.ENTRY_LENGTH_OFFSET, GroupAnswersDecoder.LENGTH);
        final Path p = dir.resolve("count.nasmap");
        Files.write(p, rehash(one));
        final NasmapFormatException e = assertThrows(NasmapFormatException.class, () -> NasmapFile.open(p).close());
        assertTrue(e.getMessage().contains("section 17 has 1 elements"), e.getMessage());

        // none at all is a valid file: every answer then comes from the trials, and equals the entries' answers
        final byte[] none = tssBytes.clone();
        FileBytes.putLong(none, entry + Layout.ENTRY_ELEMENT_COUNT_OFFSET, 0);
        FileBytes.putLong(none, entry + Layout.ENTRY_LENGTH_OFFSET, 0);
        final Path q = dir.resolve("none.nasmap");
        final byte[] noneBytes = rehash(none);
        Files.write(q, noneBytes);
        final long padding = sectionLength(tssBytes, Layout.SECTION_GROUP_ANSWERS);
        try (NasBench with = NasBench.open(tss); NasBench without = NasBench.open(q))
        {
            final List<String> problems = NasmapVerifier.verify(without.file()).problems();
            // the entries' bytes are now padding, which must be zero: the only problem verify may report
            assertTrue(padding > 0 && problems.stream().allMatch(s -> s.contains("non-zero padding")), problems.toString());
            final MoreInfo m1 = new MoreInfo();
            final MoreInfo m2 = new MoreInfo();
            int same = 0;
            for (int a = 0; a < with.size(); a++)
            {
                if (with.file().holds(a, Hp.H200))
                {
                    final int arch = a;
                    final String x = call(() -> dump(with.getMoreInfo(arch, Dataset.CIFAR100, Hp.H200, -1, SeedChoice.mean(), m1)));
                    final String y = call(() -> dump(without.getMoreInfo(arch, Dataset.CIFAR100, Hp.H200, -1, SeedChoice.mean(), m2)));
                    assertEquals(x, y, "architecture " + a);
                    same++;
                }
            }
            assertTrue(same > 100);
            assertFalse(without.file().answerAt(0, Hp.H200, Dataset.CIFAR100) >= 0, "no entries to read");
        }
    }
}
