package org.nasmap.reader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One open reader shared by many threads: every thread gets exactly (bit for bit) the single-threaded
 * answers, and closing the reader under running queries gives answers or {@link IllegalStateException},
 * never anything else and never a crash.
 * <p>
 * {@code -Dnasmap.concurrency.queries=N} sets the queries per thread (default 1,000,000; 8 threads).
 */
class ConcurrentQueryTest
{
    static final int THREADS = 8;
    static final int QUERIES_PER_THREAD = Integer.getInteger("nasmap.concurrency.queries", 1_000_000);
    /** Distinct queries whose answers are computed once, single-threaded. */
    static final int TABLE = 20_000;
    /** Longs of one answer. */
    static final int W = 10;

    @TempDir
    static Path dir;
    static Path file;
    static int[] held;
    static List<String> meta;
    static Query[] queries;
    static long[] expected;
    static String[] expectedError;

    /** One query: an operation and its arguments. */
    record Query(int op, int arch, Dataset dataset, Hp hp, Split split, Metric metric, int epoch, int choiceKind,
        int seed, String archString)
    {
        SeedChoice choice()
        {
            return switch (choiceKind)
            {
                case 0 -> SeedChoice.mean();
                case 1 -> SeedChoice.seed(seed);
                default -> SeedChoice.random(new SplittableRandom(seed));
            };
        }
    }

    @BeforeAll
    static void build() throws IOException
    {
        final SyntheticSource source = new SyntheticSource(Space.TOPOLOGY, 120, 17);
        file = dir.resolve("tss.nasmap");
        NasmapWriter.convert(source, file, null);
        meta = source.metaArchs();
        final List<Integer> h = new ArrayList<>();
        source.forEach(r -> h.add(r.index()));
        held = h.stream().mapToInt(Integer::intValue).toArray();
        final SplittableRandom r = new SplittableRandom(5);
        queries = new Query[TABLE];
        for (int i = 0; i < TABLE; i++)
        {
            queries[i] = randomQuery(r);
        }
        expected = new long[TABLE * W];
        expectedError = new String[TABLE];
        try (NasBench b = NasBench.open(file))
        {
            final Scratch s = new Scratch();
            final long[] out = new long[W];
            int errors = 0;
            for (int i = 0; i < TABLE; i++)
            {
                try
                {
                    java.util.Arrays.fill(out, 0);
                    answer(b, queries[i], s, out);
                    System.arraycopy(out, 0, expected, i * W, W);
                }
                catch (final NasmapQueryException e)
                {
                    expectedError[i] = e.getMessage();
                    errors++;
                }
            }
            assertTrue(errors > TABLE / 50 && errors < TABLE / 2, errors + " of the queries raise");
        }
    }

    private static Query randomQuery(final SplittableRandom r)
    {
        final int op = r.nextInt(7);
        final int arch = r.nextInt(20) == 0 ? r.nextInt(meta.size()) : held[r.nextInt(held.length)];
        final Hp hp = r.nextInt(10) == 0 ? Hp.ofOrdinal(r.nextInt(Hp.count())) : r.nextBoolean() ? Hp.H12 : Hp.H200;
        final int epoch = r.nextInt(4) == 0 ? -1 : r.nextInt(hp.epochs() + 1);
        final int[] seeds = {111, 777, 888, 999};
        final String s = r.nextInt(10) == 0 ? meta.get(arch).replace('~', '-') : meta.get(arch);
        return new Query(op, arch, Dataset.ofOrdinal(r.nextInt(4)), hp, Split.ofOrdinal(r.nextInt(4)),
            Metric.ofOrdinal(r.nextInt(4)), epoch, r.nextInt(3), r.nextInt(5) == 0 ? r.nextInt() : seeds[r.nextInt(4)], s);
    }

    static final class Scratch
    {
        final Metrics metrics = new Metrics();
        final MoreInfo more = new MoreInfo();
        final CostInfo cost = new CostInfo();
    }

