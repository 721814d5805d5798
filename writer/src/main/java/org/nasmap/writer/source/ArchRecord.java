package org.nasmap.writer.source;

import java.util.ArrayList;
import java.util.List;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;

/**
 * Everything a source holds for one architecture: per hp (in source order), per dataset (in the
 * order of the {@code dataset_seed} map), the trials in the order of that dataset's seed list.
 */
public final class ArchRecord
{
    /** The trials of one dataset at one hp, in seed-list order. */
    public record DatasetTrials(Dataset dataset, List<TrialRecord> trials)
    {
    }

    /** The results of one hp. */
    public record HpResults(Hp hp, List<DatasetTrials> datasets)
    {
    }

    private final int index;
    private final String archStr;
    private final List<HpResults> hps = new ArrayList<>();

    public ArchRecord(final int index, final String archStr)
    {
        this.index = index;
        this.archStr = archStr;
    }

    public int index()
    {
        return index;
    }

    public String archStr()
    {
        return archStr;
    }

    /** @return the hp results in source order. */
    public List<HpResults> hps()
    {
        return hps;
    }

    public ArchRecord add(final HpResults results)
    {
        for (final HpResults h : hps)
        {
            if (h.hp() == results.hp())
            {
                throw new IllegalArgumentException("architecture " + index + " has hp " + results.hp() + " twice");
            }
        }
        hps.add(results);
        return this;
    }

    /** @return the results of that hp, or null. */
    public HpResults hp(final Hp hp)
    {
        for (final HpResults h : hps)
        {
            if (h.hp() == hp)
            {
                return h;
            }
        }
        return null;
    }
}
