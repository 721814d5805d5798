package org.nasmap.tools;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Standard output that fails on a write error: a {@link PrintStream} only records errors, so a command
 * writing to a closed pipe ({@code nasmap export ... | head}) would run to its end for nothing. Each write
 * (the callers buffer: one per 64 KiB) checks the stream's error flag and throws.
 */
final class StdoutStream extends OutputStream
{
    private final PrintStream out;

    StdoutStream(final PrintStream out)
    {
        this.out = out;
    }

    @Override
    public void write(final int b) throws IOException
    {
        out.write(b);
        check();
    }

    @Override
    public void write(final byte[] b, final int off, final int len) throws IOException
    {
        out.write(b, off, len);
        check();
    }

    @Override
    public void flush() throws IOException
    {
        check();
    }

    private void check() throws IOException
    {
        if (out.checkError())
        {
            throw new IOException("cannot write to standard output (closed, as by `| head`, or failing): stopped");
        }
    }
}
