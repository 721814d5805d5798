package org.nasmap.search;

import org.nasmap.format.Space;

/**
 * Architectures as fixed-length gene vectors, the representation the search algorithms mutate: the
 * topology space's cell is 6 edges, each one of 5 operations; the size space's network is 5 layers,
 * each one of 8 channel counts. {@link #append} writes the upstream architecture string of a gene vector
 * into a reusable builder, so that {@code NasBench.indexOf} finds it without allocating.
 */
public interface ArchEncoding
{
    /** @return the number of genes (edges or layers). */
    int positions();

    /** @return the number of choices per gene. */
    int choices();

    /** Appends the upstream architecture string of {@code genes} to {@code out}. */
    StringBuilder append(int[] genes, StringBuilder out);

    /**
     * Parses an architecture string into genes.
     *
     * @return false when the string is not an architecture of this encoding.
     */
    boolean parse(CharSequence arch, int[] genes);

    /** @return the encoding of a space. */
    static ArchEncoding of(final Space space)
    {
        return space == Space.TOPOLOGY ? new TopologyEncoding() : new SizeEncoding();
    }
}
