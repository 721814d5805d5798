package org.nasmap.search;

import java.util.function.IntConsumer;
import java.util.function.Supplier;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.reader.NasBench;

/** Runs one algorithm for several seeds and summarizes the runs. */
public final class SearchRunner
{
    /** The outcome of several runs of one algorithm. */
    public record Summary(String algorithm, int runs, double meanTest, double stdTest, double meanValid,
        int bestArch, double bestArchTest, double meanUsedTime, long queries, double wallSeconds)
    {
        /** @return simulate_train_eval calls per second of wall time. */
        public double queriesPerSecond()
        {
            return queries / Math.max(wallSeconds, 1e-9);
        }
    }

    /**
     * A measured query rate: {@code queries} simulate_train_eval calls made by {@code runs} whole search runs in
     * {@code seconds} of wall time, the searcher's own work (sampling, mutation, policy updates, bookkeeping)
     * included, after a warm-up pass that is not counted.
     */
    public record Rate(String algorithm, long queries, int runs, double seconds, long warmupQueries)
    {
        /** @return queries per second of wall time. */
        public double perSecond()
        {
            return queries / Math.max(seconds, 1e-9);
        }
    }

    private SearchRunner()
    {
    }

    /**
     * Measures an algorithm's query rate honestly: first whole runs until at least {@code warmupQueries} queries
     * (so the JIT has compiled the loop), not timed; then whole runs, with fresh seeds, until at least
     * {@code minQueries} queries, timed from the first run's start to the last one's end.
     *
     * @throws IllegalStateException when a run makes no query at all (no architecture of the file answers).
     */
    public static Rate rate(final NasBench bench, final GeneIndex index, final Supplier<SearchAlgorithm> algorithm,
        final Dataset dataset, final Hp hp, final double budget, final long warmupQueries, final long minQueries,
        final long firstSeed)
    {
        long seed = firstSeed;
        long warm = 0;
        while (warm < warmupQueries)
        {
            warm += oneRun(bench, index, algorithm.get(), dataset, hp, budget, seed++);
        }
        final SearchAlgorithm named = algorithm.get();
        long queries = 0;
        int runs = 0;
        final long start = System.nanoTime();
        while (queries < minQueries)
        {
            queries += oneRun(bench, index, algorithm.get(), dataset, hp, budget, seed++);
            runs++;
        }
        return new Rate(named.name(), queries, runs, (System.nanoTime() - start) / 1e9, warm);
    }

    private static long oneRun(final NasBench bench, final GeneIndex index, final SearchAlgorithm a, final Dataset dataset,
        final Hp hp, final double budget, final long seed)
    {
        final SearchContext c = new SearchContext(bench, index, dataset, hp, budget, seed);
        a.run(c);
        if (c.queries() == 0)
        {
            throw new IllegalStateException(a.name() + " made no query: no architecture it tried is answered by the file");
        }
        return c.queries();
    }

    /**
     * @param algorithm makes a fresh algorithm per run.
     * @param runs      the number of runs (seeds {@code firstSeed .. firstSeed + runs - 1}).
     * @param progress  called after each run with the number done, or null.
     */
    public static Summary run(final NasBench bench, final Supplier<SearchAlgorithm> algorithm, final Dataset dataset,
        final Hp hp, final double budget, final int runs, final long firstSeed, final IntConsumer progress)
    {
        return run(bench, new GeneIndex(bench), algorithm, dataset, hp, budget, runs, firstSeed, progress);
    }

    /**
     * @param index     the file's gene index, shared by the runs.
     * @param algorithm makes a fresh algorithm per run.
     * @param runs      the number of runs (seeds {@code firstSeed .. firstSeed + runs - 1}).
     * @param progress  called after each run with the number done, or null.
     */
    public static Summary run(final NasBench bench, final GeneIndex index, final Supplier<SearchAlgorithm> algorithm,
        final Dataset dataset, final Hp hp, final double budget, final int runs, final long firstSeed, final IntConsumer progress)
    {
        double sumTest = 0;
        double sumTest2 = 0;
        double sumValid = 0;
        double sumUsed = 0;
        long queries = 0;
        int counted = 0;
        int bestArch = -1;
        double bestArchTest = Double.NEGATIVE_INFINITY;
        String name = null;
        final long start = System.nanoTime();
        for (int r = 0; r < runs; r++)
        {
            final SearchAlgorithm a = algorithm.get();
            name = a.name();
            final SearchContext c = new SearchContext(bench, index, dataset, hp, budget, firstSeed + r);
            a.run(c);
            queries += c.queries();
            sumUsed += c.usedTime();
            final double[] fin = c.finalAccuracies();
            if (!Double.isNaN(fin[1]))
            {
                sumTest += fin[1];
                sumTest2 += fin[1] * fin[1];
                sumValid += fin[0];
                counted++;
                if (fin[1] > bestArchTest)
                {
                    bestArchTest = fin[1];
                    bestArch = c.bestArch();
                }
            }
            if (progress != null)
            {
                progress.accept(r + 1);
            }
        }
        final double wall = (System.nanoTime() - start) / 1e9;
        final double mean = counted == 0 ? Double.NaN : sumTest / counted;
        final double var = counted < 2 ? 0 : Math.max(0, (sumTest2 - counted * mean * mean) / (counted - 1));
        return new Summary(name, runs, mean, Math.sqrt(var), counted == 0 ? Double.NaN : sumValid / counted, bestArch,
            bestArchTest, sumUsed / runs, queries, wall);
    }
}
