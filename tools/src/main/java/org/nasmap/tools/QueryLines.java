package org.nasmap.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The request lines of {@code nasmap query}, read from bytes: a line ends at LF (a CR before it is part of the
 * line, and whitespace to the protocol); the last line may lack its LF. A line longer than {@link #MAX_BYTES}
 * bytes is skipped to its newline without being buffered (memory stays bounded by the limit whatever the
 * input). Bytes are decoded as UTF-8, malformed sequences replaced by U+FFFD.
 * <p>
 * Before every read from the input (that is, when no further input is buffered here), the {@code beforeRead}
 * hook runs: the command flushes its answers there, so an interactive client gets each answer at once while a
 * bulk stream is written in large blocks.
 */
final class QueryLines
{
    /** The longest line, in bytes of UTF-8, newline excluded. */
    static final int MAX_BYTES = 1 << 20;

    /** What {@link #next()} found. */
    static final int END = 0;
    static final int LINE = 1;
    static final int TOO_LONG = 2;

    /** Runs before each read of the input. */
    interface BeforeRead
    {
        void run() throws IOException;
    }

    private final InputStream in;
    private final BeforeRead beforeRead;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    private byte[] line = new byte[1024];
    private int lineLength;
    private char[] chars = new char[1024];
    private int charCount;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);

    QueryLines(final InputStream in, final BeforeRead beforeRead)
    {
        this.in = in;
        this.beforeRead = beforeRead;
    }

    /** Reads the next line: {@link #LINE} (then {@link #chars()}/{@link #length()}), {@link #TOO_LONG} or {@link #END}. */
    int next() throws IOException
    {
        lineLength = 0;
        boolean tooLong = false;
        boolean any = false;
        while (true)
        {
            if (pos == limit)
            {
                beforeRead.run();
                final int n = in.read(buffer);
                if (n < 0)
                {
                    if (!any)
                    {
                        return END;
                    }
                    break;
                }
                pos = 0;
                limit = n;
                if (n == 0)
                {
                    continue;
                }
            }
            any = true;
            int i = pos;
            while (i < limit && buffer[i] != '\n')
            {
                i++;
            }
            if (!tooLong)
            {
                if (lineLength + (i - pos) > MAX_BYTES)
                {
                    tooLong = true;
                }
                else
                {
                    append(i - pos);
                }
            }
            if (i < limit)
            {
                pos = i + 1;
                break;
            }
            pos = limit;
        }
        if (tooLong)
        {
            return TOO_LONG;
        }
        decode();
        return LINE;
    }

    char[] chars()
    {
        return chars;
    }

    int length()
    {
        return charCount;
    }

    private void append(final int n)
    {
        if (lineLength + n > line.length)
        {
            line = java.util.Arrays.copyOf(line, Math.max(lineLength + n, Math.min(MAX_BYTES, line.length * 2)));
        }
        System.arraycopy(buffer, pos, line, lineLength, n);
        lineLength += n;
    }

    private void decode()
    {
        if (chars.length < lineLength)
        {
            chars = new char[Math.max(lineLength, Math.min(MAX_BYTES, chars.length * 2))];
        }
        int i = 0;
        while (i < lineLength && line[i] >= 0)
        {
            chars[i] = (char)line[i];
            i++;
        }
        if (i == lineLength)
        {
            charCount = i;
            return;
        }
        // not ASCII: UTF-8 never needs more chars than bytes
        decoder.reset();
        final CharBuffer out = CharBuffer.wrap(chars, i, chars.length - i);
        decoder.decode(ByteBuffer.wrap(line, i, lineLength - i), out, true);
        decoder.flush(out);
        charCount = out.position();
    }
}
