package org.nasmap.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Metric;
import org.nasmap.format.Split;
import org.nasmap.writer.source.ArchRecord;
import org.nasmap.writer.source.Series;
import org.nasmap.writer.source.SyntheticSource;
import org.nasmap.writer.source.TrialRecord;

/**
 * The {@code heapMap} peer: the benchmark held on the heap the way a straight Java port of the Python API
 * would hold it, keyed like upstream's dicts:
 * {@code Map<Integer arch, Map<String hp, Map<String dataset, List<Map<String, Object>>>>>}, one
 * {@code Map<String, Object>} per trial with upstream's {@code ResultsCount} fields ({@code "seed"},
 * {@code "epochs"}, {@code "flop"}, {@code "params"}, {@code "latency"}, {@code "train_acc1es"} etc. as
 * {@code Map<Integer epoch, Double>}, {@code "eval_acc1es"} etc. as {@code Map<String "x-valid@12", Double>}),
 * plus {@code archstr2index} as a {@code HashMap<String, Integer>}.
 * <p>
 * The queries are ports of upstream's code: keys are formatted ({@code name + "@" + epoch}) and epochs boxed
 * on every lookup, as the Python does. Key strings and epoch integers of the model itself are shared between
 * trials (as a careful loader would intern them), values are one {@code Double} each except that a value
 * repeating the previous epoch's (the constant per-epoch times) shares its box, and each map's table is sized
 * exactly (load factor 1). The whole space is about 224 million (epoch, value) entries: about 11 GB of heap.
 */
public final class HeapMapModel
{
    private static final String[] TRAIN_KEYS = {"train_losses", "train_acc1es", "train_acc5es", "train_times"};
    private static final String[] EVAL_KEYS = {"eval_losses", "eval_acc1es", null, "eval_times"};
    private static final int MAX_EPOCHS = 200;
    private static final Integer[] EPOCH_KEYS = new Integer[MAX_EPOCHS];
    /** Canonical "split@epoch" key strings, [split][epoch]. */
    private static final String[][] EVAL_EPOCH_KEYS = new String[Split.count()][MAX_EPOCHS];

    static
    {
        for (int e = 0; e < MAX_EPOCHS; e++)
        {
            EPOCH_KEYS[e] = e;
            for (final Split s : Split.values())
            {
                EVAL_EPOCH_KEYS[s.ordinal()][e] = s.upstreamName() + "@" + e;
            }
        }
    }

    /** arch → hp key → dataset name → trials in seed-list order. */
    private final Map<Integer, Map<String, Map<String, List<Map<String, Object>>>>> archs;
    private final Map<String, Integer> archstr2index;
    /** The held architectures, ascending (find_best's evaluated_indexes). */
    private final int[] held;

    private HeapMapModel(final Map<Integer, Map<String, Map<String, List<Map<String, Object>>>>> archs,
        final Map<String, Integer> archstr2index, final int[] held)
    {
        this.archs = archs;
        this.archstr2index = archstr2index;
        this.held = held;
    }

    /** Builds the model of every architecture of {@code source} (in parallel over architectures). */
    public static HeapMapModel build(final SyntheticSource source)
    {
        return build(source, IntStream.range(0, source.metaArchs().size()).toArray());
    }

    /** Builds the model of the given architectures of {@code source}, ascending (in parallel). */
    public static HeapMapModel build(final SyntheticSource source, final int[] held)
    {
        final List<String> meta = source.metaArchs();
        final int n = meta.size();
        @SuppressWarnings({"unchecked", "rawtypes"})
        final Map<String, Map<String, List<Map<String, Object>>>>[] built = new Map[held.length];
        IntStream.range(0, held.length).parallel().forEach(k -> built[k] = arch(source.record(held[k])));
        final Map<Integer, Map<String, Map<String, List<Map<String, Object>>>>> archs =
            new HashMap<>(capacity(held.length));
        final Map<String, Integer> index = new HashMap<>(capacity(n));
        for (int k = 0; k < held.length; k++)
        {
            archs.put(held[k], built[k]);
        }
        for (int i = 0; i < n; i++)
        {
            index.put(meta.get(i), i);
        }
        return new HeapMapModel(archs, index, held.clone());
    }

