package org.nasmap.reader;

import java.nio.file.Path;
import java.util.SplittableRandom;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Metric;
import org.nasmap.format.Split;

/**
 * Runs the reader's public API on a possibly damaged file, with arguments drawn from a {@link Choices}
 * (the fuzzer's data or a seeded generator), and tells the documented exceptions from the rest.
 */
final class Exercise
{
    /** Where the arguments come from. */
    interface Choices
    {
        /** @return a value in {@code [lo, hi]}, both inclusive. */
        int intIn(int lo, int hi);
    }

    /** Choices from a seeded generator. */
    static Choices random(final long seed)
    {
        final SplittableRandom r = new SplittableRandom(seed);
        return (lo, hi) -> lo == hi ? lo : (int)(lo + r.nextLong((long)hi - lo + 1));
    }

    private static final int[] SEEDS = {111, 777, 888, 999};

    /** Caller-owned result objects, one set per thread. */
    static final class Scratch
    {
        final Metrics metrics = new Metrics();
        final MoreInfo more = new MoreInfo();
        final CostInfo cost = new CostInfo();
        final SimulationResult sim = new SimulationResult();
        final TrialSeries series = new TrialSeries();
        final StringBuilder sb = new StringBuilder();
        final double[] best = new double[1];
        /** Sums every answer so that nothing is optimised away and results can be compared. */
        double sink;
    }

    private Exercise()
    {
    }

    /**
     * Throws {@code t} again unless it is one of the exceptions the reader documents for a damaged file
     * or a bad query: {@link NasmapFormatException} (whose message must name the file),
     * {@link NasmapQueryException} or a plain {@link IllegalArgumentException}.
     */
    static void allowed(final Throwable t, final Path file)
    {
        if (t instanceof NasmapFormatException)
        {
            if (!t.getMessage().contains(file.toString()))
            {
                throw new AssertionError("format error does not name the file " + file + ": " + t.getMessage(), t);
            }
            return;
        }
        if (t instanceof NasmapQueryException || t.getClass() == IllegalArgumentException.class)
        {
            return;
        }
        sneaky(t);
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> void sneaky(final Throwable t) throws T
    {
        throw (T)t;
    }

    static int arch(final Choices c, final int n)
    {
        return switch (c.intIn(0, 15))
        {
            case 0 -> -1;
            case 1 -> n;
            case 2 -> c.intIn(Integer.MIN_VALUE, Integer.MAX_VALUE);
            default -> c.intIn(0, Math.max(0, n - 1));
        };
    }

    static SeedChoice choice(final Choices c)
    {
        return switch (c.intIn(0, 3))
        {
            case 0 -> SeedChoice.seed(SEEDS[c.intIn(0, SEEDS.length - 1)]);
            case 1 -> SeedChoice.seed(c.intIn(Integer.MIN_VALUE, Integer.MAX_VALUE));
            case 2 -> SeedChoice.random(new SplittableRandom(c.intIn(0, 1 << 20)));
            default -> SeedChoice.mean();
        };
    }

    static int epoch(final Choices c)
    {
        return switch (c.intIn(0, 7))
        {
            case 0 -> c.intIn(Integer.MIN_VALUE, Integer.MAX_VALUE);
            case 1 -> 199;
            case 2 -> -1;
            default -> c.intIn(-2, 12);
        };
    }

    /** Runs one query of every kind the API has, chosen by {@code c}; exceptions propagate. */
    static void one(final NasBench b, final Choices c, final Scratch s)
    {
        final int n = b.size();
        final int arch = arch(c, n);
        final Dataset d = Dataset.ofOrdinal(c.intIn(0, Dataset.count() - 1));
        final Hp hp = Hp.ofOrdinal(c.intIn(0, Hp.count() - 1));
        final Split split = Split.ofOrdinal(c.intIn(0, Split.count() - 1));
        final Metric metric = Metric.ofOrdinal(c.intIn(0, Metric.count() - 1));
        switch (c.intIn(0, 20))
        {
            case 0 -> s.sink += b.arch(arch).length();
            case 1 ->
            {
                // the architecture string itself and a near miss
                final String a = b.arch(Math.floorMod(arch, Math.max(1, n)));
                s.sink += b.indexOf(a);
                s.sink += b.indexOf(a.substring(0, a.length() / 2));
            }
            case 2 ->
            {
                s.sb.setLength(0);
                s.sink += b.file().appendArch(arch, s.sb).length();
            }
            case 3 -> s.sink += b.datasetSeeds(arch, d, hp).length;
            case 4 -> s.sink += b.seedAt(arch, d, hp, c.intIn(-1, 3)) + b.seedCount(arch, d, hp);
            case 5 -> s.sink += b.getMetrics(arch, d, hp, split, epoch(c), choice(c), s.metrics).allTime();
            case 6, 7 -> s.sink += b.metric(arch, d, hp, split, metric, epoch(c), choice(c));
            case 8, 9 -> s.sink += b.finalAccuracy(arch, d, hp, split);
            case 10 ->
            {
                final TrialSeries t = b.series(arch, d, hp, SEEDS[c.intIn(0, SEEDS.length - 1)], split, metric, s.series);
                s.sink += t.epochs() + t.kind().ordinal();
                final int e = epoch(c);
                if (t.has(e))
                {
                    s.sink += t.get(e);
                }
                else
                {
                    s.sink += t.get(c.intIn(-1, t.epochs()));
                }
            }
            case 11, 12 -> s.sink += b.getMoreInfo(arch, d, hp, epoch(c), choice(c), s.more).perTime(MoreInfo.Block.TRAIN);
            case 13 -> s.sink += b.getCostInfo(arch, d, hp, s.cost).flops() + s.cost.epochTime(split);
            case 14 -> s.sink += b.getLatency(arch, d, hp);
            case 15 -> s.sink += b.netConfig(arch, d).size();
            case 16 -> s.sink += b.simulateTrainEval(arch, d, hp, epoch(c), choice(c), s.sim).timeCost();
            case 17 -> s.sink += b.findBest(d, c.intIn(0, 1) == 0 ? "valid" : split.upstreamName(),
                c.intIn(0, 1) == 0 ? Double.NaN : c.intIn(0, 300), Double.NaN, hp, s.best);
            case 18 -> s.sink += b.statistics(d, hp).length + b.seedHistogram(d, hp).length;
            case 19 -> s.sink += (b.file().holds(arch) ? 1 : 0) + (b.file().holds(arch, hp) ? 2 : 0);
            default -> s.sink += b.checkIndex(arch);
        }
    }

    /** Runs {@code count} queries, each either answering or throwing an {@link #allowed} exception. */
    static void many(final NasBench b, final Choices c, final Scratch s, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            try
            {
                one(b, c, s);
            }
            catch (final RuntimeException e)
            {
                allowed(e, b.file().path());
            }
        }
    }

