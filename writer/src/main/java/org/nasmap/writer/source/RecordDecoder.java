package org.nasmap.writer.source;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Metric;
import org.nasmap.format.Space;
import org.nasmap.format.Split;
import org.nasmap.writer.pickle.PyTuple;
import org.nasmap.writer.pickle.Values;

/**
 * Turns the unpickled tree of one architecture into an {@link ArchRecord}, validating it against
 * the schema of upstream's {@code ArchResults} / {@code ResultsCount} state dicts.
 *
 * <p>The tree maps hp keys to {@code ArchResults} states: {@code '01'}, {@code '12'}, {@code '90'},
 * {@code '200'} in NATS-Bench, {@code 'less'} (hp 12) and {@code 'full'} (hp 200) in NAS-Bench-201.
 * Each state's {@code arch_index} and {@code arch_str} must match the meta list; datasets follow the
 * order of {@code dataset_seed}, trials the order of each seed list, and every (dataset, seed) must
 * be in {@code all_results}. Series keep every epoch the source has, sorted, at float64; flops,
 * params and latency are kept exactly.
 */
public final class RecordDecoder
{
    /** How the hp keys of an architecture's tree are spelled. */
    public enum HpNaming
    {
        /** NATS-Bench: {@code '01'}, {@code '12'}, {@code '90'}, {@code '200'}. */
        NATS,
        /** NAS-Bench-201: {@code 'less'} for hp 12, {@code 'full'} for hp 200. */
        NB201
    }

    private static final Split[] EVAL_SPLITS = {Split.X_VALID, Split.X_TEST, Split.ORI_TEST};

    private final Space space;
    private final List<String> metaArchs;
    private final HpNaming naming;

    /**
     * @param space     the space of the source (checked against each hp).
     * @param metaArchs the meta list; each record's {@code arch_str} must equal its entry.
     * @param naming    the hp key spelling.
     */
    public RecordDecoder(final Space space, final List<String> metaArchs, final HpNaming naming)
    {
        this.space = space;
        this.metaArchs = metaArchs;
        this.naming = naming;
    }

    /**
     * @param index the architecture index (from the file name or the arch2infos key).
     * @param tree  the unpickled {hp: ArchResults state} map.
     * @param file  the file, for messages.
     * @return the record.
     * @throws SourceException when the tree does not follow the schema or disagrees with the meta list.
     */
    public ArchRecord decode(final int index, final Object tree, final String file) throws SourceException
    {
        if (index < 0 || index >= metaArchs.size())
        {
            throw new SourceException("architecture index " + index + " is outside the meta list of " + metaArchs.size() + " (file: " + file + ")");
        }
        final Ctx ctx = new Ctx(index, file);
        final Map<?, ?> hps = map(tree, "architecture record", ctx);
        final ArchRecord record = new ArchRecord(index, metaArchs.get(index));
        for (final Map.Entry<?, ?> e : hps.entrySet())
        {
            final Hp hp = hp(e.getKey(), ctx);
            ctx.hp = hp;
            final Map<?, ?> state = map(e.getValue(), "ArchResults state", ctx);
            checkIdentity(state, ctx);
            record.add(new ArchRecord.HpResults(hp, datasets(state, ctx)));
            ctx.hp = null;
        }
        return record;
    }

    private Hp hp(final Object key, final Ctx ctx) throws SourceException
    {
        final Hp hp;
        if (naming == HpNaming.NB201)
        {
            hp = "less".equals(key) ? Hp.H12 : "full".equals(key) ? Hp.H200 : null;
            if (hp == null)
            {
                throw ctx.error("hp key " + Values.describe(key) + " is not 'less' or 'full'");
            }
        }
        else
        {
            hp = key instanceof String ? Hp.fromUpstream((String)key) : null;
            if (hp == null)
            {
                throw ctx.error("hp key " + Values.describe(key) + " is not one of '01', '12', '90', '200'");
            }
        }
        if ((space.defaultHpMask() & (1 << hp.ordinal())) == 0)
        {
            throw ctx.error("hp " + hp + " does not belong to the " + space.shortName() + " space");
        }
        return hp;
    }

