package org.nasmap.reader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Metric;
import org.nasmap.format.SourceKind;
import org.nasmap.format.Space;
import org.nasmap.format.Split;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.ArchRecord;
import org.nasmap.writer.source.Source;
import org.nasmap.writer.source.SyntheticSource;
import org.nasmap.writer.source.TrialRecord;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The reader against {@link UpstreamOracle} on synthetic files of both spaces that have the real data's
 * quirks: ragged splits, 1-3 seeds, seed 111 at hp 12, missing latencies and the legacy flops rule.
 */
class NasBenchSyntheticTest
{
    @TempDir
    static Path dir;

    static NasBench tss;
    static NasBench sss;
    static UpstreamOracle tssOracle = new UpstreamOracle();
    static UpstreamOracle sssOracle = new UpstreamOracle();
    static SyntheticSource tssSource;
    static SyntheticSource sssSource;

    @BeforeAll
    static void build() throws IOException
    {
        tssSource = new SyntheticSource(Space.TOPOLOGY, 400, 7);
        sssSource = new SyntheticSource(Space.SIZE, 300, 9);
        NasmapWriter.convert(tssSource, dir.resolve("tss.nasmap"), null);
        NasmapWriter.convert(sssSource, dir.resolve("sss.nasmap"), null);
        tssSource.forEach(tssOracle::add);
        sssSource.forEach(sssOracle::add);
        tss = NasBench.open(dir.resolve("tss.nasmap"));
        sss = NasBench.open(dir.resolve("sss.nasmap"));
    }

    @AfterAll
    static void close()
    {
        tss.close();
        sss.close();
    }

    static void close(final double expected, final double actual, final String what)
    {
        if (Double.isNaN(expected) || Double.isNaN(actual))
        {
            assertEquals(Double.isNaN(expected), Double.isNaN(actual), what + ": expected " + expected + ", got " + actual);
            return;
        }
        final double tol = Math.max(1e-9, Math.abs(expected) * 2e-6);
        if (Math.abs(expected - actual) > tol)
        {
            fail(what + ": expected " + expected + ", got " + actual);
        }
    }

    @Test
    void sizeArchAndIndexOf()
    {
        assertEquals(15_625, tss.size());
        assertEquals(32_768, sss.size());
        final List<String> meta = SyntheticSource.metaOf(Space.TOPOLOGY);
        for (int i = 0; i < meta.size(); i += 97)
        {
            assertEquals(meta.get(i), tss.arch(i));
            assertEquals(i, tss.indexOf(meta.get(i)));
            assertEquals(i, tss.indexOf(new StringBuilder(meta.get(i))));
        }
        assertEquals(-1, tss.indexOf("|none~0|+|none~0|none~1|+|none~0|none~1|bogus~2|"));
        assertEquals(-1, tss.indexOf(""));
        assertEquals(32767, sss.indexOf("64:64:64:64:64"));
        assertThrows(NasmapQueryException.class, () -> tss.arch(15_625));
        assertThrows(NasmapQueryException.class, () -> tss.arch(-1));
    }

    @Test
    void metricsMatchTheOracleEverywhere()
    {
        check(tss, tssOracle, tssSource, new Hp[] {Hp.H12, Hp.H200});
        check(sss, sssOracle, sssSource, new Hp[] {Hp.H01, Hp.H12, Hp.H90});
    }

