package org.nasmap.reader;

import java.util.Arrays;

import org.agrona.UnsafeApi;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Layout;
import org.nasmap.format.ShapeDecoder;

/**
 * Where each trial's values start, per (architecture, hp, dataset, seed), on the heap: one {@code long} per trial,
 * found from the query alone, so that one seed's value ({@code metric}) is a read of this table and a read of
 * VALUES, with the few instructions between them that let the processor overlap consecutive queries, instead of a
 * read of the group line, a search of its seeds and then VALUES.
 * <p>
 * The seed is found by a perfect hash of the file's distinct seeds (at most {@value #MAX_SEEDS}; every NATS-Bench
 * and NAS-Bench-201 file has three or four) into {@value #HASH_SLOTS} slots, confirmed against the seed the slot
 * holds. A word is made from the group's checked references (the shape inside the shape table, the trial's values
 * inside VALUES) and is 0 where a reference is damaged or the group lacks the seed or the dataset: the caller then
 * takes the line path, which answers or raises what upstream raises. Heap: 8 bytes per (architecture, hp slot,
 * dataset, seed): 4 MB for the topology space (4 seeds), 9.4 MB for the size space (3 seeds). Immutable (final
 * fields only): safe to publish through a racy field.
 * <p>
 * Everything a query reads is in one {@code long[]}, read with Unsafe at offsets that the build made in range and
 * the query checks before the read of the words: a query's time here is set by how many instructions wait with it
 * for memory (the fewer, the more consecutive queries the processor overlaps), so it makes about a dozen loads
 * and no array bounds check. Its parts, in {@code long}s:
 * <pre>
 *   0                16                 16 + HP          STEPS             + SHAPES x SLOTS   + SHAPES
 *   +----------------+------------------+----------------+------------------+-----------------+----------------+
 *   | hash slots:    | per hp code: its | per (shape,    | per shape: its   | words: per (arch, hp slot,       |
 *   | seed | code    | hp slot's first  | slot): start | | epochs           | dataset, seed code) a word above |
 *   | (i32 | i32)    | word, -1: none   | step (i32|i32) |                  |                                  |
 *   +----------------+------------------+----------------+------------------+----------------------------------+
 * </pre>
 * <pre>
 *   word  0                                        40               56      62  63
 *         +----------------------------------------+----------------+-------+---+---+
 *         | VALUES: the trial's first value index  | SHAPE          | 0     | 1 | 0 |
 *         | u40                                    | u16            |       |   |   |
 *         +----------------------------------------+----------------+-------+---+---+
 * </pre>
 */
final class TrialDirectory
{
    /** The number of one-seed {@code metric} calls on one reader after which it builds its directory. */
    static final int BUILD_AFTER = 1 << 16;
    /** The most distinct seeds a file may have for a directory. */
    static final int MAX_SEEDS = 8;
    static final int HASH_SLOTS = 16;


    private static final int HASH_SHIFT = Integer.SIZE - Integer.numberOfTrailingZeros(HASH_SLOTS);
    private static final int SHAPE_SHIFT = 40;
    private static final long VALUES_MASK = (1L << SHAPE_SHIFT) - 1;
    private static final long PRESENT = 1L << 62;
    private static final long BASE = UnsafeApi.arrayBaseOffset(long[].class);
    /** Where the parts start, in longs. */
    private static final int HP_AT = HASH_SLOTS;
    private static final int STEPS_AT = HP_AT + Hp.count();

    /** The answer of {@link #build} for a file it does not serve (too many seeds, no seed, no multiplier). */
    static final TrialDirectory NONE = new TrialDirectory(new long[STEPS_AT], 0, 0, 0, 0, 0, 0, 0, 0);

    private final long[] table;
    /** Byte offsets (from the array's base) of the epochs part and of the words part. */
    private final long epochsAt;
    private final long wordsAt;
    /** The words of one architecture, of one dataset. */
    private final int archStride;
    private final int seedCount;
    private final int archCount;
    private final int multiplier;
    private final long valuesAddress;
    private final int size;

