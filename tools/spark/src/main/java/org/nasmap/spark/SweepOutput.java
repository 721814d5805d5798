package org.nasmap.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The output directory, written whole or not at all: everything goes to a temporary sibling
 * ({@code .DIR.sweep-<id>.tmp}) that is renamed to {@code DIR} at the end; a failure deletes the sibling. An
 * existing {@code DIR} is replaced only when asked to, and only when it is a sweep's output (it holds
 * {@code timing.json}): it is renamed aside, the new output renamed in, and the old one deleted. Any Hadoop
 * file system (local paths, {@code hdfs://}); the rename is atomic on local disks and HDFS, not on object stores.
 */
public final class SweepOutput implements AutoCloseable
{
    /** The file whose presence marks a sweep's output. */
    public static final String MARKER = "timing.json";

    private final FileSystem fs;
    private final Path dir;
    private final Path tmp;
    private final boolean overwrite;
    private volatile boolean committed;

    private SweepOutput(final FileSystem fs, final Path dir, final boolean overwrite)
    {
        this.fs = fs;
        this.dir = dir;
        this.overwrite = overwrite;
        this.tmp = new Path(dir.getParent(), "." + dir.getName() + ".sweep-" + UUID.randomUUID() + ".tmp");
    }

    /**
     * Checks that {@code dir} may be written; nothing is created yet.
     *
     * @throws SweepException when it exists (without {@code overwrite}, or when it is not a sweep's output), or
     *                        when its parent is missing.
     */
    public static void check(final String dir, final boolean overwrite, final Configuration conf)
    {
        try
        {
            final Path p = qualified(dir, conf);
            final FileSystem fs = p.getFileSystem(conf);
            checkTarget(fs, p, overwrite, dir);
        }
        catch (final IOException e)
        {
            throw new SweepException(dir + ": " + e.getMessage());
        }
    }

    /** @return whether {@code dir} is on the local file system (no scheme, or file:). */
    public static boolean isLocal(final String dir)
    {
        final String scheme = new Path(dir).toUri().getScheme();
        return scheme == null || "file".equals(scheme);
    }

    private static Path qualified(final String dir, final Configuration conf) throws IOException
    {
        final Path p = new Path(dir);
        final Path q = p.getFileSystem(conf).makeQualified(p);
        if (q.getParent() == null)
        {
            throw new SweepException(dir + ": the output cannot be a root directory");
        }
        return q;
    }

    private static void checkTarget(final FileSystem fs, final Path p, final boolean overwrite, final String given)
        throws IOException
    {
        if (fs.exists(p))
        {
            if (!overwrite)
            {
                throw new SweepException(given + ": exists; choose another --out, or add --overwrite to replace a " +
                    "sweep's output");
            }
            if (!fs.getFileStatus(p).isDirectory() || !fs.exists(new Path(p, MARKER)))
            {
                throw new SweepException(given + ": exists and is not a sweep's output (no " + MARKER +
                    "); refusing to replace it even with --overwrite");
            }
        }
        if (!fs.exists(p.getParent()) || !fs.getFileStatus(p.getParent()).isDirectory())
        {
            throw new SweepException(given + ": the parent directory " + p.getParent() + " does not exist");
        }
    }

    /** Starts writing {@code dir}: checks it again and creates the temporary sibling. */
    public static SweepOutput begin(final String dir, final boolean overwrite, final Configuration conf)
    {
        try
        {
            final Path p = qualified(dir, conf);
            final FileSystem fs = p.getFileSystem(conf);
            checkTarget(fs, p, overwrite, dir);
            fs.setWriteChecksum(false);
            final SweepOutput out = new SweepOutput(fs, p, overwrite);
            if (!fs.mkdirs(out.tmp))
            {
                throw new SweepException(out.tmp + ": cannot create the temporary output directory");
            }
            return out;
        }
        catch (final IOException e)
        {
            throw new SweepException(dir + ": " + e.getMessage());
        }
    }

    /** @return the path of an entry of the temporary directory, as Spark writers take it. */
    public String path(final String name)
    {
        return new Path(tmp, name).toString();
    }

    /** Writes a small text file into the temporary directory. */
    public void write(final String name, final String text) throws IOException
    {
        try (OutputStream o = fs.create(new Path(tmp, name), false))
        {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Renames the temporary directory to {@code DIR} (replacing a previous sweep's output when asked to). */
    public void commit() throws IOException
    {
        Path aside = null;
        if (fs.exists(dir))
        {
            checkTarget(fs, dir, overwrite, dir.toString());
            aside = new Path(dir.getParent(), "." + dir.getName() + ".sweep-" + UUID.randomUUID() + ".old");
            if (!fs.rename(dir, aside))
            {
                throw new IOException("cannot move the previous output " + dir + " aside to " + aside);
            }
        }
        if (!fs.rename(tmp, dir))
        {
            if (aside != null)
            {
                fs.rename(aside, dir);
            }
            throw new IOException("cannot rename " + tmp + " to " + dir);
        }
        committed = true;
        if (aside != null)
        {
            fs.delete(aside, true);
        }
    }

    /** Deletes the temporary directory unless committed. */
    @Override
    public void close() throws IOException
    {
        if (!committed)
        {
            fs.delete(tmp, true);
        }
    }

    /** @return whether {@link #commit()} has renamed the output into place. */
    public boolean committed()
    {
        return committed;
    }

    /** @return the temporary directory. */
    public String temporary()
    {
        return tmp.toString();
    }

    /** @return the output directory, qualified. */
    public String dir()
    {
        return dir.toString();
    }
}
