package org.nasmap.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

import org.nasmap.format.Layout;
import org.nasmap.format.Space;
import org.nasmap.reader.NasmapFile;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.SyntheticSource;

/**
 * The full-size synthetic topology-space file every benchmark reads, built from {@link SyntheticSource}
 * at benchmark setup.
 * <p>
 * Building takes about 15 s, and JMH starts a JVM per benchmark, so the file is built once into
 * {@code ${nasmap.bench.dir}} (default {@code ${java.io.tmpdir}/nasmap-bench}) under a name stamped with the
 * format version and a checksum of the writer and generator classes, and later forks reuse it after
 * {@link NasmapFile#open} validated it. A changed writer gives a new stamp, hence a fresh file.
 */
public final class BenchFiles
{
    /** The generator seed of the benchmark data. */
    public static final long SEED = 42;
    /** Architectures of the full topology space. */
    public static final int ARCHS = Space.TOPOLOGY.fullSize();

    private BenchFiles()
    {
    }

    /** @return the generator of the benchmark data (deterministic). */
    public static SyntheticSource source()
    {
        return new SyntheticSource(Space.TOPOLOGY, ARCHS, SEED);
    }

    /** @return the folder of the cached files. */
    public static Path dir()
    {
        final String d = System.getProperty("nasmap.bench.dir");
        return d != null ? Path.of(d) : Path.of(System.getProperty("java.io.tmpdir"), "nasmap-bench");
    }

    /**
     * @param extra classes whose code also decides the bytes of the cached file.
     * @return a checksum of the writer, the generator and {@code extra}, with the format version and seed.
     */
    public static String stamp(final Class<?>... extra)
    {
        final CRC32 crc = new CRC32();
        final Class<?>[] base = {NasmapWriter.class, SyntheticSource.class, Layout.class};
        final Class<?>[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        for (final Class<?> c : all)
        {
            try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class"))
            {
                if (in != null)
                {
                    crc.update(in.readAllBytes());
                }
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
        }
        return "v" + Layout.VERSION + "-s" + SEED + "-" + Long.toHexString(crc.getValue());
    }

    /** Deletes the files of earlier stamps ({@code prefix*suffix} but {@code keep}): they are 0.5-1.4 GB each. */
    static void removeStale(final Path dir, final String prefix, final String suffix, final String keep)
        throws IOException
    {
        try (java.util.stream.Stream<Path> files = Files.list(dir))
        {
            for (final Path p : (Iterable<Path>)files::iterator)
            {
                final String name = p.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(suffix) && !name.equals(keep) && !name.startsWith(keep))
                {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * @return the full synthetic file, built now unless a valid one from an earlier fork is there.
     */
    @SuppressWarnings("try")
    public static Path fullFile() throws IOException
    {
        final Path dir = dir();
        Files.createDirectories(dir);
        final Path file = dir.resolve("tss-synthetic-" + stamp() + ".nasmap");
        try (FileChannel lockChannel = FileChannel.open(dir.resolve("build.lock"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE); FileLock ignored = lockChannel.lock())
        {
            if (Files.exists(file))
            {
                try
                {
                    NasmapFile.open(file).close();
                    return file;
                }
                catch (final RuntimeException e)
                {
                    System.err.println("rebuilding " + file + ": " + e.getMessage());
                }
            }
            removeStale(dir, "tss-synthetic-", ".nasmap", file.getFileName().toString());
            final long t0 = System.nanoTime();
            try (SyntheticSource src = source())
            {
                NasmapWriter.convert(src, file, null);
            }
            System.err.printf("built %s (%,d bytes) in %.1f s%n", file, Files.size(file), (System.nanoTime() - t0) / 1e9);
            return file;
        }
    }
}
