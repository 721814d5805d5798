package org.nasmap.search;

import java.util.SplittableRandom;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Space;
import org.nasmap.format.Split;
import org.nasmap.reader.NasBench;
import org.nasmap.reader.NasmapQueryException;
import org.nasmap.reader.SeedChoice;
import org.nasmap.reader.SimulationResult;

/**
 * One search run's view of the benchmark: evaluates architectures with upstream's
 * {@code simulate_train_eval} (a random seed's validation accuracy, the simulated training time charged
 * to the run's account), stops at the simulated time budget, and remembers the best architecture. One
 * context per run and thread; {@link #evaluate} allocates nothing.
 */
public final class SearchContext
{
    private final NasBench bench;
    private final GeneIndex index;
    private final ArchEncoding encoding;
    private final Dataset dataset;
    private final Hp hp;
    private final double budget;
    private final SplittableRandom random;
    private final SeedChoice pick;
    private final SimulationResult simulation = new SimulationResult();
    private long queries;
    private int bestArch = -1;
    private double bestValid = Double.NEGATIVE_INFINITY;
    private boolean exhausted;

    /**
     * @param bench   the benchmark.
     * @param dataset cifar10, cifar100 or ImageNet16-120 (as upstream's simulate_train_eval takes).
     * @param hp      the training budget the search sees (NATS-Bench's searches use hp "12").
     * @param budget  simulated seconds the search may spend.
     * @param seed    the run's seed: every random choice of the run derives from it.
     */
    public SearchContext(final NasBench bench, final Dataset dataset, final Hp hp, final double budget, final long seed)
    {
        this(bench, new GeneIndex(bench), dataset, hp, budget, seed);
    }

    /**
     * @param bench   the benchmark.
     * @param index   its gene index (shared by the runs over one file).
     * @param dataset cifar10, cifar100 or ImageNet16-120 (as upstream's simulate_train_eval takes).
     * @param hp      the training budget the search sees (NATS-Bench's searches use hp "12").
     * @param budget  simulated seconds the search may spend.
     * @param seed    the run's seed: every random choice of the run derives from it.
     */
    public SearchContext(final NasBench bench, final GeneIndex index, final Dataset dataset, final Hp hp, final double budget,
        final long seed)
    {
        this.bench = bench;
        this.index = index;
        this.encoding = index.encoding();
        this.dataset = dataset;
        this.hp = hp;
        this.budget = budget;
        this.random = new SplittableRandom(seed);
        this.pick = SeedChoice.random(new SplittableRandom(seed ^ 0x5DEECE66DL));
    }

    /** @return the encoding of the benchmark's space. */
    public ArchEncoding encoding()
    {
        return encoding;
    }

    /** @return the run's generator. */
    public SplittableRandom random()
    {
        return random;
    }

    /** Fills {@code genes} with a uniformly random architecture. */
    public void randomGenes(final int[] genes)
    {
        for (int i = 0; i < genes.length; i++)
        {
            genes[i] = random.nextInt(encoding.choices());
        }
    }

    /**
     * Simulates training and evaluating one architecture.
     *
     * @return its validation accuracy, or NaN when the architecture is not in the file, or when the budget
     * ran out during this evaluation (the run is then {@link #exhausted()} and the result is discarded).
     */
    public double evaluate(final int[] genes)
    {
        if (exhausted)
        {
            return Double.NaN;
        }
        final int arch = index.indexOf(genes);
        if (arch < 0 || !bench.file().holds(arch))
        {
            return Double.NaN;
        }
        try
        {
            bench.simulateTrainEval(arch, dataset, hp, -1, pick, simulation);
        }
        catch (final NasmapQueryException e)
        {
            return Double.NaN;
        }
        queries++;
        if (simulation.usedTime() > budget)
        {
            exhausted = true;
            return Double.NaN;
        }
        final double acc = simulation.validAccuracy();
        if (acc > bestValid)
        {
            bestValid = acc;
            bestArch = arch;
        }
        return acc;
    }

    /** @return true once the simulated budget is spent. */
    public boolean exhausted()
    {
        return exhausted;
    }

    /** @return simulate_train_eval calls made. */
    public long queries()
    {
        return queries;
    }

    /** @return simulated seconds used. */
    public double usedTime()
    {
        return Math.min(simulation.usedTime(), budget);
    }

    /** @return the best architecture by validation accuracy so far, or -1. */
    public int bestArch()
    {
        return bestArch;
    }

    /** @return its validation accuracy as the search saw it. */
    public double bestValid()
    {
        return bestValid;
    }

    /**
     * The best architecture's accuracies after full training (hp 200 for the topology space, 90 for the
     * size space), mean over seeds: {validation, test}, NaN where the file has none.
     */
    public double[] finalAccuracies()
    {
        final double[] out = {Double.NaN, Double.NaN};
        if (bestArch < 0)
        {
            return out;
        }
        final Hp full = bench.space() == Space.TOPOLOGY ? Hp.H200 : Hp.H90;
        try
        {
            out[0] = bench.finalAccuracy(bestArch, dataset == Dataset.CIFAR10 ? Dataset.CIFAR10_VALID : dataset, full,
                Split.X_VALID);
        }
        catch (final NasmapQueryException e)
        {
            // not available
        }
        try
        {
            out[1] = bench.finalAccuracy(bestArch, dataset, full, dataset == Dataset.CIFAR10 ? Split.ORI_TEST : Split.X_TEST);
        }
        catch (final NasmapQueryException e)
        {
            // not available
        }
        return out;
    }
}
