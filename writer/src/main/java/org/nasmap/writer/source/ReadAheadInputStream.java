package org.nasmap.writer.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads another stream on a background thread, a few 1 MiB blocks ahead, so that decompressing a
 * single large bzip2 file overlaps with parsing it on the calling thread.
 */
final class ReadAheadInputStream extends InputStream
{
    private static final int BLOCK = 1 << 20;
    private static final int DEPTH = 4;

    /** A block of bytes, the end of the stream, or the failure of the source stream. */
    private static final class Chunk
    {
        final byte[] data;
        final int length;
        final IOException error;

        Chunk(final byte[] data, final int length, final IOException error)
        {
            this.data = data;
            this.length = length;
            this.error = error;
        }
    }

    private final InputStream source;
    private final String name;
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(DEPTH);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(DEPTH + 2);
    private final Thread producer;
    private Chunk current;
    private int pos;
    private boolean ended;
    private volatile boolean closed;

    ReadAheadInputStream(final InputStream source, final String name)
    {
        this.source = source;
        this.name = name;
        this.producer = new Thread(this::produce, "nasmap-read-ahead");
        producer.setDaemon(true);
        producer.start();
    }

    private void produce()
    {
        try
        {
            while (!closed)
            {
                byte[] b = free.poll();
                if (b == null)
                {
                    b = new byte[BLOCK];
                }
                int n = 0;
                while (n < b.length)
                {
                    final int r = source.read(b, n, b.length - n);
                    if (r < 0)
                    {
                        break;
                    }
                    n += r;
                }
                if (n > 0)
                {
                    full.put(new Chunk(b, n, null));
                }
                if (n < b.length)
                {
                    full.put(new Chunk(null, -1, null));
                    return;
                }
            }
        }
        catch (final IOException ex)
        {
            offer(new Chunk(null, -1, ex));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final RuntimeException ex)
        {
            offer(new Chunk(null, -1, new IOException("reading " + name + " failed: " + ex, ex)));
        }
    }

    private void offer(final Chunk c)
    {
        try
        {
            while (!closed && !full.offer(c, 100, TimeUnit.MILLISECONDS))
            {
                continue;
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private boolean next() throws IOException
    {
        if (ended)
        {
            return false;
        }
        if (current != null && current.data != null)
        {
            free.offer(current.data);
        }
        try
        {
            current = full.take();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading " + name);
        }
        pos = 0;
        if (current.error != null)
        {
            ended = true;
            throw current.error;
        }
        if (current.length < 0)
        {
            ended = true;
            return false;
        }
        return true;
    }

    @Override
    public int read() throws IOException
    {
        if ((current == null || pos >= current.length) && !next())
        {
            return -1;
        }
        return current.data[pos++] & 0xFF;
    }

    @Override
    public int read(final byte[] b, final int off, final int len) throws IOException
    {
        if (len == 0)
        {
            return 0;
        }
        if ((current == null || pos >= current.length) && !next())
        {
            return -1;
        }
        final int n = Math.min(len, current.length - pos);
        System.arraycopy(current.data, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException
    {
        closed = true;
        producer.interrupt();
        full.clear();
        try
        {
            producer.join(10_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