    /** Only {@code archstr2index}, for {@code indexOf}. */
    public static HeapMapModel indexOnly(final List<String> meta)
    {
        final Map<String, Integer> index = new HashMap<>(capacity(meta.size()));
        for (int i = 0; i < meta.size(); i++)
        {
            index.put(meta.get(i), i);
        }
        return new HeapMapModel(new HashMap<>(), index, new int[0]);
    }

    static int capacity(final int entries)
    {
        return (int)(entries / 0.75f) + 1;
    }

    /** A map for exactly {@code entries} entries with a table of the next power of two (load factor 1). */
    static <K, V> Map<K, V> exactMap(final int entries)
    {
        final int cap = entries <= 1 ? 1 : Integer.highestOneBit(entries - 1) << 1;
        return new HashMap<>(cap, 1.0f);
    }

    /** Boxes series values, reusing the box of the previous epoch when the value repeats (constant times). */
    private static Double box(final Series s, final int i, final Double previous)
    {
        final double v = s.valueAt(i);
        return previous != null && Double.doubleToRawLongBits(previous) == Double.doubleToRawLongBits(v) ? previous : v;
    }

    private static Map<String, Map<String, List<Map<String, Object>>>> arch(final ArchRecord rec)
    {
        final Map<String, Map<String, List<Map<String, Object>>>> byHp = new HashMap<>(capacity(rec.hps().size()));
        for (final ArchRecord.HpResults h : rec.hps())
        {
            final Map<String, List<Map<String, Object>>> byDataset = new HashMap<>(capacity(h.datasets().size()));
            for (final ArchRecord.DatasetTrials d : h.datasets())
            {
                final List<Map<String, Object>> trials = new ArrayList<>(d.trials().size());
                for (final TrialRecord t : d.trials())
                {
                    trials.add(trial(t));
                }
                byDataset.put(d.dataset().upstreamName(), trials);
            }
            byHp.put(h.hp().upstreamKey(), byDataset);
        }
        return byHp;
    }

    private static Map<String, Object> trial(final TrialRecord t)
    {
        final Map<String, Object> m = new HashMap<>(capacity(14));
        m.put("seed", t.seed());
        m.put("epochs", t.epochs());
        m.put("flop", t.flops());
        m.put("params", t.params());
        final double[] lat = t.latency();
        if (lat == null)
        {
            m.put("latency", null);
        }
        else
        {
            final List<Double> l = new ArrayList<>(lat.length);
            for (final double v : lat)
            {
                l.add(v);
            }
            m.put("latency", l);
        }
        for (final Metric metric : Metric.values())
        {
            final Series s = t.series(Split.TRAIN, metric);
            if (s == null)
            {
                m.put(TRAIN_KEYS[metric.ordinal()], null);
                continue;
            }
            final Map<Integer, Double> byEpoch = exactMap(s.size());
            Double box = null;
            for (int i = 0; i < s.size(); i++)
            {
                box = box(s, i, box);
                byEpoch.put(EPOCH_KEYS[s.epochAt(i)], box);
            }
            m.put(TRAIN_KEYS[metric.ordinal()], byEpoch);
        }
        final List<String> evalNames = new ArrayList<>();
        for (final Metric metric : Metric.values())
        {
            if (EVAL_KEYS[metric.ordinal()] == null)
            {
                continue;
            }
            int count = 0;
            for (final Split s : Split.values())
            {
                final Series series = s == Split.TRAIN ? null : t.series(s, metric);
                count += series == null ? 0 : series.size();
            }
            final Map<String, Double> byKey = exactMap(count);
            if (!(metric == Metric.TIME && t.evalTimesEmpty()))
            {
                for (final Split s : Split.values())
                {
                    final Series series = s == Split.TRAIN ? null : t.series(s, metric);
                    if (series == null)
                    {
                        continue;
                    }
                    Double box = null;
                    for (int i = 0; i < series.size(); i++)
                    {
                        box = box(series, i, box);
                        byKey.put(EVAL_EPOCH_KEYS[s.ordinal()][series.epochAt(i)], box);
                    }
                }
            }
            m.put(EVAL_KEYS[metric.ordinal()], byKey);
        }
        for (final Split s : Split.values())
        {
            if ((t.evalMask() & (1 << s.ordinal())) != 0)
            {
                evalNames.add(s.upstreamName());
            }
        }
        m.put("eval_names", evalNames);
        return m;
    }

