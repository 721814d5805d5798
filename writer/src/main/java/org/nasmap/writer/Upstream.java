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
}
