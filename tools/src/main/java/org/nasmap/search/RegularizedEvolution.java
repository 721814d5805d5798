package org.nasmap.search;

/**
 * Regularized evolution (Real et al. 2019), as NAS-Bench-201 runs it: a population of {@code population}
 * random architectures; each cycle samples {@code sampleSize} members, mutates one gene of the best of them
 * to a different choice, evaluates the child, adds it and removes the oldest member.
 */
public final class RegularizedEvolution implements SearchAlgorithm
{
    private final int population;
    private final int sampleSize;

    /**
     * @param population the population size (NAS-Bench-201: 10).
     * @param sampleSize the tournament size (NAS-Bench-201: 3).
     */
    public RegularizedEvolution(final int population, final int sampleSize)
    {
        if (population < 1 || sampleSize < 1 || sampleSize > population)
        {
            throw new IllegalArgumentException("population " + population + ", sample size " + sampleSize);
        }
        this.population = population;
        this.sampleSize = sampleSize;
    }

    @Override
    public String name()
    {
        return "regularized evolution (P=" + population + ", S=" + sampleSize + ")";
    }

    @Override
    public void run(final SearchContext context)
    {
        final int n = context.encoding().positions();
        final int[][] members = new int[population][n];
        final double[] fitness = new double[population];
        int size = 0;
        int oldest = 0;
        int misses = 0;
        while (size < population && !context.exhausted() && misses < 1_000_000)
        {
            context.randomGenes(members[size]);
            final double acc = context.evaluate(members[size]);
            if (Double.isNaN(acc))
            {
                misses++;
                continue;
            }
            fitness[size++] = acc;
        }
        final int[] child = new int[n];
        while (!context.exhausted() && size == population && misses < 1_000_000)
        {
            int parent = -1;
            for (int s = 0; s < sampleSize; s++)
            {
                final int c = context.random().nextInt(population);
                if (parent < 0 || fitness[c] > fitness[parent])
                {
                    parent = c;
                }
            }
            System.arraycopy(members[parent], 0, child, 0, n);
            final int gene = context.random().nextInt(n);
            final int choices = context.encoding().choices();
            child[gene] = (child[gene] + 1 + context.random().nextInt(choices - 1)) % choices;
            final double acc = context.evaluate(child);
            if (Double.isNaN(acc))
            {
                misses++;
                continue;
            }
            // the child replaces the oldest member (a ring buffer keeps age order)
            System.arraycopy(child, 0, members[oldest], 0, n);
            fitness[oldest] = acc;
            oldest = (oldest + 1) % population;
        }
    }
}
