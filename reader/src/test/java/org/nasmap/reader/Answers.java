package org.nasmap.reader;

/** Answers as strings, for tests that compare two readers' answers and errors. */
final class Answers
{
    private Answers()
    {
    }

    /** An answer, as a string of its bits. */
    interface Answer
    {
        String get();
    }

    /** @return the answer, or "raises" and the message of the query error it raised. */
    static String call(final Answer a)
    {
        try
        {
            return a.get();
        }
        catch (final NasmapQueryException e)
        {
            return "raises " + e.getMessage();
        }
    }

    /** A value. */
    interface Value
    {
        double get();
    }

    /** @return the value's bits in hex, or "raises" and the message of the query error it raised. */
    static String bits(final Value v)
    {
        return call(() -> Long.toHexString(Double.doubleToRawLongBits(v.get())));
    }

    /** @return the verifier's reader of a file: every answer trial by trial, no derived data, no heap table. */
    static TrainEvalResults walked(final NasmapFile f)
    {
        final Groups groups = new Groups(f);
        return new TrainEvalResults(f, groups, new CostRules(f, groups, false), false);
    }
}
