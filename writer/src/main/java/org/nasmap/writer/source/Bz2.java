package org.nasmap.writer.source;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.nasmap.writer.pickle.PickleInput;

/**
 * bzip2 input through commons-compress (multi-stream, so {@code pbzip2} output works too).
 */
final class Bz2
{
    /**
     * Most bytes one per-architecture (or meta) file may decompress to: 512 MiB. A real one holds
     * about 0.3 MiB (topology) or 0.1 MiB (size); beyond the limit the file is refused as a bomb.
     */
    static final long MAX_DECOMPRESSED = 512L << 20;

    private Bz2()
    {
    }

    /** A reusable growable byte buffer: {@code data[0, length)} holds the last file read. */
    static final class Buffer
    {
        byte[] data = new byte[1 << 20];
        int length;
    }

    /**
     * @return true when the file starts with the bzip2 signature "BZh".
     */
    static boolean isBz2(final Path path) throws IOException
    {
        try (InputStream in = Files.newInputStream(path))
        {
            final byte[] head = in.readNBytes(3);
            return head.length == 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h';
        }
    }

    /**
     * @return a decompressing stream over a whole file (the caller closes it).
     */
    static InputStream open(final Path path) throws IOException
    {
        final InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        final InputStream bz2;
        try
        {
            bz2 = new BZip2CompressorInputStream(raw, true);
        }
        catch (final IOException ex)
        {
            raw.close();
            throw damaged(path, ex);
        }
        return new FilterInputStream(bz2)
        {
            @Override
            public int read() throws IOException
            {
                try
                {
                    return super.read();
                }
                catch (final SourceException ex)
                {
                    throw ex;
                }
                catch (final IOException ex)
                {
                    throw damaged(path, ex);
                }
            }

            @Override
            public int read(final byte[] b, final int off, final int len) throws IOException
            {
                try
                {
                    return super.read(b, off, len);
                }
                catch (final SourceException ex)
                {
                    throw ex;
                }
                catch (final IOException ex)
                {
                    throw damaged(path, ex);
                }
            }
        };
    }

    /** @return an error naming the file: truncated (the data ends early), or not bzip2 / damaged. */
    private static SourceException damaged(final Path path, final IOException ex)
    {
        final String m = String.valueOf(ex.getMessage());
        if (ex instanceof java.io.EOFException || m.contains("nexpected end of stream") || m.contains("truncated"))
        {
            return new SourceException("truncated bzip2 file " + path + ": its data ends early (" + m +
                "); download or copy it again", ex);
        }
        return new SourceException("damaged or not a bzip2 file: " + path + " (" + m + ")", ex);
    }

    /**
     * Decompresses a whole file into {@code into}, refusing more than {@code cap} bytes.
     *
     * @param path the compressed file.
     * @param cap  the most decompressed bytes allowed.
     * @param into receives the bytes.
     * @throws IOException when the file is not bzip2, is damaged, or decompresses beyond the cap.
     */
    static void readFully(final Path path, final long cap, final Buffer into) throws IOException
    {
        readWithCommons(Files.readAllBytes(path), path, cap, into);
    }

    private static void readWithCommons(final byte[] compressed, final Path path, final long cap, final Buffer into) throws IOException
    {
        final InputStream in;
        try
        {
            in = new BZip2CompressorInputStream(new ArrayInput(compressed), true);
        }
        catch (final IOException ex)
        {
            throw damaged(path, ex);
        }
        try (in)
        {
            readCapped(in, cap, into, path.toString());
        }
        catch (final SourceException ex)
        {
            throw ex;
        }
        catch (final IOException ex)
        {
            throw damaged(path, ex);
        }
    }

    /**
     * Reads a stream to its end into {@code into}, refusing more than {@code cap} bytes.
     */
    static void readCapped(final InputStream in, final long cap, final Buffer into, final String file) throws IOException
    {
        // read at most one byte beyond the cap, to tell "exactly the cap" from "beyond it"
        final int limit = (int)(Math.min(cap, PickleInput.MAX_LENGTH - 1L) + 1);
        byte[] data = into.data;
        int n = 0;
        while (true)
        {
            if (n == Math.min(data.length, limit))
            {
                if (n == limit)
                {
                    throw new SourceException("decompressed size of " + file + " exceeds the limit of " + Math.min(cap, limit - 1) +
                        " bytes (" + (Math.min(cap, limit - 1) >> 20) + " MiB); refusing it as a decompression bomb");
                }
                data = Arrays.copyOf(data, (int)Math.min(limit, 2L * data.length));
            }
            final int r = in.read(data, n, Math.min(data.length, limit) - n);
            if (r < 0)
            {
                break;
            }
            n += r;
        }
        into.data = data;
        into.length = n;
    }

    /** An unsynchronized stream over a byte array (bzip2 reads its input a byte at a time). */
    private static final class ArrayInput extends InputStream
    {
        private final byte[] data;
        private int pos;

        ArrayInput(final byte[] data)
        {
            this.data = data;
        }

        @Override
        public int read()
        {
            return pos < data.length ? data[pos++] & 0xFF : -1;
        }

        @Override
        public int read(final byte[] b, final int off, final int len)
        {
            if (pos >= data.length)
            {
                return len == 0 ? 0 : -1;
            }
            final int n = Math.min(len, data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available()
        {
            return data.length - pos;
        }
    }
}
