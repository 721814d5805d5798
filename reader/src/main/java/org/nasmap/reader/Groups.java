package org.nasmap.reader;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Layout;

/**
 * The group of (architecture, hp, dataset) after upstream's checks, and its trials by position. A group's
 * entry holds its seeds, shapes and first values inline (GROUP in FORMAT.md), so a query reads the group once
 * and the value next.
 */
final class Groups
{
    private final NasmapFile file;

    Groups(final NasmapFile file)
    {
        this.file = file;
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
}
