package org.nasmap.writer.pickle;

/**
 * A numpy dtype of a plain number ({@code f2/f4/f8}, {@code i1..i8}, {@code u1..u8}, {@code b1}) as
 * {@code numpy.dtype(code, align, copy)} builds it; {@code BUILD} then sets its byte order from the
 * pickled state. It decodes the bytes of a numpy scalar of that type.
 */
public final class NumpyDtype
{
    private final char kind;
    private final int size;
    private boolean littleEndian;

    private NumpyDtype(final char kind, final int size, final boolean littleEndian)
    {
        this.kind = kind;
        this.size = size;
        this.littleEndian = littleEndian;
    }

    /**
     * @param code a dtype string such as {@code f8}, {@code <i4} or {@code ?}.
     * @return the dtype, or null when it is not a plain number type this reader supports.
     */
    static NumpyDtype parse(final String code)
    {
        String c = code;
        boolean little = true;
        if (!c.isEmpty() && "<>=|".indexOf(c.charAt(0)) >= 0)
        {
            little = c.charAt(0) != '>';
            c = c.substring(1);
        }
        if ("?".equals(c) || "b1".equals(c))
        {
            return new NumpyDtype('b', 1, little);
        }
        if (c.length() != 2)
        {
            return null;
        }
        final char kind = c.charAt(0);
        final int size = c.charAt(1) - '0';
        final boolean ok;
        switch (kind)
        {
            case 'f':
                ok = size == 2 || size == 4 || size == 8;
                break;
            case 'i':
            case 'u':
                ok = size == 1 || size == 2 || size == 4 || size == 8;
                break;
            default:
                ok = false;
        }
        return ok ? new NumpyDtype(kind, size, little) : null;
    }

    /** Applies the byte-order character of the pickled state ({@code <}, {@code >}, {@code |}, {@code =}). */
    boolean byteOrder(final String order)
    {
        switch (order)
        {
            case "<":
            case "=":
            case "|":
                littleEndian = true;
                return true;
            case ">":
                littleEndian = false;
                return true;
            default:
                return false;
        }
    }

    /** @return bytes per value. */
    public int size()
    {
        return size;
    }

    /** @return true for little-endian values. */
    public boolean littleEndian()
    {
        return littleEndian;
    }

    /**
     * @param data the scalar's bytes, exactly {@link #size()} of them.
     * @return a Double for float types, a Long for int, uint (a BigInteger above 2^63) and bool.
     */
    Object decode(final byte[] data)
    {
        final long bits = StorageType.bits(data, 0, size, littleEndian);
        switch (kind)
        {
            case 'f':
                if (size == 8)
                {
                    return Double.longBitsToDouble(bits);
                }
                return size == 4 ? (double)Float.intBitsToFloat((int)bits) : (double)StorageType.halfToFloat((int)bits);
            case 'i':
                return size == 8 ? bits : (bits << (64 - 8 * size)) >> (64 - 8 * size);
            case 'u':
                return bits >= 0 ? Long.valueOf(bits) : (Object)new java.math.BigInteger(Long.toUnsignedString(bits));
            default:
                return bits != 0 ? 1L : 0L;
        }
    }

    @Override
    public String toString()
    {
        return "dtype('" + (littleEndian ? '<' : '>') + (kind == 'b' ? "b" : String.valueOf(kind)) + size + "')";
    }
}
