package org.nasmap.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Metric;
import org.nasmap.format.Space;
import org.nasmap.format.Split;
import org.nasmap.reader.MoreInfo;
import org.nasmap.reader.NasBench;
import org.nasmap.reader.NasmapQueryException;
import org.nasmap.reader.SeedChoice;
import org.nasmap.reader.SimulationResult;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.SyntheticSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The peers answer the benchmark's questions as the reader does, so that the comparison is between equal
 * answers: on a 300-architecture synthetic file, the heapMap port (float64 source values) and the Chronicle
 * Map port (float32 values, like the file) against {@link NasBench}.
 */
class PeersAgreeTest
{
    @TempDir
    static Path dir;

    static SyntheticSource source;
    static NasBench nb;
    static int[] held;
    static HeapMapModel heap;
    static ChronicleModel chronicle;

    @BeforeAll
    static void build() throws IOException
    {
        source = new SyntheticSource(Space.TOPOLOGY, 300, 5);
        final Path file = dir.resolve("tss-300.nasmap");
        NasmapWriter.convert(source, file, null);
        nb = NasBench.open(file);
        held = IntStream.range(0, nb.size()).filter(a -> nb.file().holds(a)).toArray();
        heap = HeapMapModel.build(source, held);
        chronicle = ChronicleModel.inMemory(source, held);
    }

    @AfterAll
    static void close()
    {
        chronicle.close();
        nb.close();
    }

    static void close(final double expected, final double actual, final double relative, final String what)
    {
        if (Double.isNaN(expected) || Double.isNaN(actual))
        {
            assertEquals(Double.isNaN(expected), Double.isNaN(actual), what);
            return;
        }
        if (Math.abs(expected - actual) > Math.max(1e-9, Math.abs(expected) * relative))
        {
            fail(what + ": expected " + expected + ", got " + actual);
        }
    }

    @Test
    void finalAccuracy()
    {
        for (final int a : held)
        {
            for (final Hp hp : Inputs.HPS)
            {
                for (final Dataset d : Inputs.VALID_DATASETS)
                {
                    final double v = nb.finalAccuracy(a, d, hp, Split.X_VALID);
                    close(v, heap.finalAccuracy(a, d, hp), 1e-12, "heap " + a + d + hp);
                    close(v, chronicle.finalAccuracy(a, d, hp), 1e-6, "chronicle " + a + d + hp);
                }
            }
        }
    }

    @Test
    void metric()
    {
        final SplittableRandom r = new SplittableRandom(1);
        int checked = 0;
        int raised = 0;
        while (checked < 5000)
        {
            final int a = held[r.nextInt(held.length)];
            final Dataset d = Dataset.ofOrdinal(r.nextInt(4));
            final Hp hp = Inputs.HPS[r.nextInt(2)];
            final int seed = nb.seedAt(a, d, hp, r.nextInt(nb.seedCount(a, d, hp)));
            final Split s = Split.ofOrdinal(r.nextInt(4));
            final Metric m = Metric.ofOrdinal(r.nextInt(4));
            final int e = r.nextInt(hp.epochs());
            final double v;
            try
            {
                v = nb.metric(a, d, hp, s, m, e, SeedChoice.seed(seed));
            }
            catch (final NasmapQueryException ex)
            {
                // where the reader raises (a series the trial lacks, a ragged split's missing epoch), so do the peers
                assertThrows(RuntimeException.class, () -> heap.metric(a, d, hp, s, m, e, seed), "heap " + a + d + hp + s + m + e);
                assertThrows(RuntimeException.class, () -> chronicle.metric(a, d, hp, s, m, e, seed),
                    "chronicle " + a + d + hp + s + m + e);
                raised++;
                continue;
            }
            assertEquals((float)v, (float)heap.metric(a, d, hp, s, m, e, seed), "heap " + a + d + hp + s + m + e);
            assertEquals((float)v, (float)chronicle.metric(a, d, hp, s, m, e, seed), "chronicle " + a + d + hp + s + m + e);
            checked++;
        }
        assertTrue(raised > 100, "error cases checked: " + raised);
    }

    static void same(final MoreInfo expected, final PeerResult actual, final double relative, final String what)
    {
        for (final MoreInfo.Block b : MoreInfo.Block.values())
        {
            final int i = b.ordinal();
            assertEquals(expected.has(b), actual.present[i], what + " " + b);
            if (expected.has(b))
            {
                close(expected.loss(b), actual.loss[i], relative, what + " " + b + " loss");
                close(expected.accuracy(b), actual.accuracy[i], relative, what + " " + b + " accuracy");
                close(expected.allTime(b), actual.allTime[i], relative, what + " " + b + " all-time");
                close(expected.perTime(b), actual.perTime[i], relative, what + " " + b + " per-time");
            }
        }
    }

