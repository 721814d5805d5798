package org.nasmap.spark;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Row;

/**
 * {@code DIR/summary.csv}: per group of runs that differ by seed only (algorithm and parameters x dataset x hp x
 * budget), the number of runs, how many found an architecture with a test accuracy, and the mean and sample
 * standard deviation of the test accuracy and of the queries made. No timing columns.
 * <p>
 * Deterministic whatever the partitioning: the partial sums are exact (a double's square and any sum of
 * doubles are exact decimals), so merging partitions in any order gives the same totals, rounded once at the
 * end.
 */
public final class SummaryTable implements Serializable
{
    private static final long serialVersionUID = 1L;
    private static final MathContext MC = MathContext.DECIMAL128;

    /** The exact sums of one group. */
    static final class Sums implements Serializable
    {
        private static final long serialVersionUID = 1L;
        long runs;
        long tested;
        BigDecimal test = BigDecimal.ZERO;
        BigDecimal test2 = BigDecimal.ZERO;
        BigInteger queries = BigInteger.ZERO;
        BigInteger queries2 = BigInteger.ZERO;

        void add(final Double testAccuracy, final long q)
        {
            runs++;
            final BigInteger bq = BigInteger.valueOf(q);
            queries = queries.add(bq);
            queries2 = queries2.add(bq.multiply(bq));
            if (testAccuracy != null)
            {
                final BigDecimal t = new BigDecimal(testAccuracy);
                tested++;
                test = test.add(t);
                test2 = test2.add(t.multiply(t));
            }
        }

        void merge(final Sums o)
        {
            runs += o.runs;
            tested += o.tested;
            test = test.add(o.test);
            test2 = test2.add(o.test2);
            queries = queries.add(o.queries);
            queries2 = queries2.add(o.queries2);
        }
    }

    private final TreeMap<Integer, Sums> groups = new TreeMap<>();

    /** Adds the runs' rows (of {@link RunRows#SCHEMA}) of one partition. */
    public static SummaryTable of(final Iterator<Row> rows, final SweepSpec spec)
    {
        final SummaryTable t = new SummaryTable();
        final int run = RunRows.SCHEMA.fieldIndex(RunRows.RUN);
        final int test = RunRows.SCHEMA.fieldIndex(RunRows.TEST_ACCURACY);
        final int queries = RunRows.SCHEMA.fieldIndex(RunRows.QUERIES);
        while (rows.hasNext())
        {
            final Row r = rows.next();
            final int group = spec.run(r.getLong(run)).group();
            t.groups.computeIfAbsent(group, g -> new Sums()).add(r.isNullAt(test) ? null : r.getDouble(test),
                r.getLong(queries));
        }
        return t;
    }

    /** @return this table with another's sums added (exact, so the order of merging does not matter). */
    public SummaryTable merge(final SummaryTable other)
    {
        for (final Map.Entry<Integer, Sums> e : other.groups.entrySet())
        {
            groups.computeIfAbsent(e.getKey(), g -> new Sums()).merge(e.getValue());
        }
        return this;
    }

    /** @return the CSV text: a header line, then one line per group in the specification's order. */
    public String csv(final SweepSpec spec)
    {
        final StringBuilder b = new StringBuilder(
            "algorithm,params,dataset,hp,budget,runs,runs_with_test_accuracy,test_accuracy_mean,test_accuracy_std," +
                "queries_mean,queries_std\n");
        for (final Map.Entry<Integer, Sums> e : groups.entrySet())
        {
            final SweepSpec.Group g = spec.group(e.getKey());
            final Sums s = e.getValue();
            b.append(g.config().algorithm().key()).append(',')
                .append(g.config().algorithm().describe(g.config().values())).append(',')
                .append(g.dataset().upstreamName()).append(',')
                .append(g.hp().upstreamKey()).append(',')
                .append(Double.toString(g.budget())).append(',')
                .append(s.runs).append(',')
                .append(s.tested).append(',')
                .append(mean(s.test, s.tested)).append(',')
                .append(std(s.test, s.test2, s.tested)).append(',')
                .append(mean(new BigDecimal(s.queries), s.runs)).append(',')
                .append(std(new BigDecimal(s.queries), new BigDecimal(s.queries2), s.runs)).append('\n');
        }
        return b.toString();
    }

    private static String mean(final BigDecimal sum, final long n)
    {
        return n == 0 ? "" : Double.toString(sum.divide(BigDecimal.valueOf(n), MC).doubleValue());
    }

    /** The sample standard deviation (n - 1), "" for fewer than two values. */
    private static String std(final BigDecimal sum, final BigDecimal sum2, final long n)
    {
        if (n < 2)
        {
            return "";
        }
        final BigDecimal bn = BigDecimal.valueOf(n);
        final BigDecimal ss = sum2.subtract(sum.multiply(sum).divide(bn, MC));
        final BigDecimal var = ss.max(BigDecimal.ZERO).divide(BigDecimal.valueOf(n - 1), MC);
        return Double.toString(var.sqrt(MC).doubleValue());
    }
}