    // ================================================================================================ queries

    private List<Map<String, Object>> trials(final int arch, final Hp hp, final Dataset dataset)
    {
        final List<Map<String, Object>> t = archs.get(arch).get(hp.upstreamKey()).get(dataset.upstreamName());
        if (t == null)
        {
            throw new IllegalArgumentException("no " + dataset + " results for " + arch + " at hp " + hp);
        }
        return t;
    }

    /** {@code query_index_by_arch(str)}: {@code archstr2index.get}. */
    public int indexOf(final String arch)
    {
        final Integer i = archstr2index.get(arch);
        return i == null ? -1 : i;
    }

    /**
     * The search loop's query ported directly: the mean over seeds of {@code eval_acc1es["x-valid@" + last]}
     * (no time sums: a port written for this query alone).
     */
    @SuppressWarnings("unchecked")
    public double finalAccuracy(final int arch, final Dataset dataset, final Hp hp)
    {
        final List<Map<String, Object>> trials = trials(arch, hp, dataset);
        double sum = 0;
        for (final Map<String, Object> t : trials)
        {
            final int epochs = (Integer)t.get("epochs");
            final Map<String, Double> acc = (Map<String, Double>)t.get("eval_acc1es");
            sum += acc.get("x-valid@" + (epochs - 1));
        }
        return sum / trials.size();
    }

    /** One metric of one seed at one epoch: the trial of the seed, then its dict, then the epoch's key. */
    @SuppressWarnings("unchecked")
    public double metric(final int arch, final Dataset dataset, final Hp hp, final Split split, final Metric metric,
        final int epoch, final int seed)
    {
        for (final Map<String, Object> t : trials(arch, hp, dataset))
        {
            if ((Integer)t.get("seed") == seed)
            {
                final Double v = split == Split.TRAIN ?
                    ((Map<Integer, Double>)t.get(TRAIN_KEYS[metric.ordinal()])).get(epoch) :
                    ((Map<String, Double>)t.get(EVAL_KEYS[metric.ordinal()])).get(split.upstreamName() + "@" + epoch);
                if (v == null)
                {
                    throw new IllegalArgumentException("no " + split + " value at epoch " + epoch); // Python's KeyError
                }
                return v;
            }
        }
        throw new IllegalArgumentException("can not find random seed (" + seed + ")");
    }

    /** {@code ResultsCount.get_train(iepoch)} into {@code r}; false where upstream raises. */
    @SuppressWarnings("unchecked")
    private static boolean getTrain(final Map<String, Object> t, final int iepochIn, final double[] r)
    {
        final int epochs = (Integer)t.get("epochs");
        final int iepoch = iepochIn < 0 ? epochs - 1 : iepochIn;
        if (iepoch < 0 || iepoch >= epochs)
        {
            return false;
        }
        final Map<Integer, Double> times = (Map<Integer, Double>)t.get("train_times");
        double xtime = Double.NaN;
        double atime = Double.NaN;
        if (times != null)
        {
            final Double x = times.get(iepoch);
            if (x == null)
            {
                return false;
            }
            xtime = x;
            atime = 0;
            for (int i = 0; i <= iepoch; i++)
            {
                final Double v = times.get(i);
                if (v == null)
                {
                    return false;
                }
                atime += v;
            }
        }
        final Double loss = ((Map<Integer, Double>)t.get("train_losses")).get(iepoch);
        final Double acc = ((Map<Integer, Double>)t.get("train_acc1es")).get(iepoch);
        if (loss == null || acc == null)
        {
            return false;
        }
        r[0] = iepoch;
        r[1] = loss;
        r[2] = acc;
        r[3] = xtime;
        r[4] = atime;
        return true;
    }

