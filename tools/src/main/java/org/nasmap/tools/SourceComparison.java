package org.nasmap.tools;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Layout;
import org.nasmap.format.Metric;
import org.nasmap.format.SeriesKind;
import org.nasmap.format.Split;
import org.nasmap.reader.CostInfo;
import org.nasmap.reader.NasBench;
import org.nasmap.reader.NasmapFile;
import org.nasmap.reader.NasmapFormatException;
import org.nasmap.reader.NasmapQueryException;
import org.nasmap.reader.TrialSeries;
import org.nasmap.writer.source.ArchConfig;
import org.nasmap.writer.source.ArchRecord;
import org.nasmap.writer.source.Series;
import org.nasmap.writer.source.Source;
import org.nasmap.writer.source.TrialRecord;

/**
 * {@code nasmap verify FILE --source SOURCE}: compares every value of a file with the source it was
 * converted from. Per-epoch values go through the reader's public API ({@link NasBench#series}) and must
 * be the source's float64 rounded to float32, bit for bit (the largest absolute and relative differences
 * are reported, about 6e-8 relative at most); per-trial scalars (flops, params, latency lists), seeds and
 * their order, epochs, evaluation names, configurations and the derived columns (final means, the legacy
 * flops/params rule) must be exact. Architectures, hps, datasets, trials or epochs that only one side has are
 * problems. The per-trial scalars, which the API only exposes aggregated, are read from the TRIALS entries
 * through the documented layout ({@code format/FORMAT.md}).
 */
public final class SourceComparison
{
    /** What the comparison found. */
    public record Report(int architectures, long valuesCompared, long exactCompared, double maxAbsDiff, String maxAbsAt,
        double maxRelDiff, String maxRelAt, List<String> problems, long problemCount)
    {
        /** @return true when file and source agree. */
        public boolean ok()
        {
            return problemCount == 0;
        }
    }

    private static final int MAX_LISTED = 50;

    private final NasBench bench;
    private final NasmapFile file;
    private final ByteBuffer raw;
    private final List<String> problems = new ArrayList<>();
    private long problemCount;
    private long values;
    private long exact;
    private double maxAbs;
    private String maxAbsAt = "-";
    private double maxRel;
    private String maxRelAt = "-";
    private int architectures;
    private final TrialSeries series = new TrialSeries();
    private final CostInfo cost = new CostInfo();

    private SourceComparison(final NasBench bench, final ByteBuffer raw)
    {
        this.bench = bench;
        this.file = bench.file();
        this.raw = raw;
    }

    /**
     * Compares an open file with a source.
     *
     * @param bench  the file.
     * @param source the source it was converted from; read once ({@link Source#forEach}), not closed.
     * @return the report.
     * @throws IOException when the source or the file cannot be read.
     */
    public static Report compare(final NasBench bench, final Source source) throws IOException
    {
        final ByteBuffer raw;
        try (FileChannel ch = FileChannel.open(bench.file().path(), StandardOpenOption.READ))
        {
            raw = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
        }
        final SourceComparison c = new SourceComparison(bench, raw);
        c.run(source);
        return new Report(c.architectures, c.values, c.exact, c.maxAbs, c.maxAbsAt, c.maxRel, c.maxRelAt,
            List.copyOf(c.problems), c.problemCount);
    }

    private void problem(final String p)
    {
        problemCount++;
        if (problems.size() < MAX_LISTED)
        {
            problems.add(p);
        }
    }

    private void run(final Source source) throws IOException
    {
        if (source.space() != file.space())
        {
            problem("space: file " + file.space() + ", source " + source.space());
            return;
        }
        final List<String> meta = source.metaArchs();
        if (meta.size() != file.size())
        {
            problem("architectures of the space: file " + file.size() + ", source " + meta.size());
        }
        for (int i = 0; i < Math.min(meta.size(), file.size()); i++)
        {
            exact++;
            if (!meta.get(i).equals(safeArch(i)) || bench.indexOf(meta.get(i)) != i)
            {
                problem("architecture " + i + ": file '" + safeArch(i) + "' (found at " + bench.indexOf(meta.get(i)) +
                    "), source '" + meta.get(i) + "'");
            }
        }
        final boolean[] seen = new boolean[file.size()];
        source.forEach(record ->
        {
            final int a = record.index();
            if (a < 0 || a >= file.size())
            {
                problem("source architecture " + a + " is outside the file's space of " + file.size());
                return;
            }
            if (seen[a])
            {
                problem("source architecture " + a + " appears twice");
                return;
            }
            seen[a] = true;
            architectures++;
            try
            {
                compare(record);
            }
            catch (final NasmapFormatException | IndexOutOfBoundsException | ArithmeticException e)
            {
                problem("architecture " + a + ": the file is damaged: " + e);
            }
        });
        for (int a = 0; a < file.size(); a++)
        {
            if (!seen[a] && file.holds(a))
            {
                problem("architecture " + a + " is in the file but not in the source");
            }
        }
    }

