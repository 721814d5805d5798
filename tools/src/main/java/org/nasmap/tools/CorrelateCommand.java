package org.nasmap.tools;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.nasmap.analysis.Ranks;
import org.nasmap.analysis.Table;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Space;
import org.nasmap.reader.NasBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code nasmap correlate FILE}: Kendall tau and Spearman rho across budgets, datasets and sets. */
@Command(name = "correlate", description = "Rank correlations of final accuracies: short vs full training, between " +
    "datasets, and validation vs test.")
public final class CorrelateCommand implements Callable<Integer>
{
    @Parameters(index = "0", description = "the .nasmap file")
    Path file;

    private static final Dataset[] SEARCH = {Dataset.CIFAR10, Dataset.CIFAR100, Dataset.IMAGENET16_120};

    @Override
    public Integer call() throws Exception
    {
        try (NasBench bench = Args.open(file))
        {
            final long t0 = System.nanoTime();
            final Hp full = bench.space() == Space.TOPOLOGY ? Hp.H200 : Hp.H90;
            final Hp shortHp = Hp.H12;
            System.out.printf("%-58s %8s %9s %7s%n", "pair (final accuracy, mean over seeds)", "kendall", "spearman", "n");
            for (final Dataset d : SEARCH)
            {
                line(bench, "valid@" + shortHp + " vs valid@" + full + "  " + d, Table.of(bench, Table.Selection.of(d, "valid"), shortHp, false),
                    Table.of(bench, Table.Selection.of(d, "valid"), full, false));
            }
            for (int i = 0; i < SEARCH.length; i++)
            {
                for (int j = i + 1; j < SEARCH.length; j++)
                {
                    line(bench, "test@" + full + "  " + SEARCH[i] + " vs " + SEARCH[j],
                        Table.of(bench, Table.Selection.of(SEARCH[i], "test"), full, false),
                        Table.of(bench, Table.Selection.of(SEARCH[j], "test"), full, false));
                }
            }
            for (final Dataset d : SEARCH)
            {
                line(bench, "valid vs test@" + full + "  " + d, Table.of(bench, Table.Selection.of(d, "valid"), full, false),
                    Table.of(bench, Table.Selection.of(d, "test"), full, false));
            }
            System.out.printf("(%.0f ms)%n", (System.nanoTime() - t0) / 1e6);
        }
        return 0;
    }

    private static void line(final NasBench bench, final String name, final Table a, final Table b)
    {
        int n = 0;
        for (int i = 0; i < a.accuracy.length; i++)
        {
            if (!Double.isNaN(a.accuracy[i]) && !Double.isNaN(b.accuracy[i]))
            {
                n++;
            }
        }
        System.out.printf("%-58s %8s %9s %7d%n", name, Args.number(Ranks.kendallTau(a.accuracy, b.accuracy), "%.4f"),
            Args.number(Ranks.spearman(a.accuracy, b.accuracy), "%.4f"), n);
    }
}
