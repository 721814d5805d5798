package org.nasmap.tools;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.nasmap.writer.AtomicOutput;

/**
 * A file channel that fails as a full disk does: writes succeed until {@code budget} bytes were written
 * (the rest of the write that crosses it is cut short), then each write throws "No space left on device".
 * Everything else goes to the real channel. {@link #opener} also records what was opened and forced, so a
 * test can see the order of a commit's steps.
 */
final class FailingChannel extends FileChannel
{
    private final FileChannel inner;
    private final Path path;
    private final List<String> log;
    private long budget;

    private FailingChannel(final FileChannel inner, final Path path, final long budget, final List<String> log)
    {
        this.inner = inner;
        this.path = path;
        this.budget = budget;
        this.log = log;
    }

    /** @return an opener whose files take at most {@code budget} bytes each; every open and force is logged. */
    static AtomicOutput.Opener opener(final long budget, final List<String> log)
    {
        return (p, options) ->
        {
            log.add("open " + p.getFileName());
            return new FailingChannel(FileChannel.open(p, options), p, budget, log);
        };
    }

    /** @return an opener that never fails but logs. */
    static AtomicOutput.Opener recording(final List<String> log)
    {
        return opener(Long.MAX_VALUE, log);
    }

    static AtomicOutput.Opener full(final long budget)
    {
        return opener(budget, new ArrayList<>());
    }

    private int limit(final ByteBuffer src) throws IOException
    {
        if (budget <= 0 && src.hasRemaining())
        {
            throw new IOException("No space left on device (simulated)");
        }
        return (int)Math.min(src.remaining(), budget);
    }

    private int write(final ByteBuffer src, final long position, final boolean positioned) throws IOException
    {
        final int n = limit(src);
        final ByteBuffer part = src.duplicate();
        part.limit(part.position() + n);
        final int written = positioned ? inner.write(part, position) : inner.write(part);
        src.position(src.position() + written);
        budget -= written;
        return written;
    }

    @Override
    public int write(final ByteBuffer src) throws IOException
    {
        return write(src, -1, false);
    }

    @Override
    public int write(final ByteBuffer src, final long position) throws IOException
    {
        return write(src, position, true);
    }

    @Override
    public long write(final ByteBuffer[] srcs, final int offset, final int length) throws IOException
    {
        long n = 0;
        for (int i = offset; i < offset + length; i++)
        {
            n += write(srcs[i]);
        }
        return n;
    }

    @Override
    public int read(final ByteBuffer dst) throws IOException
    {
        return inner.read(dst);
    }

    @Override
    public long read(final ByteBuffer[] dsts, final int offset, final int length) throws IOException
    {
        return inner.read(dsts, offset, length);
    }

    @Override
    public int read(final ByteBuffer dst, final long position) throws IOException
    {
        return inner.read(dst, position);
    }

    @Override
    public long position() throws IOException
    {
        return inner.position();
    }

    @Override
    public FileChannel position(final long newPosition) throws IOException
    {
        inner.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException
    {
        return inner.size();
    }

    @Override
    public FileChannel truncate(final long size) throws IOException
    {
        inner.truncate(size);
        return this;
    }

    @Override
    public void force(final boolean metaData) throws IOException
    {
        log.add("force " + path.getFileName());
        inner.force(metaData);
    }

    @Override
    public long transferTo(final long position, final long count, final WritableByteChannel target) throws IOException
    {
        return inner.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(final ReadableByteChannel src, final long position, final long count) throws IOException
    {
        throw new IOException("not supported by the test channel");
    }

    @Override
    public MappedByteBuffer map(final MapMode mode, final long position, final long size) throws IOException
    {
        return inner.map(mode, position, size);
    }

    @Override
    public FileLock lock(final long position, final long size, final boolean shared) throws IOException
    {
        return inner.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(final long position, final long size, final boolean shared) throws IOException
    {
        return inner.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException
    {
        inner.close();
    }
}
