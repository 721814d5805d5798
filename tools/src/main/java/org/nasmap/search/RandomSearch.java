package org.nasmap.search;

/** Random search: sample architectures uniformly, keep the best by validation accuracy. */
public final class RandomSearch implements SearchAlgorithm
{
    @Override
    public String name()
    {
        return "random search";
    }

    @Override
    public void run(final SearchContext context)
    {
        final int[] genes = new int[context.encoding().positions()];
        int misses = 0;
        while (!context.exhausted() && misses < 1_000_000)
        {
            context.randomGenes(genes);
            if (Double.isNaN(context.evaluate(genes)))
            {
                misses++;
            }
        }
    }
}
