package org.nasmap.reader;

/**
 * The architecture strings of one open file, decoded onto the heap, in an open-addressing table keyed by
 * {@link String#hashCode()}: {@link NasmapFile#indexOf} answers a {@link String} key from here, probing by the
 * hash that the key caches in itself and confirming with {@link String#equals} (a JIT intrinsic), as a
 * {@code HashMap<String, Integer>} does but without a node, a boxed value or a dependent load per entry.
 * <p>
 * Exactness: {@link #build} accepts a file only when the table's answers are those of the mapped tables for every
 * string. With ARCH_CODES: every entry is in {@code -1 .. N-1}, and the table holds the strings whose code's entry
 * is their own index, one per entry {@code >= 0} (a canonical string has one code and a code one canonical string,
 * so a key the code table answers is such a string, and a key that is not answers -1 both ways). Without it: every
 * ARCH_LOOKUP slot is in {@code 0 .. N} and probing ARCH_LOOKUP finds each string at its own index (so no two are
 * equal). Otherwise (a damaged file: a string that is not valid UTF-8, a table that disagrees with the strings)
 * it returns {@link #UNUSABLE}, and {@code indexOf} keeps reading the mapped tables, which answer or report the
 * damage as they always did.
 * <p>
 * Heap: the decoded strings (24 bytes per String plus its byte array) and 12 bytes per slot, a power of two at
 * least twice the architecture count. Immutable (final fields only): safe to publish through a racy field.
 */
final class ArchIndex
{
    /** The answer of {@link #build} for a file whose strings and tables disagree. */
    static final ArchIndex UNUSABLE = new ArchIndex(2);

    /** {@code 2^32 / phi}: the multiplier that spreads a hash's bits into a slot number. */
    private static final int SPREAD = 0x9E3779B9;

    /** Per slot {@code (hash << 32) | (index + 1)}; 0 is an empty slot. At most half full. */
    private final long[] slots;
    /** Per slot its string: read at the same slot as {@link #slots}, not through the index (one load less). */
    private final String[] keys;
    private final int shift;
    private final int mask;

    private ArchIndex(final int capacity)
    {
        this.slots = new long[capacity];
        this.keys = new String[capacity];
        this.mask = capacity - 1;
        this.shift = Integer.numberOfLeadingZeros(mask);
    }

    /**
     * @param key an architecture string.
     * @return its index, or -1. Allocation-free.
     */
    int indexOf(final String key)
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
            if ((int)(entry >>> 32) == hash && keys[slot].equals(key))
            {
                return (int)entry - 1;
            }
            slot = (slot + 1) & mask;
        }
    }

    /**
     * @return the bytes of its slots, of its references (counted as 4, the compressed size) and of its strings'
     * characters (one byte each: the strings are ASCII); object headers are not counted.
     */
    long bytes()
    {
        long bytes = (long)slots.length * Long.BYTES + (long)keys.length * Integer.BYTES;
        for (final String key : keys)
        {
            bytes += key == null ? 0 : key.length();
        }
        return bytes;
    }

    /** @return the number of strings the table holds. */
    int size()
    {
        int size = 0;
        for (final long entry : slots)
        {
            size += entry == 0 ? 0 : 1;
        }
        return size;
    }

    /** @return the number of slots. */
    int capacity()
    {
        return slots.length;
    }

    /**
     * Decodes the file's architecture strings, checks them against the mapped tables and builds the table.
     *
     * @param names the architecture strings and tables of an open file.
     * @return the index, or {@link #UNUSABLE} when the file's strings or tables are damaged.
     */
    static ArchIndex build(final ArchNames names)
    {
        final int n = names.archCount();
        final String[] strings;
        final boolean[] keep;
        try
        {
            strings = names.pool().strings(n);
            keep = names.codeCount() != 0 ? keptByCodes(names, strings) : keptByLookup(names, strings);
        }
        catch (final NasmapFormatException e)
        {
            return UNUSABLE; // indexOf reads the mapped tables, which report the damage where a key meets it
        }
        if (keep == null)
        {
            return UNUSABLE;
        }
        int capacity = 2;
        while (capacity < 2L * n)
        {
            capacity <<= 1;
        }
        final ArchIndex index = new ArchIndex(capacity);
        for (int i = 0; i < n; i++)
        {
            if (keep[i])
            {
                index.insert(strings[i], i);
            }
        }
        return index;
    }

    private void insert(final String key, final int index)
    {
        final int hash = key.hashCode();
        int slot = (hash * SPREAD) >>> shift;
        while (slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }
        slots[slot] = (long)hash << 32 | (index + 1);
        keys[slot] = key;
    }

    /**
     * @return which strings the table holds so that it answers what ARCH_CODES answers: those whose code's entry
     * is their own index; null when an entry is out of range or an entry {@code >= 0} is not such a string's.
     */
    private static boolean[] keptByCodes(final ArchNames names, final String[] strings)
    {
        final int n = strings.length;
        int entries = 0;
        for (int code = 0; code < names.codeCount(); code++)
        {
            final int e = names.codes().getInt(code * Integer.BYTES);
            if (e < -1 || e >= n)
            {
                return null;
            }
            entries += e >= 0 ? 1 : 0;
        }
        final boolean[] keep = new boolean[n];
        int kept = 0;
        for (int i = 0; i < n; i++)
        {
            final int code = ArchParser.code(names.space(), strings[i]);
            if (code >= 0 && names.codes().getInt(code * Integer.BYTES) == i)
            {
                keep[i] = true;
                kept++;
            }
        }
        // each kept string owns the entry at its code; any other entry >= 0 would answer a string the table lacks
        return kept == entries ? keep : null;
    }

    /**
     * @return every string, when the table answers what ARCH_LOOKUP answers: every slot in range and probing
     * finds each string at its own index (so no two strings are equal); else null.
     */
    private static boolean[] keptByLookup(final ArchNames names, final String[] strings)
    {
        final int n = strings.length;
        for (int slot = 0; slot < names.lookupCapacity(); slot++)
        {
            final int v = names.lookupSlot(slot);
            if (v < 0 || v > n)
            {
                return null;
            }
        }
        final boolean[] keep = new boolean[n];
        for (int i = 0; i < n; i++)
        {
            if (names.lookup(strings[i]) != i)
            {
                return null;
            }
            keep[i] = true;
        }
        return keep;
    }
}
