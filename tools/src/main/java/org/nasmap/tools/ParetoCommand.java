package org.nasmap.tools;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.nasmap.analysis.Analysis;
import org.nasmap.analysis.Table;
import org.nasmap.format.Hp;
import org.nasmap.reader.NasBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nasmap pareto FILE --dataset D --hp H --cost flops|params|latency}. */
@Command(name = "pareto", description = "The accuracy/cost Pareto front (no other architecture is both more accurate and cheaper).")
public final class ParetoCommand implements Callable<Integer>
{
    @Parameters(index = "0", description = "the .nasmap file")
    Path file;

    @Option(names = "--dataset", required = true, description = "cifar10, cifar10-valid, cifar100 or ImageNet16-120")
    String dataset;

    @Option(names = "--hp", description = "training budget (default: 200 for tss, 90 for sss)")
    String hp;

    @Option(names = "--metric", defaultValue = "test", description = "valid or test, or a set name (default: ${DEFAULT-VALUE})")
    String metric;

    @Option(names = "--cost", defaultValue = "flops", description = "flops, params or latency (default: ${DEFAULT-VALUE})")
    String cost;

    @Override
    public Integer call() throws Exception
    {
        try (NasBench bench = NasBench.open(file))
        {
            final long t0 = System.nanoTime();
            final Hp h = Args.hp(hp, bench.space());
            final Table t = Table.of(bench, Table.Selection.of(Args.dataset(dataset), metric), h);
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
