package org.nasmap.reader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import net.openhft.hashing.LongHashFunction;
import org.nasmap.format.Layout;

/**
 * Reads and patches the raw bytes of a nasmap file for corruption tests, and re-hashes a patched file
 * (FORMAT.md 2.3: xxHash64 seed 0 of each section in table order, then of the head) so that a test can
 * reach the use-time checks of a structurally bad file whose checksums are all right.
 */
final class FileBytes
{
    private FileBytes()
    {
    }

    static ByteBuffer le(final byte[] b)
    {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    static int getInt(final byte[] b, final long at)
    {
        return le(b).getInt((int)at);
    }

    static long getLong(final byte[] b, final long at)
    {
        return le(b).getLong((int)at);
    }

    static void putInt(final byte[] b, final long at, final int v)
    {
        le(b).putInt((int)at, v);
    }

    static void putShort(final byte[] b, final long at, final short v)
    {
        le(b).putShort((int)at, v);
    }

    static void putLong(final byte[] b, final long at, final long v)
    {
        le(b).putLong((int)at, v);
    }

    static void putDouble(final byte[] b, final long at, final double v)
    {
        le(b).putDouble((int)at, v);
    }

    /** @return the offset of section {@code id}'s table entry. */
    static int entry(final int id)
    {
        return Layout.SECTION_TABLE_OFFSET + (id - 1) * Layout.SECTION_ENTRY_LENGTH;
    }

    static long sectionOffset(final byte[] b, final int id)
    {
        return getLong(b, entry(id) + Layout.ENTRY_OFFSET_OFFSET);
    }

    static long sectionLength(final byte[] b, final int id)
    {
        return getLong(b, entry(id) + Layout.ENTRY_LENGTH_OFFSET);
    }

    static long elementCount(final byte[] b, final int id)
    {
        return getLong(b, entry(id) + Layout.ENTRY_ELEMENT_COUNT_OFFSET);
    }

    /** Sets an entry's offset, length and element count. */
    static void setEntry(final byte[] b, final int id, final long offset, final long length, final long count)
    {
        putLong(b, entry(id) + Layout.ENTRY_OFFSET_OFFSET, offset);
        putLong(b, entry(id) + Layout.ENTRY_LENGTH_OFFSET, length);
        putLong(b, entry(id) + Layout.ENTRY_ELEMENT_COUNT_OFFSET, count);
    }

    static long footerStart(final byte[] b)
    {
        return b.length - Layout.footerLength(Layout.SECTION_ID_COUNT);
    }

    /**
     * Recomputes every section checksum and the head checksum in place, as a writer would, from the
     * (possibly patched) section table. Sections whose entry lies outside the file are left alone.
     *
     * @return {@code b}.
     */
    static byte[] rehash(final byte[] b)
    {
        final LongHashFunction xx = LongHashFunction.xx();
        final long footer = footerStart(b);
        for (int id = 1; id <= Layout.SECTION_ID_COUNT; id++)
        {
            final long offset = sectionOffset(b, id);
            final long length = sectionLength(b, id);
            if (offset >= 0 && length >= 0 && offset <= b.length && length <= b.length - offset)
            {
                putLong(b, footer + (id - 1L) * Long.BYTES, xx.hashBytes(b, (int)offset, (int)length));
            }
        }
        final int headEnd = (int)Layout.headEnd(Layout.SECTION_ID_COUNT);
        putLong(b, footer + Layout.footerHeadHashOffset(Layout.SECTION_ID_COUNT), xx.hashBytes(b, 0, headEnd));
        return b;
    }

    static Path write(final Path p, final byte[] b) throws IOException
    {
        Files.write(p, b);
        return p;
    }
}
