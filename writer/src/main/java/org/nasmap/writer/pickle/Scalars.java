package org.nasmap.writer.pickle;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the arguments of scalar opcodes: little-endian LONG1/LONG4 integers and the text lines
 * of protocol 0 (INT, LONG, FLOAT, STRING, UNICODE, PUT/GET indices), as CPython does.
 */
final class Scalars
{
    /** Boxed 0 to 1023, shared (epochs and small ints are everywhere). */
    static final Long[] SMALL_LONGS = new Long[1024];

    static
    {
        for (int i = 0; i < SMALL_LONGS.length; i++)
        {
            SMALL_LONGS[i] = (long)i;
        }
    }

    private Scalars()
    {
    }

    static String decodeStrict(final byte[] bytes, final String what, final Failure failure) throws PickleException
    {
        try
        {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        }
        catch (final CharacterCodingException ex)
        {
            throw failure.fail(what + " is not valid UTF-8");
        }
    }

    static String latin1(final byte[] bytes)
    {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static Object parseIntLine(final String line, final boolean longForm, final Failure failure) throws PickleException
    {
        String s = line.trim();
        if (!longForm)
        {
            if ("00".equals(s))
            {
                return Boolean.FALSE;
            }
            if ("01".equals(s))
            {
                return Boolean.TRUE;
            }
        }
        else if (s.endsWith("L"))
        {
            s = s.substring(0, s.length() - 1);
        }
        try
        {
            return narrow(new BigInteger(s));
        }
        catch (final NumberFormatException ex)
        {
            throw failure.fail((longForm ? "LONG" : "INT") + " argument '" + Values.describe(s) + "' is not an integer");
        }
    }

    static Double parseFloatLine(final String line, final Failure failure) throws PickleException
    {
        final String s = line.trim().toLowerCase(java.util.Locale.ROOT);
        switch (s)
        {
            case "inf":
            case "+inf":
            case "infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf":
            case "-infinity":
                return Double.NEGATIVE_INFINITY;
            case "nan":
            case "+nan":
            case "-nan":
                return Double.NaN;
            default:
                if (s.isEmpty() || s.indexOf('x') >= 0 || s.indexOf('d') >= 0 || s.indexOf('f') >= 0)
                {
                    throw failure.fail("FLOAT argument '" + Values.describe(line) + "' is not a number");
                }
                try
                {
                    return Double.parseDouble(s);
                }
                catch (final NumberFormatException ex)
                {
                    throw failure.fail("FLOAT argument '" + Values.describe(line) + "' is not a number");
                }
        }
    }

    static Object narrow(final BigInteger v)
    {
        if (v.bitLength() < 64)
        {
            final long l = v.longValue();
            return l >= 0 && l < SMALL_LONGS.length ? SMALL_LONGS[(int)l] : Long.valueOf(l);
        }
        return v;
    }

    static Object decodeLong(final byte[] le)
    {
        if (le.length == 0)
        {
            return SMALL_LONGS[0];
        }
        if (le.length <= 8)
        {
            long v = 0;
            for (int i = le.length - 1; i >= 0; i--)
            {
                v = (v << 8) | (le[i] & 0xFF);
            }
            final int shift = 64 - 8 * le.length;
            v = (v << shift) >> shift;
            return v >= 0 && v < SMALL_LONGS.length ? SMALL_LONGS[(int)v] : Long.valueOf(v);
        }
        final byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++)
        {
            be[i] = le[le.length - 1 - i];
        }
        return narrow(new BigInteger(be));
    }

    /**
     * Decodes a protocol-0 STRING argument: a Python repr in single or double quotes.
     */
    static byte[] unquote(final byte[] line, final Failure failure) throws PickleException
    {
        int n = line.length;
        while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' '))
        {
            n--;
        }
        if (n < 2 || (line[0] != '\'' && line[0] != '"') || line[n - 1] != line[0])
        {
            throw failure.fail("STRING argument is not a quoted string");
        }
        final byte[] out = new byte[n - 2];
        int o = 0;
        for (int i = 1; i < n - 1; i++)
        {
            final byte b = line[i];
            if (b != '\\')
            {
                out[o++] = b;
                continue;
            }
            if (++i >= n - 1)
            {
                throw failure.fail("STRING argument ends with a lone backslash");
            }
            final byte e = line[i];
            switch (e)
            {
                case '\\': out[o++] = '\\'; break;
                case '\'': out[o++] = '\''; break;
                case '"': out[o++] = '"'; break;
                case 'n': out[o++] = '\n'; break;
                case 'r': out[o++] = '\r'; break;
                case 't': out[o++] = '\t'; break;
                case 'a': out[o++] = 7; break;
                case 'b': out[o++] = '\b'; break;
                case 'f': out[o++] = '\f'; break;
                case 'v': out[o++] = 11; break;
                case '\n': break;
                case 'x':
                {
                    if (i + 2 >= n - 1 || hexValue(line[i + 1]) < 0 || hexValue(line[i + 2]) < 0)
                    {
                        throw failure.fail("STRING argument has a bad \\x escape");
                    }
                    out[o++] = (byte)(hexValue(line[i + 1]) << 4 | hexValue(line[i + 2]));
                    i += 2;
                    break;
                }
                default:
                    if (e >= '0' && e <= '7')
                    {
                        int v = e - '0';
                        for (int j = 0; j < 2 && i + 1 < n - 1 && line[i + 1] >= '0' && line[i + 1] <= '7'; j++)
                        {
                            v = v * 8 + (line[++i] - '0');
                        }
                        out[o++] = (byte)v;
                    }
                    else
                    {
                        out[o++] = '\\';
                        out[o++] = e;
                    }
            }
        }
        return java.util.Arrays.copyOf(out, o);
    }

    /**
     * Decodes a protocol-0 UNICODE argument (raw-unicode-escape: latin-1 plus \\uXXXX and \\UXXXXXXXX).
     */
    static String rawUnicodeEscape(final byte[] line, final Failure failure) throws PickleException
    {
        final StringBuilder sb = new StringBuilder(line.length);
        for (int i = 0; i < line.length; i++)
        {
            final int b = line[i] & 0xFF;
            if (b == '\\' && i + 1 < line.length && (line[i + 1] == 'u' || line[i + 1] == 'U'))
            {
                int backslashes = 0;
                for (int j = i - 1; j >= 0 && line[j] == '\\'; j--)
                {
                    backslashes++;
                }
                if ((backslashes & 1) == 0)
                {
                    final int digits = line[i + 1] == 'u' ? 4 : 8;
                    if (i + 2 + digits > line.length)
                    {
                        throw failure.fail("UNICODE argument has a truncated \\u escape");
                    }
                    int cp = 0;
                    for (int j = 0; j < digits; j++)
                    {
                        final int h = hexValue(line[i + 2 + j]);
                        if (h < 0)
                        {
                            throw failure.fail("UNICODE argument has a bad \\u escape");
                        }
                        cp = cp << 4 | h;
                    }
                    if (cp < 0 || cp > Character.MAX_CODE_POINT)
                    {
                        throw failure.fail("UNICODE argument has an escape beyond U+10FFFF");
                    }
                    sb.appendCodePoint(cp);
                    i += 1 + digits;
                    continue;
                }
            }
            sb.append((char)b);
        }
        return sb.toString();
    }

    private static int hexValue(final byte b)
    {
        if (b >= '0' && b <= '9')
        {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f')
        {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F')
        {
            return b - 'A' + 10;
        }
        return -1;
    }
}
