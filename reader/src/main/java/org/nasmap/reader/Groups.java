package org.nasmap.reader;

import org.agrona.UnsafeApi;
import org.nasmap.format.Dataset;
import org.nasmap.format.GroupDecoder;
import org.nasmap.format.Hp;
import org.nasmap.format.Layout;
import org.nasmap.format.ShapeDecoder;

/**
 * The group of (architecture, hp, dataset) after upstream's checks, and its trials by position. A group's
 * entry holds its seeds, shapes and first values inline (GROUP in FORMAT.md), so a query reads the group once
 * and the value next; {@link #seedValueAddress} does so for one seed's value on a short path.
 */
final class Groups
{
    /** 1 in each 32-bit lane of a long, and each lane's high bit: the inline seeds compared two at a time. */
    private static final long LANE_ONES = 0x0000_0001_0000_0001L;
    private static final long LANE_HIGH_BITS = 0x8000_0000_8000_0000L;

    private final NasmapFile file;
    // what the common query (seedValueAddress) reads, fixed at open: the mapping lives as long as the file object
    private final long archHpAddress;
    private final long groupsAddress;
    private final long valuesAddress;
    private final int hpMask;
    private final int hpSlots;
    private final boolean identityRows;
    private final int trialCount;
    private final int shapeCount;
    private final long valueCount;
    private final int archCount;
    /** The file's validated shape copy (off the heap), read with plain addresses. */
    private final long shapesAddress;
    private final ShapeSteps steps;

    Groups(final NasmapFile file)
    {
        this.file = file;
        archCount = file.size();
        shapesAddress = file.shapes.addressOffset();
        archHpAddress = file.archHp.addressOffset();
        groupsAddress = file.groups.addressOffset();
        valuesAddress = file.values.addressOffset();
        hpMask = file.hpMask();
        hpSlots = file.hpSlots();
        identityRows = file.identityRows;
        trialCount = file.trialCount();
        shapeCount = file.shapeCount();
        valueCount = file.valueCount;
        steps = new ShapeSteps(file);
    }

    /**
     * @return the group of (arch, hp, dataset), after upstream's checks: the index is in range, the
     * file holds the architecture, the architecture has that hp, and the dataset is in its seed map.
     */
    int group(final int arch, final Hp hp, final Dataset dataset)
    {
        final int g = groupOrAbsent(arch, hp, dataset);
        if (file.groupFirstTrial(g) < 0)
        {
            throw absent(arch, hp, dataset);
        }
        return g;
    }

    /** Like {@link #group} but returns the group even when the dataset is absent. */
    int groupOrAbsent(final int arch, final Hp hp, final Dataset dataset)
    {
        return (int)Layout.groupIndex(row(arch, hp), file.hpSlot(hp), file.hpSlots(), dataset.code());
    }

    /**
     * @return the architecture's row, after upstream's checks of the index, that the file holds it and that it
     * has that hp (not the dataset: its group is not read).
     */
    int row(final int arch, final Hp hp)
    {
        file.checkArch(arch);
        final int bits = file.archHp.getByte(arch);
        if (bits == 0)
        {
            throw new NasmapQueryException("architecture " + arch + " is not held by this file (" + file.heldCount() +
                " of " + file.size() + " architectures are)");
        }
        if ((bits & (1 << hp.code())) == 0 || file.hpSlot(hp) < 0)
        {
            throw new NasmapQueryException("architecture " + arch + " has no results at hp " + hp);
        }
        return file.row(arch);
    }

    static NasmapQueryException absent(final int arch, final Hp hp, final Dataset dataset)
    {
        return new NasmapQueryException("dataset " + dataset + " is not among the results of architecture " + arch +
            " at hp " + hp);
    }

    /** @return the trial index at seed position {@code i} of (arch, dataset, hp), checked. */
    int trialAt(final int arch, final Dataset dataset, final Hp hp, final int i)
    {
        final int g = group(arch, hp, dataset);
        final int n = file.groupSeedCount(g);
        if (i < 0 || i >= n)
        {
            throw new NasmapQueryException("seed position " + i + " outside the " + n + " seeds");
        }
        return file.groupFirstTrial(g) + i;
    }