    private void checkIdentity(final Map<?, ?> state, final Ctx ctx) throws SourceException
    {
        final Object archIndex = state.get("arch_index");
        if (!(archIndex instanceof Long) || (Long)archIndex != ctx.index)
        {
            throw ctx.error("arch_index " + Values.describe(archIndex) + " disagrees with index " + ctx.index +
                " (the file name or arch2infos key)");
        }
        final Object archStr = state.get("arch_str");
        final String meta = metaArchs.get(ctx.index);
        if (!meta.equals(archStr))
        {
            throw ctx.error("arch_str " + Values.describe(archStr) + " disagrees with meta_archs[" + ctx.index + "] = '" + meta + "'");
        }
    }

    private List<ArchRecord.DatasetTrials> datasets(final Map<?, ?> state, final Ctx ctx) throws SourceException
    {
        final Map<?, ?> all = map(state.get("all_results"), "all_results", ctx);
        final Map<?, ?> seeds = map(state.get("dataset_seed"), "dataset_seed", ctx);
        final List<ArchRecord.DatasetTrials> out = new ArrayList<>(seeds.size());
        for (final Map.Entry<?, ?> e : seeds.entrySet())
        {
            final Object name = e.getKey();
            final Dataset dataset = name instanceof String ? Dataset.fromUpstream((String)name) : null;
            if (dataset == null)
            {
                throw ctx.error("dataset " + Values.describe(name) + " is not one of cifar10-valid, cifar10, cifar100, ImageNet16-120");
            }
            ctx.dataset = dataset;
            final List<?> list = list(e.getValue(), "dataset_seed['" + name + "']", ctx);
            final List<TrialRecord> trials = new ArrayList<>(list.size());
            for (final Object s : list)
            {
                if (!(s instanceof Long) || (Long)s < Integer.MIN_VALUE || (Long)s > Integer.MAX_VALUE)
                {
                    throw ctx.error("seed " + Values.describe(s) + " is not an int");
                }
                ctx.seed = (Long)s;
                final Object rc = all.get(new PyTuple(name, s));
                if (rc == null)
                {
                    throw ctx.error("all_results has no entry ('" + name + "', " + s + ") although dataset_seed lists it");
                }
                trials.add(trial(map(rc, "ResultsCount state", ctx), (int)(long)(Long)s, ctx));
            }
            ctx.seed = null;
            out.add(new ArchRecord.DatasetTrials(dataset, trials));
        }
        ctx.dataset = null;
        return out;
    }

    private TrialRecord trial(final Map<?, ?> rc, final int seed, final Ctx ctx) throws SourceException
    {
        final Object epochs = rc.get("epochs");
        if (!(epochs instanceof Long) || (Long)epochs < 0 || (Long)epochs > Integer.MAX_VALUE)
        {
            throw ctx.error("epochs " + Values.describe(epochs) + " is not a non-negative int");
        }
        final TrialRecord t = new TrialRecord(seed, (int)(long)(Long)epochs);
        t.series(Split.TRAIN, Metric.LOSS, intSeries(map(rc.get("train_losses"), "train_losses", ctx), "train_losses", ctx));
        t.series(Split.TRAIN, Metric.ACCURACY, intSeries(map(rc.get("train_acc1es"), "train_acc1es", ctx), "train_acc1es", ctx));
        final Object acc5 = rc.get("train_acc5es");
        if (acc5 != null)
        {
            t.series(Split.TRAIN, Metric.TOP5, intSeries(map(acc5, "train_acc5es", ctx), "train_acc5es", ctx));
        }
        final Object times = rc.get("train_times");
        if (times != null)
        {
            t.series(Split.TRAIN, Metric.TIME, intSeries(map(times, "train_times", ctx), "train_times", ctx));
        }
        for (final Object n : list(rc.get("eval_names"), "eval_names", ctx))
        {
            final Split split = evalSplit(n);
            if (split == null)
            {
                throw ctx.error("eval name " + Values.describe(n) + " is not x-valid, x-test or ori-test");
            }
            t.addEvalName(split);
        }
        evalSeries(t, Metric.ACCURACY, map(rc.get("eval_acc1es"), "eval_acc1es", ctx), "eval_acc1es", ctx);
        evalSeries(t, Metric.LOSS, map(rc.get("eval_losses"), "eval_losses", ctx), "eval_losses", ctx);
        final Object evalTimes = rc.get("eval_times");
        if (evalTimes == null || (evalTimes instanceof Map && ((Map<?, ?>)evalTimes).isEmpty()))
        {
            t.evalTimesEmpty(true);
        }
        else
        {
            evalSeries(t, Metric.TIME, map(evalTimes, "eval_times", ctx), "eval_times", ctx);
        }
        t.costs(number(rc.get("flop"), "flop", ctx), number(rc.get("params"), "params", ctx));
        t.latency(latency(rc.get("latency"), ctx));
        t.config(config(rc.get("arch_config"), ctx));
        return t;
    }

