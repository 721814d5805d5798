package org.nasmap.reader;

/**
 * A query that upstream's API would answer by raising: an index outside the space, an architecture the
 * file does not hold, an hp or dataset the architecture has no results for, an epoch that was not
 * evaluated, a seed that is not among the trial's seeds.
 */
public final class NasmapQueryException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    public NasmapQueryException(final String message)
    {
        super(message);
    }
}
