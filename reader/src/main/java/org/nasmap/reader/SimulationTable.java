package org.nasmap.reader;

import java.util.random.RandomGenerator;

import org.agrona.UnsafeApi;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Layout;
import org.nasmap.format.Split;
import org.nasmap.format.TrialFinalDecoder;

/**
 * {@code simulate_train_eval}'s draw words of one open file, on the heap: per (architecture, hp, dataset) one
 * {@code long} that says where the group's TRIAL_FINALS entries start, how many trials it has and their shared
 * epoch count, so that a drawn seed's answer is one read of this table (1 MB for the topology space: it stays in
 * the CPU's caches) and one of the trial's entry, instead of a read of the group line in the mapping and then of
 * the entry (two dependent memory misses).
 * <p>
 * A word is {@link TrainEvalSimulator#drawWord}'s, computed once per group from the group line with every reference
 * checked against its section; 0 where that path answers nothing (the group is absent or raises, its costs or
 * times need the checked path, its trials differ in epochs or repeat a seed), and then the caller takes the
 * line path, which raises what upstream raises. Only files whose cost columns are addressable (every architecture
 * held) have words. Immutable (final fields only): safe to publish through a racy field.
 * <pre>
 *   word  0                    32        40               56     64
 *         +--------------------+---------+----------------+------+
 *         | FIRST_FINAL        | COUNT   | EPOCHS         | 0    |
 *         | u32                | u8      | u16            |      |
 *         +--------------------+---------+----------------+------+
 * </pre>
 */
final class SimulationTable
{
    /** The number of calls on one reader after which it builds its table (a short process never pays for it). */
    static final int BUILD_AFTER = 1 << 16;

    /** The answer of {@link #build} for a file without a word: not built again. */
    static final SimulationTable NONE = new SimulationTable(new long[0], new long[0], absentHps(), 0, 0);

    private static final int COUNT_SHIFT = 32;
    private static final int EPOCHS_SHIFT = 40;
    private static final int X_VALID = Split.X_VALID.code() * TrialFinalDecoder.SPLIT_LENGTH;

    private final long[] words;
    /** Per (hp slot, dataset) the address of the latency column in COSTS, 0 where it is not addressable. */
    private final long[] latencyColumns;
    /** Per hp code its slot in the file, -1 where the file lacks the hp. */
    private final int[] hpSlots;
    private final int slotCount;
    private final long finalsAddress;

    /** @return the bytes of its arrays' elements. */
    long bytes()
    {
        return ((long)words.length + latencyColumns.length) * Long.BYTES + (long)hpSlots.length * Integer.BYTES;
    }

    private SimulationTable(final long[] words, final long[] latencyColumns, final int[] hpSlots, final int slotCount,
        final long finalsAddress)
    {
        this.words = words;
        this.latencyColumns = latencyColumns;
        this.hpSlots = hpSlots;
        this.slotCount = slotCount;
        this.finalsAddress = finalsAddress;
    }

    /** @return per hp code -1: no hp has words. */
    private static int[] absentHps()
    {
        final int[] slots = new int[Hp.count()];
        java.util.Arrays.fill(slots, -1);
        return slots;
    }

    /**
     * Builds the words of every (architecture, hp, dataset) of a file: one pass over its group lines.
     *
     * @return the table, or {@link #NONE} when no group has a word.
     */
    static SimulationTable build(final NasmapFile file, final Groups groups, final TrainEvalSimulator simulator)
    {
        final int mask = file.hpMask();
        final int slots = Layout.hpSlots(mask);
        final int datasets = Dataset.count();
        final int[] hpSlots = new int[Hp.count()];
        final long[] latency = new long[slots * datasets];
        final long[] words = new long[Math.multiplyExact(file.size(), slots * datasets)];
        int used = 0;
        for (final Hp hp : Hp.values())
        {
            final int slot = Layout.hpSlot(mask, hp);
            hpSlots[hp.code()] = slot;
            for (final Dataset dataset : Dataset.values())
            {
                final long column = slot < 0 || dataset == Dataset.CIFAR10_VALID ? 0 :
                    file.fullCostAddress(hp, dataset, Layout.COST_LATENCY);
                if (column == 0)
                {
                    continue;
                }
                latency[slot * datasets + dataset.code()] = column;
                final Dataset valid = dataset == Dataset.CIFAR10 ? Dataset.CIFAR10_VALID : dataset;
                for (int arch = 0; arch < file.size(); arch++)
                {
                    final long line = groups.lineAddress(arch, hp, valid);
                    final long word = line == 0 ? 0 : simulator.drawWord(line, dataset, valid);
                    words[(arch * slots + slot) * datasets + dataset.code()] = word;
                    used += word == 0 ? 0 : 1;
                }
            }
        }
        return used == 0 ? NONE : new SimulationTable(words, latency, hpSlots, slots, file.trialFinals.addressOffset());
    }

