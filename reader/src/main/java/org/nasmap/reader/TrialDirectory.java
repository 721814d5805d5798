package org.nasmap.reader;

import java.util.Arrays;
import java.util.HashMap;

import org.agrona.UnsafeApi;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Layout;
import org.nasmap.format.ShapeDecoder;

/**
 * Where each trial's values start, per (architecture, hp, dataset, seed), on the heap, found from the query alone,
 * so that one seed's value ({@code metric}) is a read of a small key table, of the architecture's entry, of a word
 * in a shared row and of VALUES, with the few instructions between them that let the processor overlap consecutive
 * queries, instead of a read of the group line, a search of its seeds and then VALUES.
 * <p>
 * The seed is found by a perfect hash of the file's distinct seeds (at most {@value #MAX_SEEDS}; every NATS-Bench
 * and NAS-Bench-201 file has three or four) into {@value #HASH_SLOTS} slots; the key table, per (slot, hp code,
 * dataset code), holds the seed the slot stands for and where its word lies in an architecture's row, or is negative
 * where the file lacks the hp or no trial of that hp has the seed. A row has a word per hp the file has, dataset and
 * seed occurring at that hp (NATS-Bench's topology space: 111 at hp 12; 777, 888 and 999 at hp 200): the trial's
 * first value index relative to the architecture's base (its lowest) and its shape. Architectures with the same seeds
 * and shapes everywhere have the same relative words, so they share a row: each has only its entry (base | row,
 * 8 bytes), and the random read of a query lands in 125 KB for the full synthetic topology space (three rows) instead
 * of a word per trial (1.25 MB, which measured a second memory latency per query on the project's machine: see
 * bench/README, "Where the directory's read lands"). A file whose architectures all differ gets a row each: the
 * word per trial again, plus the entries. A word is made from the group's checked references (the shape inside the
 * shape table, the trial's values inside VALUES) and is 0 where a reference is damaged, the group lacks the seed or
 * the dataset, or the trial does not fit a word (a first value at 2^28 or beyond, a shape index of
 * {@value #MAX_SHAPES} or more): the caller then takes the line path, which answers or raises what upstream raises.
 * Immutable (final fields only): safe to publish through a racy field.
 * <p>
 * A query reads with Unsafe at offsets that the build made in range and the query checks before each read: its
 * time here is set by how many instructions wait with it for memory (the fewer, the more consecutive queries the
 * processor overlaps), so it makes four loads besides the value and no array bounds check. It reads them through
 * the {@link Column} of its (hp, dataset, shape slot), made at the build: that pair's keys and that slot's steps,
 * sharing the entries and rows.
 * <pre>
 *   keys (long), per (hp code, dataset code), per hash slot: seed | word offset (i32 | i32), the offset negative:
 *   none; steps (long), per shape slot, per shape + 1: start (u32) | step (u16) | epochs (u16), 0: not stepped
 *   arches (long): per architecture
 *   0                                            32                                64
 *   +--------------------------------------------+---------------------------------+
 *   | base: its lowest first value index (u32)   | its row (u32)                   |
 *   +--------------------------------------------+---------------------------------+
 *   rows (int): per distinct row, per hp the file has, per dataset, per seed occurring at that hp:
 *   0                                            28       32
 *   +--------------------------------------------+--------+
 *   | the trial's first value index - base, u28  | shape  |
 *   |                                            | + 1 u4 |
 *   +--------------------------------------------+--------+
 * </pre>
 */
final class TrialDirectory
{
    /** The number of one-seed {@code metric} calls on one reader after which it builds its directory. */
    static final int BUILD_AFTER = 1 << 16;
    /** The most distinct seeds a file may have for a directory. */
    static final int MAX_SEEDS = 8;
    static final int HASH_SLOTS = 16;
    /** Shapes a word can name (its shape field holds the index + 1, 0 for no word). */
    static final int MAX_SHAPES = 15;

    private static final int HASH_SHIFT = Integer.SIZE - Integer.numberOfTrailingZeros(HASH_SLOTS);
    private static final int SHAPE_SHIFT = 28;
    private static final int VALUES_MASK = (1 << SHAPE_SHIFT) - 1;
    private static final long BASE = UnsafeApi.arrayBaseOffset(long[].class);
    private static final long INT_BASE = UnsafeApi.arrayBaseOffset(int[].class);
    private static final int STEP_SHIFT = 32;
    private static final int EPOCHS_SHIFT = 48;
    private static final int NARROW = 0xFFFF;

    /** The answer of {@link #build} for a file it does not serve (too many seeds, no seed, no multiplier). */
    static final TrialDirectory NONE = new TrialDirectory(
        columns(new long[Hp.count() * Dataset.count()][HASH_SLOTS], new long[ShapeDecoder.SLOT_COUNT][MAX_SHAPES + 1],
            new long[0], new int[0], 0, 0, 0, 0), 0, 0, 0, 0);