    private static void check(final NasBench bench, final UpstreamOracle oracle, final SyntheticSource source,
        final Hp[] hps)
    {
        final Metrics m = new Metrics();
        final SplittableRandom r = new SplittableRandom(1);
        int compared = 0;
        int errors = 0;
        for (int arch = 0; arch < bench.size(); arch++)
        {
            if (oracle.record(arch) == null)
            {
                if (arch % 50 == 0)
                {
                    final int a = arch;
                    assertThrows(NasmapQueryException.class,
                        () -> bench.getMetrics(a, Dataset.CIFAR10, hps[0], Split.TRAIN, -1, SeedChoice.mean(), m));
                }
                continue;
            }
            for (final Hp hp : hps)
            {
                for (final Dataset d : Dataset.values())
                {
                    final List<TrialRecord> ts = oracle.trials(arch, hp, d);
                    final int[] seeds = bench.datasetSeeds(arch, d, hp);
                    assertEquals(ts.size(), seeds.length);
                    for (int i = 0; i < seeds.length; i++)
                    {
                        assertEquals(ts.get(i).seed(), seeds[i]);
                    }
                    for (final Split s : Split.values())
                    {
                        final int[] epochs = {-1, 0, hp.epochs() / 2, hp.epochs() - 1, hp.epochs(), r.nextInt(hp.epochs())};
                        for (final int e : epochs)
                        {
                            for (final int seed : new int[] {-1, seeds[0], seeds[seeds.length - 1], 4242})
                            {
                                final double[] expected = oracle.getMetrics(arch, hp, d, s, e, seed);
                                final SeedChoice c = seed < 0 ? SeedChoice.mean() : SeedChoice.seed(seed);
                                try
                                {
                                    bench.getMetrics(arch, d, hp, s, e, c, m);
                                    assertNotNull(expected, "upstream raises for " + arch + " " + d + " " + hp + " " + s + " " + e + " " + seed);
                                    final String w = arch + " " + d + " " + hp + " " + s + " e" + e + " seed " + seed;
                                    close(expected[0], m.iepoch(), w + " iepoch");
                                    close(expected[1], m.loss(), w + " loss");
                                    close(expected[2], m.accuracy(), w + " accuracy");
                                    close(expected[3], m.curTime(), w + " cur_time");
                                    close(expected[4], m.allTime(), w + " all_time");
                                    compared++;
                                }
                                catch (final NasmapQueryException ex)
                                {
                                    assertNull(expected, "nasmap raised '" + ex.getMessage() + "' where upstream answers");
                                    errors++;
                                }
                            }
                        }
                    }
                    final double[] costs = oracle.costs(arch, hp, d);
                    final CostInfo ci = new CostInfo();
                    if (costs == null)
                    {
                        final int a = arch;
                        assertThrows(NasmapQueryException.class, () -> bench.getCostInfo(a, d, hp, ci));
                    }
                    else
                    {
                        bench.getCostInfo(arch, d, hp, ci);
                        assertEquals(costs[0], ci.flops(), "flops exact");
                        assertEquals(costs[1], ci.params(), "params exact");
                        close(costs[2], ci.latency(), "latency");
                        close(costs[2], bench.getLatency(arch, d, hp), "get_latency");
                    }
                }
            }
        }
        assertTrue(compared > 10_000, "compared " + compared);
        assertTrue(errors > 1_000, "errors " + errors);
    }

