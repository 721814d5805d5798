package org.nasmap.writer.source;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.nasmap.format.SourceKind;
import org.nasmap.format.Space;
import org.nasmap.writer.pickle.PickleInput;
import org.nasmap.writer.pickle.Unpickler;
import org.nasmap.writer.pickle.Values;

/**
 * A NATS-Bench {@code -simple} archive folder: {@code meta.pickle.pbz2} (the meta list) plus one
 * {@code NNNNNN.pickle.pbz2} per evaluated architecture (six digits, possibly only some indices).
 * Nothing else may be in the folder: a misnamed, duplicated or extra file, or an index beyond the
 * meta list, is refused when the source is opened.
 *
 * <p>{@link #forEach} decompresses and parses files on a small thread pool, a few files ahead, and
 * delivers the records in ascending index order on the calling thread. Each file may decompress to
 * at most {@link Bz2#MAX_DECOMPRESSED} bytes (512 MiB).
 */
public final class NatsArchiveSource implements Source
{
    /** The meta file's name. */
    public static final String META = "meta.pickle.pbz2";
    /** The suffix of every file of the folder. */
    public static final String SUFFIX = ".pickle.pbz2";
    private static final int DIGITS = 6;

    private final Path dir;
    private final List<String> meta;
    private final Space space;
    private final int[] indexes;
    private final Path[] files;
    private final int threads;
    private final long cap;

    private NatsArchiveSource(final Path dir, final Meta meta, final int[] indexes, final Path[] files, final int threads, final long cap)
    {
        this.dir = dir;
        this.meta = meta.archs();
        this.space = meta.space();
        this.indexes = indexes;
        this.files = files;
        this.threads = threads;
        this.cap = cap;
    }

    /**
     * Opens a folder with one decoding thread per available processor.
     *
     * @param dir the {@code -simple} folder.
     * @return the source, with the meta list read and the folder listed.
     * @throws IOException when the folder or its meta file is unreadable, or holds unexpected files.
     */
    public static NatsArchiveSource open(final Path dir) throws IOException
    {
        return open(dir, Runtime.getRuntime().availableProcessors(), Bz2.MAX_DECOMPRESSED);
    }

    /**
     * @param dir     the {@code -simple} folder.
     * @param threads decoding threads for {@link #forEach} (at least 1).
     * @param cap     the most bytes one file may decompress to.
     * @return the source.
     * @throws IOException as {@link #open(Path)}.
     */
    static NatsArchiveSource open(final Path dir, final int threads, final long cap) throws IOException
    {
        final Path metaFile = dir.resolve(META);
        if (!Files.isRegularFile(metaFile))
        {
            throw new SourceException("not a NATS-Bench archive folder: " + dir + " has no " + META);
        }
        final Bz2.Buffer buffer = new Bz2.Buffer();
        Bz2.readFully(metaFile, cap, buffer);
        final Object top = new Unpickler(PickleInput.of(buffer.data, 0, buffer.length, metaFile.toString())).load();
        if (!(top instanceof Map))
        {
            throw new SourceException("meta file holds a " + Values.typeName(top) + ", not a dict: " + metaFile);
        }
        final Meta meta = Meta.of((Map<?, ?>)top, metaFile.toString());
        final TreeMap<Integer, Path> byIndex = list(dir, meta.archs().size());
        final int[] indexes = new int[byIndex.size()];
        final Path[] files = new Path[byIndex.size()];
        int i = 0;
        for (final Map.Entry<Integer, Path> e : byIndex.entrySet())
        {
            indexes[i] = e.getKey();
            files[i] = e.getValue();
            i++;
        }
        return new NatsArchiveSource(dir, meta, indexes, files, Math.max(1, threads), cap);
    }