    private String safeArch(final int i)
    {
        try
        {
            return bench.arch(i);
        }
        catch (final NasmapFormatException e)
        {
            return "<" + e.getMessage() + ">";
        }
    }

    private void compare(final ArchRecord record)
    {
        final int a = record.index();
        if (!file.holds(a))
        {
            problem("architecture " + a + " is in the source but not in the file");
            return;
        }
        for (final Hp hp : Hp.values())
        {
            exact++;
            if ((record.hp(hp) != null) != file.holds(a, hp))
            {
                problem("architecture " + a + " hp " + hp + ": " + (file.holds(a, hp) ? "only in the file" : "only in the source"));
            }
        }
        for (final ArchRecord.HpResults hr : record.hps())
        {
            if (!file.holds(a, hr.hp()))
            {
                continue;
            }
            for (final Dataset d : Dataset.values())
            {
                List<TrialRecord> trials = null;
                for (final ArchRecord.DatasetTrials dt : hr.datasets())
                {
                    if (dt.dataset() == d)
                    {
                        trials = dt.trials();
                    }
                }
                group(a, hr.hp(), d, trials);
            }
        }
        configs(record);
    }

    private void group(final int a, final Hp hp, final Dataset d, final List<TrialRecord> trials)
    {
        final String where = "architecture " + a + " " + d + " hp " + hp;
        int[] seeds;
        try
        {
            seeds = bench.datasetSeeds(a, d, hp);
        }
        catch (final NasmapQueryException e)
        {
            seeds = null;
        }
        exact++;
        if (seeds == null || trials == null)
        {
            if ((seeds == null) != (trials == null))
            {
                problem(where + ": dataset only in the " + (seeds == null ? "source" : "file"));
            }
            return;
        }
        final int n = trials.size();
        final int[] sourceSeeds = new int[n];
        for (int i = 0; i < n; i++)
        {
            sourceSeeds[i] = trials.get(i).seed();
        }
        exact += n;
        if (!java.util.Arrays.equals(seeds, sourceSeeds))
        {
            problem(where + ": seeds " + java.util.Arrays.toString(seeds) + " in the file, " +
                java.util.Arrays.toString(sourceSeeds) + " in the source");
            return;
        }
        final int first = firstTrial(a, hp, d);
        for (int i = 0; i < n; i++)
        {
            trial(where + " seed " + sourceSeeds[i], a, d, hp, first + i, trials.get(i));
        }
        derived(where, a, d, hp, trials);
    }

    /** @return FIRST_TRIAL of the group, read through the layout. */
    private int firstTrial(final int a, final Hp hp, final Dataset d)
    {
        final int row = raw.getInt(Math.toIntExact(file.sectionOffset(Layout.SECTION_ARCH_ROWS) + 4L * a));
        final long g = Layout.groupIndex(row, Layout.hpSlot(file.hpMask(), hp), Layout.hpSlots(file.hpMask()), d.ordinal());
        return raw.getInt(Math.toIntExact(file.sectionOffset(Layout.SECTION_GROUPS) + g * Layout.GROUP_LENGTH +
            Layout.GROUP_FIRST_TRIAL_OFFSET));
    }

    private void exactDouble(final String what, final double file, final double source)
    {
        exact++;
        if (Double.doubleToLongBits(file) != Double.doubleToLongBits(source))
        {
            problem(what + ": file " + file + ", source " + source);
        }
    }