    private static long bits(final double v)
    {
        return Double.doubleToRawLongBits(v);
    }

    /** Answers a query into {@code out} (raw bits); a query upstream raises on throws. */
    static void answer(final NasBench b, final Query q, final Scratch s, final long[] out)
    {
        switch (q.op())
        {
            case 0 -> out[0] = bits(b.finalAccuracy(q.arch(), q.dataset(), q.hp(), q.split()));
            case 1 -> out[0] = bits(b.metric(q.arch(), q.dataset(), q.hp(), q.split(), q.metric(), q.epoch(), q.choice()));
            case 2 ->
            {
                final MoreInfo m = b.getMoreInfo(q.arch(), q.dataset(), q.hp(), q.epoch(), q.choice(), s.more);
                int k = 0;
                for (final MoreInfo.Block block : MoreInfo.Block.values())
                {
                    if (m.has(block))
                    {
                        out[k++ % W] ^= bits(m.loss(block)) * 31 + bits(m.accuracy(block)) * 17 +
                            bits(m.perTime(block)) * 7 + bits(m.allTime(block)) + (m.timeKnown(block) ? 1 : 0);
                    }
                    out[W - 1] = out[W - 1] * 2 + (m.has(block) ? 1 : 0);
                }
            }
            case 3 ->
            {
                final CostInfo c = b.getCostInfo(q.arch(), q.dataset(), q.hp(), s.cost);
                out[0] = bits(c.flops());
                out[1] = bits(c.params());
                out[2] = bits(c.latency());
                for (final Split split : Split.values())
                {
                    out[3 + split.ordinal()] = c.hasTimes(split) ? bits(c.epochTime(split)) : 1;
                    out[7] = out[7] * 31 + (c.hasTimes(split) ? bits(c.totalTime(split)) : 2);
                }
            }
            case 4 -> out[0] = b.indexOf(q.archString());
            case 5 ->
            {
                final Metrics m = b.getMetrics(q.arch(), q.dataset(), q.hp(), q.split(), q.epoch(), q.choice(), s.metrics);
                out[0] = bits(m.iepoch());
                out[1] = bits(m.loss());
                out[2] = bits(m.accuracy());
                out[3] = bits(m.curTime());
                out[4] = bits(m.allTime());
                out[5] = m.timeKnown() ? 1 : 0;
            }
            default -> out[0] = bits(b.getLatency(q.arch(), q.dataset(), q.hp()));
        }
    }

    /**
     * Runs {@code count} random queries of the table and compares each with its expected answer.
     *
     * @return null, or a description of the first difference.
     */
    static String check(final NasBench b, final long seed, final int count)
    {
        final SplittableRandom r = new SplittableRandom(seed);
        final Scratch s = new Scratch();
        final long[] out = new long[W];
        for (int n = 0; n < count; n++)
        {
            final int i = r.nextInt(TABLE);
            java.util.Arrays.fill(out, 0);
            try
            {
                answer(b, queries[i], s, out);
                if (expectedError[i] != null)
                {
                    return "query " + queries[i] + " answered, single-threaded it raised " + expectedError[i];
                }
                for (int k = 0; k < W; k++)
                {
                    if (out[k] != expected[i * W + k])
                    {
                        return "query " + queries[i] + ": word " + k + " is " + Long.toHexString(out[k]) + ", expected " +
                            Long.toHexString(expected[i * W + k]);
                    }
                }
            }
            catch (final NasmapQueryException e)
            {
                if (!e.getMessage().equals(expectedError[i]))
                {
                    return "query " + queries[i] + " raised " + e.getMessage() + ", expected " + expectedError[i];
                }
            }
        }
        return null;
    }