    /** @return the number of groups with a word. */
    int size()
    {
        int size = 0;
        for (final long word : words)
        {
            size += word == 0 ? 0 : 1;
        }
        return size;
    }

    /**
     * {@code simulate_train_eval(arch, dataset, iepoch=None, hp)} with the seed drawn from {@code generator} as
     * upstream draws it ({@code random.choice} over the group's seeds), when the group has a word.
     *
     * @param arch an index below the file's architecture count (checked by the caller).
     * @return false, having drawn nothing and written nothing, when the group has no word.
     */
    boolean simulate(final int arch, final Dataset dataset, final Hp hp, final RandomGenerator generator,
        final SimulationResult out)
    {
        final int slot = hpSlots[hp.code()];
        if (slot < 0)
        {
            return false;
        }
        final int at = slot * Dataset.count() + dataset.code();
        final long word = words[(arch * slotCount + slot) * Dataset.count() + dataset.code()];
        if (word == 0)
        {
            return false;
        }
        answer(finalsAddress, word, drawn(generator, word), latencyColumns[at], arch, out);
        return true;
    }

    /** @return a word of the group's first TRIAL_FINALS entry, its trial count (1 to 255) and epoch count (1 to 65535). */
    static long word(final int firstFinal, final int count, final int epochs)
    {
        return (firstFinal & 0xFFFF_FFFFL) | (long)count << COUNT_SHIFT | (long)epochs << EPOCHS_SHIFT;
    }

    /** @return the number of trials of a word's group. */
    static int count(final long word)
    {
        return (int)(word >>> COUNT_SHIFT) & 0xFF;
    }

    /** @return the position {@code generator} draws among a word's trials, checked to be one of them. */
    static int drawn(final RandomGenerator generator, final long word)
    {
        final int n = count(word);
        final int i = generator.nextInt(n);
        if (i < 0 || i >= n)
        {
            throw new IllegalStateException("the generator drew " + i + " for a bound of " + n);
        }
        return i;
    }

    /**
     * Fills {@code out} from the TRIAL_FINALS entry of trial {@code i} of a word's group, and the latency column.
     *
     * @param i a position below {@link #count}: the word's entries lie inside TRIAL_FINALS (checked when it was
     *          made), so the entry's fields are read without a check each.
     */
    static void answer(final long finalsAddress, final long word, final int i, final long latencyColumn, final int arch,
        final SimulationResult out)
    {
        final long entry = finalsAddress + ((word & 0xFFFF_FFFFL) + i) * TrialFinalDecoder.LENGTH;
        final double total = (int)(word >>> EPOCHS_SHIFT) & 0xFFFF;
        final double timeCost = UnsafeApi.getDouble(null, entry + TrialFinalDecoder.ALL_TIME_OFFSET) +
            UnsafeApi.getDouble(null, entry + X_VALID + TrialFinalDecoder.ALL_TIME_OFFSET) / total;
        out.validAccuracy = UnsafeApi.getFloat(null, entry + X_VALID + TrialFinalDecoder.ACCURACY_OFFSET);
        out.latency = UnsafeApi.getDouble(null, latencyColumn + (long)arch * Double.BYTES);
        out.timeCost = timeCost;
        out.usedTime += timeCost;
    }
}