    /** Per (hp code, dataset code, shape slot): the column {@link #valueAddress} reads. */
    private final Column[] columns;
    private final int rowCount;
    private final int size;
    private final int wordCount;
    private final long bytes;

    private TrialDirectory(final Column[] columns, final int rowCount, final int size, final int wordCount,
        final long bytes)
    {
        this.columns = columns;
        this.rowCount = rowCount;
        this.size = size;
        this.wordCount = wordCount;
        this.bytes = bytes;
    }

    /**
     * @param keys  per (hp code, dataset code), the key of each hash slot: seed | word offset (negative: none).
     * @param steps per shape slot, per shape + 1: start | step | epochs (0 at index 0 and where not stepped).
     * @return a column per (hp code, dataset code, shape slot), sharing those arrays and the rows.
     */
    private static Column[] columns(final long[][] keys, final long[][] steps, final long[] arches, final int[] rows,
        final int archStride, final int archCount, final int multiplier, final long valuesAddress)
    {
        final Column[] columns = new Column[keys.length * ShapeDecoder.SLOT_COUNT];
        for (int i = 0; i < columns.length; i++)
        {
            columns[i] = new Column(keys[i / ShapeDecoder.SLOT_COUNT], steps[i % ShapeDecoder.SLOT_COUNT], arches, rows,
                archStride, archCount, multiplier, valuesAddress);
        }
        return columns;
    }