    private static Series intSeries(final Map<?, ?> dict, final String what, final Ctx ctx) throws SourceException
    {
        final int n = dict.size();
        final int[] epochs = new int[n];
        final double[] values = new double[n];
        int i = 0;
        for (final Map.Entry<?, ?> e : dict.entrySet())
        {
            final Object k = e.getKey();
            if (!(k instanceof Long) || (Long)k < 0 || (Long)k > Integer.MAX_VALUE)
            {
                throw ctx.error(what + " has key " + Values.describe(k) + ", not an epoch");
            }
            epochs[i] = (int)(long)(Long)k;
            values[i] = number(e.getValue(), what, ctx);
            i++;
        }
        return series(epochs, values, n, what, ctx);
    }

    private static void evalSeries(final TrialRecord t, final Metric metric, final Map<?, ?> dict, final String what, final Ctx ctx)
        throws SourceException
    {
        final int n = dict.size();
        final int[][] epochs = new int[EVAL_SPLITS.length][];
        final double[][] values = new double[EVAL_SPLITS.length][];
        final int[] counts = new int[EVAL_SPLITS.length];
        for (final Map.Entry<?, ?> e : dict.entrySet())
        {
            final Object k = e.getKey();
            final int at = k instanceof String ? ((String)k).lastIndexOf('@') : -1;
            final int s = at < 0 ? -1 : evalSlot((String)k, at);
            final int epoch = s < 0 ? -1 : parseEpoch((String)k, at + 1);
            if (epoch < 0)
            {
                throw ctx.error(what + " has key " + Values.describe(k) + ", not '<x-valid|x-test|ori-test>@<epoch>'");
            }
            if (epochs[s] == null)
            {
                epochs[s] = new int[n];
                values[s] = new double[n];
            }
            epochs[s][counts[s]] = epoch;
            values[s][counts[s]] = number(e.getValue(), what, ctx);
            counts[s]++;
        }
        for (int s = 0; s < EVAL_SPLITS.length; s++)
        {
            if (epochs[s] != null)
            {
                t.series(EVAL_SPLITS[s], metric, series(epochs[s], values[s], counts[s], what, ctx));
            }
        }
    }