    /** @return the position of {@code seed} in group {@code g} (first trial {@code first}, {@code n} seeds), or -1. */
    int position(final int g, final int first, final int n, final int seed)
    {
        for (int i = 0; i < n; i++)
        {
            if (file.seedAt(g, first, i) == seed)
            {
                return i;
            }
        }
        return -1;
    }

    /** @return the position of the chosen trial in its group, or -1 when the seed is not there. */
    int pick(final int g, final int first, final int n, final SeedChoice choice)
    {
        if (choice.kind() == SeedChoice.RANDOM)
        {
            return n == 0 ? -1 : choice.generator().nextInt(n);
        }
        return position(g, first, n, choice.seedValue());
    }

    /**
     * One seed's value on the common path: the address of the value of (slot, epoch) of the trial of {@code seed} in
     * the group of (arch, hp, dataset), or 0 for anything else (the architecture, hp or dataset absent, the seed
     * missing or beyond the group's inline seeds, the epoch or the value missing, a reference out of its section):
     * the caller then takes the checked path, which raises what upstream raises, or answers.
     * <p>
     * Every read stays inside its section: the architecture is checked against ARCH_COUNT (the element count of
     * ARCH_HP); its row is below HELD_COUNT, so its group is below the element count of GROUPS; the shape read
     * from the group's line is checked before the validated shape copy is addressed with it, and the trial's
     * values, with the epoch, before VALUES is. The checks are merged into few branches, none of which depends on
     * which seed or which series kind: a short path lets the processor start a caller's next query while this one
     * waits for memory.
     *
     * @param slot  the shape slot of (split, metric), below {@link ShapeDecoder#SLOT_COUNT}.
     * @param epoch the epoch, or negative for the trial's last.
     */
    long seedValueAddress(final int arch, final Hp hp, final Dataset dataset, final int seed, final int slot, final int epoch)
    {
        final long line = lineAddress(arch, hp, dataset);
        return line == 0 ? 0 : trialValueAddress(line, seed, slot, epoch);
    }

    /**
     * @return the address of the GROUP_ANSWERS entry of (arch, hp, dataset), or 0 when the file has none for that hp;
     * inside the section. On a full file the index is the row and the entry is not checked further: only a PRESENT
     * entry is answered from, and it exists for an architecture that has the hp and the dataset. Else after the
     * checks of {@link #row}. Valid while the file object is reachable.
     */
    long answerAddress(final int arch, final Hp hp, final Dataset dataset)
    {
        final long base = file.fullAnswerAddress(hp, dataset);
        if (base != 0 && arch >= 0 && arch < archCount && !file.isClosed())
        {
            return base + arch * file.answerRowStride();
        }
        final int at = file.answerAt(row(arch, hp), hp, dataset);
        return at < 0 ? 0 : file.groupAnswers.addressOffset() + at;
    }

    /**
     * @return the address of the GROUP line of (arch, hp, dataset), after the checks that the file is open, the index
     * in range and the architecture held at that hp (not that the dataset is present); or 0 when one fails. Valid
     * while the file object is reachable.
     */
    long lineAddress(final int arch, final Hp hp, final Dataset dataset)
    {
        file.ensureOpen();
        final int bit = 1 << hp.code();
        // the architecture inside ARCH_HP (whose element count is ARCH_COUNT), with results at that hp in this file
        if (arch < 0 || arch >= archCount || (UnsafeApi.getByte(null, archHpAddress + arch) & hpMask & bit) == 0)
        {
            return 0;
        }
        // its row is below HELD_COUNT, so its group is below the element count of GROUPS
        final int row = identityRows ? arch : file.row(arch);
        return groupsAddress +
            Layout.groupIndex(row, Integer.bitCount(hpMask & (bit - 1)), hpSlots, dataset.code()) * GroupDecoder.LENGTH;
    }

