package org.nasmap.writer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

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
     * The test of {@code ArchResults.get_compute_costs}' legacy rule: more than one value and they differ
     * at 5 decimals (then upstream takes seed 888's value, or raises when there is no seed 888).
     */
    static boolean disagree(final double[] values)
    {
        if (values.length < 2)
        {
            return false;
        }
        final String first = fiveDecimals(values[0]);
        for (int i = 1; i < values.length; i++)
        {
            if (!first.equals(fiveDecimals(values[i])))
            {
                return true;
            }
        }
        return false;
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

    /**
     * {@code get_compute_costs}' flops or params of a group: the mean over the trials in seed-list order (summed
     * from 0 then divided, as the reader does), or seed 888's value when they disagree at 5 decimals; NaN where
     * upstream raises (disagreement without seed 888, no trials).
     */
    static double cost(final List<TrialRecord> trials, final double[] values, final boolean disagree)
    {
        final int n = values.length;
        if (disagree)
        {
            for (int i = 0; i < n; i++)
            {
                if (trials.get(i).seed() == 888)
                {
                    return values[i];
                }
            }
            return Double.NaN;
        }
        if (n == 0)
        {
            return Double.NaN;
        }
        double sum = 0;
        for (final double v : values)
        {
            sum += v;
        }
        return sum / n;
    }

    /**
     * The latency of {@code get_cost_info}: the mean of the trials' positive list means (a None list skipped);
     * NaN for upstream's None. Meaningless where {@link #latencyRaises} is true.
     */
    static double latency(final List<TrialRecord> trials)
    {
        double sum = 0;
        int count = 0;
        for (final TrialRecord t : trials)
        {
            final double[] lat = t.latency();
            if (lat == null || lat.length == 0)
            {
                continue;
            }
            double s = 0;
            for (final double v : lat)
            {
                s += v;
            }
            s /= lat.length;
            if (s > 0)
            {
                sum += s;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** @return true when a trial's latency list is empty: upstream divides by zero. */
    static boolean latencyRaises(final List<TrialRecord> trials)
    {
        for (final TrialRecord t : trials)
        {
            if (t.latency() != null && t.latency().length == 0)
            {
                return true;
            }
        }
        return false;
    }
}
