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

    /** @return the verifier's simulate_train_eval of a file: every answer trial by trial, no derived data, no heap table. */
    static TrainEvalSimulator walked(final NasmapFile f)
    {
        return simulator(f, false);
    }

    /** @return a simulate_train_eval of a file of its own (no reader's counts), reading derived data or not. */
    static TrainEvalSimulator simulator(final NasmapFile f, final boolean derived)
    {
        final Groups groups = new Groups(f);
        final MoreInfoQuery moreInfo = new MoreInfoQuery(f, groups, new TrainEvalResults(f, groups, derived), derived);
        return new TrainEvalSimulator(f, groups, new CostRules(f, groups, derived), moreInfo, derived);
    }
}
