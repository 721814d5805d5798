package org.nasmap.reader;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Split;

/** The statuses of a trial or group evaluation and the exception each becomes (upstream's error cases). */
final class QueryErrors
{
    static final int OK = 0;
    static final int EPOCH = 1;
    static final int MISSING = 2;
    static final int TIME = 3;
    static final int SEED = 4;
    static final int EMPTY = 5;
    static final int TIME_TYPE = 6;

    private QueryErrors()
    {
    }

    /** @return the exception of a non-OK status. */
    static NasmapQueryException error(final int status, final int arch, final Dataset dataset, final Hp hp,
        final Split split, final int iepoch, final int seed)
    {
        final String where = "architecture " + arch + ", " + dataset + ", hp " + hp + ", " + split;
        return new NasmapQueryException(switch (status)
        {
            case EPOCH -> "invalid iepoch=" + iepoch + " for " + where;
            case MISSING -> "no " + split + " result at epoch " + (iepoch < 0 ? "(last)" : iepoch) + " for " + where;
            case TIME -> "no " + split + " time at epoch " + (iepoch < 0 ? "(last)" : iepoch) + " for " + where;
            case SEED -> "can not find random seed (" + seed + ") for " + where;
            case EMPTY -> "no trials for " + where;
            case TIME_TYPE -> "times are None for some seeds only, for " + where;
            default -> "query failed (" + status + ") for " + where;
        });
    }
}