    /** {@code ResultsCount.get_eval(name, iepoch)} into {@code r}; false where upstream raises. */
    @SuppressWarnings("unchecked")
    private static boolean getEval(final Map<String, Object> t, final String nameIn, final int iepochIn, final double[] r)
    {
        final String name = "valid".equals(nameIn) ? "x-valid" : nameIn;
        final int epochs = (Integer)t.get("epochs");
        final int iepoch = iepochIn < 0 ? epochs - 1 : iepochIn;
        if (iepoch < 0 || iepoch >= epochs)
        {
            return false;
        }
        final Map<String, Double> times = (Map<String, Double>)t.get("eval_times");
        double xtime = Double.NaN;
        double atime = Double.NaN;
        if (times != null && !times.isEmpty())
        {
            final Double x = times.get(name + "@" + iepoch);
            if (x == null)
            {
                return false;
            }
            xtime = x;
            atime = 0;
            for (int i = 0; i <= iepoch; i++)
            {
                final Double v = times.get(name + "@" + i);
                if (v == null)
                {
                    return false;
                }
                atime += v;
            }
        }
        final Double loss = ((Map<String, Double>)t.get("eval_losses")).get(name + "@" + iepoch);
        final Double acc = ((Map<String, Double>)t.get("eval_acc1es")).get(name + "@" + iepoch);
        if (loss == null || acc == null)
        {
            return false;
        }
        r[0] = iepoch;
        r[1] = loss;
        r[2] = acc;
        r[3] = xtime;
        r[4] = atime;
        return true;
    }

    /**
     * {@code ArchResults.get_metrics(dataset, setname, iepoch, is_random)} for the mean ({@code seed < 0})
     * or one seed, into {@code out.metrics}; false where upstream raises.
     */
    private static boolean getMetrics(final List<Map<String, Object>> trials, final String setname, final int iepoch,
        final int seed, final PeerResult out)
    {
        final double[] r = out.trial;
        final double[] m = out.metrics;
        final int n = trials.size();
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        int pick = -1;
        for (int i = 0; i < n; i++)
        {
            final Map<String, Object> t = trials.get(i);
            if (!("train".equals(setname) ? getTrain(t, iepoch, r) : getEval(t, setname, iepoch, r)))
            {
                return false;
            }
            if (seed >= 0 && (Integer)t.get("seed") == seed)
            {
                pick = i;
                System.arraycopy(r, 0, m, 0, 5);
            }
            s0 += r[0];
            s1 += r[1];
            s2 += r[2];
            s3 += r[3];
            s4 += r[4];
        }
        if (seed >= 0)
        {
            return pick >= 0;
        }
        m[0] = s0 / n;
        m[1] = s1 / n;
        m[2] = s2 / n;
        m[3] = s3 / n;
        m[4] = s4 / n;
        return n > 0;
    }

    /**
     * {@code get_more_info(index, dataset, iepoch, hp, is_random)}: {@code seed} is -1 for the mean, or
     * {@code random} draws one seed of the dataset's list (is_random=True).
     */
    @SuppressWarnings("unchecked")
    public PeerResult moreInfo(final int arch, final Dataset dataset, final Hp hp, final int iepoch, final int seedIn,
        final RandomGenerator random, final PeerResult out)
    {
        final List<Map<String, Object>> trials = trials(arch, hp, dataset);
        int seed = seedIn;
        if (random != null)
        {
            seed = (Integer)trials.get(random.nextInt(trials.size())).get("seed");
        }
        out.clear();
        final double[] m = out.metrics;
        if (!getMetrics(trials, "train", iepoch, seed, out))
        {
            throw new IllegalStateException("train metrics of " + arch + " raise");
        }
        final double total = m[0] + 1;
        out.set(PeerResult.TRAIN, m, total);
        final String ds = dataset.upstreamName();
        if ("cifar10-valid".equals(ds))
        {
            if (!getMetrics(trials, "x-valid", iepoch, seed, out))
            {
                throw new IllegalStateException("x-valid metrics of " + arch + " raise");
            }
            out.set(PeerResult.VALID, m, total);
            if (getMetrics(trials, "ori-test", iepoch, seed, out))
            {
                out.set(PeerResult.TEST, m, total);
            }
        }
        else
        {
            if (getMetrics(trials, "cifar10".equals(ds) ? "ori-test" : "x-test", iepoch, seed, out))
            {
                out.set(PeerResult.TEST, m, total);
            }
            if (getMetrics(trials, "x-valid", iepoch, seed, out))
            {
                out.set(PeerResult.VALID, m, total);
            }
            if (!"cifar10".equals(ds) && getMetrics(trials, "ori-test", iepoch, seed, out))
            {
                out.set(PeerResult.VALTEST, m, total);
            }
        }
        return out;
    }