    /**
     * @return the address of the value of (slot, epoch) of the trial of {@code seed} in the group at {@code line}, or 0
     * when the dataset is absent, the seed not inline, the epoch or the value missing, or a reference read from the
     * line out of its section.
     */
    private long trialValueAddress(final long line, final int seed, final int slot, final int epoch)
    {
        // FIRST_TRIAL and SEED_COUNT in one read (little-endian: the first is the low half)
        final long head = UnsafeApi.getLong(null, line + GroupDecoder.FIRST_TRIAL_OFFSET);
        final int first = (int)head;
        final int n = (int)(head >>> Byte.SIZE * (GroupDecoder.SEED_COUNT_OFFSET - GroupDecoder.FIRST_TRIAL_OFFSET)) & 0xFFFF;
        // the position of the seed among the inline ones (4 when none is), the lowest as in position()
        final int i = inlinePosition(line, seed);
        // inside the line even when i is 4; not used then
        final int shape = UnsafeApi.getShort(null, line + GroupDecoder.SHAPES_OFFSET + (long)i * Short.BYTES) & 0xFFFF;
        // one test, negative when: the seed is not among the group's first min(n, 4), the dataset is absent, the shape
        // is out of range or the group's trials run past TRIALS (the shape is checked before the copy is read with it)
        if (((Math.min(n, GroupDecoder.INLINE) - 1 - i) | first | (shapeCount - 1 - shape) | ((long)trialCount - n - first)) < 0)
        {
            return 0;
        }
        final long values = UnsafeApi.getInt(null, line + GroupDecoder.VALUES_OFFSET + (long)i * Integer.BYTES);
        final int at = ShapeSteps.at(shape, slot);
        final int start = steps.start[at];
        final int epochs = steps.epochs[shape];
        final int e = epoch < 0 ? epochs - 1 : epoch;
        // DENSE: the epoch's value, CONSTANT: the one value; else (SPARSE, ABSENT) the shape copy's epoch list
        final long index = start >= 0 ? values + start + (long)e * steps.step[at] :
            SeriesCursor.valueIndex(file, SeriesCursor.slotAddress(shapesAddress + (long)shape * ShapeDecoder.LENGTH,
                slot), values, e);
        // one test before VALUES is read, negative when: e is outside 0 .. epochs - 1, the trial's values
        // [values, + its value count) leave VALUES, or the series has no value at e
        if ((e | (epochs - 1 - e) | values | (valueCount - steps.valueCount[shape] - values) | index) < 0)
        {
            return 0;
        }
        return valuesAddress + index * Float.BYTES;
    }

    /**
     * @return the position of {@code seed} among the four inline seeds of the group at {@code line} (the lowest when
     * several match), or 4 when none does: two 8-byte reads and no branch. A 32-bit lane of {@code x} is zero exactly
     * where a seed matches, and then {@code (x - LANE_ONES) & ~x} has the lane's high bit set; the borrow out of a
     * zero low lane can also mark the high lane, but the low one wins.
     */
    static int inlinePosition(final long line, final int seed)
    {
        final long both = (seed & 0xFFFF_FFFFL) * LANE_ONES;
        final long x01 = UnsafeApi.getLong(null, line + GroupDecoder.SEEDS_OFFSET) ^ both;
        final long x23 = UnsafeApi.getLong(null, line + GroupDecoder.SEEDS_OFFSET + Long.BYTES) ^ both;
        final int p01 = Long.numberOfTrailingZeros((x01 - LANE_ONES) & ~x01 & LANE_HIGH_BITS) >>> 5; // 0, 1; 2: none
        final int p23 = (Long.numberOfTrailingZeros((x23 - LANE_ONES) & ~x23 & LANE_HIGH_BITS) >>> 5) + 2; // 2, 3; 4
        return p01 + ((p23 - 2) & -(p01 >>> 1));
    }

    /** @return the value steps of the file's shapes. */
    ShapeSteps steps()
    {
        return steps;
    }

    /** @return the inline seed at position {@code i} (below {@link GroupDecoder#INLINE}) of the group at {@code line}. */
    static int inlineSeed(final long line, final int i)
    {
        return UnsafeApi.getInt(null, line + GroupDecoder.SEEDS_OFFSET + (long)i * Integer.BYTES);
    }

    /** @return the f32 at an address {@link #seedValueAddress} returned. */
    static float valueAt(final long address)
    {
        return UnsafeApi.getFloat(null, address);
    }
}
