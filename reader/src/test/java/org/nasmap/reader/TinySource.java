package org.nasmap.reader;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Metric;
import org.nasmap.format.SourceKind;
import org.nasmap.format.Space;
import org.nasmap.format.Split;
import org.nasmap.writer.source.ArchConfig;
import org.nasmap.writer.source.ArchRecord;
import org.nasmap.writer.source.Series;
import org.nasmap.writer.source.Source;
import org.nasmap.writer.source.SyntheticSource;
import org.nasmap.writer.source.TrialRecord;

/**
 * A very small source (a file of about 4-6 KB) that still has every feature of the format, for tests that
 * touch every byte of a file and for the fuzzer's seeds: a reduced space of 6 architectures of which 2 are
 * held, 1-4 epochs per hp, every series kind (DENSE, CONSTANT, SPARSE, ABSENT), seeds out of order
 * ({@code [999, 777]}), a dataset missing at one hp, the flops/params legacy disagreement, a None latency,
 * an empty latency list, a multi-value latency list, empty {@code eval_times}, and configuration strings
 * with 2-, 3- and 4-byte UTF-8 characters (size space).
 */
final class TinySource implements Source
{
    static final int META_SIZE = 6;
    static final int[] HELD = {1, 4};

    private final Space space;
    private final long seed;
    private final List<String> meta;

    TinySource(final Space space, final long seed)
    {
        this(space, seed, SyntheticSource.metaOf(space).subList(0, META_SIZE));
    }

    /** The same records under another meta list (at least {@code HELD[1] + 1} strings; their names from it). */
    TinySource(final Space space, final long seed, final List<String> meta)
    {
        this.space = space;
        this.seed = seed;
        this.meta = List.copyOf(meta);
    }

    /** @return the tiny epoch count used for an hp. */
    static int epochs(final Hp hp)
    {
        return switch (hp)
        {
            case H01 -> 1;
            case H12 -> 3;
            case H90, H200 -> 4;
        };
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
        return HELD.length;
    }

    @Override
    public void forEach(final ArchConsumer consumer) throws java.io.IOException
    {
        for (final int a : HELD)
        {
            consumer.accept(record(a));
        }
    }

    ArchRecord record(final int arch)
    {
        final SplittableRandom r = new SplittableRandom(seed * 31 + arch);
        final ArchRecord rec = new ArchRecord(arch, meta.get(arch));
        final Hp[] hps = space == Space.TOPOLOGY ? new Hp[] {Hp.H12, Hp.H200} : new Hp[] {Hp.H01, Hp.H12, Hp.H90};
        final boolean legacy = arch == HELD[0];
        for (final Hp hp : hps)
        {
            final boolean last = hp == hps[hps.length - 1];
            final List<ArchRecord.DatasetTrials> datasets = new ArrayList<>();
            for (final Dataset d : Dataset.values())
            {
                final int[] seeds;
                if (!last)
                {
                    if (d == Dataset.IMAGENET16_120 && arch == HELD[1])
                    {
                        continue; // not in this hp's dataset_seed map
                    }
                    seeds = d == Dataset.CIFAR10_VALID ? new int[] {111, 777} : new int[] {111};
                }
                else
                {
                    seeds = switch (d)
                    {
                        case CIFAR10_VALID -> new int[] {777, 888};
                        case CIFAR10 -> new int[] {888};
                        case CIFAR100 -> new int[] {999, 777};
                        case IMAGENET16_120 -> new int[] {777, 888, 999};
                    };
                }
                final List<TrialRecord> trials = new ArrayList<>();
                for (final int s : seeds)
                {
                    trials.add(trial(r, arch, hp, d, s, last, legacy));
                }
                datasets.add(new ArchRecord.DatasetTrials(d, trials));
            }
            rec.add(new ArchRecord.HpResults(hp, datasets));
        }
        return rec;
    }

    private TrialRecord trial(final SplittableRandom r, final int arch, final Hp hp, final Dataset d, final int s,
        final boolean last, final boolean legacy)
    {
        final int epochs = epochs(hp);
        final TrialRecord t = new TrialRecord(s, epochs);
        t.series(Split.TRAIN, Metric.ACCURACY, dense(r, epochs, 90));
        t.series(Split.TRAIN, Metric.LOSS, dense(r, epochs, 2));
        if (!last)
        {
            t.series(Split.TRAIN, Metric.TOP5, dense(r, epochs, 99));
        }
        t.series(Split.TRAIN, Metric.TIME, constant(epochs, 10 + arch + d.ordinal()));
        final double flops = 10.5 + arch + (legacy && s == 777 ? 3.25 : 0);
        final double params = 0.25 + arch * 0.125 + (legacy && s == 777 ? 0.5 : 0);
        t.costs(flops, params);
        if (d == Dataset.CIFAR10 && last && arch == HELD[1])
        {
            t.latency(new double[0]);
        }
        else if (d == Dataset.CIFAR100 && s == 999)
        {
            t.latency(null);
        }
        else
        {
            t.latency(d == Dataset.IMAGENET16_120 ? new double[] {0.01 + 0.001 * arch, 0.02, -1} :
                new double[] {0.015 + 0.001 * arch});
        }
        final Split[] evals = switch (d)
        {
            case CIFAR10_VALID -> new Split[] {Split.X_VALID, Split.ORI_TEST};
            case CIFAR10 -> new Split[] {Split.ORI_TEST};
            default -> new Split[] {Split.X_VALID, Split.X_TEST, Split.ORI_TEST};
        };
        final boolean noEvalTimes = d == Dataset.CIFAR100 && s == 999 && arch == HELD[1];
        t.evalTimesEmpty(noEvalTimes);
        for (final Split e : evals)
        {
            t.addEvalName(e);
            final boolean lastOnly = last && (d == Dataset.CIFAR10_VALID ? e == Split.ORI_TEST :
                (d == Dataset.CIFAR100 || d == Dataset.IMAGENET16_120) && e != Split.ORI_TEST);
            final Series acc = dense(r, epochs, 80);
            final Series loss = dense(r, epochs, 1.5);
            t.series(e, Metric.ACCURACY, lastOnly ? lastOf(acc) : acc);
            t.series(e, Metric.LOSS, lastOnly ? lastOf(loss) : loss);
            if (!noEvalTimes)
            {
                t.series(e, Metric.TIME, constant(epochs, 0.5 + 0.25 * e.ordinal()));
            }
        }
        t.config(space == Space.TOPOLOGY ?
            new ArchConfig(false, d.classCount(), 16, 5, meta.get(arch), null, null) :
            new ArchConfig(true, d.classCount(), 0, 0, null, meta.get(arch), "g\u00e9n\u20ac\uD834\uDD1E|" + arch));
        return t;
    }

    private static Series dense(final SplittableRandom r, final int epochs, final double scale)
    {
        final int[] e = new int[epochs];
        final double[] v = new double[epochs];
        for (int i = 0; i < epochs; i++)
        {
            e[i] = i;
            v[i] = scale * (0.5 + 0.5 * r.nextDouble());
        }
        return new Series(e, v);
    }

    private static Series constant(final int epochs, final double value)
    {
        final int[] e = new int[epochs];
        final double[] v = new double[epochs];
        for (int i = 0; i < epochs; i++)
        {
            e[i] = i;
            v[i] = value;
        }
        return new Series(e, v);
    }

    private static Series lastOf(final Series s)
    {
        final int n = s.size();
        return new Series(new int[] {s.epochAt(n - 1)}, new double[] {s.valueAt(n - 1)});
    }

    @Override
    public void close()
    {
    }
}