    /** {@code get_latency}: the mean of the trials' positive latencies (upstream's get_compute_costs rule). */
    @SuppressWarnings("unchecked")
    public double latency(final int arch, final Dataset dataset, final Hp hp)
    {
        double sum = 0;
        int n = 0;
        for (final Map<String, Object> t : trials(arch, hp, dataset))
        {
            final List<Double> lat = (List<Double>)t.get("latency");
            final double v;
            if (lat == null)
            {
                v = -1;
            }
            else
            {
                double s = 0;
                for (final Double x : lat)
                {
                    s += x;
                }
                v = s / lat.size();
            }
            if (v > 0)
            {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * {@code simulate_train_eval(arch, dataset, iepoch, hp, account_time=True)} with {@code is_random=True},
     * the same rule as the reader's (valtest when a dataset has no valid at that epoch).
     */
    public PeerResult simulate(final int arch, final Dataset dataset, final Hp hp, final int iepoch,
        final RandomGenerator random, final PeerResult out)
    {
        final Dataset first = dataset == Dataset.CIFAR10 ? Dataset.CIFAR10_VALID : dataset;
        moreInfo(arch, first, hp, iepoch, -1, random, out);
        final double validAcc;
        final double timeCost;
        if (out.present[PeerResult.VALID])
        {
            validAcc = out.accuracy[PeerResult.VALID];
            timeCost = out.allTime[PeerResult.TRAIN] + out.perTime[PeerResult.VALID];
        }
        else
        {
            validAcc = out.accuracy[PeerResult.VALTEST];
            final double trainAll = out.allTime[PeerResult.TRAIN];
            moreInfo(arch, dataset, hp, -1, -1, random, out);
            timeCost = trainAll + out.perTime[PeerResult.VALID];
        }
        out.validAccuracy = validAcc;
        out.latency = latency(arch, dataset, hp);
        out.timeCost = timeCost;
        out.usedTime += timeCost;
        return out;
    }

    /** Mean of flops or params over the trials, after the legacy rule (seed 888's when they disagree). */
    private static double costMean(final List<Map<String, Object>> trials, final String key)
    {
        final double first = (Double)trials.get(0).get(key);
        double sum = 0;
        boolean differ = false;
        for (final Map<String, Object> t : trials)
        {
            final double v = (Double)t.get(key);
            differ |= v != first;
            sum += v;
        }
        if (differ)
        {
            for (final Map<String, Object> t : trials)
            {
                if ((Integer)t.get("seed") == 888)
                {
                    return (Double)t.get(key);
                }
            }
            return Double.NaN;
        }
        return sum / trials.size();
    }

    /**
     * {@code find_best(dataset, metric_on_set, FLOP_max, Param_max, hp)} ported: every architecture's
     * flops and params (get_compute_costs, without its time dict that find_best drops), then
     * {@code get_metrics(dataset, set)} (with its time sums, as upstream) of those within the limits.
     *
     * @return the best index; {@code out[0]} its accuracy.
     */
    public int findBest(final Dataset dataset, final Split split, final double flopMax, final double paramMax,
        final Hp hp, final double[] out, final PeerResult scratch)
    {
        int best = -1;
        double highest = Double.NaN;
        for (final int arch : held)
        {
            final List<Map<String, Object>> trials = trials(arch, hp, dataset);
            final double flops = costMean(trials, "flop");
            final double params = costMean(trials, "params");
            if (flopMax == flopMax && flops > flopMax)
            {
                continue;
            }
            if (paramMax == paramMax && params > paramMax)
            {
                continue;
            }
            if (!getMetrics(trials, split.upstreamName(), -1, -1, scratch))
            {
                throw new IllegalStateException("metrics of " + arch + " raise");
            }
            final double acc = scratch.metrics[2];
            if (best == -1 || highest < acc)
            {
                best = arch;
                highest = acc;
            }
        }
        out[0] = highest;
        return best;
    }
}
