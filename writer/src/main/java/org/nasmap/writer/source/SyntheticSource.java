package org.nasmap.writer.source;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Metric;
import org.nasmap.format.SourceKind;
import org.nasmap.format.Space;
import org.nasmap.format.Split;

/**
 * A deterministic, clearly synthetic benchmark with the real schema: the real seed sets (111/777 at
 * hp 12, one to three of 777/888/999 at hp 200), the real ragged splits (at tss hp 200 cifar10-valid has
 * ori-test only at the last epoch, cifar100 and ImageNet16-120 have x-valid and x-test only there), constant
 * per-epoch times, missing latencies and the flops/params legacy disagreement, in both spaces. The values are
 * made-up learning curves, not measurements: use it for tests, benchmarks and demos, never for research.
 */
public final class SyntheticSource implements Source
{
    /** The topology space's operations, in upstream's order. */
    public static final String[] TOPOLOGY_OPS = {"none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"};
    /** The size space's channel choices. */
    public static final int[] SIZE_CHANNELS = {8, 16, 24, 32, 40, 48, 56, 64};
    private static final String SIZE_GENOTYPE =
        "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|";

    private final Space space;
    private final long seed;
    private final List<String> meta;
    private final int[] held;

    /**
     * @param space the space.
     * @param held  how many architectures to generate (the first ones of a deterministic shuffle; the
     *              whole space when at least its size).
     * @param seed  the generator seed.
     */
    public SyntheticSource(final Space space, final int held, final long seed)
    {
        this(space, space.fullSize(), held, seed);
    }

