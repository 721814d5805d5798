package org.nasmap.bench;

import java.nio.file.Path;
import java.util.Arrays;

import org.agrona.concurrent.UnsafeBuffer;
import org.nasmap.reader.NasBench;

/**
 * One seed's {@code metric} with and without the reader's heap tables, in one JVM: two readers of the same file, one
 * opened without heap tables, answer the benchmark's epochMetric inputs in alternating rounds of
 * 2^20 calls (the other builds its trial directory in the first round), with a plain mapped read of each answer's
 * value for scale. Prints the median and the fastest round of each after three warm-up rounds.
 * <pre>
 *   java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *       org.nasmap.bench.HeapTablesProbe FILE
 * </pre>
 */
public final class HeapTablesProbe
{
    private static final int CALLS = 1 << 20;
    private static final int ROUNDS = 15;
    private static final int WARM_UP = 3;

    private HeapTablesProbe()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length != 1)
        {
            System.err.println("usage: HeapTablesProbe FILE");
            System.exit(2);
        }
        final Path path = Path.of(args[0]);
        final NasBench with = NasBench.open(path, true);
        final NasBench without = NasBench.open(path, false);
        final Inputs in = new Inputs();
        try (RawLayout raw = new RawLayout(path); with; without)
        {
            in.generate(with, raw);
            final UnsafeBuffer plain = new UnsafeBuffer(raw.buffer());
            final double[][] ns = new double[3][ROUNDS - WARM_UP];
            double sink = 0;
            for (int round = 0; round < ROUNDS; round++)
            {
                final long t0 = System.nanoTime();
                sink += metrics(with, in);
                final long t1 = System.nanoTime();
                sink += metrics(without, in);
                final long t2 = System.nanoTime();
                for (int k = 0; k < CALLS; k++)
                {
                    sink += plain.getFloat(in.emFileOffset[k & Inputs.MASK]);
                }
                final long t3 = System.nanoTime();
                if (round >= WARM_UP)
                {
                    ns[0][round - WARM_UP] = (t1 - t0) / (double)CALLS;
                    ns[1][round - WARM_UP] = (t2 - t1) / (double)CALLS;
                    ns[2][round - WARM_UP] = (t3 - t2) / (double)CALLS;
                }
            }
            final String[] names = {"metric, heap tables on", "metric, heap tables off", "plain mapped read"};
            for (int i = 0; i < names.length; i++)
            {
                Arrays.sort(ns[i]);
                System.out.printf("%-24s median %6.1f ns, fastest round %6.1f ns%n", names[i], ns[i][ns[i].length / 2],
                    ns[i][0]);
            }
            System.out.println("checksum " + sink);
        }
    }

    private static double metrics(final NasBench nb, final Inputs in)
    {
        double sum = 0;
        for (int k = 0; k < CALLS; k++)
        {
            final int i = k & Inputs.MASK;
            sum += nb.metric(in.emArch[i], in.emDataset[i], in.emHp[i], in.emSplit[i], in.emMetric[i], in.emEpoch[i],
                in.emChoice[i]);
        }
        return sum;
    }
}
