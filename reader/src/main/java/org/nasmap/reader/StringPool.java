package org.nasmap.reader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The string pool of an open file: STRING_OFFSETS (count + 1 little-endian u64, the first 0 and the last the length
 * of STRING_BYTES) and STRING_BYTES (UTF-8), string {@code id} being the bytes between offsets {@code id} and
 * {@code id + 1}. Every span is checked against STRING_BYTES before it is read and every byte sequence is checked
 * as UTF-8 while it is decoded, so a damaged pool raises {@link NasmapFormatException} naming the file, never reads
 * outside its section. Immutable.
 */
final class StringPool
{
    private final Path path;
    private final UnsafeBuffer offsets;
    private final UnsafeBuffer bytes;
    private final int count;

    /**
     * @param offsets STRING_OFFSETS, holding {@code count + 1} offsets (its element count checked at open).
     * @throws NasmapFormatException when the offsets do not start at 0 and end at the length of {@code bytes}.
     */
    StringPool(final Path path, final UnsafeBuffer offsets, final UnsafeBuffer bytes, final int count)
    {
        this.path = path;
        this.offsets = offsets;
        this.bytes = bytes;
        this.count = count;
        if (offsets.getLong(0) != 0 || offsets.getLong(count * Long.BYTES) != bytes.capacity())
        {
            throw corrupt("string offsets do not span the string bytes");
        }
    }

    /** @return the number of strings. */
    int count()
    {
        return count;
    }

    /** @return STRING_OFFSETS, for {@link NasmapVerifier}. */
    UnsafeBuffer offsets()
    {
        return offsets;
    }

    /** @return STRING_BYTES, for {@link NasmapVerifier}. */
    UnsafeBuffer bytes()
    {
        return bytes;
    }

    /**
     * Appends string {@code id}, decoding UTF-8; the id must be below {@link #count()}.
     *
     * @return {@code out}.
     */
    StringBuilder append(final int id, final StringBuilder out)
    {
        final int start = (int)start(id);
        final int end = (int)end(id);
        int i = start;
        while (i < end)
        {
            final int b = bytes.getByte(i) & 0xFF;
            if (b < 0x80)
            {
                out.append((char)b);
                i++;
            }
            else
            {
                final int cp = decode(i, end);
                out.appendCodePoint(cp);
                i += utf8Length(b);
            }
        }
        return out;
    }

    /** @return string {@code id} (allocates), checked against the pool's size. */
    String string(final int id)
    {
        if (id < 0 || id >= count)
        {
            throw corrupt("string index " + id + " outside the pool of " + count);
        }
        return append(id, new StringBuilder()).toString();
    }

    /**
     * @return strings {@code 0 .. n-1}, decoded (allocates): the bytes copied in one read, ASCII strings taken as
     * they are, others decoded and checked as {@link #append} does; {@code n} must not exceed {@link #count()}.
     * @throws NasmapFormatException when a string's span or UTF-8 is invalid.
     */
    String[] strings(final int n)
    {
        final String[] out = new String[n];
        if (n == 0)
        {
            return out;
        }
        final long total = offsets.getLong(n * Long.BYTES);
        if (total < 0 || total > bytes.capacity())
        {
            throw corrupt("strings 0.." + (n - 1) + " end at " + total + ", outside the " + bytes.capacity() +
                " string bytes");
        }
        final byte[] copy = new byte[(int)total];
        bytes.getBytes(0, copy);
        for (int id = 0; id < n; id++)
        {
            final int start = (int)start(id);
            final int end = (int)end(id);
            if (end > copy.length)
            {
                throw corrupt("string " + id + " ends at " + end + ", after the end " + total + " of string " + (n - 1));
            }
            int negative = 0;
            for (int i = start; i < end; i++)
            {
                negative |= copy[i];
            }
            out[id] = negative >= 0 ? new String(copy, start, end - start, StandardCharsets.ISO_8859_1) :
                append(id, new StringBuilder(end - start)).toString();
        }
        return out;
    }

    /** @return the length in bytes of string {@code id} (checked as {@link #append} checks it). */
    int byteLength(final int id)
    {
        return (int)(end(id) - start(id));
    }

    /**
     * @return whether string {@code id} spells {@code s} exactly (code point by code point), allocation-free.
     */
    boolean equalsAt(final int id, final CharSequence s)
    {
        final int start = (int)start(id);
        final int end = (int)end(id);
        final int n = s.length();
        int i = start;
        int c = 0;
        while (i < end)
        {
            final int b = bytes.getByte(i) & 0xFF;
            if (b < 0x80)
            {
                if (c >= n || s.charAt(c) != b)
                {
                    return false;
                }
                c++;
                i++;
            }
            else
            {
                final int cp = decode(i, end);
                if (c >= n || Character.codePointAt(s, c) != cp)
                {
                    return false;
                }
                c += Character.charCount(cp);
                i += utf8Length(b);
            }
        }
        return c == n;
    }

    /** @return the start of string {@code id}, after checking that its span lies inside STRING_BYTES. */
    private long start(final int id)
    {
        final long start = offsets.getLong(id * Long.BYTES);
        final long end = offsets.getLong((id + 1) * Long.BYTES);
        if (start < 0 || end < start || end > bytes.capacity())
        {
            throw corrupt("string " + id + " spans [" + start + ", " + end + ") outside the " + bytes.capacity() +
                " string bytes");
        }
        return start;
    }

    /** @return the end of string {@code id}; checked by {@link #start}, which every caller calls first. */
    private long end(final int id)
    {
        return offsets.getLong((id + 1) * Long.BYTES);
    }

    private static int utf8Length(final int lead)
    {
        return lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    }

    /** @return the code point whose UTF-8 sequence starts at byte {@code i}, checked: well formed, shortest form. */
    private int decode(final int i, final int end)
    {
        final int b = bytes.getByte(i) & 0xFF;
        final int n = utf8Length(b);
        if (b < 0xC2 || b > 0xF4 || i + n > end)
        {
            throw corrupt("invalid UTF-8 in the string pool at byte " + i);
        }
        int cp = n == 2 ? b & 0x1F : n == 3 ? b & 0x0F : b & 0x07;
        for (int k = 1; k < n; k++)
        {
            final int cont = bytes.getByte(i + k) & 0xFF;
            if ((cont & 0xC0) != 0x80)
            {
                throw corrupt("invalid UTF-8 in the string pool at byte " + (i + k));
            }
            cp = (cp << 6) | (cont & 0x3F);
        }
        if (cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF) ||
            (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000))
        {
            throw corrupt("invalid UTF-8 in the string pool at byte " + i);
        }
        return cp;
    }

    private NasmapFormatException corrupt(final String message)
    {
        return new NasmapFormatException(path, message);
    }
}