    /**
     * A reduced space for small test files: only the first {@code metaSize} architecture strings.
     *
     * @param space    the space.
     * @param metaSize how many architectures the (reduced) space has.
     * @param held     how many of them to generate.
     * @param seed     the generator seed.
     */
    public SyntheticSource(final Space space, final int metaSize, final int held, final long seed)
    {
        this.space = space;
        this.seed = seed;
        this.meta = Collections.unmodifiableList(metaOf(space).subList(0, Math.min(metaSize, space.fullSize())));
        final int n = meta.size();
        if (held >= n)
        {
            this.held = new int[n];
            for (int i = 0; i < n; i++)
            {
                this.held[i] = i;
            }
        }
        else
        {
            final int[] perm = new int[n];
            for (int i = 0; i < n; i++)
            {
                perm[i] = i;
            }
            final SplittableRandom r = new SplittableRandom(seed);
            for (int i = n - 1; i > 0; i--)
            {
                final int j = r.nextInt(i + 1);
                final int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            this.held = java.util.Arrays.copyOf(perm, Math.max(0, held));
            java.util.Arrays.sort(this.held);
        }
    }

    /** @return every architecture string of the space in a fixed synthetic order. */
    public static List<String> metaOf(final Space space)
    {
        final List<String> out = new ArrayList<>(space.fullSize());
        if (space == Space.TOPOLOGY)
        {
            final int k = TOPOLOGY_OPS.length;
            for (int code = 0; code < space.fullSize(); code++)
            {
                final String[] o = new String[6];
                int c = code;
                for (int e = 0; e < 6; e++)
                {
                    o[e] = TOPOLOGY_OPS[c % k];
                    c /= k;
                }
                out.add("|" + o[0] + "~0|+|" + o[1] + "~0|" + o[2] + "~1|+|" + o[3] + "~0|" + o[4] + "~1|" + o[5] + "~2|");
            }
        }
        else
        {
            final int k = SIZE_CHANNELS.length;
            for (int code = 0; code < space.fullSize(); code++)
            {
                final StringBuilder sb = new StringBuilder();
                int c = code;
                for (int e = 0; e < 5; e++)
                {
                    sb.append(e == 0 ? "" : ":").append(SIZE_CHANNELS[c % k]);
                    c /= k;
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    @Override
    public SourceKind kind()
    {
        return SourceKind.UNKNOWN;
    }

    @Override
    public Space space()
    {
        return space;
    }

    @Override
    public List<String> metaArchs()
    {
        return meta;
    }

    @Override
    public int heldCountHint()
    {
        return held.length;
    }

    @Override
    public void forEach(final ArchConsumer consumer) throws java.io.IOException
    {
        for (final int index : held)
        {
            consumer.accept(record(index));
        }
    }

    /** @return the record of one architecture (deterministic). */
    public ArchRecord record(final int index)
    {
        final SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        final String arch = meta.get(index);
        final ArchRecord rec = new ArchRecord(index, arch);
        final double quality = quality(index, r);
        final double speed = 0.5 + 1.1 * r.nextDouble();
        final double flops = Math.round((7.0 + 213.0 * r.nextDouble()) * 1e5) / 1e5;
        final double params = Math.round((0.07 + 1.43 * r.nextDouble()) * 1e6) / 1e6;
        final double latency = 0.008 + 0.022 * r.nextDouble();
        final int fullSeeds = pickSeeds(r);
        final boolean legacy = r.nextDouble() < 0.05;
        final boolean noLatency = r.nextDouble() < 0.01;
        final Hp[] hps = space == Space.TOPOLOGY ? new Hp[] {Hp.H12, Hp.H200} : new Hp[] {Hp.H01, Hp.H12, Hp.H90};
        for (final Hp hp : hps)
        {
            final List<ArchRecord.DatasetTrials> datasets = new ArrayList<>();
            for (final Dataset d : Dataset.values())
            {
                final int[] seeds = seedsOf(hp, d, fullSeeds, legacy);
                final List<TrialRecord> trials = new ArrayList<>();
                for (final int s : seeds)
                {
                    trials.add(trial(r, arch, hp, d, s, quality, speed, legacy && s == 777 && contains(seeds, 888) ?
                        flops * 1.37 : flops, legacy && s == 777 && contains(seeds, 888) ? params * 1.21 : params,
                        noLatency ? null : new double[] {latency * (1 + 0.05 * d.ordinal())}));
                }
                datasets.add(new ArchRecord.DatasetTrials(d, trials));
            }
            rec.add(new ArchRecord.HpResults(hp, datasets));
        }
        return rec;
    }

    /**
     * A made-up architecture quality in (0, 1] with structure a search can find: in the topology space
     * convolutions help and {@code none} edges hurt (a cell whose output is cut off is poor); in the size
     * space wider layers help with diminishing returns.
     */
    private double quality(final int index, final SplittableRandom r)
    {
        double q;
        if (space == Space.TOPOLOGY)
        {
            final double[] weight = {0.0, 0.35, 0.75, 1.0, 0.45}; // none, skip, conv1x1, conv3x3, avg_pool
            int code = index;
            double sum = 0;
            int cut = 0;
            for (int e = 0; e < 6; e++)
            {
                final int op = code % TOPOLOGY_OPS.length;
                code /= TOPOLOGY_OPS.length;
                sum += weight[op];
                // edges into the output node: 3, 4, 5
                cut += e >= 3 && op == 0 ? 1 : 0;
            }
            q = sum / 6 * (cut == 3 ? 0.15 : 1.0);
        }
        else
        {
            int code = index;
            double sum = 0;
            for (int l = 0; l < 5; l++)
            {
                sum += Math.sqrt((code % SIZE_CHANNELS.length + 1) / (double)SIZE_CHANNELS.length);
                code /= SIZE_CHANNELS.length;
            }
            q = sum / 5;
        }
        return Math.max(0.02, Math.min(1.0, 0.25 + 0.75 * q + 0.04 * (r.nextDouble() - 0.5)));
    }

    private static boolean contains(final int[] a, final int v)
    {
        for (final int x : a)
        {
            if (x == v)
            {
                return true;
            }
        }
        return false;
    }

    private static int pickSeeds(final SplittableRandom r)
    {
        final int w = r.nextInt(2225 + 5439 + 7961);
        return w < 2225 ? 1 : w < 2225 + 5439 ? 2 : 3;
    }

    private int[] seedsOf(final Hp hp, final Dataset d, final int fullSeeds, final boolean legacy)
    {
        if (space == Space.TOPOLOGY)
        {
            if (hp == Hp.H12)
            {
                return d == Dataset.CIFAR10_VALID ? new int[] {111, 777} : new int[] {111};
            }
            if (legacy)
            {
                return new int[] {777, 888};
            }
            return java.util.Arrays.copyOf(new int[] {777, 888, 999}, fullSeeds);
        }
        return hp == Hp.H12 ? new int[] {777, 888, 999} : new int[] {777};
    }

    private TrialRecord trial(final SplittableRandom r, final String arch, final Hp hp, final Dataset d, final int seed,
        final double quality, final double speed, final double flops, final double params, final double[] latency)
    {
        final int epochs = hp.epochs();
        final TrialRecord t = new TrialRecord(seed, epochs);
        final double best = switch (d)
        {
            case CIFAR10_VALID, CIFAR10 -> 94.0;
            case CIFAR100 -> 73.0;
            case IMAGENET16_120 -> 46.0;
        };
        final double ceiling = best * quality * (0.99 + 0.01 * r.nextDouble()) * (hp.epochs() >= 90 ? 1.0 : 0.85);
        final double rate = 3.0 / epochs + 0.02;
        final double trainTime = (d == Dataset.IMAGENET16_120 ? 30.0 : 13.0) * speed * (hp == Hp.H200 ? 1 : 0.9);
        final boolean ragged = space == Space.TOPOLOGY && hp == Hp.H200;
        t.series(Split.TRAIN, Metric.ACCURACY, curve(r, epochs, Math.min(100, ceiling * 1.06), rate, true));
        t.series(Split.TRAIN, Metric.LOSS, curve(r, epochs, 2.3 * 100 / Math.max(ceiling, 1), rate, false));
        if (!ragged)
        {
            t.series(Split.TRAIN, Metric.TOP5, curve(r, epochs, Math.min(100, ceiling * 1.25), rate * 1.5, true));
        }
        t.series(Split.TRAIN, Metric.TIME, constant(epochs, trainTime));
        t.costs(flops, params).latency(latency);
        t.config(space == Space.TOPOLOGY ? new ArchConfig(false, d.classCount(), 16, 5, arch, null, null) :
            new ArchConfig(true, d.classCount(), 0, 0, null, arch, SIZE_GENOTYPE));
        final Split[] evals = switch (d)
        {
            case CIFAR10_VALID -> new Split[] {Split.X_VALID, Split.ORI_TEST};
            case CIFAR10 -> new Split[] {Split.ORI_TEST};
            default -> new Split[] {Split.X_VALID, Split.X_TEST, Split.ORI_TEST};
        };
        for (final Split s : evals)
        {
            t.addEvalName(s);
            final boolean lastOnly = ragged && (d == Dataset.CIFAR10_VALID ? s == Split.ORI_TEST :
                (d == Dataset.CIFAR100 || d == Dataset.IMAGENET16_120) && s != Split.ORI_TEST);
            final Series acc = curve(r, epochs, ceiling, rate, true);
            final Series loss = curve(r, epochs, 2.3 * 100 / Math.max(ceiling, 1), rate, false);
            t.series(s, Metric.ACCURACY, lastOnly ? last(acc) : acc);
            t.series(s, Metric.LOSS, lastOnly ? last(loss) : loss);
            t.series(s, Metric.TIME, constant(epochs, trainTime * 0.05 * (1 + 0.2 * s.ordinal())));
        }
        return t;
    }

    private static Series last(final Series s)
    {
        final int n = s.size();
        return new Series(new int[] {s.epochAt(n - 1)}, new double[] {s.valueAt(n - 1)});
    }

    private static Series constant(final int epochs, final double v)
    {
        final int[] e = new int[epochs];
        final double[] x = new double[epochs];
        for (int i = 0; i < epochs; i++)
        {
            e[i] = i;
            x[i] = v;
        }
        return new Series(e, x);
    }

    private static Series curve(final SplittableRandom r, final int epochs, final double scale, final double rate,
        final boolean rising)
    {
        final int[] e = new int[epochs];
        final double[] x = new double[epochs];
        for (int i = 0; i < epochs; i++)
        {
            e[i] = i;
            final double progress = 1 - Math.exp(-rate * (i + 1) * 3);
            final double noise = (r.nextDouble() - 0.5) * 0.02;
            x[i] = rising ? Math.max(0, Math.min(100, scale * (progress + noise))) :
                Math.max(1e-4, scale * (1.05 - progress) * (1 + noise));
        }
        return new Series(e, x);
    }

    @Override
    public void close()
    {
    }
}