    private static Series series(final int[] epochs, final double[] values, final int n, final String what, final Ctx ctx)
        throws SourceException
    {
        int[] e = n == epochs.length ? epochs : Arrays.copyOf(epochs, n);
        double[] v = n == values.length ? values : Arrays.copyOf(values, n);
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++)
        {
            sorted = e[i] > e[i - 1];
        }
        if (!sorted)
        {
            final long[] packed = new long[n];
            for (int i = 0; i < n; i++)
            {
                packed[i] = (long)e[i] << 32 | i;
            }
            Arrays.sort(packed);
            final int[] se = new int[n];
            final double[] sv = new double[n];
            for (int i = 0; i < n; i++)
            {
                se[i] = (int)(packed[i] >>> 32);
                sv[i] = v[(int)packed[i]];
                if (i > 0 && se[i] == se[i - 1])
                {
                    throw ctx.error(what + " has epoch " + se[i] + " twice");
                }
            }
            e = se;
            v = sv;
        }
        return new Series(e, v);
    }

    /** @return 0, 1, 2 for x-valid, x-test, ori-test before the '@' at {@code at}, else -1. */
    private static int evalSlot(final String key, final int at)
    {
        if (at == 7 && key.startsWith("x-valid"))
        {
            return 0;
        }
        if (at == 6 && key.startsWith("x-test"))
        {
            return 1;
        }
        if (at == 8 && key.startsWith("ori-test"))
        {
            return 2;
        }
        return -1;
    }

    private static int parseEpoch(final String key, final int from)
    {
        final int n = key.length();
        if (from >= n || n - from > 9)
        {
            return -1;
        }
        int v = 0;
        for (int i = from; i < n; i++)
        {
            final char c = key.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static Split evalSplit(final Object name)
    {
        if ("x-valid".equals(name))
        {
            return Split.X_VALID;
        }
        if ("x-test".equals(name))
        {
            return Split.X_TEST;
        }
        if ("ori-test".equals(name))
        {
            return Split.ORI_TEST;
        }
        return null;
    }

    private static double[] latency(final Object o, final Ctx ctx) throws SourceException
    {
        if (o == null)
        {
            return null;
        }
        if (o instanceof double[])
        {
            return ((double[])o).clone();
        }
        final List<?> list = list(o, "latency", ctx);
        final double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = number(list.get(i), "latency", ctx);
        }
        return out;
    }

    private static ArchConfig config(final Object o, final Ctx ctx) throws SourceException
    {
        if (o == null)
        {
            return null;
        }
        final Map<?, ?> c = map(o, "arch_config", ctx);
        final int classNum = integer(c.get("class_num"), "arch_config class_num", ctx);
        if (c.containsKey("channels") || "infer.shape.tiny".equals(c.get("name")))
        {
            return new ArchConfig(true, classNum, 0, 0, null, string(c.get("channels"), "arch_config channels", ctx),
                string(c.get("genotype"), "arch_config genotype", ctx));
        }
        return new ArchConfig(false, classNum, integer(c.get("channel"), "arch_config channel", ctx),
            integer(c.get("num_cells"), "arch_config num_cells", ctx), string(c.get("arch_str"), "arch_config arch_str", ctx), null, null);
    }

    private static double number(final Object o, final String what, final Ctx ctx) throws SourceException
    {
        if (o instanceof Double)
        {
            return (Double)o;
        }
        if (o instanceof Long)
        {
            return (Long)o;
        }
        throw ctx.error(what + " holds " + Values.describe(o) + " (" + Values.typeName(o) + "), not a number");
    }

    private static int integer(final Object o, final String what, final Ctx ctx) throws SourceException
    {
        if (!(o instanceof Long) || (Long)o < Integer.MIN_VALUE || (Long)o > Integer.MAX_VALUE)
        {
            throw ctx.error(what + " is " + Values.describe(o) + ", not an int");
        }
        return (int)(long)(Long)o;
    }

    private static String string(final Object o, final String what, final Ctx ctx) throws SourceException
    {
        if (!(o instanceof String))
        {
            throw ctx.error(what + " is " + Values.describe(o) + ", not a string");
        }
        return (String)o;
    }

    private static Map<?, ?> map(final Object o, final String what, final Ctx ctx) throws SourceException
    {
        if (!(o instanceof Map))
        {
            throw ctx.error(what + " is " + (o == null ? "missing or None" : "a " + Values.typeName(o)) + ", not a dict");
        }
        return (Map<?, ?>)o;
    }

    private static List<?> list(final Object o, final String what, final Ctx ctx) throws SourceException
    {
        if (!(o instanceof List))
        {
            throw ctx.error(what + " is " + (o == null ? "missing or None" : "a " + Values.typeName(o)) + ", not a list");
        }
        return (List<?>)o;
    }

    /** Where the decoder is, for messages. */
    private static final class Ctx
    {
        final int index;
        final String file;
        Hp hp;
        Dataset dataset;
        Long seed;

        Ctx(final int index, final String file)
        {
            this.index = index;
            this.file = file;
        }

        SourceException error(final String message)
        {
            final StringBuilder sb = new StringBuilder("architecture ").append(index);
            if (hp != null)
            {
                sb.append(", hp ").append(hp);
            }
            if (dataset != null)
            {
                sb.append(", ").append(dataset);
            }
            if (seed != null)
            {
                sb.append(", seed ").append(seed);
            }
            return new SourceException(sb.append(": ").append(message).append(" (file: ").append(file).append(')').toString());
        }
    }
}