    @Test
    void moreInfo()
    {
        final MoreInfo info = new MoreInfo();
        final PeerResult out = new PeerResult();
        final SplittableRandom r = new SplittableRandom(2);
        for (int k = 0; k < 2000; k++)
        {
            final int a = held[r.nextInt(held.length)];
            final Dataset d = Dataset.ofOrdinal(r.nextInt(4));
            final Hp hp = Inputs.HPS[r.nextInt(2)];
            final int epoch = r.nextBoolean() ? -1 : r.nextInt(hp.epochs());
            try
            {
                nb.getMoreInfo(a, d, hp, epoch, SeedChoice.mean(), info);
            }
            catch (final NasmapQueryException ex)
            {
                assertThrows(RuntimeException.class, () -> heap.moreInfo(a, d, hp, epoch, -1, null, out), "heap " + a + d + hp);
                assertThrows(RuntimeException.class, () -> chronicle.moreInfo(a, d, hp, epoch, -1, null, out),
                    "chronicle " + a + d + hp);
                continue;
            }
            same(info, heap.moreInfo(a, d, hp, epoch, -1, null, out), 1e-6, "heap " + a + d + hp + epoch);
            same(info, chronicle.moreInfo(a, d, hp, epoch, -1, null, out), 1e-5, "chronicle " + a + d + hp + epoch);
        }
    }

    @Test
    void simulate()
    {
        final SimulationResult sim = new SimulationResult();
        final SeedChoice random = SeedChoice.random(new ReplayRandom(1024, 3));
        final ReplayRandom heapRandom = new ReplayRandom(1024, 3);
        final ReplayRandom chronicleRandom = new ReplayRandom(1024, 3);
        final PeerResult h = new PeerResult();
        final PeerResult c = new PeerResult();
        final SplittableRandom r = new SplittableRandom(3);
        for (int k = 0; k < 2000; k++)
        {
            final int a = held[r.nextInt(held.length)];
            final Dataset d = Inputs.SIM_DATASETS[r.nextInt(3)];
            final Hp hp = Inputs.HPS[r.nextInt(2)];
            nb.simulateTrainEval(a, d, hp, -1, random, sim);
            heap.simulate(a, d, hp, -1, heapRandom, h);
            chronicle.simulate(a, d, hp, -1, chronicleRandom, c);
            close(sim.validAccuracy(), h.validAccuracy, 1e-6, "heap accuracy " + a + d + hp);
            close(sim.timeCost(), h.timeCost, 1e-6, "heap time " + a + d + hp);
            close(sim.latency(), h.latency, 1e-9, "heap latency " + a + d + hp);
            close(sim.validAccuracy(), c.validAccuracy, 1e-6, "chronicle accuracy " + a + d + hp);
            close(sim.timeCost(), c.timeCost, 1e-5, "chronicle time " + a + d + hp);
            close(sim.latency(), c.latency, 1e-9, "chronicle latency " + a + d + hp);
        }
        close(sim.usedTime(), h.usedTime, 1e-6, "heap used time");
        close(sim.usedTime(), c.usedTime, 1e-5, "chronicle used time");
    }

    @Test
    void findBestAndIndexOf()
    {
        final double[] out = new double[1];
        final double[] peer = new double[1];
        for (final double flopMax : new double[] {Double.NaN, 50, 100, 150})
        {
            final int best = nb.findBest(QueryBench.BEST_DATASET, "x-valid", flopMax, Double.NaN, QueryBench.BEST_HP, out);
            assertEquals(best, heap.findBest(QueryBench.BEST_DATASET, Split.X_VALID, flopMax, Double.NaN,
                QueryBench.BEST_HP, peer, new PeerResult()), "heap findBest " + flopMax);
            close(out[0], peer[0], 1e-12, "heap best accuracy");
            assertEquals(best, chronicle.findBest(QueryBench.BEST_DATASET, Split.X_VALID, flopMax, Double.NaN,
                QueryBench.BEST_HP, peer, new PeerResult()), "chronicle findBest " + flopMax);
        }
        for (int a = 0; a < nb.size(); a += 97)
        {
            assertEquals(nb.indexOf(nb.arch(a)), heap.indexOf(nb.arch(a)));
        }
    }
}