    /**
     * {@code metric} with a seed, every series of every trial of held architectures at the first, a middle, the
     * last and the default epoch (any negative one) and past the trial's epochs: the stored f32 of the source's value where it has one,
     * else upstream's error; and an error for a seed the group does not have and for an absent hp or dataset.
     */
    @Test
    void metricOfOneSeedIsTheSourceValueOrAnError()
    {
        int values = 0;
        int errors = 0;
        final Hp[][] hps = {{Hp.H12, Hp.H200}, {Hp.H01, Hp.H12, Hp.H90}};
        final NasBench[] benches = {tss, sss};
        final UpstreamOracle[] oracles = {tssOracle, sssOracle};
        for (int k = 0; k < benches.length; k++)
        {
            final NasBench bench = benches[k];
            final SplittableRandom r = new SplittableRandom(3);
            // every fifth architecture keeps the test short; the others are like them
            for (int arch = k; arch < bench.size(); arch += 5)
            {
                for (final Hp hp : Hp.values())
                {
                    for (final Dataset d : Dataset.values())
                    {
                        final List<TrialRecord> ts = oracles[k].record(arch) == null ? null : oracles[k].trials(arch, hp, d);
                        final int a = arch;
                        if (ts == null)
                        {
                            assertThrows(NasmapQueryException.class, () -> bench.metric(a, d, hp, Split.TRAIN, Metric.LOSS,
                                -1, SeedChoice.seed(777)), arch + " " + hp + " " + d);
                            errors++;
                            continue;
                        }
                        assertThrows(NasmapQueryException.class, () -> bench.metric(a, d, hp, Split.TRAIN, Metric.LOSS, -1,
                            SeedChoice.seed(4242)), "a seed the group does not have");
                        for (final TrialRecord t : ts)
                        {
                            final SeedChoice c = SeedChoice.seed(t.seed());
                            final int last = t.epochs() - 1;
                            for (final Split s : Split.values())
                            {
                                for (final Metric m : Metric.values())
                                {
                                    for (final int e : new int[] {-1, 0, r.nextInt(t.epochs()), last, t.epochs(), -2})
                                    {
                                        final int epoch = e < 0 ? last : e;
                                        final org.nasmap.writer.source.Series series = t.series(s, m);
                                        final String w = arch + " " + d + " " + hp + " seed " + t.seed() + " " + s + " " + m +
                                            " e" + e;
                                        if (epoch < t.epochs() && series != null && series.hasEpoch(epoch))
                                        {
                                            assertEquals((float)series.valueAtEpoch(epoch), bench.metric(arch, d, hp, s, m, e, c), w);
                                            values++;
                                        }
                                        else
                                        {
                                            assertThrows(NasmapQueryException.class, () -> bench.metric(a, d, hp, s, m, e, c), w);
                                            errors++;
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(values > 20_000, "values " + values);
        assertTrue(errors > 2_000, "errors " + errors);
    }

    @Test
    void raggedSeriesAreErrorsAndMoreInfoLeavesBlocksOut()
    {
        final int arch = firstHeld(tssOracle, tss);
        final MoreInfo info = new MoreInfo();
        // hp 200 cifar10-valid: x-valid every epoch, ori-test only at the last
        tss.getMoreInfo(arch, Dataset.CIFAR10_VALID, Hp.H200, 5, SeedChoice.mean(), info);
        assertTrue(info.has(MoreInfo.Block.TRAIN));
        assertTrue(info.has(MoreInfo.Block.VALID));
        assertFalse(info.has(MoreInfo.Block.TEST));
        assertFalse(info.has(MoreInfo.Block.VALTEST));
        tss.getMoreInfo(arch, Dataset.CIFAR10_VALID, Hp.H200, -1, SeedChoice.mean(), info);
        assertTrue(info.has(MoreInfo.Block.TEST));
        // cifar100 at epoch 5: valtest (ori-test) only
        tss.getMoreInfo(arch, Dataset.CIFAR100, Hp.H200, 5, SeedChoice.mean(), info);
        assertFalse(info.has(MoreInfo.Block.VALID));
        assertFalse(info.has(MoreInfo.Block.TEST));
        assertTrue(info.has(MoreInfo.Block.VALTEST));
        tss.getMoreInfo(arch, Dataset.CIFAR100, Hp.H200, -1, SeedChoice.mean(), info);
        assertTrue(info.has(MoreInfo.Block.VALID) && info.has(MoreInfo.Block.TEST) && info.has(MoreInfo.Block.VALTEST));
        final Metrics m = new Metrics();
        assertThrows(NasmapQueryException.class,
            () -> tss.getMetrics(arch, Dataset.CIFAR10_VALID, Hp.H200, Split.ORI_TEST, 100, SeedChoice.mean(), m));
        assertThrows(NasmapQueryException.class,
            () -> tss.getMetrics(arch, Dataset.CIFAR10_VALID, Hp.H200, Split.TRAIN, 200, SeedChoice.mean(), m));
        // cifar10 has no x-valid at all
        tss.getMoreInfo(arch, Dataset.CIFAR10, Hp.H12, -1, SeedChoice.mean(), info);
        assertFalse(info.has(MoreInfo.Block.VALID));
        assertTrue(info.has(MoreInfo.Block.TEST));
        assertFalse(info.has(MoreInfo.Block.VALTEST));
        // seed 111 only at hp 12; a seed that is not there is an error, never imputed
        assertArrayEquals(new int[] {111, 777}, tss.datasetSeeds(arch, Dataset.CIFAR10_VALID, Hp.H12));
        assertThrows(NasmapQueryException.class,
            () -> tss.getMoreInfo(arch, Dataset.CIFAR10, Hp.H12, -1, SeedChoice.seed(777), info));
    }

    @Test
    void moreInfoMatchesTheOracle()
    {
        final MoreInfo info = new MoreInfo();
        int checked = 0;
        for (int arch = 0; arch < tss.size() && checked < 200; arch++)
        {
            if (tssOracle.record(arch) == null)
            {
                continue;
            }
            for (final Dataset d : Dataset.values())
            {
                for (final int e : new int[] {-1, 3, 199})
                {
                    tss.getMoreInfo(arch, d, Hp.H200, e, SeedChoice.mean(), info);
                    final double[] train = tssOracle.getMetrics(arch, Hp.H200, d, Split.TRAIN, e, -1);
                    close(train[2], info.accuracy(MoreInfo.Block.TRAIN), "train acc");
                    close(train[4] / (train[0] + 1), info.perTime(MoreInfo.Block.TRAIN), "train per-time");
                    final Split valid = Split.X_VALID;
                    final double[] v = tssOracle.getMetrics(arch, Hp.H200, d, valid, e, -1);
                    assertEquals(v != null, info.has(MoreInfo.Block.VALID));
                    if (v != null)
                    {
                        close(v[2], info.accuracy(MoreInfo.Block.VALID), "valid acc");
                        close(v[4] / (train[0] + 1), info.perTime(MoreInfo.Block.VALID), "valid per-time");
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked > 100);
    }

    @Test
    void findBestAndStatisticsMatchTheOracle() throws IOException
    {
        final int[] partial = findBest(tss, tssOracle);
        assertTrue(partial[0] > 0, "some queries answer: " + partial[0] + ", " + partial[1]);
        // a file that holds every architecture of its (reduced) space: rows are indexes, and the scan reads no ARCH_HP;
        // one architecture's hp-12 cifar10-valid trials (seeds 111 and 777) disagree on flops: its costs are NaN and
        // the scan raises there, as upstream's legacy rule does without seed 888
        final Source fullSource = disagreeingFlops(new SyntheticSource(Space.TOPOLOGY, 600, 600, 13), 321);
        final UpstreamOracle fullOracle = new UpstreamOracle();
        fullSource.forEach(fullOracle::add);
        NasmapWriter.convert(fullSource, dir.resolve("tss-full.nasmap"), null);
        try (NasBench full = NasBench.open(dir.resolve("tss-full.nasmap")))
        {
            assertEquals(full.size(), full.file().heldCount());
            assertThrows(NasmapQueryException.class, () -> full.findBest(Dataset.CIFAR100, "no-such-set", Double.NaN,
                Double.NaN, Hp.H200, new double[1]));
            final int[] answers = findBest(full, fullOracle);
            assertTrue(answers[0] > 0 && answers[1] > 0, "some queries answer, some raise (a NaN cost in the scan): " + answers[0] + ", " + answers[1]);
        }
        final int[] counts = tss.statistics(Dataset.CIFAR100, Hp.H200);
        int total = 0;
        for (final int c : counts)
        {
            total += c;
        }
        assertEquals(400, total);
        assertTrue(counts[1] > 0 && counts[2] > 0 && counts[3] > 0, "1, 2 and 3 seeds all occur");
        assertEquals(400, tss.statistics(Dataset.CIFAR10, Hp.H12)[1]);
    }

    /**
     * @return {@code source} with the hp-12 cifar10-valid trials of architecture {@code arch} disagreeing on flops,
     * and the hp-200 cifar100 x-valid accuracy of the next one's first trial missing its last epoch.
     */
    private static Source disagreeingFlops(final SyntheticSource source, final int arch)
    {
        return new Source()
        {
            @Override
            public SourceKind kind()
            {
                return source.kind();
            }

            @Override
            public Space space()
            {
                return source.space();
            }

            @Override
            public List<String> metaArchs()
            {
                return source.metaArchs();
            }

            @Override
            public int heldCountHint()
            {
                return source.heldCountHint();
            }

            @Override
            public void forEach(final ArchConsumer consumer) throws IOException
            {
                source.forEach(r ->
                {
                    if (r.index() == arch + 1)
                    {
                        // and the next one's hp-200 cifar100 x-valid accuracy lacks the last epoch: its final mean is
                        // NaN, where upstream raises within the limits
                        for (final ArchRecord.DatasetTrials dt : r.hp(Hp.H200).datasets())
                        {
                            if (dt.dataset() == Dataset.CIFAR100)
                            {
                                dt.trials().get(0).series(Split.X_VALID, Metric.ACCURACY,
                                    new org.nasmap.writer.source.Series(new int[] {198}, new double[] {50.0}));
                            }
                        }
                    }
                    if (r.index() == arch)
                    {
                        for (final ArchRecord.DatasetTrials dt : r.hp(Hp.H12).datasets())
                        {
                            if (dt.dataset() == Dataset.CIFAR10_VALID)
                            {
                                final TrialRecord t = dt.trials().get(1);
                                t.costs(t.flops() + 0.5, t.params());
                            }
                        }
                    }
                    consumer.accept(r);
                });
            }

            @Override
            public void close() throws IOException
            {
                source.close();
            }
        };
    }

    /**
     * Compares find_best with the oracle at both hps, every dataset and several limits.
     *
     * @return the queries answered and those that raised.
     */
    private static int[] findBest(final NasBench bench, final UpstreamOracle oracle)
    {
        int answered = 0;
        int raised = 0;
        for (final Hp hp : new Hp[] {Hp.H12, Hp.H200})
        {
            for (final Dataset d : Dataset.values())
            {
                final Split s = d == Dataset.CIFAR10 ? Split.ORI_TEST : Split.X_VALID;
                for (final double[] limits : new double[][] {{Double.NaN, Double.NaN}, {50.0, Double.NaN}, {120.0, Double.NaN},
                    {Double.NaN, 0.8}, {120.0, 1.2}})
                {
                    final double flopMax = limits[0];
                    final double paramMax = limits[1];
                    int bestIndex = -1;
                    double best = Double.NaN;
                    boolean raises = false;
                    for (int arch = 0; arch < bench.size(); arch++)
                    {
                        if (oracle.record(arch) == null)
                        {
                            continue;
                        }
                        final double[] c = oracle.costs(arch, hp, d);
                        if (c == null)
                        {
                            raises = true;
                            break;
                        }
                        if (flopMax == flopMax && c[0] > flopMax || paramMax == paramMax && c[1] > paramMax)
                        {
                            continue;
                        }
                        final double acc = meanFinal(oracle.trials(arch, hp, d), s);
                        if (acc != acc)
                        {
                            raises = true; // get_metrics raises for the missing value
                            break;
                        }
                        if (bestIndex == -1 || best < acc)
                        {
                            bestIndex = arch;
                            best = acc;
                        }
                    }
                    final double[] out = new double[1];
                    final String w = hp + " " + d + " flops <= " + flopMax + ", params <= " + paramMax;
                    if (raises)
                    {
                        assertThrows(NasmapQueryException.class,
                            () -> bench.findBest(d, s.upstreamName(), flopMax, paramMax, hp, out), w);
                        raised++;
                    }
                    else
                    {
                        assertEquals(bestIndex, bench.findBest(d, s.upstreamName(), flopMax, paramMax, hp, out), w);
                        assertEquals(best, out[0], "find_best accuracy is exact: " + w);
                        answered++;
                    }
                }
            }
        }
        return new int[] {answered, raised};
    }

    /** Mean over seeds of the final accuracy in float64 from the source values (what find_best reads). */
    private static double meanFinal(final List<TrialRecord> ts, final Split s)
    {
        double sum = 0;
        for (final TrialRecord t : ts)
        {
            sum += t.series(s, Metric.ACCURACY).valueAtEpoch(t.epochs() - 1);
        }
        return sum / ts.size();
    }

    @Test
    void simulateAccountsTime()
    {
        final int arch = firstHeld(tssOracle, tss);
        final SimulationResult r = new SimulationResult();
        tss.simulateTrainEval(arch, Dataset.CIFAR10, Hp.H12, -1, SeedChoice.seed(777), r);
        final double[] train = tssOracle.getMetrics(arch, Hp.H12, Dataset.CIFAR10_VALID, Split.TRAIN, -1, 777);
        final double[] valid = tssOracle.getMetrics(arch, Hp.H12, Dataset.CIFAR10_VALID, Split.X_VALID, -1, 777);
        close(valid[2], r.validAccuracy(), "valid accuracy");
        close(train[4] + valid[4] / 12, r.timeCost(), "time cost");
        final double first = r.usedTime();
        tss.simulateTrainEval(arch, Dataset.CIFAR10, Hp.H12, -1, SeedChoice.seed(777), r);
        close(2 * first, r.usedTime(), "used time accumulates");
        // cifar100 at an early epoch of hp 200 falls back to valtest and a second lookup at the last epoch
        final int seed = tss.datasetSeeds(arch, Dataset.CIFAR100, Hp.H200)[0];
        tss.simulateTrainEval(arch, Dataset.CIFAR100, Hp.H200, 10, SeedChoice.seed(seed), r);
        final double[] valtest = tssOracle.getMetrics(arch, Hp.H200, Dataset.CIFAR100, Split.ORI_TEST, 10, seed);
        final double[] train10 = tssOracle.getMetrics(arch, Hp.H200, Dataset.CIFAR100, Split.TRAIN, 10, seed);
        final double[] validLast = tssOracle.getMetrics(arch, Hp.H200, Dataset.CIFAR100, Split.X_VALID, -1, seed);
        close(valtest[2], r.validAccuracy(), "valtest accuracy");
        close(train10[4] + validLast[4] / 200, r.timeCost(), "time cost with the fallback");
        assertThrows(NasmapQueryException.class,
            () -> tss.simulateTrainEval(arch, Dataset.CIFAR10_VALID, Hp.H12, -1, SeedChoice.mean(), r));
    }

    @Test
    void seriesFlyweightAndPrimitiveMetric()
    {
        final int arch = firstHeld(tssOracle, tss);
        final TrialSeries s = new TrialSeries();
        final int seed = tss.datasetSeeds(arch, Dataset.CIFAR10_VALID, Hp.H200)[0];
        tss.series(arch, Dataset.CIFAR10_VALID, Hp.H200, seed, Split.ORI_TEST, Metric.ACCURACY, s);
        assertEquals(200, s.epochs());
        assertFalse(s.has(0));
        assertTrue(s.has(199));
        assertThrows(NasmapQueryException.class, () -> s.get(5));
        tss.series(arch, Dataset.CIFAR10_VALID, Hp.H200, seed, Split.X_VALID, Metric.ACCURACY, s);
        final TrialRecord t = tssOracle.trials(arch, Hp.H200, Dataset.CIFAR10_VALID).get(0);
        for (int e = 0; e < 200; e++)
        {
            assertEquals((float)t.series(Split.X_VALID, Metric.ACCURACY).valueAtEpoch(e), s.get(e));
        }
        close((float)t.series(Split.X_VALID, Metric.ACCURACY).valueAtEpoch(42),
            tss.metric(arch, Dataset.CIFAR10_VALID, Hp.H200, Split.X_VALID, Metric.ACCURACY, 42, SeedChoice.seed(seed)),
            "primitive metric");
        final double mean = tss.metric(arch, Dataset.CIFAR10_VALID, Hp.H200, Split.X_VALID, Metric.ACCURACY, -1,
            SeedChoice.mean());
        close(tss.finalAccuracy(arch, Dataset.CIFAR10_VALID, Hp.H200, Split.X_VALID), mean, "final accuracy");
    }

    static int firstHeld(final UpstreamOracle oracle, final NasBench bench)
    {
        for (int i = 0; i < bench.size(); i++)
        {
            if (oracle.record(i) != null)
            {
                return i;
            }
        }
        throw new IllegalStateException();
    }
}