    private TrialDirectory(final long[] table, final long epochsAt, final long wordsAt, final int archStride,
        final int seedCount, final int archCount, final int multiplier, final long valuesAddress, final int size)
    {
        this.table = table;
        this.epochsAt = epochsAt;
        this.wordsAt = wordsAt;
        this.archStride = archStride;
        this.seedCount = seedCount;
        this.archCount = archCount;
        this.multiplier = multiplier;
        this.valuesAddress = valuesAddress;
        this.size = size;
        if (table == null)
        {
            throw new NullPointerException("table");
        }
    }

    /**
     * Reads every group's trials through the checked accessors and builds the directory.
     *
     * @return the directory, or {@link #NONE} when the file has no trial or no shape, more than {@link #MAX_SEEDS}
     * seeds, or seeds that no tried multiplier hashes apart.
     */
    static TrialDirectory build(final NasmapFile file, final Groups groups)
    {
        final int[] seeds = file.distinctSeeds(MAX_SEEDS);
        if (seeds == null || seeds.length == 0 || file.shapeCount() == 0)
        {
            return NONE; // (an empty word reads shape 0's steps: there must be one)
        }
        final int multiplier = multiplier(seeds);
        if (multiplier == 0)
        {
            return NONE;
        }
        final int mask = file.hpMask();
        final int slots = Layout.hpSlots(mask);
        final int archs = file.size();
        final int shapes = file.shapeCount();
        final int datasetStride = seeds.length;
        final int hpStride = Dataset.count() * datasetStride;
        final int archStride = slots * hpStride;
        final int epochsPart = STEPS_AT + shapes * ShapeDecoder.SLOT_COUNT;
        final int wordsPart = epochsPart + shapes;
        final long[] table = new long[Math.addExact(wordsPart, Math.multiplyExact(archs, archStride))];
        for (int h = 0; h < HASH_SLOTS; h++)
        {
            // a seed that does not hash to h: no query seed that hashes to h equals it
            int other = 0;
            while (hash(other, multiplier) == h)
            {
                other++;
            }
            table[h] = other & 0xFFFF_FFFFL;
        }
        for (int c = 0; c < seeds.length; c++)
        {
            table[hash(seeds[c], multiplier)] = (seeds[c] & 0xFFFF_FFFFL) | (long)c << Integer.SIZE;
        }
        for (final Hp hp : Hp.values())
        {
            final int slot = Layout.hpSlot(mask, hp);
            table[HP_AT + hp.code()] = slot < 0 ? -1 : (long)slot * hpStride;
        }
        final ShapeSteps steps = groups.steps();
        for (int i = 0; i < shapes * ShapeDecoder.SLOT_COUNT; i++)
        {
            table[STEPS_AT + i] = (steps.start[i] & 0xFFFF_FFFFL) | (long)steps.step[i] << Integer.SIZE;
        }
        for (int shape = 0; shape < shapes; shape++)
        {
            table[epochsPart + shape] = steps.epochs[shape];
        }
        int used = 0;
        for (int arch = 0; arch < archs; arch++)
        {
            for (final Hp hp : Hp.values())
            {
                final int slot = Layout.hpSlot(mask, hp);
                if (slot < 0 || !file.holds(arch, hp))
                {
                    continue;
                }
                for (final Dataset dataset : Dataset.values())
                {
                    final int at = wordsPart + arch * archStride + slot * hpStride + dataset.code() * datasetStride;
                    used += fill(file, groups, arch, hp, dataset, seeds, multiplier, table, at);
                }
            }
        }
        if (used == 0)
        {
            return NONE;
        }
        return new TrialDirectory(table, BASE + (long)epochsPart * Long.BYTES, BASE + (long)wordsPart * Long.BYTES,
            archStride, seeds.length, archs, multiplier, file.values.addressOffset(), used);
    }

