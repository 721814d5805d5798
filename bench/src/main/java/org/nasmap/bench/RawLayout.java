package org.nasmap.bench;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Layout;

/**
 * The file read with nothing but {@link Layout} (field widths as FORMAT.md gives them), on a mapping of its own: where a value of (arch, hp,
 * dataset, seed position, slot, epoch) lies. The benchmarks use it at setup to find the byte offset of
 * each random epoch-metric read, which the {@code mappedBuffer} and {@code floatArray} baselines then read
 * directly.
 */
public final class RawLayout implements AutoCloseable
{
    private final MappedByteBuffer b;
    private final int hpMask;
    private final int hpSlots;
    private final long rows;
    private final long groups;
    private final long trials;
    private final long shapes;
    private final long epochLists;
    private final long values;
    private final long valuesLength;
    private final long finalMeans;
    private final int heldCount;

    public RawLayout(final Path path) throws IOException
    {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ))
        {
            b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
        b.order(ByteOrder.LITTLE_ENDIAN);
        if (b.getLong(Layout.MAGIC_OFFSET) != Layout.MAGIC)
        {
            throw new IOException("not a nasmap file: " + path);
        }
        hpMask = b.getInt(Layout.HP_MASK_OFFSET);
        hpSlots = Layout.hpSlots(hpMask);
        rows = sectionOffset(Layout.SECTION_ARCH_ROWS);
        groups = sectionOffset(Layout.SECTION_GROUPS);
        trials = sectionOffset(Layout.SECTION_TRIALS);
        shapes = sectionOffset(Layout.SECTION_SHAPES);
        epochLists = sectionOffset(Layout.SECTION_EPOCH_LISTS);
        values = sectionOffset(Layout.SECTION_VALUES);
        valuesLength = sectionEntry(Layout.SECTION_VALUES, Layout.ENTRY_LENGTH_OFFSET);
        finalMeans = sectionOffset(Layout.SECTION_FINAL_MEANS);
        heldCount = b.getInt(Layout.HELD_COUNT_OFFSET);
    }

    private long sectionEntry(final int id, final int field)
    {
        return b.getLong(Layout.SECTION_TABLE_OFFSET + (id - 1) * Layout.SECTION_ENTRY_LENGTH + field);
    }

    private long sectionOffset(final int id)
    {
        return sectionEntry(id, Layout.ENTRY_OFFSET_OFFSET);
    }

    /** @return the byte offset of the VALUES section in the file. */
    public long valuesOffset()
    {
        return values;
    }

    /** @return the number of float32 values. */
    public long valueCount()
    {
        return valuesLength / Float.BYTES;
    }

    /** @return the mapping (little-endian). */
    public MappedByteBuffer buffer()
    {
        return b;
    }

    private int group(final int arch, final Hp hp, final Dataset dataset)
    {
        final int row = b.getInt((int)(rows + (long)arch * Integer.BYTES));
        return (int)Layout.groupIndex(row, Layout.hpSlot(hpMask, hp), hpSlots, dataset.code());
    }

    /** @return the byte offset in the file of the GROUP entry of (arch, hp, dataset). */
    public long groupFileOffset(final int arch, final Hp hp, final Dataset dataset)
    {
        return groups + (long)group(arch, hp, dataset) * Layout.GROUP_LENGTH;
    }

    /** @return the byte offset in the file of the FINAL_MEANS element of (arch, hp, dataset, split). */
    public long finalMeanFileOffset(final int arch, final Hp hp, final Dataset dataset, final int split)
    {
        final int row = b.getInt((int)(rows + (long)arch * Integer.BYTES));
        return finalMeans + Layout.finalMeanIndex(Layout.hpSlot(hpMask, hp), dataset.code(), split, row, heldCount) *
            Layout.FINAL_MEAN_LENGTH;
    }

    /** @return the byte offset in the file of the inline first-value index of a group's seed position (an int32). */
    public long groupValuesFileOffset(final int arch, final Hp hp, final Dataset dataset, final int seedPosition)
    {
        return groupFileOffset(arch, hp, dataset) + org.nasmap.format.GroupDecoder.VALUES_OFFSET +
            (long)seedPosition * Integer.BYTES;
    }

    /** @return the byte offset in the file of a trial's first-value index (an int32). */
    public long trialValuesFileOffset(final int trial)
    {
        return trials + (long)trial * Layout.TRIAL_LENGTH + Layout.TRIAL_VALUES_OFFSET;
    }

    /** @return a trial's first value index. */
    public long trialValues(final int trial)
    {
        return b.getInt((int)trialValuesFileOffset(trial)) & 0xFFFFFFFFL;
    }

    /** @return the trial of the seed position, or -1. */
    public int trial(final int arch, final Hp hp, final Dataset dataset, final int seedPosition)
    {
        final int g = group(arch, hp, dataset);
        final int first = b.getInt((int)(groups + (long)g * Layout.GROUP_LENGTH + Layout.GROUP_FIRST_TRIAL_OFFSET));
        final int n = b.getShort((int)(groups + (long)g * Layout.GROUP_LENGTH + Layout.GROUP_SEED_COUNT_OFFSET)) & 0xFFFF;
        return first < 0 || seedPosition >= n ? -1 : first + seedPosition;
    }

    /** @return the seed of a trial. */
    public int seed(final int trial)
    {
        return b.getInt((int)(trials + (long)trial * Layout.TRIAL_LENGTH + Layout.TRIAL_SEED_OFFSET));
    }

    /** @return the number of epochs of a trial. */
    public int epochs(final int trial)
    {
        return b.getInt((int)(shapeEntry(trial) + Layout.SHAPE_EPOCHS_OFFSET));
    }

    private long shapeEntry(final int trial)
    {
        final int shape = b.getShort((int)(trials + (long)trial * Layout.TRIAL_LENGTH + Layout.TRIAL_SHAPE_OFFSET)) & 0xFFFF;
        return shapes + (long)shape * Layout.SHAPE_LENGTH;
    }

    /**
     * @return the index in VALUES of (trial, split, metric, epoch), or -1 when the file has no value there.
     */
    public long valueIndex(final int trial, final int split, final int metric, final int epoch)
    {
        final long shape = shapeEntry(trial);
        final long base = trialValues(trial);
        final long slot = shape + Layout.SHAPE_SLOTS_OFFSET + (long)Layout.slot(split, metric) * Layout.SLOT_LENGTH;
        final int kind = b.getInt((int)(slot + Layout.SLOT_KIND_OFFSET));
        final int offset = b.getInt((int)(slot + Layout.SLOT_VALUE_OFFSET));
        final int count = b.getInt((int)(slot + Layout.SLOT_VALUE_COUNT_OFFSET));
        final int list = b.getInt((int)(slot + Layout.SLOT_EPOCHS_INDEX_OFFSET));
        switch (kind)
        {
            case org.nasmap.format.SeriesKind.DENSE_CODE:
                return epoch < count ? base + offset + epoch : -1;
            case org.nasmap.format.SeriesKind.CONSTANT_CODE:
                return base + offset;
            case org.nasmap.format.SeriesKind.SPARSE_CODE:
                for (int i = 0; i < count; i++)
                {
                    if (b.getInt((int)(epochLists + (long)(list + i) * Integer.BYTES)) == epoch)
                    {
                        return base + offset + i;
                    }
                }
                return -1;
            default:
                return -1;
        }
    }

    /** @return the byte offset in the file of VALUES element {@code index}. */
    public long valueFileOffset(final long index)
    {
        return values + index * Float.BYTES;
    }

    /** @return VALUES element {@code index}. */
    public float value(final long index)
    {
        return b.getFloat((int)valueFileOffset(index));
    }

    @Override
    public void close()
    {
        // the mapping goes with the garbage collector
    }
}
