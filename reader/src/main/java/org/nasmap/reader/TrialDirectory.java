package org.nasmap.reader;

import java.util.Arrays;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Layout;

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

    /** The answer of {@link #build} for a file it does not serve (too many seeds, no seed, no multiplier). */
    static final TrialDirectory NONE = new TrialDirectory(null, new long[0], new int[Hp.count()], 0, 0, 0,
        new int[HASH_SLOTS], new int[HASH_SLOTS], 0, 0, 0);

    private static final int HASH_SHIFT = Integer.SIZE - Integer.numberOfTrailingZeros(HASH_SLOTS);
    private static final int SHAPE_SHIFT = 40;
    private static final long VALUES_MASK = (1L << SHAPE_SHIFT) - 1;
    private static final long PRESENT = 1L << 62;

    private final ShapeSteps steps;
    private final long[] words;
    private final int[] hpSlots;
    private final int slotCount;
    private final int seedCount;
    private final int archCount;
    /** Per hash slot: the seed it holds (one that does not hash there when it holds none) and that seed's code. */
    private final int[] slotSeed;
    private final int[] slotCode;
    private final int multiplier;
    private final long valuesAddress;
    private final int words0;

    private TrialDirectory(final ShapeSteps steps, final long[] words, final int[] hpSlots, final int slotCount,
        final int seedCount, final int archCount, final int[] slotSeed, final int[] slotCode, final int multiplier,
        final long valuesAddress, final int words0)
    {
        this.steps = steps;
        this.words = words;
        this.hpSlots = hpSlots;
        this.slotCount = slotCount;
        this.seedCount = seedCount;
        this.archCount = archCount;
        this.slotSeed = slotSeed;
        this.slotCode = slotCode;
        this.multiplier = multiplier;
        this.valuesAddress = valuesAddress;
        this.words0 = words0;
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
        final int[] slotSeed = new int[HASH_SLOTS];
        final int[] slotCode = new int[HASH_SLOTS];
        for (int h = 0; h < HASH_SLOTS; h++)
        {
            // a seed that does not hash to h: no query seed that hashes to h equals it
            int other = 0;
            while (hash(other, multiplier) == h)
            {
                other++;
            }
            slotSeed[h] = other;
        }
        for (int c = 0; c < seeds.length; c++)
        {
            slotSeed[hash(seeds[c], multiplier)] = seeds[c];
            slotCode[hash(seeds[c], multiplier)] = c;
        }
        final int mask = file.hpMask();
        final int slots = Layout.hpSlots(mask);
        final int[] hpSlots = new int[Hp.count()];
        for (final Hp hp : Hp.values())
        {
            hpSlots[hp.code()] = Layout.hpSlot(mask, hp);
        }
        final int archs = file.size();
        final long[] words = new long[Math.multiplyExact(archs, slots * Dataset.count() * seeds.length)];
        int used = 0;
        for (int arch = 0; arch < archs; arch++)
        {
            for (final Hp hp : Hp.values())
            {
                if (hpSlots[hp.code()] < 0 || !file.holds(arch, hp))
                {
                    continue;
                }
                for (final Dataset dataset : Dataset.values())
                {
                    final int at = ((arch * slots + hpSlots[hp.code()]) * Dataset.count() + dataset.code()) * seeds.length;
                    used += fill(file, groups, arch, hp, dataset, seeds, multiplier, slotCode, words, at);
                }
            }
        }
        if (used == 0)
        {
            return NONE;
        }
        return new TrialDirectory(groups.steps(), words, hpSlots, slots, seeds.length, archs, slotSeed, slotCode,
            multiplier, file.values.addressOffset(), used);
    }

    /** Writes the words of one group's trials (the first trial of each seed, as upstream's lookup); @return how many. */
    private static int fill(final NasmapFile file, final Groups groups, final int arch, final Hp hp,
        final Dataset dataset, final int[] seeds, final int multiplier, final int[] slotCode, final long[] words,
        final int at)
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
                final int h = hash(seed, multiplier);
                final int code = slotCode[h];
                if (seeds[code] != seed || words[at + code] != 0)
                {
                    continue; // a later trial of a seed already seen: upstream's lookup finds the first
                }
                final int shape = file.shapeAt(g, first, i);
                final long values = file.valuesAt(g, first, i, shape); // checked: [values, + count) inside VALUES
                if (values > VALUES_MASK)
                {
                    continue;
                }
                words[at + code] = values | (long)(shape / org.nasmap.format.ShapeDecoder.LENGTH) << SHAPE_SHIFT | PRESENT;
                used++;
            }
        }
        catch (final NasmapFormatException e)
        {
            // a damaged reference: the group keeps no word, and the line path reports the damage where it is read
            Arrays.fill(words, at, at + seeds.length, 0);
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
        return words0;
    }

    /**
     * @param slot  the shape slot of (split, metric), below {@link org.nasmap.format.ShapeDecoder#SLOT_COUNT}.
     * @param epoch the epoch, or negative for the trial's last.
     * @return the address of the value of (slot, epoch) of the trial of {@code seed} in the group of (arch, hp,
     * dataset), or 0 when the directory has no word for it, the slot is SPARSE or ABSENT in its shape, or the epoch
     * is outside the trial: the caller then takes the line path. The file must be open (the caller checks).
     */
    long valueAddress(final int arch, final Hp hp, final Dataset dataset, final int seed, final int slot, final int epoch)
    {
        final int hpSlot = hpSlots[hp.code()];
        final int h = hash(seed, multiplier);
        if ((arch | (archCount - 1 - arch) | hpSlot) < 0)
        {
            return 0;
        }
        final long word = words[((arch * slotCount + hpSlot) * Dataset.count() + dataset.code()) * seedCount + slotCode[h]];
        final int shape = (int)(word >>> SHAPE_SHIFT) & 0xFFFF; // checked when the word was made; 0 in an empty word
        final int at = ShapeSteps.at(shape, slot);
        final int start = steps.start[at];
        final int epochs = steps.epochs[shape];
        final int e = epoch < 0 ? epochs - 1 : epoch;
        // one test, true when: the hashed slot holds another seed, the word is empty, the slot is not stepped, or e
        // is outside 0 .. epochs - 1 (the trial's values lie inside VALUES: checked when the word was made)
        if ((slotSeed[h] != seed) | ((word - 1 | start | e | epochs - 1 - e) < 0))
        {
            return 0;
        }
        return valuesAddress + ((word & VALUES_MASK) + start + (long)e * steps.step[at]) * Float.BYTES;
    }
}
