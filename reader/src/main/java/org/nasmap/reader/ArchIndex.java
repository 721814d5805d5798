package org.nasmap.reader;

/**
 * The architecture strings one open file has been asked for, with their indexes: {@link NasmapFile#indexOf}
 * answers a {@link String} key it has answered before from here, probing an open-addressing table by the
 * {@link String#hashCode()} that the key caches in itself and confirming with {@link String#equals} (a JIT
 * intrinsic), as a {@code HashMap<String, Integer>} does but without a node, a boxed value or a dependent load
 * per entry. A key not found here is answered from the mapped tables and, when it names an architecture,
 * remembered: every entry is an answer the mapped tables gave, so the table can only repeat their answers (for a
 * damaged file too), and it needs no decoding or checking pass of its own.
 * <p>
 * Capacity: a power of two at least twice the architecture count (every architecture has one string, so the
 * table is never more than half full; should a damaged ARCH_CODES give more strings an answer, those past half
 * full are simply not remembered). Heap: 12 bytes per slot, plus the remembered String objects (the callers',
 * kept alive by the table).
 * <p>
 * Thread safety: lookups take no lock and make no ordered reads. {@link #remember} writes under this object's lock
 * and never moves, changes or removes an entry: a slot's key and entry are each written once, so whatever part of
 * them a racing reader sees, it answers the right index (the key, whose fields are final, equals the asked one, and
 * the entry's index half is that key's) or -1 (a part not seen yet), and on -1 the caller asks the mapped tables.
 */
final class ArchIndex
{
    /** {@code 2^32 / phi}: the multiplier that spreads a hash's bits into a slot number. */
    private static final int SPREAD = 0x9E3779B9;

    /** Per slot {@code (hash << 32) | (index + 1)}; 0 is an empty slot. */
    private final long[] slots;
    /** Per slot its string: read at the same slot as {@link #slots}, not through the index (one load less). */
    private final String[] keys;
    private final int shift;
    private final int mask;
    /** Entries written (under the lock); at most half the capacity. */
    private int size;

    /**
     * @param archCount the number of architectures of the file.
     */
    ArchIndex(final int archCount)
    {
        int capacity = 2;
        while (capacity < 2L * archCount)
        {
            capacity <<= 1;
        }
        this.slots = new long[capacity];
        this.keys = new String[capacity];
        this.mask = capacity - 1;
        this.shift = Integer.numberOfLeadingZeros(mask);
    }

    /**
     * @param key an architecture string.
     * @return its index when remembered, else -1 (then ask the mapped tables). Allocation-free.
     */
    int find(final String key)
    {
        final int hash = key.hashCode();
        int slot = (hash * SPREAD) >>> shift;
        while (true)
        {
            final long entry = slots[slot];
            if (entry == 0)
            {
                return -1;
            }
            if ((int)(entry >>> 32) == hash && key.equals(keys[slot]))
            {
                return (int)entry - 1; // -1 should the index half of the entry not be visible yet
            }
            slot = (slot + 1) & mask;
        }
    }

    /**
     * Remembers the mapped tables' answer for a key (a no-op when it is already there or the table is half full).
     *
     * @param key   an architecture string.
     * @param index its index, {@code >= 0}.
     */
    synchronized void remember(final String key, final int index)
    {
        final int hash = key.hashCode();
        int slot = (hash * SPREAD) >>> shift;
        long entry;
        while ((entry = slots[slot]) != 0)
        {
            if ((int)(entry >>> 32) == hash && key.equals(keys[slot]))
            {
                return;
            }
            slot = (slot + 1) & mask;
        }
        if (size >= slots.length >>> 1)
        {
            return;
        }
        keys[slot] = key;
        slots[slot] = (long)hash << 32 | (index + 1);
        size++;
    }

    /** @return the number of strings remembered. */
    synchronized int size()
    {
        return size;
    }

    /** @return the number of slots. */
    int capacity()
    {
        return slots.length;
    }
}
