package org.nasmap.reader;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Metric;
import org.nasmap.format.Split;
import org.nasmap.writer.source.ArchRecord;
import org.nasmap.writer.source.Series;
import org.nasmap.writer.source.TrialRecord;

/**
 * A line-by-line port of NATS-Bench 1.8's {@code ArchResults}/{@code ResultsCount} arithmetic over the
 * in-memory source records, independent of the file format: the reference the reader is tested against.
 * Returns null where upstream raises.
 */
final class UpstreamOracle
{
    private final Map<Integer, ArchRecord> records = new HashMap<>();

    void add(final ArchRecord r)
    {
        records.put(r.index(), r);
    }

    ArchRecord record(final int arch)
    {
        return records.get(arch);
    }

    List<TrialRecord> trials(final int arch, final Hp hp, final Dataset d)
    {
        final ArchRecord r = records.get(arch);
        if (r == null || r.hp(hp) == null)
        {
            return null;
        }
        for (final ArchRecord.DatasetTrials dt : r.hp(hp).datasets())
        {
            if (dt.dataset() == d)
            {
                return dt.trials();
            }
        }
        return null;
    }

    /** {iepoch, loss, accuracy, cur_time, all_time} of one trial, null where upstream raises; times NaN for None. */
    static double[] trialInfo(final TrialRecord t, final Split split, final int iepochArg)
    {
        final int e = iepochArg < 0 ? t.epochs() - 1 : iepochArg;
        if (e < 0 || e >= t.epochs())
        {
            return null;
        }
        final Series time = t.series(split, Metric.TIME);
        double cur = Double.NaN;
        double all = Double.NaN;
        if (split == Split.TRAIN)
        {
            if (time != null)
            {
                if (!time.hasEpoch(e))
                {
                    return null;
                }
                cur = (float)time.valueAtEpoch(e);
                all = 0;
                for (int i = 0; i <= e; i++)
                {
                    if (!time.hasEpoch(i))
                    {
                        return null;
                    }
                    all += (float)time.valueAtEpoch(i);
                }
            }
        }
        else if (!t.evalTimesEmpty())
        {
            if (time == null || !time.hasEpoch(e))
            {
                return null;
            }
            cur = (float)time.valueAtEpoch(e);
            all = 0;
            for (int i = 0; i <= e; i++)
            {
                if (!time.hasEpoch(i))
                {
                    return null;
                }
                all += (float)time.valueAtEpoch(i);
            }
        }
        final Series loss = t.series(split, Metric.LOSS);
        final Series acc = t.series(split, Metric.ACCURACY);
        if (loss == null || acc == null || !loss.hasEpoch(e) || !acc.hasEpoch(e))
        {
            return null;
        }
        return new double[] {e, (float)loss.valueAtEpoch(e), (float)acc.valueAtEpoch(e), cur, all};
    }

    /** get_metrics with is_random = false (seed < 0) or a seed. */
    double[] getMetrics(final int arch, final Hp hp, final Dataset d, final Split split, final int iepoch, final int seed)
    {
        final List<TrialRecord> ts = trials(arch, hp, d);
        if (ts == null || ts.isEmpty())
        {
            return null;
        }
        final double[] sum = new double[5];
        double[] picked = null;
        for (final TrialRecord t : ts)
        {
            final double[] info = trialInfo(t, split, iepoch);
            if (info == null)
            {
                return null;
            }
            for (int k = 0; k < 5; k++)
            {
                sum[k] += info[k];
            }
            if (t.seed() == seed)
            {
                picked = info;
            }
        }
        if (seed >= 0)
        {
            return picked;
        }
        for (int k = 0; k < 5; k++)
        {
            sum[k] /= ts.size();
        }
        return sum;
    }

    static String fiveDecimals(final double x)
    {
        return new BigDecimal(x).setScale(5, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** {flops, params, latency(NaN = None)}, null where upstream raises. */
    double[] costs(final int arch, final Hp hp, final Dataset d)
    {
        final List<TrialRecord> ts = trials(arch, hp, d);
        if (ts == null)
        {
            return null;
        }
        final double flops = legacy(ts, true);
        final double params = legacy(ts, false);
        if (Double.isNaN(flops) || Double.isNaN(params))
        {
            return null;
        }
        double lat = 0;
        int n = 0;
        for (final TrialRecord t : ts)
        {
            if (t.latency() != null && t.latency().length > 0)
            {
                double s = 0;
                for (final double v : t.latency())
                {
                    s += v;
                }
                s /= t.latency().length;
                if (s > 0)
                {
                    lat += s;
                    n++;
                }
            }
        }
        return new double[] {flops, params, n == 0 ? Double.NaN : lat / n};
    }

    private static double legacy(final List<TrialRecord> ts, final boolean flops)
    {
        final String first = fiveDecimals(flops ? ts.get(0).flops() : ts.get(0).params());
        boolean same = true;
        for (final TrialRecord t : ts)
        {
            same &= first.equals(fiveDecimals(flops ? t.flops() : t.params()));
        }
        if (!same && ts.size() > 1)
        {
            for (final TrialRecord t : ts)
            {
                if (t.seed() == 888)
                {
                    return flops ? t.flops() : t.params();
                }
            }
            return Double.NaN;
        }
        double s = 0;
        for (final TrialRecord t : ts)
        {
            s += flops ? t.flops() : t.params();
        }
        return s / ts.size();
    }
}
