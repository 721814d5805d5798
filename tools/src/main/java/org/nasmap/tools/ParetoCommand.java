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

/** {@code nasmap pareto FILE --dataset D --hp H --cost flops|params|latency}. */
@Command(name = "pareto", description = "The accuracy/cost Pareto front (no other architecture is both more accurate and cheaper).")
public final class ParetoCommand implements Callable<Integer>
{
    @Mixin
    Selection on;

    @Option(names = "--metric", defaultValue = "test", description = "valid or test, or a set name (default: ${DEFAULT-VALUE})")
    String metric;

    @Option(names = "--cost", defaultValue = "flops", description = "flops, params or latency (default: ${DEFAULT-VALUE})")
    String cost;

    @Override
    public Integer call() throws Exception
    {
        final Dataset dataset = Args.dataset(on.dataset);
        try (NasBench bench = Args.open(on.file))
        {
            final long t0 = System.nanoTime();
            final Hp h = Args.hpOf(on.hp, bench);
            final Table t = Table.of(bench, Table.Selection.of(dataset, metric), h);
            final double[] c = t.cost(cost);
            final int[] front = Analysis.pareto(t, c);
            System.out.printf("Pareto front of %s %s accuracy vs %s at hp %s: %d architectures (%.1f ms)%n",
                t.selection.dataset(), t.selection.split(), cost, h, front.length, (System.nanoTime() - t0) / 1e6);
            System.out.printf("%6s %12s %9s  %s%n", "index", cost, "accuracy", "architecture");
            for (final int a : front)
            {
                System.out.printf("%6d %12.6f %9.4f  %s%n", a, c[a], t.accuracy[a], bench.arch(a));
            }
        }
        return 0;
    }
}
