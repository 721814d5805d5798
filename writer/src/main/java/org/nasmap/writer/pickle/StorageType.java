package org.nasmap.writer.pickle;

/**
 * The torch storage classes a tensor may be rebuilt from, with their element layout.
 */
public enum StorageType
{
    /** {@code torch.FloatStorage}: float32. */
    FLOAT("FloatStorage", 4),
    /** {@code torch.DoubleStorage}: float64. */
    DOUBLE("DoubleStorage", 8),
    /** {@code torch.HalfStorage}: float16. */
    HALF("HalfStorage", 2),
    /** {@code torch.LongStorage}: int64. */
    LONG("LongStorage", 8),
    /** {@code torch.IntStorage}: int32. */
    INT("IntStorage", 4),
    /** {@code torch.ShortStorage}: int16. */
    SHORT("ShortStorage", 2),
    /** {@code torch.CharStorage}: int8. */
    CHAR("CharStorage", 1),
    /** {@code torch.ByteStorage}: uint8. */
    BYTE("ByteStorage", 1),
    /** {@code torch.BoolStorage}: bool, one byte. */
    BOOL("BoolStorage", 1);

    private final String className;
    private final int elementSize;

    StorageType(final String className, final int elementSize)
    {
        this.className = className;
        this.elementSize = elementSize;
    }

    /** @return the class name in module {@code torch}, for example {@code FloatStorage}. */
    public String className()
    {
        return className;
    }

    /** @return bytes per element. */
    public int elementSize()
    {
        return elementSize;
    }

    /**
     * @param data         the storage bytes.
     * @param index        the element index.
     * @param littleEndian the byte order of the data.
     * @return the element as a double.
     */
    public double element(final byte[] data, final int index, final boolean littleEndian)
    {
        final int o = index * elementSize;
        switch (this)
        {
            case FLOAT:
                return Float.intBitsToFloat((int)bits(data, o, 4, littleEndian));
            case DOUBLE:
                return Double.longBitsToDouble(bits(data, o, 8, littleEndian));
            case HALF:
                return halfToFloat((int)bits(data, o, 2, littleEndian));
            case LONG:
                return bits(data, o, 8, littleEndian);
            case INT:
                return (int)bits(data, o, 4, littleEndian);
            case SHORT:
                return (short)bits(data, o, 2, littleEndian);
            case CHAR:
                return data[o];
            case BYTE:
                return data[o] & 0xFF;
            case BOOL:
                return data[o] != 0 ? 1.0 : 0.0;
            default:
                throw new IllegalStateException(name());
        }
    }

    /**
     * @return the storage type of that class name in module {@code torch}, or null.
     */
    static StorageType ofClassName(final String className)
    {
        for (final StorageType t : values())
        {
            if (t.className.equals(className))
            {
                return t;
            }
        }
        return null;
    }

    /**
     * @return {@code n} bytes at {@code o} as an unsigned integer of that byte order.
     */
    static long bits(final byte[] data, final int o, final int n, final boolean littleEndian)
    {
        long v = 0;
        if (littleEndian)
        {
            for (int i = n - 1; i >= 0; i--)
            {
                v = (v << 8) | (data[o + i] & 0xFF);
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                v = (v << 8) | (data[o + i] & 0xFF);
            }
        }
        return v;
    }

    /**
     * @return the IEEE 754 binary16 value of those 16 bits, exactly.
     */
    static float halfToFloat(final int h)
    {
        final int sign = (h >>> 15) & 1;
        final int exp = (h >>> 10) & 0x1F;
        final int mant = h & 0x3FF;
        final float magnitude;
        if (exp == 0)
        {
            magnitude = mant * 0x1p-24f;
        }
        else if (exp == 0x1F)
        {
            magnitude = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        }
        else
        {
            magnitude = Float.intBitsToFloat(((exp - 15 + 127) << 23) | (mant << 13));
        }
        return sign == 0 ? magnitude : -magnitude;
    }
}
