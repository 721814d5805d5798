package org.nasmap.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import org.nasmap.format.Space;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.SyntheticSource;

/**
 * Writes the benchmark's synthetic topology-space file (or a size-space one) to a path, for {@link ConstrainedWorker},
 * for the size budget and for trying the CLI on it:
 * {@code java -cp bench/target/benchmarks.jar org.nasmap.bench.BuildFile OUT [ARCHS] [SEED] [tss|sss]}.
 */
public final class BuildFile
{
    private BuildFile()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length < 1)
        {
            System.err.println("usage: BuildFile OUT [ARCHS=whole space] [SEED=" + BenchFiles.SEED + "] [tss|sss]");
            System.exit(2);
        }
        final Path out = Path.of(args[0]);
        final Space space = args.length > 3 && "sss".equals(args[3]) ? Space.SIZE : Space.TOPOLOGY;
        final int archs = args.length > 1 ? Integer.parseInt(args[1]) : space.fullSize();
        final long seed = args.length > 2 ? Long.parseLong(args[2]) : BenchFiles.SEED;
        final long t0 = System.nanoTime();
        try (SyntheticSource src = new SyntheticSource(space, archs, seed))
        {
            final NasmapWriter.Summary s = NasmapWriter.convert(src, out, null);
            System.out.printf("%s: %,d bytes, %,d of %,d architectures, %,d trials, payload %,d bytes, ratio %.4f, " +
                "in %.1f s%n", s.path(), Files.size(out), s.heldCount(), s.archCount(), s.trialCount(), s.payloadBytes(),
                s.ratio(), (System.nanoTime() - t0) / 1e9);
        }
    }
}
