package org.nasmap.writer.pickle;

/**
 * A torch storage read from the file's own storage records: its element type and raw bytes. It only
 * exists while a pickle is parsed; {@code _rebuild_tensor_v2} turns it into plain Java values.
 */
public final class TorchStorage
{
    private final StorageType type;
    private final byte[] data;
    private final int offset;
    private final int elementCount;
    private final boolean littleEndian;

    /**
     * @param type         the element type.
     * @param data         the bytes (not copied).
     * @param offset       element index of the first element in {@code data} (views).
     * @param elementCount the number of elements.
     * @param littleEndian the byte order of the data.
     */
    public TorchStorage(final StorageType type, final byte[] data, final int offset, final int elementCount, final boolean littleEndian)
    {
        if (offset < 0 || elementCount < 0 || (data != null && ((long)offset + elementCount) * type.elementSize() > data.length))
        {
            throw new IllegalArgumentException("storage view out of range");
        }
        this.type = type;
        this.data = data;
        this.offset = offset;
        this.elementCount = elementCount;
        this.littleEndian = littleEndian;
    }

    /**
     * @return a storage of that many elements without data, standing in while a file is scanned for
     *         its storage types: tensors built on it are checked but not filled.
     */
    static TorchStorage placeholder(final StorageType type, final int elementCount)
    {
        return new TorchStorage(type, null, 0, elementCount, true);
    }

    /** @return true for a {@link #placeholder}. */
    boolean isPlaceholder()
    {
        return data == null;
    }

    /** @return the element type. */
    public StorageType type()
    {
        return type;
    }

    /** @return the number of elements. */
    public int elementCount()
    {
        return elementCount;
    }

    /** @return element {@code i} as a double. */
    public double element(final int i)
    {
        return type.element(data, offset + i, littleEndian);
    }

    /** @return a view of {@code count} elements from element {@code from}. */
    public TorchStorage view(final int from, final int count)
    {
        return new TorchStorage(type, data, offset + from, count, littleEndian);
    }
}