    /**
     * Every query over every architecture (at most the first 64), dataset, hp and split, at the last epoch
     * and epoch 0, over the mean and each seed: each answers or throws an {@link #allowed} exception.
     *
     * @return how many threw.
     */
    static int sweep(final NasBench b, final Scratch s)
    {
        int failed = 0;
        final Path p = b.file().path();
        final int n = Math.min(b.size(), 64);
        final SeedChoice[] choices = {SeedChoice.mean(), SeedChoice.seed(777), SeedChoice.random(new SplittableRandom(1))};
        for (int arch = -1; arch <= n; arch++)
        {
            for (final Dataset d : Dataset.values())
            {
                for (final Hp hp : Hp.values())
                {
                    final int a = arch;
                    final Runnable[] qs = {
                        () -> s.sink += b.indexOf(b.arch(a)),
                        () -> s.sink += b.datasetSeeds(a, d, hp).length,
                        () -> s.sink += b.getCostInfo(a, d, hp, s.cost).params(),
                        () -> s.sink += b.getLatency(a, d, hp),
                        () -> s.sink += b.netConfig(a, d).size(),
                        () -> s.sink += b.getMoreInfo(a, d, hp, -1, SeedChoice.mean(), s.more).loss(MoreInfo.Block.TRAIN),
                        () -> s.sink += b.getMoreInfo(a, d, hp, 0, SeedChoice.seed(777), s.more).loss(MoreInfo.Block.TRAIN),
                        () -> s.sink += b.simulateTrainEval(a, d, hp, -1, SeedChoice.mean(), s.sim).latency(),
                    };
                    for (final Runnable q : qs)
                    {
                        failed += run(q, p);
                    }
                    for (final Split split : Split.values())
                    {
                        failed += run(() -> s.sink += b.finalAccuracy(a, d, hp, split), p);
                        for (final SeedChoice choice : choices)
                        {
                            failed += run(() -> s.sink += b.getMetrics(a, d, hp, split, -1, choice, s.metrics).accuracy(), p);
                        }
                        failed += run(() -> s.sink += b.getMetrics(a, d, hp, split, 0, SeedChoice.mean(), s.metrics).accuracy(), p);
                        for (final Metric m : Metric.values())
                        {
                            failed += run(() -> s.sink += b.metric(a, d, hp, split, m, -1, SeedChoice.mean()), p);
                            for (final int seed : new int[] {777, 111})
                            {
                                failed += run(() ->
                                {
                                    final TrialSeries t = b.series(a, d, hp, seed, split, m, s.series);
                                    for (int e = -1; e <= t.epochs(); e++)
                                    {
                                        if (t.has(e))
                                        {
                                            s.sink += t.get(e);
                                        }
                                    }
                                }, p);
                            }
                        }
                    }
                }
            }
        }
        for (final Dataset d : Dataset.values())
        {
            for (final Hp hp : Hp.values())
            {
                failed += run(() -> s.sink += b.findBest(d, "valid", Double.NaN, Double.NaN, hp, s.best), p);
                failed += run(() -> s.sink += b.findBest(d, "ori-test", 100, 1, hp, s.best), p);
                failed += run(() -> s.sink += b.statistics(d, hp).length, p);
                failed += run(() -> s.sink += b.seedHistogram(d, hp).length, p);
            }
        }
        return failed;
    }

    private static int run(final Runnable q, final Path p)
    {
        try
        {
            q.run();
            return 0;
        }
        catch (final RuntimeException e)
        {
            allowed(e, p);
            return 1;
        }
    }
}