    /** Writes the words of one group's trials (the first trial of each seed, as upstream's lookup); @return how many. */
    private static int fill(final NasmapFile file, final Groups groups, final int arch, final Hp hp,
        final Dataset dataset, final int[] seeds, final int multiplier, final long[] table, final int at)
    {
        int used = 0;
        try
        {
            final int g = groups.groupOrAbsent(arch, hp, dataset);
            final int first = file.groupFirstTrial(g);
            final int n = first < 0 ? 0 : file.groupSeedCount(g);
            if (first < 0 || (long)first + n > file.trialCount())
            {
                return 0;
            }
            for (int i = 0; i < n; i++)
            {
                final int seed = file.seedAt(g, first, i);
                final long slot = table[hash(seed, multiplier)];
                final int code = (int)(slot >>> Integer.SIZE);
                if ((int)slot != seed || table[at + code] != 0)
                {
                    continue; // a seed not in the table (a damaged copy), or a later trial of a seed already seen
                }
                final int shape = file.shapeAt(g, first, i);
                final long values = file.valuesAt(g, first, i, shape); // checked: [values, + count) inside VALUES
                if (values > VALUES_MASK)
                {
                    continue;
                }
                table[at + code] = values | (long)(shape / ShapeDecoder.LENGTH) << SHAPE_SHIFT | PRESENT;
                used++;
            }
        }
        catch (final NasmapFormatException e)
        {
            // a damaged reference: the group keeps no word, and the line path reports the damage where it is read
            Arrays.fill(table, at, at + seeds.length, 0);
            return 0;
        }
        return used;
    }

    /** @return an odd multiplier that hashes the seeds into distinct slots, or 0 when none of those tried does. */
    static int multiplier(final int[] seeds)
    {
        int m = 0x9E37_79B1;
        for (int attempt = 0; attempt < 4096; attempt++, m += 0x3C6E_F372)
        {
            int taken = 0;
            boolean distinct = true;
            for (final int seed : seeds)
            {
                final int bit = 1 << hash(seed, m | 1);
                distinct &= (taken & bit) == 0;
                taken |= bit;
            }
            if (distinct)
            {
                return m | 1;
            }
        }
        return 0;
    }

    private static int hash(final int seed, final int multiplier)
    {
        return (seed * multiplier) >>> HASH_SHIFT;
    }

    /** @return the number of trials with a word. */
    int size()
    {
        return size;
    }

    /**
     * @param slot  the shape slot of (split, metric), in {@code 0 .. }{@link ShapeDecoder#SLOT_COUNT}
     *              {@code - 1}.
     * @param epoch the epoch, or negative for the trial's last.
     * @return the address of the value of (slot, epoch) of the trial of {@code seed} in the group of (arch, hp,
     * dataset), or 0 when the directory has no word for it, the slot is SPARSE or ABSENT in its shape, or the epoch
     * is outside the trial: the caller then takes the line path. The file must be open (the caller checks).
     */
    long valueAddress(final int arch, final Hp hp, final Dataset dataset, final int seed, final int slot, final int epoch)
    {
        final long[] t = table;
        // the hash slot (in range by construction) and the hp's first word (-1 when the file lacks the hp)
        final long hashed = UnsafeApi.getLong(t, BASE + (long)hash(seed, multiplier) * Long.BYTES);
        final long hpFirst = UnsafeApi.getLong(t, BASE + (HP_AT + (long)hp.code()) * Long.BYTES);
        // one test before the words are read: the index in range, the file has the hp, the slot holds the seed
        if (((arch | (archCount - 1 - arch) | hpFirst) < 0) | (int)hashed != seed)
        {
            return 0;
        }
        final long word = UnsafeApi.getLong(t, wordsAt + (arch * (long)archStride + hpFirst +
            dataset.code() * (long)seedCount + (hashed >>> Integer.SIZE)) * Long.BYTES);
        // the shape was checked against the shape count when the word was made; 0 in an empty word (one exists)
        final long shape = word >>> SHAPE_SHIFT & 0xFFFF;
        final long step = UnsafeApi.getLong(t, BASE + (STEPS_AT + shape * ShapeDecoder.SLOT_COUNT + slot) *
            Long.BYTES);
        final int epochs = (int)UnsafeApi.getLong(t, epochsAt + shape * Long.BYTES);
        final int start = (int)step;
        final int e = epoch < 0 ? epochs - 1 : epoch;
        // one test: the word is empty, the slot is not stepped (SPARSE, ABSENT), or e is outside 0 .. epochs - 1 (the
        // trial's values lie inside VALUES: checked when the word was made)
        if ((word - 1 | start | e | epochs - 1 - e) < 0)
        {
            return 0;
        }
        return valuesAddress + ((word & VALUES_MASK) + start + (long)e * (step >> Integer.SIZE)) * Float.BYTES;
    }
}
