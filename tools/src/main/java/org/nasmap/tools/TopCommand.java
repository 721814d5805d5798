package org.nasmap.tools;

import java.util.concurrent.Callable;

import org.nasmap.analysis.Analysis;
import org.nasmap.analysis.Table;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.reader.NasBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nasmap top FILE --dataset D --hp H --metric valid|test [limits] [-k K]}. */
@Command(name = "top", description = "The best architectures by final accuracy (mean over seeds), under cost limits.")
public final class TopCommand implements Callable<Integer>
{
    @Mixin
    Selection on;

    @Option(names = "--metric", defaultValue = "valid", description = "valid or test (upstream's remapping), or a set name")
    String metric;

    @Option(names = "--flops-max", description = "FLOPs limit (M)")
    Double flopsMax;

    @Option(names = "--params-max", description = "parameter limit (MB)")
    Double paramsMax;

    @Option(names = "--latency-max", description = "latency limit (s)")
    Double latencyMax;

    @Option(names = "-k", defaultValue = "10", description = "how many (default: ${DEFAULT-VALUE})")
    int k;

    @Override
    public Integer call() throws Exception
    {
        Args.require(k >= 1, "-k must be at least 1, got " + k);
        final double flops = Args.limit("--flops-max", flopsMax);
        final double params = Args.limit("--params-max", paramsMax);
        final double latency = Args.limit("--latency-max", latencyMax);
        final Dataset dataset = Args.dataset(on.dataset);
        try (NasBench bench = Args.open(on.file))
        {
            final long t0 = System.nanoTime();
            final Hp h = Args.hpOf(on.hp, bench);
            final Table t = Table.of(bench, Table.Selection.of(dataset, metric), h);
            final int[] top = Analysis.top(t, flops, params, latency, k);
            final double ms = (System.nanoTime() - t0) / 1e6;
            System.out.printf("top %d of %,d architectures by %s %s accuracy at hp %s (%.1f ms)%n", top.length,
                bench.file().heldCount(), t.selection.dataset(), t.selection.split(), h, ms);
            System.out.printf("%4s %6s %9s %10s %9s %10s  %s%n", "rank", "index", "accuracy", "FLOPs(M)", "params", "latency", "architecture");
            for (int i = 0; i < top.length; i++)
            {
                final int a = top[i];
                System.out.printf("%4d %6d %9.4f %10.4f %9.5f %10s  %s%n", i + 1, a, t.accuracy[a], t.flops[a], t.params[a],
                    Args.number(t.latency[a] * 1000, "%.3f ms"), bench.arch(a));
            }
        }
        return 0;
    }
}