    @Test
    void manyThreadsGetTheSingleThreadedAnswers() throws Exception
    {
        try (NasBench b = NasBench.open(file))
        {
            final AtomicReference<String> failure = new AtomicReference<>();
            final CountDownLatch start = new CountDownLatch(1);
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++)
            {
                final long seed = 1000 + t;
                final Thread thread = new Thread(() ->
                {
                    try
                    {
                        start.await();
                        final String f = check(b, seed, QUERIES_PER_THREAD);
                        if (f != null)
                        {
                            failure.compareAndSet(null, f);
                        }
                    }
                    catch (final Throwable e)
                    {
                        failure.compareAndSet(null, e.toString());
                    }
                }, "query-" + t);
                threads.add(thread);
                thread.start();
            }
            start.countDown();
            for (final Thread t : threads)
            {
                t.join();
            }
            assertNull(failure.get());
        }
    }

    @Test
    void closingUnderRunningQueriesGivesAnswersOrIllegalState() throws Exception
    {
        final SplittableRandom r = new SplittableRandom(3);
        long answered = 0;
        long refused = 0;
        for (int round = 0; round < 12; round++)
        {
            final NasBench b = NasBench.open(file);
            // a flyweight wrapped before close keeps reading the mapping (documented: valid while open; never a crash)
            final TrialSeries series = b.series(held[0], Dataset.CIFAR10, Hp.H200, b.seedAt(held[0], Dataset.CIFAR10, Hp.H200, 0),
                Split.TRAIN, Metric.ACCURACY, new TrialSeries());
            final float first = series.get(0);
            final AtomicReference<String> failure = new AtomicReference<>();
            final AtomicLong ok = new AtomicLong();
            final AtomicLong closedSeen = new AtomicLong();
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++)
            {
                final long seed = round * 100L + t;
                final Thread thread = new Thread(() ->
                {
                    final SplittableRandom qr = new SplittableRandom(seed);
                    final Scratch s = new Scratch();
                    final long[] out = new long[W];
                    int afterClose = -1;
                    while (afterClose < 100)
                    {
                        final int i = qr.nextInt(TABLE);
                        try
                        {
                            java.util.Arrays.fill(out, 0);
                            answer(b, queries[i], s, out);
                            if (afterClose >= 0)
                            {
                                failure.compareAndSet(null, "answered after an IllegalStateException: " + queries[i]);
                                return;
                            }
                            if (expectedError[i] != null || !java.util.Arrays.equals(out, 0, W, expected, i * W, i * W + W))
                            {
                                failure.compareAndSet(null, "wrong answer under close: " + queries[i]);
                                return;
                            }
                            ok.incrementAndGet();
                        }
                        catch (final IllegalStateException e)
                        {
                            if (!e.getMessage().contains("closed"))
                            {
                                failure.compareAndSet(null, e.toString());
                                return;
                            }
                            afterClose++;
                            closedSeen.incrementAndGet();
                        }
                        catch (final NasmapQueryException e)
                        {
                            if (afterClose >= 0 || !e.getMessage().equals(expectedError[i]))
                            {
                                failure.compareAndSet(null, "unexpected " + e + " for " + queries[i]);
                                return;
                            }
                        }
                        catch (final Throwable e)
                        {
                            failure.compareAndSet(null, e.toString());
                            return;
                        }
                    }
                }, "close-" + t);
                threads.add(thread);
                thread.start();
            }
            Thread.sleep(1 + r.nextInt(40));
            b.close();
            for (final Thread t : threads)
            {
                t.join(60_000);
                assertTrue(!t.isAlive(), "a querying thread did not stop after close");
            }
            assertNull(failure.get(), failure.get());
            assertTrue(b.file().isClosed());
            assertEquals(first, series.get(0), "the mapping outlives close()");
            answered += ok.get();
            refused += closedSeen.get();
        }
        assertTrue(answered > 0 && refused >= 12 * 4 * 100, answered + " answered, " + refused + " refused");
        // the mappings of the closed readers may now be released by the collector under no reader
        System.gc();
    }
}