    private static TreeMap<Integer, Path> list(final Path dir, final int metaSize) throws IOException
    {
        final TreeMap<Integer, Path> byIndex = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir))
        {
            for (final Path p : entries)
            {
                final String name = p.getFileName().toString();
                if (META.equals(name))
                {
                    continue;
                }
                final int index = indexOf(name);
                if (index < 0 || !Files.isRegularFile(p))
                {
                    throw new SourceException("unexpected file '" + name + "' in NATS-Bench archive folder " + dir +
                        " (only " + META + " and NNNNNN" + SUFFIX + " files belong there)");
                }
                final Path before = byIndex.put(index, p);
                if (before != null)
                {
                    throw new SourceException("architecture " + index + " has two files in " + dir + ": '" + before.getFileName() +
                        "' and '" + name + "'");
                }
                if (index >= metaSize)
                {
                    throw new SourceException("file '" + name + "' in " + dir + " is for architecture " + index +
                        ", beyond the meta list of " + metaSize);
                }
            }
        }
        for (final Map.Entry<Integer, Path> e : byIndex.entrySet())
        {
            final String name = e.getValue().getFileName().toString();
            if (name.length() != DIGITS + SUFFIX.length())
            {
                throw new SourceException("misnamed file '" + name + "' in " + dir + ": architecture " + e.getKey() +
                    " must be named '" + expectedName(e.getKey()) + "'");
            }
        }
        return byIndex;
    }

    /**
     * @return the index of a {@code <digits>.pickle.pbz2} name (any number of digits), else -1.
     */
    private static int indexOf(final String name)
    {
        if (!name.endsWith(SUFFIX))
        {
            return -1;
        }
        final int n = name.length() - SUFFIX.length();
        if (n == 0 || n > 9)
        {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < n; i++)
        {
            final char c = name.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** @return the file name of an architecture, for example {@code 000284.pickle.pbz2}. */
    public static String expectedName(final int index)
    {
        final String digits = Integer.toString(index);
        final StringBuilder sb = new StringBuilder(DIGITS + SUFFIX.length());
        for (int i = digits.length(); i < DIGITS; i++)
        {
            sb.append('0');
        }
        return sb.append(digits).append(SUFFIX).toString();
    }

    @Override
    public SourceKind kind()
    {
        return SourceKind.NATS_ARCHIVE;
    }

    @Override
    public Space space()
    {
        return space;
    }

    @Override
    public List<String> metaArchs()
    {
        return meta;
    }

    @Override
    public int heldCountHint()
    {
        return indexes.length;
    }

    /** @return the indices of the architectures the folder holds, ascending. */
    public int[] indexes()
    {
        return indexes.clone();
    }

    /** @return the folder. */
    public Path dir()
    {
        return dir;
    }

    /**
     * Reads one architecture's file.
     *
     * @param position the position in {@link #indexes()}.
     * @param buffer   a reusable buffer for the decompressed bytes.
     * @return the record.
     * @throws IOException when the file is malformed or disagrees with the meta list.
     */
    ArchRecord read(final int position, final Bz2.Buffer buffer) throws IOException
    {
        final Path file = files[position];
        Bz2.readFully(file, cap, buffer);
        final Object tree = new Unpickler(PickleInput.of(buffer.data, 0, buffer.length, file.toString())).load();
        return new RecordDecoder(space, meta, RecordDecoder.HpNaming.NATS).decode(indexes[position], tree, file.toString());
    }

    @Override
    public void forEach(final ArchConsumer consumer) throws IOException
    {
        if (indexes.length == 0)
        {
            return;
        }
        final int workers = Math.min(threads, indexes.length);
        if (workers == 1)
        {
            final Bz2.Buffer buffer = new Bz2.Buffer();
            for (int i = 0; i < indexes.length; i++)
            {
                consumer.accept(read(i, buffer));
            }
            return;
        }
        final AtomicInteger threadNumber = new AtomicInteger();
        final ThreadLocal<Bz2.Buffer> buffers = ThreadLocal.withInitial(Bz2.Buffer::new);
        final ExecutorService pool = Executors.newFixedThreadPool(workers, r ->
        {
            final Thread t = new Thread(r, "nasmap-archive-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        final int ahead = 2 * workers + 2;
        final ArrayDeque<Future<ArchRecord>> pending = new ArrayDeque<>(ahead);
        try
        {
            int next = 0;
            while (next < indexes.length && pending.size() < ahead)
            {
                final int position = next++;
                pending.add(pool.submit(() -> read(position, buffers.get())));
            }
            while (!pending.isEmpty())
            {
                final ArchRecord record = await(pending.poll());
                if (next < indexes.length)
                {
                    final int position = next++;
                    pending.add(pool.submit(() -> read(position, buffers.get())));
                }
                consumer.accept(record);
            }
        }
        finally
        {
            for (final Future<ArchRecord> f : pending)
            {
                f.cancel(true);
            }
            pool.shutdownNow();
        }
    }

    private static ArchRecord await(final Future<ArchRecord> f) throws IOException
    {
        try
        {
            return f.get();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading the archive");
        }
        catch (final ExecutionException ex)
        {
            final Throwable cause = ex.getCause();
            if (cause instanceof IOException)
            {
                throw (IOException)cause;
            }
            if (cause instanceof RuntimeException)
            {
                throw (RuntimeException)cause;
            }
            if (cause instanceof Error)
            {
                throw (Error)cause;
            }
            throw new IOException(cause);
        }
    }

    @Override
    public void close()
    {
    }

    @Override
    public String toString()
    {
        return "NATS-Bench archive " + dir + " (" + space.shortName() + ", " + indexes.length + " of " + meta.size() +
            " architectures)";
    }
}
