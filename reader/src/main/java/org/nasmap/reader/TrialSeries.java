package org.nasmap.reader;

import org.nasmap.format.SeriesKind;

/**
 * A flyweight over one per-epoch series (one metric of one set) of one trial: wrap it with
 * {@link NasBench#series}, then read epochs without allocating. It holds the file, a trial and a slot;
 * {@link #wrap} returns {@code this}. Valid as long as the file is open; not thread-safe (one per thread).
 */
public final class TrialSeries
{
    private NasmapFile file;
    private int epochs;
    private int kind;
    private long start;
    private int count;
    private int list;

    TrialSeries wrap(final NasmapFile file, final int shape, final long trialBase, final int slot)
    {
        this.file = file;
        this.epochs = file.shapeEpochs(shape);
        this.kind = file.slotKind(shape, slot);
        this.start = trialBase + file.slotValueOffset(shape, slot);
        this.count = file.slotValueCount(shape, slot);
        this.list = file.slotEpochsIndex(shape, slot);
        return this;
    }

    /** @return the trial's number of epochs. */
    public int epochs()
    {
        return epochs;
    }

    /** @return how the series is stored. */
    public SeriesKind kind()
    {
        return SeriesKind.ofCode(kind);
    }

    /** @return true when the source has a value at that epoch. */
    public boolean has(final int epoch)
    {
        return index(epoch) >= 0;
    }

    /**
     * @return the value at that epoch.
     * @throws NasmapQueryException when the source has none there.
     */
    public float get(final int epoch)
    {
        final long i = index(epoch);
        if (i < 0)
        {
            throw new NasmapQueryException("no value at epoch " + epoch + " (" + kind() + " series of " + epochs + " epochs)");
        }
        return file.value(i);
    }

    private long index(final int epoch)
    {
        if (epoch < 0 || epoch >= epochs)
        {
            return -1;
        }
        switch (kind)
        {
            case SeriesKind.DENSE_CODE:
                return start + epoch;
            case SeriesKind.CONSTANT_CODE:
                return start;
            case SeriesKind.SPARSE_CODE:
                for (int i = 0; i < count; i++)
                {
                    if (file.epochListEntry(list + i) == epoch)
                    {
                        return start + i;
                    }
                }
                return -1;
            default:
                return -1;
        }
    }

}
