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
 * and the value next.
 */
final class Groups
{
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

    Groups(final NasmapFile file)
    {
        this.file = file;
        archHpAddress = file.archHp.addressOffset();
        groupsAddress = file.groups.addressOffset();
        valuesAddress = file.values.addressOffset();
        hpMask = file.hpMask();
        hpSlots = file.hpSlots();
        identityRows = file.identityRows;
        trialCount = file.trialCount();
        shapeCount = file.shapeCount();
        valueCount = file.valueCount;
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
        return file.groupIndex(arch, hp, dataset);
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
     * the caller then takes the checked path, which raises what upstream raises, or answers. Few instructions, and
     * no branch on which seed or which series kind, so that a caller's next query can start while this one waits
     * for memory.
     *
     * @param slot  the shape slot of (split, metric), below {@link ShapeDecoder#SLOT_COUNT}.
     * @param epoch the epoch, or negative for the trial's last.
     */
    long seedValueAddress(final int arch, final Hp hp, final Dataset dataset, final int seed, final int slot, final int epoch)
    {
        file.checkArch(arch);
        final long line = line(arch, hp, dataset);
        final int i = line == 0 ? -1 : inlinePosition(line, seed);
        final long index = i < 0 ? -1 : inlineValueIndex(line, i, slot, epoch);
        return index < 0 ? 0 : valuesAddress + index * Float.BYTES;
    }

    /** @return the f32 at an address {@link #seedValueAddress} returned. */
    static float valueAt(final long address)
    {
        return UnsafeApi.getFloat(null, address);
    }

    /**
     * @return the address of the GROUPS entry of (arch, hp, dataset) when the architecture has results at that hp,
     * else 0. {@code arch} must be checked against ARCH_COUNT, the element count of ARCH_HP; the row is below
     * HELD_COUNT, so the group is below the element count of GROUPS: no read of the entry leaves the section.
     */
    private long line(final int arch, final Hp hp, final Dataset dataset)
    {
        final int bit = 1 << hp.code();
        if ((UnsafeApi.getByte(null, archHpAddress + arch) & hpMask & bit) == 0)
        {
            return 0;
        }
        final int row = identityRows ? arch : file.row(arch);
        final int slot = Integer.bitCount(hpMask & (bit - 1));
        return groupsAddress + Layout.groupIndex(row, slot, hpSlots, dataset.code()) * GroupDecoder.LENGTH;
    }

    /**
     * @return the position of {@code seed} among the group's inline seeds (the first of equal ones, as
     * {@link #position}), or -1 when the dataset is absent, the seed is not inline, or the group's trials run past
     * TRIALS.
     */
    private int inlinePosition(final long line, final int seed)
    {
        final int first = UnsafeApi.getInt(null, line + GroupDecoder.FIRST_TRIAL_OFFSET);
        final int n = UnsafeApi.getShort(null, line + GroupDecoder.SEED_COUNT_OFFSET) & 0xFFFF;
        final long seeds = line + GroupDecoder.SEEDS_OFFSET;
        // bit k set when inline seed k (of the group's first min(n, 4)) is the one asked for
        final int found = (same(UnsafeApi.getInt(null, seeds), seed) |
            same(UnsafeApi.getInt(null, seeds + Integer.BYTES), seed) << 1 |
            same(UnsafeApi.getInt(null, seeds + 2 * Integer.BYTES), seed) << 2 |
            same(UnsafeApi.getInt(null, seeds + 3 * Integer.BYTES), seed) << 3) &
            ((1 << Math.min(n, GroupDecoder.INLINE)) - 1);
        return found == 0 | first < 0 | (long)first + n > trialCount ? -1 : Integer.numberOfTrailingZeros(found);
    }

    /**
     * @return the VALUES index of (slot, epoch) of the trial at inline position {@code i}, or -1 when its shape is out
     * of range, the epoch outside the trial's, its values outside VALUES, or the value missing. The shape and the
     * values' range are checked before they address anything.
     */
    private long inlineValueIndex(final long line, final int i, final int slot, final int epoch)
    {
        final int shape = UnsafeApi.getShort(null, line + GroupDecoder.SHAPES_OFFSET + (long)i * Short.BYTES) & 0xFFFF;
        final long values = UnsafeApi.getInt(null, line + GroupDecoder.VALUES_OFFSET + (long)i * Integer.BYTES);
        if (shape >= shapeCount)
        {
            return -1;
        }
        final int shapeAt = shape * ShapeDecoder.LENGTH;
        final int epochs = file.shapeEpochs(shapeAt);
        final int e = epoch < 0 ? epochs - 1 : epoch;
        // negative when e is outside 0 .. epochs - 1 or the trial's values [values, + its count) leave VALUES
        if ((e | (epochs - 1 - e) | values | (valueCount - file.shapeValueCount(shapeAt) - values)) < 0)
        {
            return -1;
        }
        return SeriesCursor.valueIndex(file, shapeAt, values, slot, e);
    }

    /** @return 1 when {@code a == b}, else 0, without a branch. */
    private static int same(final int a, final int b)
    {
        final int d = a ^ b;
        return ~(d | -d) >>> 31;
    }
}
