package org.nasmap.search;

/** A search strategy over a {@link SearchContext}: it evaluates architectures until the budget is spent. */
public interface SearchAlgorithm
{
    /** @return a short name for reports. */
    String name();

    /** Runs until {@link SearchContext#exhausted()}. */
    void run(SearchContext context);
}
