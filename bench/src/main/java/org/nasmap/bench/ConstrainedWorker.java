package org.nasmap.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Split;
import org.nasmap.reader.NasBench;

/**
 * A memory-constrained worker: random {@code finalAccuracy} queries (x-valid at the last epoch, mean over
 * seeds, random architecture, dataset with x-valid and hp) over a full file, meant to run with {@code -Xmx32m}:
 * <pre>
 *   java -cp bench/target/benchmarks.jar org.nasmap.bench.BuildFile /tmp/tss.nasmap
 *   /usr/bin/time -v java -Xmx32m --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED \
 *       -cp bench/target/benchmarks.jar org.nasmap.bench.ConstrainedWorker /tmp/tss.nasmap [QUERIES]
 * </pre>
 * The inputs are 64K precomputed tuples (1 MB of int and reference arrays); the queries allocate nothing.
 * Prints the throughput, a checksum and the process's memory figures from {@code /proc/self/status}.
 */
public final class ConstrainedWorker
{
    private static final int SIZE = 1 << 16;
    private static final int MASK = SIZE - 1;

    private ConstrainedWorker()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length < 1)
        {
            System.err.println("usage: ConstrainedWorker FILE [QUERIES=10000000]");
            System.exit(2);
        }
        final Path path = Path.of(args[0]);
        final long queries = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        final long t0 = System.nanoTime();
        try (NasBench nb = NasBench.open(path))
        {
            final long opened = System.nanoTime();
            final int[] arch = new int[SIZE];
            final Dataset[] dataset = new Dataset[SIZE];
            final Hp[] hp = new Hp[SIZE];
            final SplittableRandom r = new SplittableRandom(7);
            final Dataset[] datasets = {Dataset.CIFAR10_VALID, Dataset.CIFAR100, Dataset.IMAGENET16_120};
            final Hp[] hps = {Hp.H12, Hp.H200};
            for (int i = 0; i < SIZE; )
            {
                final int a = r.nextInt(nb.size());
                if (!nb.file().holds(a))
                {
                    continue;
                }
                arch[i] = a;
                dataset[i] = datasets[r.nextInt(datasets.length)];
                hp[i] = hps[r.nextInt(hps.length)];
                i++;
            }
            final long start = System.nanoTime();
            double sum = 0;
            for (long q = 0; q < queries; q++)
            {
                final int i = (int)q & MASK;
                sum += nb.finalAccuracy(arch[i], dataset[i], hp[i], Split.X_VALID);
            }
            final long end = System.nanoTime();
            final double seconds = (end - start) / 1e9;
            System.out.printf("file: %s (%,d bytes, %,d architectures)%n", path, Files.size(path), nb.size());
            System.out.printf("open: %.1f us; inputs: %.1f ms%n", (opened - t0) / 1e3, (start - opened) / 1e6);
            System.out.printf("queries: %,d finalAccuracy in %.3f s: %,.0f queries/s, %.1f ns/query (checksum %.6f)%n",
                queries, seconds, queries / seconds, (end - start) / (double)queries, sum);
            final Runtime rt = Runtime.getRuntime();
            System.out.printf("heap: max %,d KB, used %,d KB%n", rt.maxMemory() >> 10, (rt.totalMemory() - rt.freeMemory()) >> 10);
            final Path status = Path.of("/proc/self/status");
            if (Files.exists(status))
            {
                final List<String> lines = Files.readAllLines(status);
                for (final String line : lines)
                {
                    if (line.startsWith("VmHWM") || line.startsWith("VmRSS") || line.startsWith("RssAnon") ||
                        line.startsWith("RssFile"))
                    {
                        System.out.println(line.replaceAll("\\s+", " "));
                    }
                }
            }
        }
    }
}