    private void trial(final String where, final int a, final Dataset d, final Hp hp, final int t, final TrialRecord tr)
    {
        final int entry = Math.toIntExact(file.sectionOffset(Layout.SECTION_TRIALS) + (long)t * Layout.TRIAL_LENGTH);
        exactDouble(where + " flops", raw.getDouble(entry + Layout.TRIAL_FLOPS_OFFSET), tr.flops());
        exactDouble(where + " params", raw.getDouble(entry + Layout.TRIAL_PARAMS_OFFSET), tr.params());
        final int latCount = raw.getShort(entry + Layout.TRIAL_LATENCY_COUNT_OFFSET);
        final double[] lat = tr.latency();
        exact++;
        if ((lat == null ? -1 : lat.length) != latCount)
        {
            problem(where + " latency list: " + latCount + " values in the file (-1: None), " +
                (lat == null ? "None" : lat.length + " values") + " in the source");
        }
        else if (lat != null)
        {
            final long latencies = file.sectionOffset(Layout.SECTION_LATENCIES) +
                8L * raw.getInt(entry + Layout.TRIAL_LATENCY_INDEX_OFFSET);
            for (int k = 0; k < lat.length; k++)
            {
                exactDouble(where + " latency[" + k + "]", raw.getDouble(Math.toIntExact(latencies + 8L * k)), lat[k]);
            }
        }
        final int shape = Math.toIntExact(file.sectionOffset(Layout.SECTION_SHAPES) +
            (long)(raw.getShort(entry + Layout.TRIAL_SHAPE_OFFSET) & 0xFFFF) * Layout.SHAPE_LENGTH);
        exact += 2;
        if (raw.getInt(shape + Layout.SHAPE_EVAL_MASK_OFFSET) != tr.evalMask())
        {
            problem(where + " eval names: mask " + raw.getInt(shape + Layout.SHAPE_EVAL_MASK_OFFSET) + " in the file, " +
                tr.evalMask() + " in the source");
        }
        final boolean timesEmpty = (raw.getInt(shape + Layout.SHAPE_FLAGS_OFFSET) & Layout.SHAPE_FLAG_EVAL_TIMES_EMPTY) != 0;
        if (timesEmpty != tr.evalTimesEmpty())
        {
            problem(where + " eval_times empty: " + timesEmpty + " in the file, " + tr.evalTimesEmpty() + " in the source");
        }
        for (final Split split : Split.values())
        {
            for (final Metric metric : Metric.values())
            {
                series(where + " " + split + " " + metric.name().toLowerCase(java.util.Locale.ROOT), a, d, hp, tr, split, metric);
            }
        }
    }

    private void series(final String where, final int a, final Dataset d, final Hp hp, final TrialRecord tr,
        final Split split, final Metric metric)
    {
        final TrialSeries ts = bench.series(a, d, hp, tr.seed(), split, metric, series);
        final Series s = tr.series(split, metric);
        final int epochs = ts.epochs();
        exact += 2;
        if (epochs != tr.epochs())
        {
            problem(where + ": " + epochs + " epochs in the file, " + tr.epochs() + " in the source");
            return;
        }
        if ((s == null) != (ts.kind() == SeriesKind.ABSENT))
        {
            problem(where + ": series " + (s == null ? "only in the file" : "only in the source"));
            return;
        }
        if (s == null)
        {
            return;
        }
        for (int i = 0; i < s.size(); i++)
        {
            if (s.epochAt(i) >= epochs)
            {
                problem(where + ": the source has epoch " + s.epochAt(i) + ", beyond the trial's " + epochs + " epochs");
            }
        }
        for (int e = 0; e < epochs; e++)
        {
            final boolean inSource = s.hasEpoch(e);
            if (inSource != ts.has(e))
            {
                problem(where + " epoch " + e + ": value only in the " + (inSource ? "source" : "file"));
                continue;
            }
            if (!inSource)
            {
                continue;
            }
            final double sv = s.valueAtEpoch(e);
            final float fv = ts.get(e);
            values++;
            if (Float.floatToIntBits(fv) != Float.floatToIntBits((float)sv))
            {
                problem(where + " epoch " + e + ": file " + fv + ", source " + sv + " (as float32 " + (float)sv + ")");
            }
            if (Double.isNaN(sv) || Double.isNaN(fv) || Double.isInfinite(sv))
            {
                continue;
            }
            final double abs = Math.abs(fv - sv);
            final double rel = sv == 0 ? (abs == 0 ? 0 : Double.POSITIVE_INFINITY) : abs / Math.abs(sv);
            if (abs > maxAbs)
            {
                maxAbs = abs;
                maxAbsAt = where + " epoch " + e;
            }
            if (rel > maxRel)
            {
                maxRel = rel;
                maxRelAt = where + " epoch " + e;
            }
        }
    }

    /** The derived columns: final means (float64, exact) and the costs' legacy rule. */
    private void derived(final String where, final int a, final Dataset d, final Hp hp, final List<TrialRecord> trials)
    {
        for (final Split split : Split.values())
        {
            double sum = 0;
            boolean ok = !trials.isEmpty();
            for (final TrialRecord t : trials)
            {
                final double v = finalAccuracy(t, split);
                ok &= !Double.isNaN(v);
                sum += v;
            }
            final double expected = ok ? sum / trials.size() : Double.NaN;
            double actual;
            try
            {
                actual = bench.finalAccuracy(a, d, hp, split);
            }
            catch (final NasmapQueryException e)
            {
                actual = Double.NaN;
            }
            exactDouble(where + " final " + split + " accuracy (mean over seeds)", actual, expected);
        }
        final double[] flops = new double[trials.size()];
        final double[] params = new double[trials.size()];
        int s888 = -1;
        for (int i = 0; i < trials.size(); i++)
        {
            flops[i] = trials.get(i).flops();
            params[i] = trials.get(i).params();
            if (trials.get(i).seed() == 888 && s888 < 0)
            {
                s888 = i;
            }
        }
        final double ef = legacyCost(flops, s888);
        final double ep = legacyCost(params, s888);
        boolean raised = false;
        try
        {
            bench.getCostInfo(a, d, hp, cost);
        }
        catch (final NasmapQueryException e)
        {
            raised = true;
        }
        final boolean latencyRaises = latencyRaises(trials);
        exact++;
        if (raised != (Double.isNaN(ef) || Double.isNaN(ep) || latencyRaises))
        {
            problem(where + " get_cost_info " + (raised ? "raises in the file only" : "raises in the source only"));
        }
        else if (!raised)
        {
            exactDouble(where + " flops (get_cost_info)", cost.flops(), ef);
            exactDouble(where + " params (get_cost_info)", cost.params(), ep);
            exactDouble(where + " latency (get_cost_info)", cost.latency(), meanLatency(trials));
        }
    }

