package org.nasmap.bench;

import java.nio.file.Path;

import org.nasmap.reader.NasBench;

/**
 * What a reader's heap tables cost when built at once ({@link NasBench#buildHeapTables()}) in a fresh JVM: the
 * time of that call and the bytes the tables hold, per file given, each on a reader of its own.
 * <pre>
 *   java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *       org.nasmap.bench.HeapTablesBuild FILE...
 * </pre>
 * The first file's figure includes the JIT's start (what a process that builds them at startup pays); run it once
 * per file for that figure on each.
 */
public final class HeapTablesBuild
{
    private HeapTablesBuild()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length == 0)
        {
            System.err.println("usage: HeapTablesBuild FILE...");
            System.exit(2);
        }
        for (final String arg : args)
        {
            try (NasBench nb = NasBench.open(Path.of(arg)))
            {
                final long t0 = System.nanoTime();
                final long bytes = nb.buildHeapTables();
                final long t1 = System.nanoTime();
                System.out.printf("%s: buildHeapTables %.1f ms, %,d bytes%n", arg, (t1 - t0) / 1e6, bytes);
            }
        }
    }
}
