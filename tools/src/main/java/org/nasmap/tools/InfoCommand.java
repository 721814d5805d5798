package org.nasmap.tools;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Section;
import org.nasmap.reader.NasBench;
import org.nasmap.reader.NasmapFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code nasmap info FILE}: header, sections, counts, payload ratio and seed histograms. */
@Command(name = "info", description = "Print the header, sections and sizes, counts, and the seed-count histograms.")
public final class InfoCommand implements Callable<Integer>
{
    @Parameters(index = "0", description = "the .nasmap file")
    Path file;

    @Override
    public Integer call() throws Exception
    {
        try (NasBench bench = Args.open(file))
        {
            final NasmapFile f = bench.file();
            System.out.printf("file          %s%n", file);
            System.out.printf("version       %d%n", f.version());
            System.out.printf("space         %s (%s)%n", f.space().shortName(), f.space());
            System.out.printf("source        %s%n", f.sourceKind());
            final StringBuilder hps = new StringBuilder();
            for (final Hp h : Hp.values())
            {
                if (f.hasHp(h))
                {
                    hps.append(hps.length() == 0 ? "" : ", ").append(h.upstreamKey());
                }
            }
            System.out.printf("hp            %s%n", hps);
            System.out.printf("architectures %,d in the space, %,d held%n", f.size(), f.heldCount());
            System.out.printf("trials        %,d (%d shapes)%n", f.trialCount(), f.shapeCount());
            System.out.printf("values        %,d float32, %,d latencies, %,d strings%n", f.valueCount(), f.latencyCount(),
                f.stringCount());
            System.out.printf("file length   %,d bytes%n", f.fileLength());
            System.out.printf("payload       %,d bytes (4 per stored value, 8 per per-trial scalar)%n", f.payloadBytes());
            System.out.printf("ratio         %.4f (file / payload)%n", (double)f.fileLength() / f.payloadBytes());
            System.out.println();
            System.out.printf("%-3s %-15s %14s %14s %14s%n", "id", "section", "offset", "length", "elements");
            for (final Section s : Section.values())
            {
                final int id = s.id();
                System.out.printf("%-3d %-15s %,14d %,14d %,14d%n", id, s.name(), f.sectionOffset(id),
                    f.sectionLength(id), f.sectionLength(id) / s.elementSize());
            }
            System.out.println();
            System.out.println("architectures by number of seeds (0: dataset absent), per dataset and hp:");
            for (final Hp h : Hp.values())
            {
                if (!f.hasHp(h))
                {
                    continue;
                }
                for (final Dataset d : Dataset.values())
                {
                    final int[] counts = bench.seedHistogram(d, h);
                    final StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < counts.length; i++)
                    {
                        if (counts[i] != 0)
                        {
                            sb.append(String.format("  %d seed%s: %,d", i, i == 1 ? "" : "s", counts[i]));
                        }
                    }
                    System.out.printf("  hp %-3s %-15s%s%n", h.upstreamKey(), d.upstreamName(), sb);
                }
            }
        }
        return 0;
    }
}