    /** Upstream's latency of a group: the mean of the trials' positive list means; NaN for None. */
    private static double meanLatency(final List<TrialRecord> trials)
    {
        double sum = 0;
        int count = 0;
        for (final TrialRecord t : trials)
        {
            final double[] l = t.latency();
            if (l == null || l.length == 0)
            {
                continue;
            }
            double s = 0;
            for (final double v : l)
            {
                s += v;
            }
            s /= l.length;
            if (s > 0)
            {
                sum += s;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** @return NaN where upstream raises. */
    private static double legacyCost(final double[] v, final int s888)
    {
        if (v.length == 0)
        {
            return Double.NaN;
        }
        boolean disagree = false;
        for (int i = 1; i < v.length; i++)
        {
            disagree |= !fiveDecimals(v[i]).equals(fiveDecimals(v[0]));
        }
        if (disagree)
        {
            return s888 < 0 ? Double.NaN : v[s888];
        }
        double sum = 0;
        for (final double x : v)
        {
            sum += x;
        }
        return sum / v.length;
    }

    private static boolean latencyRaises(final List<TrialRecord> trials)
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

    private static String fiveDecimals(final double x)
    {
        return Double.isNaN(x) || Double.isInfinite(x) ? Double.toString(x) :
            new BigDecimal(x).setScale(5, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Upstream's {@code get_metrics(dataset, split)["accuracy"]} of one trial, NaN where it raises. */
    private static double finalAccuracy(final TrialRecord t, final Split split)
    {
        final int epoch = t.epochs() - 1;
        final Series acc = t.series(split, Metric.ACCURACY);
        final Series loss = t.series(split, Metric.LOSS);
        if (epoch < 0 || acc == null || loss == null || !acc.hasEpoch(epoch) || !loss.hasEpoch(epoch))
        {
            return Double.NaN;
        }
        final Series time = t.series(split, Metric.TIME);
        final boolean needTimes = split == Split.TRAIN ? time != null : !t.evalTimesEmpty();
        if (needTimes)
        {
            for (int e = 0; e <= epoch; e++)
            {
                if (time == null || !time.hasEpoch(e))
                {
                    return Double.NaN;
                }
            }
        }
        return acc.valueAtEpoch(epoch);
    }

    private void configs(final ArchRecord record)
    {
        final int a = record.index();
        final ArchRecord.HpResults firstHp = record.hps().isEmpty() ? null : record.hps().get(0);
        for (final Dataset d : Dataset.values())
        {
            ArchConfig expected = null;
            if (firstHp != null)
            {
                for (final ArchRecord.DatasetTrials dt : firstHp.datasets())
                {
                    if (dt.dataset() == d && !dt.trials().isEmpty())
                    {
                        expected = dt.trials().get(0).config();
                    }
                }
            }
            Map<String, Object> actual;
            try
            {
                actual = bench.netConfig(a, d);
            }
            catch (final NasmapQueryException e)
            {
                actual = null;
            }
            final String where = "architecture " + a + " " + d + " config";
            exact++;
            if ((expected == null) != (actual == null))
            {
                problem(where + ": only in the " + (expected == null ? "file" : "source"));
                continue;
            }
            if (expected == null)
            {
                continue;
            }
            final Map<String, Object> want = new java.util.LinkedHashMap<>();
            if (expected.shape())
            {
                want.put("name", "infer.shape.tiny");
                want.put("channels", expected.channels() == null ? "" : expected.channels());
                want.put("genotype", expected.genotype() == null ? "" : expected.genotype());
            }
            else
            {
                want.put("name", "infer.tiny");
                want.put("C", expected.c());
                want.put("N", expected.n());
                want.put("arch_str", expected.archStr() == null ? "" : expected.archStr());
            }
            want.put("num_classes", expected.classNum());
            exact += want.size();
            if (!want.equals(actual))
            {
                problem(where + ": file " + actual + ", source " + want);
            }
        }
    }
}
