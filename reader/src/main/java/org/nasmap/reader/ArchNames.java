package org.nasmap.reader;

import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;
import org.nasmap.format.ArchGrammar;
import org.nasmap.format.Layout;
import org.nasmap.format.Space;

/**
 * The architecture strings of an open file and the tables that answer upstream's {@code query_index_by_arch}:
 * the string pool (the first ARCH_COUNT strings are the architectures, by index), ARCH_LOOKUP (an open-addressing
 * table of index + 1 by {@link Layout#archHash}), ARCH_CODES (index or -1 per code of the space's grammar, present
 * when every string follows it) and, once a file has been asked enough {@link String} keys, an {@link ArchIndex}
 * on the heap. Every entry taken from a table is checked before it is used.
 * <p>
 * Thread safety: immutable but for the heap index, an immutable object published through a volatile field, and
 * the count of String keys before it is built.
 */
final class ArchNames
{
    private final Path path;
    private final Space space;
    private final int archCount;
    private final StringPool pool;
    private final UnsafeBuffer lookup;
    private final int lookupCapacity;
    private final UnsafeBuffer codes;
    private final int codeCount;

    /** Built by {@link #indexOf}; immutable, so a racing reader sees a whole one or null. */
    private volatile ArchIndex archIndex;
    /**
     * String keys answered from the mapped tables so far, counted without synchronization: racing threads may lose
     * counts (the index is then built a little later), but the first count written at or past
     * {@link NasmapFile#ARCH_INDEX_AFTER} is exactly it, and that thread builds.
     */
    private int stringLookups;

    /**
     * @param lookup ARCH_LOOKUP, of {@code lookupCapacity} int slots.
     * @param codes  ARCH_CODES, of {@code codeCount} int entries (0 when the file has none).
     * @throws NasmapFormatException when the lookup's capacity is not a power of two above the architecture count,
     *                               the code table's size is neither 0 nor the grammar's code count, or the string
     *                               offsets do not span the string bytes.
     */
    ArchNames(final Path path, final Space space, final int archCount, final UnsafeBuffer lookup,
        final int lookupCapacity, final UnsafeBuffer codes, final int codeCount, final UnsafeBuffer stringOffsets,
        final UnsafeBuffer stringBytes, final int stringCount)
    {
        this.path = path;
        this.space = space;
        this.archCount = archCount;
        this.lookup = lookup;
        this.lookupCapacity = lookupCapacity;
        this.codes = codes;
        this.codeCount = codeCount;
        if (Integer.bitCount(lookupCapacity) != 1 || lookupCapacity <= archCount)
        {
            throw corrupt("architecture lookup capacity " + lookupCapacity + " is not a power of two above " + archCount);
        }
        if (codeCount != 0 && codeCount != ArchGrammar.codeCount(space))
        {
            throw corrupt("architecture code table has " + codeCount + " entries: expected 0 or " +
                ArchGrammar.codeCount(space) + " for the " + space.shortName() + " space");
        }
        this.pool = new StringPool(path, stringOffsets, stringBytes, stringCount);
    }

    /** @return the string pool. */
    StringPool pool()
    {
        return pool;
    }

    /** @return the space, whose grammar ARCH_CODES follows. */
    Space space()
    {
        return space;
    }

    /** @return the number of architectures. */
    int archCount()
    {
        return archCount;
    }

    /** @return ARCH_CODES (empty when the file has none). */
    UnsafeBuffer codes()
    {
        return codes;
    }

    /** @return the number of ARCH_CODES entries, 0 when the file has none. */
    int codeCount()
    {
        return codeCount;
    }

    /** @return the number of ARCH_LOOKUP slots. */
    int lookupCapacity()
    {
        return lookupCapacity;
    }

    /** @return ARCH_LOOKUP's raw slot {@code slot} (index + 1, 0 for empty), unchecked. */
    int lookupSlot(final int slot)
    {
        return lookup.getInt(slot * Integer.BYTES);
    }

    /**
     * {@link NasmapFile#indexOf}: a {@link String} from the heap index once it is built (building it at the
     * {@value NasmapFile#ARCH_INDEX_AFTER}th String key when {@code heapTables}), anything else from the mapped
     * tables.
     */
    int indexOf(final CharSequence arch, final boolean heapTables)
    {
        if (arch instanceof String)
        {
            final ArchIndex index = archIndex;
            if (index != null)
            {
                return index.indexOf((String)arch);
            }
            if (heapTables && ++stringLookups == NasmapFile.ARCH_INDEX_AFTER)
            {
                final ArchIndex built = archIndex();
                if (built != ArchIndex.UNUSABLE)
                {
                    return built.indexOf((String)arch);
                }
            }
        }
        return mappedIndexOf(arch);
    }

    /**
     * @return the heap index of the architecture strings, built now unless it was; {@link ArchIndex#UNUSABLE} for
     * a damaged file (not kept: {@link #indexOf} then stays on the mapped tables).
     */
    ArchIndex archIndex()
    {
        final ArchIndex index = archIndex;
        if (index != null)
        {
            return index;
        }
        final ArchIndex built = ArchIndex.build(this);
        if (built == ArchIndex.UNUSABLE)
        {
            stringLookups = Integer.MIN_VALUE; // not tried again for 2^32 lookups
        }
        else
        {
            archIndex = built;
        }
        return built;
    }

    /** @return the heap index if it was built, else null. */
    ArchIndex builtArchIndex()
    {
        return archIndex;
    }

    /** @return the bytes of the heap index (see {@link ArchIndex#bytes}), 0 if not built. */
    long archIndexBytes()
    {
        final ArchIndex index = archIndex;
        return index == null ? 0 : index.bytes();
    }

    /** @return {@link #indexOf} through ARCH_CODES or ARCH_LOOKUP, without the heap index (allocation-free). */
    int mappedIndexOf(final CharSequence arch)
    {
        if (codeCount != 0)
        {
            final int code = ArchParser.code(space, arch);
            if (code < 0)
            {
                return -1;
            }
            final int index = codes.getInt(code * Integer.BYTES);
            if (index < -1 || index >= archCount)
            {
                throw corrupt("architecture code " + code + " maps to " + index + ", outside -1.." + (archCount - 1));
            }
            return index;
        }
        return lookup(arch);
    }

    /** @return the index of {@code arch} through ARCH_LOOKUP, or -1. */
    int lookup(final CharSequence arch)
    {
        final long hash = Layout.archHash(arch);
        final int mask = lookupCapacity - 1;
        int slot = Layout.lookupSlot(hash, lookupCapacity);
        for (int probes = 0; probes < lookupCapacity; probes++)
        {
            final int v = lookup.getInt(slot * Integer.BYTES);
            if (v == 0)
            {
                return -1;
            }
            final int candidate = v - 1;
            if (candidate < 0 || candidate >= archCount)
            {
                throw corrupt("architecture lookup slot " + slot + " holds " + v + ", outside 1.." + archCount);
            }
            if (pool.equalsAt(candidate, arch))
            {
                return candidate;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private NasmapFormatException corrupt(final String message)
    {
        return new NasmapFormatException(path, message);
    }
}