    private static int columnIndex(final Hp hp, final Dataset dataset, final int slot)
    {
        return (hp.code() * Dataset.count() + dataset.code()) * ShapeDecoder.SLOT_COUNT + slot;
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
            return NONE;
        }
        final int multiplier = multiplier(seeds);
        if (multiplier == 0)
        {
            return NONE;
        }
        final int archs = file.size();
        // one pass over the groups into a word per (architecture, hp slot, dataset, seed of the file), noting which
        // seeds occur at each hp; the directory then keeps, per hp, only those
        final int mask = file.hpMask();
        final int datasetStride = seeds.length;
        final int slotStride = Dataset.count() * datasetStride;
        final int wideStride = Layout.hpSlots(mask) * slotStride;
        final int[] wide = new int[Math.multiplyExact(archs, wideStride)];
        final boolean[][] seen = new boolean[Hp.count()][seeds.length];
        final int[] codes = new int[HASH_SLOTS];
        Arrays.fill(codes, -1);
        for (int c = 0; c < seeds.length; c++)
        {
            codes[hash(seeds[c], multiplier)] = c;
        }
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
                    fill(file, groups, arch, hp, dataset, seeds, codes, multiplier, wide,
                        arch * wideStride + slot * slotStride + dataset.code() * datasetStride, seen[hp.code()]);
                }
            }
        }
        final int[][] position = new int[Hp.count()][seeds.length];
        final int[] occurring = new int[Hp.count()];
        for (final Hp hp : Hp.values())
        {
            Arrays.fill(position[hp.code()], -1);
            for (int code = 0; code < seeds.length; code++)
            {
                if (seen[hp.code()][code])
                {
                    position[hp.code()][code] = occurring[hp.code()]++;
                }
            }
        }
        final int[] hpFirst = new int[Hp.count()];
        int archStride = 0;
        for (final Hp hp : Hp.values())
        {
            hpFirst[hp.code()] = archStride;
            archStride += Dataset.count() * occurring[hp.code()];
        }
        final long[][] keys = new long[Hp.count() * Dataset.count()][HASH_SLOTS];
        for (int h = 0; h < HASH_SLOTS; h++)
        {
            // a seed that does not hash to h: no query seed that hashes to h equals it
            int slotSeed = 0;
            while (hash(slotSeed, multiplier) == h)
            {
                slotSeed++;
            }
            final int code = codes[h];
            if (code >= 0)
            {
                slotSeed = seeds[code];
            }
            for (final Hp hp : Hp.values())
            {
                for (final Dataset dataset : Dataset.values())
                {
                    final int at = code < 0 ? -1 : position[hp.code()][code];
                    final long offset = at < 0 ? Long.MIN_VALUE :
                        (long)(hpFirst[hp.code()] + dataset.code() * occurring[hp.code()] + at) << Integer.SIZE;
                    keys[hp.code() * Dataset.count() + dataset.code()][h] = (slotSeed & 0xFFFF_FFFFL) | offset;
                }
            }
        }
        // per slot, per shape + 1 (a word's top bits; 0 for no word): the shapes a word can name, the others 0
        final ShapeSteps shapeSteps = groups.steps();
        final long[][] steps = new long[ShapeDecoder.SLOT_COUNT][MAX_SHAPES + 1];
        for (int shape = 0; shape < Math.min(file.shapeCount(), MAX_SHAPES); shape++)
        {
            for (int slot = 0; slot < ShapeDecoder.SLOT_COUNT; slot++)
            {
                final int i = ShapeSteps.at(shape, slot);
                final int start = shapeSteps.start[i];
                final int step = shapeSteps.step[i];
                final int epochs = shapeSteps.epochs[shape];
                final boolean fits = start >= 0 && step >= 0 && step <= NARROW && epochs > 0 && epochs <= NARROW;
                steps[slot][shape + 1] = fits ?
                    (start & 0xFFFF_FFFFL) | (long)step << STEP_SHIFT | (long)epochs << EPOCHS_SHIFT : 0;
            }
        }
        final int[] words = new int[Math.multiplyExact(archs, archStride)];
        int used = 0;
        for (int arch = 0; arch < archs; arch++)
        {
            for (final Hp hp : Hp.values())
            {
                final int slot = Layout.hpSlot(mask, hp);
                for (int code = 0; slot >= 0 && code < seeds.length; code++)
                {
                    final int p = position[hp.code()][code];
                    for (int d = 0; p >= 0 && d < Dataset.count(); d++)
                    {
                        final int word = wide[arch * wideStride + slot * slotStride + d * datasetStride + code];
                        words[arch * archStride + hpFirst[hp.code()] + d * occurring[hp.code()] + p] = word;
                        used += word != 0 ? 1 : 0;
                    }
                }
            }
        }
        if (used == 0)
        {
            return NONE;
        }
        // each architecture's words relative to its lowest value index; architectures whose relative words are the
        // same (the same seeds and shapes at every hp and dataset, as most are) share one row
        final long[] arches = new long[archs];
        final HashMap<Row, Integer> distinct = new HashMap<>();
        int[] rows = new int[archStride * 16];
        for (int arch = 0; arch < archs; arch++)
        {
            final int from = arch * archStride;
            int base = VALUES_MASK;
            for (int i = from; i < from + archStride; i++)
            {
                base = words[i] != 0 ? Math.min(base, words[i] & VALUES_MASK) : base;
            }
            base = base == VALUES_MASK ? 0 : base; // no word: any base (every word of the row is 0, refused)
            final int[] row = new int[archStride];
            for (int i = 0; i < archStride; i++)
            {
                final int word = words[from + i];
                // value index - base keeps the shape bits and is not 0 (the shape field is not)
                row[i] = word == 0 ? 0 : word - base;
            }
            final int index = distinct.computeIfAbsent(new Row(row), r -> distinct.size());
            if ((index + 1) * archStride > rows.length)
            {
                rows = Arrays.copyOf(rows, Math.multiplyExact(rows.length, 2));
            }
            System.arraycopy(row, 0, rows, index * archStride, archStride);
            arches[arch] = (base & 0xFFFF_FFFFL) | (long)index << Integer.SIZE;
        }
        rows = Arrays.copyOf(rows, distinct.size() * archStride);
        final long bytes = (long)rows.length * Integer.BYTES +
            (long)(arches.length + keys.length * HASH_SLOTS + steps.length * (MAX_SHAPES + 1)) * Long.BYTES;
        return new TrialDirectory(columns(keys, steps, arches, rows, archStride, archs, multiplier,
            file.values.addressOffset()), distinct.size(), used, words.length, bytes);
    }

    /** One architecture's relative words, as a key of the map that finds equal rows. */
    private static final class Row
    {
        private final int[] words;
        private final int hash;

        Row(final int[] words)
        {
            this.words = words;
            this.hash = Arrays.hashCode(words);
        }

        @Override
        public boolean equals(final Object o)
        {
            return o instanceof Row && Arrays.equals(words, ((Row)o).words);
        }

        @Override
        public int hashCode()
        {
            return hash;
        }
    }

    /**
     * Writes the words of one group's trials (the first trial of each seed, as upstream's lookup) at {@code at} +
     * the seed's index in the file's seeds, and marks in {@code seen} the seeds that got one; a group with a damaged
     * reference gets none.
     *
     * @param codes per hash slot, the index of the file's seed that hashes there, or -1.
     */
    private static void fill(final NasmapFile file, final Groups groups, final int arch, final Hp hp,
        final Dataset dataset, final int[] seeds, final int[] codes, final int multiplier, final int[] wide,
        final int at, final boolean[] seen)
    {
        try
        {
            final int g = groups.groupOrAbsent(arch, hp, dataset);
            final int first = file.groupFirstTrial(g);
            final int n = first < 0 ? 0 : file.groupSeedCount(g);
            if (first < 0 || (long)first + n > file.trialCount())
            {
                return;
            }
            int done = 0;
            for (int i = 0; i < n; i++)
            {
                final int seed = file.seedAt(g, first, i);
                final int code = codes[hash(seed, multiplier)];
                if (code < 0 || seeds[code] != seed || (done & 1 << code) != 0)
                {
                    continue; // a seed not in the table (a damaged copy), or a later trial of a seed already seen
                }
                done |= 1 << code;
                final int shape = file.shapeAt(g, first, i);
                final long values = file.valuesAt(g, first, i, shape); // checked: [values, + count) inside VALUES
                final int shapeIndex = shape / ShapeDecoder.LENGTH;
                if (values <= VALUES_MASK && shapeIndex < MAX_SHAPES)
                {
                    wide[at + code] = (int)values | (shapeIndex + 1) << SHAPE_SHIFT;
                }
                // else it does not fit a word: the line path answers
            }
        }
        catch (final NasmapFormatException e)
        {
            // a damaged reference: the group keeps no word, and the line path reports the damage where it is read
            Arrays.fill(wide, at, at + seeds.length, 0);
            return;
        }
        for (int code = 0; code < seeds.length; code++)
        {
            seen[code] |= wide[at + code] != 0;
        }
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

    /** @return the bytes of its arrays' elements (the columns' objects not counted). */
    long bytes()
    {
        return bytes;
    }

    /** @return the number of words (with a trial or empty) of every architecture, before equal rows are shared. */
    int wordCount()
    {
        return wordCount;
    }

    /** @return the number of distinct rows of words. */
    int rowCount()
    {
        return rowCount;
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
        return columns[columnIndex(hp, dataset, slot)].valueAddress(arch, seed, epoch);
    }

    /** @return the column of (hp, dataset, shape slot), for {@link MetricColumn} and {@link #valueAddress}. */
    Column column(final Hp hp, final Dataset dataset, final int slot)
    {
        return columns[columnIndex(hp, dataset, slot)];
    }

    /**
     * The directory at one (hp, dataset, shape slot): that pair's keys and that slot's steps, so that a query needs
     * no hp, dataset or slot arithmetic and no shape decoding (the layouts are in the class's ruler). Immutable;
     * shares the directory's arrays.
     */
    static final class Column
    {
        private final long[] keys;
        private final long[] steps;
        private final long[] arches;
        private final int[] rows;
        private final int archStride;
        private final int archCount;
        private final int multiplier;
        private final long valuesAddress;

        private Column(final long[] keys, final long[] steps, final long[] arches, final int[] rows,
            final int archStride, final int archCount, final int multiplier, final long valuesAddress)
        {
            this.keys = keys;
            this.steps = steps;
            this.arches = arches;
            this.rows = rows;
            this.archStride = archStride;
            this.archCount = archCount;
            this.multiplier = multiplier;
            this.valuesAddress = valuesAddress;
        }

        /**
         * @param epoch the epoch, or negative for the trial's last.
         * @return the address of the value of the trial of {@code seed} of {@code arch} at this column's (hp,
         * dataset), slot and {@code epoch}, or 0 where {@link TrialDirectory#valueAddress} gives 0. The file must be
         * open (the caller checks).
         */
        long valueAddress(final int arch, final int seed, final int epoch)
        {
            // the key (in range: the hash is below HASH_SLOTS)
            final long key = UnsafeApi.getLong(keys, BASE + (long)hash(seed, multiplier) * Long.BYTES);
            // one test before the entry and the word are read: the index in range, the key has a word, the slot
            // holds the seed
            if (((arch | (archCount - 1 - arch) | key) < 0) | (int)key != seed)
            {
                return 0;
            }
            // the architecture's base and row (a small array that stays in cache), then the word in the row (in
            // range: the row index and the word offset were made below their counts)
            final long entry = UnsafeApi.getLong(arches, BASE + (long)arch * Long.BYTES);
            final int word = UnsafeApi.getInt(rows, INT_BASE + ((entry >>> Integer.SIZE) * archStride +
                (key >>> Integer.SIZE)) * Integer.BYTES);
            // the word's top four bits (shape + 1, or 0 for no word) index steps, which has MAX_SHAPES + 1 = 16
            final long step = UnsafeApi.getLong(steps, BASE + (long)(word >>> SHAPE_SHIFT) * Long.BYTES);
            final int epochs = (int)(step >>> EPOCHS_SHIFT);
            final int e = epoch < 0 ? epochs - 1 : epoch;
            // one test: no word or a slot that is not stepped (epochs 0), or e outside 0 .. epochs - 1 (the trial's
            // values lie inside VALUES: checked when the word was made)
            if ((e | epochs - 1 - e) < 0)
            {
                return 0;
            }
            return valuesAddress + ((entry & 0xFFFF_FFFFL) + (word & VALUES_MASK) + (step & 0xFFFF_FFFFL) +
                (long)e * (step >>> STEP_SHIFT & NARROW)) * Float.BYTES;
        }
    }
}
