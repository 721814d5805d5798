package org.nasmap.tools;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.reader.CostInfo;
import org.nasmap.reader.MoreInfo;
import org.nasmap.reader.NasBench;
import org.nasmap.reader.NasmapQueryException;
import org.nasmap.reader.SeedChoice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code nasmap show FILE INDEX}: a readable summary of one architecture. */
@Command(name = "show", description = "Print a readable summary of one architecture.")
public final class ShowCommand implements Callable<Integer>
{
    @Parameters(index = "0", description = "the .nasmap file")
    Path file;

    @Parameters(index = "1", description = "architecture index (or string)")
    String arch;

    @Override
    public Integer call() throws Exception
    {
        try (NasBench bench = Args.open(file))
        {
            int index;
            try
            {
                index = bench.checkIndex(Integer.parseInt(arch));
            }
            catch (final NumberFormatException e)
            {
                index = bench.indexOf(arch);
                if (index < 0)
                {
                    throw new IllegalArgumentException("not an architecture index or string of this " +
                        bench.space().shortName() + " file: " + arch);
                }
            }
            System.out.printf("architecture %d of %d: %s%n", index, bench.size(), bench.arch(index));
            if (!bench.file().holds(index))
            {
                System.out.println("  (this file holds no results for it)");
                return 0;
            }
            final MoreInfo info = new MoreInfo();
            final CostInfo cost = new CostInfo();
            for (final Hp hp : Hp.values())
            {
                if (!bench.file().holds(index, hp))
                {
                    continue;
                }
                System.out.printf("hp %s (%d epochs)%n", hp.upstreamKey(), hp.epochs());
                for (final Dataset d : Dataset.values())
                {
                    try
                    {
                        final int[] seeds = bench.datasetSeeds(index, d, hp);
                        bench.getCostInfo(index, d, hp, cost);
                        System.out.printf("  %-15s seeds %-16s FLOPs %9.3f M  params %.4f MB  latency %s%n", d,
                            Arrays.toString(seeds), cost.flops(), cost.params(),
                            Double.isNaN(cost.latency()) ? "None" : String.format("%.2f ms", cost.latency() * 1000));
                        bench.getMoreInfo(index, d, hp, -1, SeedChoice.mean(), info);
                        final StringBuilder sb = new StringBuilder("    last epoch, mean over seeds:");
                        for (final MoreInfo.Block b : MoreInfo.Block.values())
                        {
                            if (info.has(b))
                            {
                                sb.append(String.format("  %s %.2f%% (loss %.3f)", b.prefix(), info.accuracy(b), info.loss(b)));
                            }
                        }
                        System.out.println(sb);
                    }
                    catch (final NasmapQueryException e)
                    {
                        System.out.printf("  %-15s %s%n", d, e.getMessage());
                    }
                }
            }
        }
        return 0;
    }
}
