package org.nasmap.reader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Metric;
import org.nasmap.format.Space;
import org.nasmap.format.Split;
import org.nasmap.writer.NasmapWriter;

/**
 * Every answer of the public API on a small file, one line per call, doubles as their exact bits (and a
 * readable value), errors as "raises": the expected answers stored beside each golden file. {@link #main}
 * writes a golden file and its answers; it is run once per format version, and the files are then never
 * regenerated: each later reader must give the same answers.
 */
final class GoldenAnswers
{
    private GoldenAnswers()
    {
    }

    private interface Call
    {
        String answer();
    }

    private static void line(final StringBuilder out, final String query, final Call call)
    {
        String answer;
        try
        {
            answer = call.answer();
        }
        catch (final NasmapQueryException e)
        {
            answer = "raises";
        }
        out.append(query).append(" -> ").append(answer).append('\n');
    }

    private static String d(final double v)
    {
        return Long.toHexString(Double.doubleToRawLongBits(v)) + " (" + v + ")";
    }

    /** @return every answer, as text. */
    static String dump(final NasBench b)
    {
        final StringBuilder out = new StringBuilder();
        final NasmapFile f = b.file();
        out.append("space ").append(f.space().shortName()).append(", ").append(f.size()).append(" architectures, ")
            .append(f.heldCount()).append(" held, ").append(f.trialCount()).append(" trials\n");
        final Metrics m = new Metrics();
        final MoreInfo more = new MoreInfo();
        final CostInfo cost = new CostInfo();
        final SimulationResult sim = new SimulationResult();
        final TrialSeries series = new TrialSeries();
        for (int a = 0; a < b.size(); a++)
        {
            final int arch = a;
            line(out, "arch " + a, () -> b.arch(arch));
            line(out, "indexOf arch " + a, () -> Integer.toString(b.indexOf(b.arch(arch))));
            for (final Dataset ds : Dataset.values())
            {
                line(out, "netConfig " + a + " " + ds, () -> b.netConfig(arch, ds).toString());
            }
            if (!f.holds(a))
            {
                continue;
            }
            for (final Hp hp : Hp.values())
            {
                if ((f.hpMask() & (1 << hp.code())) == 0)
                {
                    continue;
                }
                for (final Dataset ds : Dataset.values())
                {
                    final String at = a + " " + hp + " " + ds;
                    line(out, "seeds " + at, () -> java.util.Arrays.toString(b.datasetSeeds(arch, ds, hp)));
                    for (final Split s : Split.values())
                    {
                        line(out, "finalAccuracy " + at + " " + s, () -> d(b.finalAccuracy(arch, ds, hp, s)));
                        for (final int epoch : new int[] {-1, 0, 1, 3})
                        {
                            line(out, "getMetrics " + at + " " + s + " @" + epoch, () ->
                            {
                                b.getMetrics(arch, ds, hp, s, epoch, SeedChoice.mean(), m);
                                return d(m.iepoch()) + " " + d(m.loss()) + " " + d(m.accuracy()) + " " + d(m.curTime()) +
                                    " " + d(m.allTime()) + " " + m.timeKnown();
                            });
                            for (final Metric mt : Metric.values())
                            {
                                line(out, "metric " + at + " " + s + " " + mt + " @" + epoch, () ->
                                    d(b.metric(arch, ds, hp, s, mt, epoch, SeedChoice.mean())));
                            }
                        }
                    }
                    for (final int epoch : new int[] {-1, 0, 2})
                    {
                        line(out, "getMoreInfo " + at + " @" + epoch, () ->
                        {
                            b.getMoreInfo(arch, ds, hp, epoch, SeedChoice.mean(), more);
                            final StringBuilder sb = new StringBuilder();
                            for (final MoreInfo.Block k : MoreInfo.Block.values())
                            {
                                if (more.has(k))
                                {
                                    sb.append(k.prefix()).append(' ').append(d(more.loss(k))).append(' ')
                                        .append(d(more.accuracy(k))).append(' ').append(d(more.perTime(k))).append(' ')
                                        .append(d(more.allTime(k))).append("; ");
                                }
                            }
                            return sb.toString();
                        });
                        for (final int seed : new int[] {111, 777, 888, 999})
                        {
                            line(out, "getMoreInfo " + at + " @" + epoch + " seed " + seed, () ->
                            {
                                b.getMoreInfo(arch, ds, hp, epoch, SeedChoice.seed(seed), more);
                                return more.has(MoreInfo.Block.TRAIN) ? d(more.accuracy(MoreInfo.Block.TRAIN)) + " " +
                                    d(more.allTime(MoreInfo.Block.TRAIN)) : "-";
                            });
                            line(out, "series " + at + " seed " + seed, () ->
                            {
                                b.series(arch, ds, hp, seed, Split.TRAIN, Metric.ACCURACY, series);
                                return series.kind() + " " + series.epochs() + " " + (series.has(0) ? d(series.get(0)) : "-");
                            });
                        }
                    }
                    line(out, "getCostInfo " + at, () ->
                    {
                        b.getCostInfo(arch, ds, hp, cost);
                        final StringBuilder sb = new StringBuilder(d(cost.flops()) + " " + d(cost.params()) + " " +
                            d(cost.latency()));
                        for (final Split s : Split.values())
                        {
                            if (cost.hasTimes(s))
                            {
                                sb.append("; ").append(s).append(' ').append(d(cost.epochTime(s))).append(' ')
                                    .append(d(cost.totalTime(s))).append(' ').append(cost.timeKnown(s));
                            }
                        }
                        return sb.toString();
                    });
                    line(out, "getLatency " + at, () -> d(b.getLatency(arch, ds, hp)));
                    line(out, "simulate " + at, () ->
                    {
                        sim.resetTime();
                        b.simulateTrainEval(arch, ds, hp, -1, SeedChoice.mean(), sim);
                        return d(sim.validAccuracy()) + " " + d(sim.latency()) + " " + d(sim.timeCost());
                    });
                }
            }
        }
        for (final Hp hp : Hp.values())
        {
            if ((f.hpMask() & (1 << hp.code())) == 0)
            {
                continue;
            }
            for (final Dataset ds : Dataset.values())
            {
                for (final String set : new String[] {"valid", "test", "x-valid", "ori-test", "train"})
                {
                    for (final double flopMax : new double[] {Double.NaN, 50, 150})
                    {
                        final double[] best = new double[1];
                        line(out, "findBest " + hp + " " + ds + " " + set + " " + flopMax, () ->
                            b.findBest(ds, set, flopMax, Double.NaN, hp, best) + " " + d(best[0]));
                    }
                }
                line(out, "statistics " + hp + " " + ds, () -> java.util.Arrays.toString(b.statistics(ds, hp)));
            }
        }
        line(out, "indexOf not canonical", () -> Integer.toString(b.indexOf("|none~0|+|none~0|none~1|+|none~0|none~1|none~2")));
        return out.toString();
    }

    /** Writes {@code <dir>/<space>-tiny.nasmap} and its answers. Run once per format version. */
    public static void main(final String[] args) throws IOException
    {
        final Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (final Space space : Space.values())
        {
            final Path p = dir.resolve(space.shortName() + "-tiny.nasmap");
            NasmapWriter.convert(new TinySource(space, space == Space.TOPOLOGY ? 5 : 6), p, null);
            try (NasBench b = NasBench.open(p))
            {
                Files.writeString(dir.resolve(space.shortName() + "-tiny.answers"), dump(b));
            }
        }
    }
}
