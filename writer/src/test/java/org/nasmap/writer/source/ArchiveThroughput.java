package org.nasmap.writer.source;

import java.nio.file.Path;
import java.util.Locale;

import org.nasmap.writer.pickle.PickleInput;
import org.nasmap.writer.pickle.Unpickler;

/**
 * Measures, on a NATS-Bench archive folder (for example made by
 * {@code mkbench.py --format nats-archive --archs 500}), the throughput of each stage on one
 * thread (bzip2, unpickling, decoding) and of the whole parallel {@link Source#forEach}.
 * Not a test: run with {@code java -cp ... org.nasmap.writer.source.ArchiveThroughput DIR [rounds]};
 * {@code DIR foreach} (or a file) times only whole {@link Source#forEach} passes.
 */
public final class ArchiveThroughput
{
    private ArchiveThroughput()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dir = Path.of(args[0]);
        if (args.length > 1 && "foreach".equals(args[1]))
        {
            single(dir, 1);
            return;
        }
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        if (!java.nio.file.Files.isDirectory(dir))
        {
            single(dir, rounds);
            return;
        }
        final NatsArchiveSource source = NatsArchiveSource.open(dir);
        final int n = source.heldCountHint();
        System.out.printf(Locale.ROOT, "%s: %d files, %d processors%n", dir, n, Runtime.getRuntime().availableProcessors());
        final byte[][] raw = new byte[n][];
        final Bz2.Buffer buffer = new Bz2.Buffer();
        long total = 0;
        final byte[][] compressed = new byte[n][];
        for (int i = 0; i < n; i++)
        {
            compressed[i] = java.nio.file.Files.readAllBytes(dir.resolve(NatsArchiveSource.expectedName(source.indexes()[i])));
        }
        for (int r = 0; r < rounds; r++)
        {
            total = 0;
            final long t0 = cpu();
            for (int i = 0; i < n; i++)
            {
                try (java.io.InputStream in = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream(
                    new java.io.ByteArrayInputStream(compressed[i]), true))
                {
                    Bz2.readCapped(in, Bz2.MAX_DECOMPRESSED, buffer, "x");
                }
                total += buffer.length;
                raw[i] = java.util.Arrays.copyOf(buffer.data, buffer.length);
            }
            report("bzip2, commons-compress (1 thread, CPU time)", total, cpu() - t0);
        }
        for (int r = 0; r < rounds; r++)
        {
            final long t0 = cpu();
            for (int i = 0; i < n; i++)
            {
                new Unpickler(PickleInput.of(raw[i], 0, raw[i].length, "x")).load();
            }
            report("unpickle (1 thread, CPU time)", total, cpu() - t0);
        }
        final RecordDecoder decoder = new RecordDecoder(source.space(), source.metaArchs(), RecordDecoder.HpNaming.NATS);
        final int[] indexes = source.indexes();
        for (int r = 0; r < rounds; r++)
        {
            final long t0 = cpu();
            for (int i = 0; i < n; i++)
            {
                decoder.decode(indexes[i], new Unpickler(PickleInput.of(raw[i], 0, raw[i].length, "x")).load(), "x");
            }
            report("unpickle + decode (1 thread, CPU time)", total, cpu() - t0);
        }
        for (int r = 0; r < rounds; r++)
        {
            final long t0 = System.nanoTime();
            final int[] count = new int[1];
            source.forEach(rec -> count[0]++);
            report("forEach (bzip2 + unpickle + decode, " + Runtime.getRuntime().availableProcessors() + " threads, wall time)", total,
                System.nanoTime() - t0);
        }
    }

    /** Any source, one whole forEach: wall and process CPU time. */
    private static void single(final Path file, final int rounds) throws Exception
    {
        final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean)java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < rounds; r++)
        {
            final long t0 = System.nanoTime();
            final long c0 = os.getProcessCpuTime();
            final int[] count = new int[1];
            try (Source s = Sources.open(file))
            {
                s.forEach(rec -> count[0]++);
            }
            final long wall = System.nanoTime() - t0;
            final long cpu = os.getProcessCpuTime() - c0;
            System.out.printf(Locale.ROOT, "%s: %d records in %.2f s wall, %.2f s CPU (all threads)%n", file, count[0], wall / 1e9, cpu / 1e9);
        }
    }

    private static long cpu()
    {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static void report(final String what, final long bytes, final long nanos)
    {
        System.out.printf(Locale.ROOT, "%-60s %8.1f MB in %6.2f s = %7.1f MB/s (decompressed pickle)%n", what, bytes / 1e6, nanos / 1e9,
            bytes / 1e6 / (nanos / 1e9));
    }
}
