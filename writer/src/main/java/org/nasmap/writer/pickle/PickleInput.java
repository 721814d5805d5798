package org.nasmap.writer.pickle;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The bytes an {@link Unpickler} reads: a byte array, or an input stream read through a large
 * buffer. Several pickles may follow one another in one input (torch's legacy format); each
 * unpickler stops right after its {@code STOP}.
 *
 * <p>Lengths read from the stream are checked before anything is allocated: against
 * {@link #MAX_LENGTH}, against the remaining length when it is known, and otherwise by growing the
 * destination only as the bytes actually arrive, so a forged length costs no memory.
 */
public final class PickleInput
{
    /** Largest string, bytes or line a pickle may hold (Java arrays stop just short of 2^31). */
    public static final int MAX_LENGTH = Integer.MAX_VALUE - 16;
    /** Buffer size used for streams. */
    public static final int STREAM_BUFFER = 1 << 20;

    private static final int CHUNK = 1 << 20;

    private final String name;
    private final InputStream in;
    private final long length;
    byte[] buf;
    int pos;
    int limit;
    private long bufStart;

    private PickleInput(final String name, final InputStream in, final long length, final byte[] buf, final int pos, final int limit)
    {
        this.name = name;
        this.in = in;
        this.length = length;
        this.buf = buf;
        this.pos = pos;
        this.limit = limit;
        this.bufStart = -pos;
    }

    /**
     * @param data   the pickle bytes (not copied).
     * @param offset where the pickle starts.
     * @param length how many bytes there are.
     * @param name   the file name for messages.
     * @return an input over those bytes.
     */
    public static PickleInput of(final byte[] data, final int offset, final int length, final String name)
    {
        if (offset < 0 || length < 0 || offset + length > data.length || offset + length < 0)
        {
            throw new IllegalArgumentException("bad range " + offset + "+" + length + " of " + data.length);
        }
        return new PickleInput(name, null, length, data, offset, offset + length);
    }

    /**
     * @param in          the stream (not closed by this class).
     * @param knownLength the number of bytes the stream holds, or -1 when unknown (compressed input).
     * @param name        the file name for messages.
     * @return an input reading the stream through a {@value #STREAM_BUFFER}-byte buffer.
     */
    public static PickleInput of(final InputStream in, final long knownLength, final String name)
    {
        return new PickleInput(name, in, knownLength, new byte[STREAM_BUFFER], 0, 0);
    }

    /** @return the file name used in messages. */
    public String name()
    {
        return name;
    }

    /** @return the number of bytes consumed so far. */
    public long position()
    {
        return bufStart + pos;
    }

    /** @return the bytes left when the total length is known, else -1. */
    public long remainingKnown()
    {
        return length < 0 ? -1 : length - position();
    }

    /**
     * @return the next byte (0 to 255), or -1 at the end of the input.
     */
    int read() throws IOException
    {
        if (pos < limit || fill(1))
        {
            return buf[pos++] & 0xFF;
        }
        return -1;
    }

    /**
     * Makes sure {@code n} bytes (at most the buffer size) are in {@link #buf} from {@link #pos}.
     */
    void require(final int n, final String what) throws IOException
    {
        if (limit - pos < n && !fill(n))
        {
            throw truncated(what, n);
        }
    }

    /**
     * Reads {@code n} bytes into a new array.
     */
    byte[] readBytes(final long n, final String what) throws IOException
    {
        checkLength(n, what);
        final int len = (int)n;
        if (len <= buf.length)
        {
            require(len, what);
            final byte[] out = Arrays.copyOfRange(buf, pos, pos + len);
            pos += len;
            return out;
        }
        final long start = position();
        byte[] out = new byte[Math.min(len, CHUNK)];
        int filled = 0;
        while (filled < len)
        {
            if (pos >= limit && !fill(1))
            {
                throw new PickleException("truncated pickle (file: " + name + "): " + what + " of " + n +
                    " bytes at position " + start + " stops after " + filled + " bytes");
            }
            final int take = Math.min(limit - pos, len - filled);
            if (filled + take > out.length)
            {
                out = Arrays.copyOf(out, (int)Math.min(len, Math.max((long)out.length * 2, filled + take)));
            }
            System.arraycopy(buf, pos, out, filled, take);
            pos += take;
            filled += take;
        }
        return out;
    }

    /**
     * Refuses a length field that is negative, above {@link #MAX_LENGTH} or beyond the known end.
     */
    void checkLength(final long n, final String what) throws PickleException
    {
        if (n < 0 || n > MAX_LENGTH)
        {
            throw new PickleException("pickle length out of range (file: " + name + "): " + what + " claims " +
                Long.toUnsignedString(n) + " bytes at position " + position() + " (limit " + MAX_LENGTH + ")");
        }
        if (length >= 0 && n > length - position())
        {
            throw new PickleException("truncated pickle (file: " + name + "): " + what + " claims " + n +
                " bytes at position " + position() + " but only " + (length - position()) + " remain");
        }
    }

    /**
     * Reads a text line (protocol 0 arguments) without its newline, at most {@code max} bytes.
     */
    byte[] readLine(final int max, final String what) throws IOException
    {
        final long start = position();
        byte[] out = null;
        int filled = 0;
        while (true)
        {
            if (pos >= limit && !fill(1))
            {
                throw new PickleException("truncated pickle (file: " + name + "): " + what + " line at position " +
                    start + " has no newline");
            }
            int i = pos;
            while (i < limit && buf[i] != '\n')
            {
                i++;
            }
            final int take = i - pos;
            if ((long)filled + take > max)
            {
                throw new PickleException("pickle line too long (file: " + name + "): " + what + " at position " + start +
                    " is longer than " + max + " bytes");
            }
            if (out == null)
            {
                out = new byte[Math.max(16, take)];
            }
            else if (filled + take > out.length)
            {
                out = Arrays.copyOf(out, Math.max(filled + take, (int)Math.min(max, 2L * out.length)));
            }
            System.arraycopy(buf, pos, out, filled, take);
            filled += take;
            pos = i;
            if (i < limit)
            {
                pos++;
                return Arrays.copyOf(out, filled);
            }
        }
    }

    PickleException truncated(final String what, final long n)
    {
        return new PickleException("truncated pickle (file: " + name + "): " + what + " needs " + n +
            " bytes at position " + position() + " but the stream ends" +
            (pos < limit ? " after " + (limit - pos) : ""));
    }

    private boolean fill(final int n) throws IOException
    {
        if (in == null)
        {
            return limit - pos >= n;
        }
        if (pos > 0)
        {
            final int have = limit - pos;
            System.arraycopy(buf, pos, buf, 0, have);
            bufStart += pos;
            pos = 0;
            limit = have;
        }
        while (limit < n)
        {
            final int r = in.read(buf, limit, buf.length - limit);
            if (r < 0)
            {
                return false;
            }
            limit += r;
        }
        return true;
    }
}
