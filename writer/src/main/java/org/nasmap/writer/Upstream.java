package org.nasmap.writer;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.nasmap.format.Metric;
import org.nasmap.format.Split;
import org.nasmap.writer.source.Series;
import org.nasmap.writer.source.TrialRecord;

/**
 * Upstream (NATS-Bench 1.8) arithmetic that the writer evaluates once at conversion, on the source's
 * exact float64 values, to fill the derived columns.
 */
final class Upstream
{
    private Upstream()
    {
    }

    /** Python's {@code f"{x:.5f}"}: the exact binary value rounded half-even to 5 decimals. */
    static String fiveDecimals(final double x)
    {
        if (Double.isNaN(x) || Double.isInfinite(x))
        {
            return Double.toString(x);
        }
        return new BigDecimal(x).setScale(5, RoundingMode.HALF_EVEN).toPlainString();
    }

    /**
     * {@code ArchResults.get_compute_costs}' legacy rule and mean for flops or params.
     *
     * @param values per-trial values in seed-list order.
     * @param seeds  the seed list.
     * @return the mean, or NaN when upstream raises (the values disagree and seed 888 is missing).
     */
    static double legacyMean(final double[] values, final int[] seeds)
    {
        if (values.length == 0)
        {
            return Double.NaN;
        }
        boolean inconsistent = false;
        if (values.length > 1)
        {
            final String first = fiveDecimals(values[0]);
            for (int i = 1; i < values.length; i++)
            {
                if (!first.equals(fiveDecimals(values[i])))
                {
                    inconsistent = true;
                    break;
                }
            }
        }
        if (inconsistent)
        {
            for (int i = 0; i < seeds.length; i++)
            {
                if (seeds[i] == 888)
                {
                    return values[i];
                }
            }
            return Double.NaN;
        }
        double sum = 0;
        for (final double v : values)
        {
            sum += v;
        }
        return sum / values.length;
    }

    /** {@code ResultsCount.get_latency}: mean of the list, -1 for None. */
    static double trialLatency(final double[] latency)
    {
        if (latency == null)
        {
            return -1.0;
        }
        if (latency.length == 0)
        {
            return Double.NaN; // upstream divides by zero; treated as not positive below
        }
        double sum = 0;
        for (final double v : latency)
        {
            sum += v;
        }
        return sum / latency.length;
    }

    /**
     * The accuracy of one trial at its last epoch as {@code get_metrics(dataset, split)} reads it,
     * or NaN when upstream raises there.
     */
    static double finalAccuracy(final TrialRecord t, final Split split)
    {
        final int epoch = t.epochs() - 1;
        if (epoch < 0)
        {
            return Double.NaN;
        }
        final Series acc = t.series(split, Metric.ACCURACY);
        final Series loss = t.series(split, Metric.LOSS);
        if (acc == null || loss == null || !acc.hasEpoch(epoch) || !loss.hasEpoch(epoch))
        {
            return Double.NaN;
        }
        final Series time = t.series(split, Metric.TIME);
        if (split == Split.TRAIN)
        {
            if (time != null && !timesUpTo(time, epoch))
            {
                return Double.NaN;
            }
        }
        else if (!t.evalTimesEmpty() && (time == null || !timesUpTo(time, epoch)))
        {
            return Double.NaN;
        }
        return acc.valueAtEpoch(epoch);
    }

    private static boolean timesUpTo(final Series time, final int epoch)
    {
        for (int e = 0; e <= epoch; e++)
        {
            if (!time.hasEpoch(e))
            {
                return false;
            }
        }
        return true;
    }
}
