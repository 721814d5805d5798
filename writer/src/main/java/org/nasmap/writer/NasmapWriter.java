package org.nasmap.writer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.openhft.hashing.LongHashFunction;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.nasmap.format.Dataset;
import org.nasmap.format.Layout;
import org.nasmap.format.SeriesKind;
import org.nasmap.format.Space;
import org.nasmap.format.Split;
import org.nasmap.writer.source.ArchConfig;
import org.nasmap.writer.source.ArchRecord;
import org.nasmap.writer.source.Series;
import org.nasmap.writer.source.Source;
import org.nasmap.writer.source.TrialRecord;

/**
 * Converts a {@link Source} into a nasmap file (layout: {@link Layout}, spec: {@code format/FORMAT.md}).
 * <p>
 * Memory: the record being converted plus a primitive index of about 40 bytes per trial (about 11 MB
 * for the whole topology space, 50 MB for the size space); values stream to disk as they arrive.
 * <p>
 * Crash safety: everything is written to a temporary file beside the output, forced to disk, and
 * renamed into place atomically; on any failure the temporary file is deleted. The same input gives
 * the same bytes (nothing depends on time, locale or hash iteration order).
 */
public final class NasmapWriter
{
    /** Receives progress: architectures converted so far and the expected total (-1 if unknown). */
    @FunctionalInterface
    public interface Progress
    {
        void onArchitecture(int done, int expected);
    }

    /** What a conversion produced. */
    public record Summary(Path path, long fileLength, long payloadBytes, int archCount, int heldCount,
        int trialCount, int shapeCount)
    {
        /** @return file length over payload. */
        public double ratio()
        {
            return payloadBytes == 0 ? Double.NaN : (double)fileLength / payloadBytes;
        }
    }

    private static final int VALUE_BUFFER_BYTES = 1 << 22;
    private static final int MAX_SECTION_BYTES = Integer.MAX_VALUE - Layout.ALIGNMENT;

    private final Source source;
    private final Space space;
    private final List<String> meta;
    private final int archCount;
    private final int hpMask;
    private final int hpSlots;
    // per group (held row, hp slot, dataset), appended one row at a time
    private final GrowableArrays.Ints groupFirstTrial = new GrowableArrays.Ints();
    private final GrowableArrays.Ints groupSeedCount = new GrowableArrays.Ints();
    private final GrowableArrays.Ints groupFlags = new GrowableArrays.Ints();
    private final GrowableArrays.Doubles finalMeans = new GrowableArrays.Doubles();
    // per (held row, dataset)
    private final GrowableArrays.Ints configs = new GrowableArrays.Ints();
    // per architecture
    private final byte[] archHp;
    private final int[] archRow;
    // per trial
    private final GrowableArrays.Ints trialSeed = new GrowableArrays.Ints();
    private final GrowableArrays.Ints trialShape = new GrowableArrays.Ints();
    private final GrowableArrays.Longs trialValues = new GrowableArrays.Longs();
    private final GrowableArrays.Doubles trialFlops = new GrowableArrays.Doubles();
    private final GrowableArrays.Doubles trialParams = new GrowableArrays.Doubles();
    private final GrowableArrays.Ints trialLatencyIndex = new GrowableArrays.Ints();
    private final GrowableArrays.Ints trialLatencyCount = new GrowableArrays.Ints();
    private final GrowableArrays.Doubles latencies = new GrowableArrays.Doubles();
    // shapes and pools
    private final Map<TrialShape, Integer> shapeIds = new HashMap<>();
    private final List<TrialShape> shapes = new ArrayList<>();
    private final Map<IntList, Integer> epochListIds = new HashMap<>();
    private final GrowableArrays.Ints epochLists = new GrowableArrays.Ints();
    private final List<String> strings;
    private final Map<String, Integer> stringIds = new HashMap<>();

    private final ByteBuffer valueBuffer = ByteBuffer.allocateDirect(VALUE_BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private FileChannel channel;
    private long valuesStart;
    private long valueCount;
    private int heldCount;

    private NasmapWriter(final Source source)
    {
        this.source = source;
        this.space = source.space();
        this.meta = source.metaArchs();
        this.archCount = meta.size();
        this.hpMask = space.defaultHpMask();
        this.hpSlots = Layout.hpSlots(hpMask);
        if ((long)archCount * hpSlots * Dataset.count() * Split.count() * Double.BYTES > MAX_SECTION_BYTES)
        {
            throw new IllegalArgumentException("too many architectures for one file: " + archCount);
        }
        this.archHp = new byte[archCount];
        this.archRow = new int[archCount];
        Arrays.fill(archRow, -1);
        this.strings = new ArrayList<>(meta);
        for (int i = 0; i < archCount; i++)
        {
            if (stringIds.putIfAbsent(meta.get(i), i) != null)
            {
                throw new IllegalArgumentException("architecture " + i + " (" + meta.get(i) +
                    ") appears twice in the meta list, first at " + stringIds.get(meta.get(i)));
            }
        }
    }

    /**
     * Converts a source into a file at {@code out}, replacing it atomically (missing parent folders are
     * created).
     *
     * @param source   the source; not closed here.
     * @param out      the output path.
     * @param progress progress listener, or null.
     * @return what was written.
     * @throws IOException when the source or the output fails; {@code out} is then left as it was.
     */
    public static Summary convert(final Source source, final Path out, final Progress progress) throws IOException
    {
        Files.createDirectories(out.toAbsolutePath().getParent());
        return convert(source, AtomicOutput.create(out), progress);
    }

    /**
     * Converts a source into an atomic output and commits it; the output is closed, and on any failure
     * discarded (its target then left as it was).
     *
     * @param source   the source; not closed here.
     * @param out      where to write (see {@link AtomicOutput#create}).
     * @param progress progress listener, or null.
     * @return what was written.
     * @throws IOException when the source or the output fails, or the source holds no architecture.
     */
    public static Summary convert(final Source source, final AtomicOutput out, final Progress progress) throws IOException
    {
        try (out)
        {
            final NasmapWriter w = new NasmapWriter(source);
            final Summary s = w.write(out.channel(), progress);
            final Path written = out.commit();
            return new Summary(written, s.fileLength(), s.payloadBytes(), s.archCount(), s.heldCount(),
                s.trialCount(), s.shapeCount());
        }
    }

    private Summary write(final FileChannel ch, final Progress progress) throws IOException
    {
        {
            this.channel = ch;
            valuesStart = Layout.align(Layout.headEnd(Layout.SECTION_ID_COUNT));
            ch.position(valuesStart);
            final int expected = source.heldCountHint();
            final boolean[] seen = new boolean[archCount];
            source.forEach(record ->
            {
                add(record, seen);
                if (progress != null)
                {
                    progress.onArchitecture(heldCount, expected);
                }
            });
            flushValues();
            if (heldCount == 0)
            {
                throw new IOException("the source holds no architecture (only its meta list of " + archCount +
                    "): nothing to convert");
            }
            return finish(ch);
        }
    }

    // ------------------------------------------------------------------------------------------ records

    private void add(final ArchRecord record, final boolean[] seen) throws IOException
    {
        final int arch = record.index();
        if (arch < 0 || arch >= archCount)
        {
            throw new IOException("architecture index " + arch + " is outside the meta list of " + archCount);
        }
        if (seen[arch])
        {
            throw new IOException("architecture " + arch + " appears twice in the source");
        }
        if (record.archStr() != null && !record.archStr().equals(meta.get(arch)))
        {
            throw new IOException("architecture " + arch + " is '" + record.archStr() + "' in its record but '" +
                meta.get(arch) + "' in the meta list");
        }
        seen[arch] = true;
        final int row = heldCount++;
        archRow[arch] = row;
        for (int g = 0; g < hpSlots * Dataset.count(); g++)
        {
            groupFirstTrial.add(-1);
            groupSeedCount.add(0);
            groupFlags.add(0);
            for (int k = 0; k < Split.count(); k++)
            {
                finalMeans.add(Double.NaN);
            }
        }
        for (int k = 0; k < Dataset.count() * 5; k++)
        {
            configs.add(0);
        }
        boolean first = true;
        for (final ArchRecord.HpResults hr : record.hps())
        {
            final int slot = Layout.hpSlot(hpMask, hr.hp());
            if (slot < 0)
            {
                throw new IOException("architecture " + arch + " has hp " + hr.hp() + ", not one of the " +
                    space.shortName() + " space");
            }
            archHp[arch] |= (byte)(1 << hr.hp().ordinal());
            for (final ArchRecord.DatasetTrials dt : hr.datasets())
            {
                final int group = (int)Layout.groupIndex(row, slot, hpSlots, dt.dataset().ordinal());
                if (groupFirstTrial.get(group) != -1)
                {
                    throw new IOException("architecture " + arch + " hp " + hr.hp() + " lists " + dt.dataset() + " twice");
                }
                if (dt.trials().size() > 0xFFFF)
                {
                    throw new IOException("architecture " + arch + " has " + dt.trials().size() + " seeds on " + dt.dataset());
                }
                groupFirstTrial.set(group, trialSeed.size());
                groupSeedCount.set(group, dt.trials().size());
                for (final TrialRecord t : dt.trials())
                {
                    addTrial(t);
                }
                derive(group, dt.trials());
                if (first && !dt.trials().isEmpty())
                {
                    config(row, dt.dataset(), dt.trials().get(0).config());
                }
            }
            first = false;
        }
    }

    private void addTrial(final TrialRecord t) throws IOException
    {
        final TrialShape shape = new TrialShape(t);
        Integer id = shapeIds.get(shape);
        if (id == null)
        {
            id = shapes.size();
            if (id > 0xFFFF)
            {
                throw new IOException("more than 65,536 distinct trial shapes");
            }
            shapeIds.put(shape, id);
            shapes.add(shape);
            for (int slot = 0; slot < Layout.SLOT_COUNT; slot++)
            {
                if (shape.sparseEpochs[slot] != null)
                {
                    epochListId(shape.sparseEpochs[slot]);
                }
            }
        }
        trialSeed.add(t.seed());
        trialShape.add(id);
        trialValues.add(valueCount);
        trialFlops.add(t.flops());
        trialParams.add(t.params());
        final double[] lat = t.latency();
        if (lat != null && lat.length > Short.MAX_VALUE)
        {
            throw new IOException("a latency list of " + lat.length + " values");
        }
        if (valueCount > Integer.MAX_VALUE)
        {
            throw new IOException("more than 2^31 values: too large for one file");
        }
        trialLatencyIndex.add(latencies.size());
        trialLatencyCount.add(lat == null ? -1 : lat.length);
        if (lat != null)
        {
            for (final double v : lat)
            {
                latencies.add(v);
            }
        }
        for (int slot = 0; slot < Layout.SLOT_COUNT; slot++)
        {
            final Series s = TrialShape.seriesOf(t, slot);
            final SeriesKind kind = SeriesKind.ofCode(shape.kinds[slot]);
            if (kind == SeriesKind.CONSTANT)
            {
                putValue((float)s.valueAt(0));
            }
            else if (kind == SeriesKind.DENSE || kind == SeriesKind.SPARSE)
            {
                for (int i = 0; i < s.size(); i++)
                {
                    putValue((float)s.valueAt(i));
                }
            }
        }
    }

    private void derive(final int group, final List<TrialRecord> trials)
    {
        final int n = trials.size();
        final double[] flops = new double[n];
        final double[] params = new double[n];
        for (int i = 0; i < n; i++)
        {
            flops[i] = trials.get(i).flops();
            params[i] = trials.get(i).params();
        }
        groupFlags.set(group, (Upstream.disagree(flops) ? Layout.GROUP_FLAG_FLOPS_DISAGREE : 0) |
            (Upstream.disagree(params) ? Layout.GROUP_FLAG_PARAMS_DISAGREE : 0));
        for (final Split split : Split.values())
        {
            double sum = 0;
            boolean ok = n > 0;
            for (int i = 0; i < n && ok; i++)
            {
                final double v = Upstream.finalAccuracy(trials.get(i), split);
                ok = !Double.isNaN(v);
                sum += v;
            }
            finalMeans.set(group * Split.count() + split.ordinal(), ok ? sum / n : Double.NaN);
        }
    }

    private void config(final int row, final Dataset dataset, final ArchConfig c)
    {
        if (c == null)
        {
            return;
        }
        final int base = (row * Dataset.count() + dataset.ordinal()) * 5;
        configs.set(base + 1, c.classNum());
        if (c.shape())
        {
            configs.set(base, Layout.CONFIG_KIND_SHAPE_TINY);
            configs.set(base + 2, stringId(c.channels()));
            configs.set(base + 3, stringId(c.genotype()));
        }
        else
        {
            configs.set(base, Layout.CONFIG_KIND_TINY);
            configs.set(base + 2, c.c());
            configs.set(base + 3, c.n());
            configs.set(base + 4, stringId(c.archStr()));
        }
    }

    private int stringId(final String s)
    {
        final String v = s == null ? "" : s;
        Integer id = stringIds.get(v);
        if (id == null)
        {
            id = strings.size();
            strings.add(v);
            stringIds.put(v, id);
        }
        return id;
    }

    private int epochListId(final int[] epochs)
    {
        final IntList key = new IntList(epochs);
        Integer id = epochListIds.get(key);
        if (id == null)
        {
            id = epochLists.size();
            for (final int e : epochs)
            {
                epochLists.add(e);
            }
            epochListIds.put(key, id);
        }
        return id;
    }

    private void putValue(final float v) throws IOException
    {
        if (!valueBuffer.hasRemaining())
        {
            flushValues();
        }
        valueBuffer.putFloat(v);
        valueCount++;
    }

    private void flushValues() throws IOException
    {
        valueBuffer.flip();
        while (valueBuffer.hasRemaining())
        {
            channel.write(valueBuffer);
        }
        valueBuffer.clear();
    }

    // ------------------------------------------------------------------------------------------ sections

    private Summary finish(final FileChannel ch) throws IOException
    {
        final int trialCount = trialSeed.size();
        final long valuesLength = valueCount * Float.BYTES;
        if (valuesLength > MAX_SECTION_BYTES)
        {
            throw new IOException("values section would exceed 2 GiB: " + valuesLength + " bytes");
        }
        final ByteBuffer[] sections = new ByteBuffer[Layout.SECTION_ID_COUNT + 1];
        final int[] elementSizes = new int[Layout.SECTION_ID_COUNT + 1];
        final long[] elementCounts = new long[Layout.SECTION_ID_COUNT + 1];

        // strings
        final byte[][] utf8 = new byte[strings.size()][];
        long bytesTotal = 0;
        for (int i = 0; i < utf8.length; i++)
        {
            utf8[i] = strings.get(i).getBytes(StandardCharsets.UTF_8);
            bytesTotal += utf8[i].length;
        }
        final ByteBuffer offsets = buffer((strings.size() + 1L) * Long.BYTES);
        final ByteBuffer bytes = buffer(bytesTotal);
        long at = 0;
        for (final byte[] b : utf8)
        {
            offsets.putLong(at);
            bytes.put(b);
            at += b.length;
        }
        offsets.putLong(at);
        put(sections, elementSizes, elementCounts, Layout.SECTION_STRING_OFFSETS, offsets, Long.BYTES, strings.size() + 1L);
        put(sections, elementSizes, elementCounts, Layout.SECTION_STRING_BYTES, bytes, 1, bytesTotal);

        // lookup
        final int capacity = Layout.lookupCapacity(archCount);
        final int[] table = new int[capacity];
        for (int i = 0; i < archCount; i++)
        {
            int slot = Layout.lookupSlot(Layout.archHash(meta.get(i)), capacity);
            while (table[slot] != 0)
            {
                slot = (slot + 1) & (capacity - 1);
            }
            table[slot] = i + 1;
        }
        final ByteBuffer lookup = buffer((long)capacity * Integer.BYTES);
        for (final int v : table)
        {
            lookup.putInt(v);
        }
        put(sections, elementSizes, elementCounts, Layout.SECTION_ARCH_LOOKUP, lookup, Integer.BYTES, capacity);

        final ByteBuffer hp = buffer(archCount);
        hp.put(archHp);
        put(sections, elementSizes, elementCounts, Layout.SECTION_ARCH_HP, hp, 1, archCount);

        final ByteBuffer rows = buffer((long)archCount * Integer.BYTES);
        for (final int r : archRow)
        {
            rows.putInt(r);
        }
        put(sections, elementSizes, elementCounts, Layout.SECTION_ARCH_ROWS, rows, Integer.BYTES, archCount);

        final int groupCount = groupFirstTrial.size();
        final ByteBuffer groups = buffer((long)groupCount * Layout.GROUP_LENGTH);
        for (int g = 0; g < groupCount; g++)
        {
            groups.putInt(groupFirstTrial.get(g)).putShort((short)groupSeedCount.get(g)).putShort((short)groupFlags.get(g));
        }
        put(sections, elementSizes, elementCounts, Layout.SECTION_GROUPS, groups, Layout.GROUP_LENGTH, groupCount);

        final ByteBuffer trials = buffer((long)trialCount * Layout.TRIAL_LENGTH);
        for (int t = 0; t < trialCount; t++)
        {
            trials.putInt(trialSeed.get(t)).putShort((short)trialShape.get(t)).putShort((short)trialLatencyCount.get(t))
                .putInt((int)trialValues.get(t)).putInt(trialLatencyIndex.get(t))
                .putDouble(trialFlops.get(t)).putDouble(trialParams.get(t));
        }
        put(sections, elementSizes, elementCounts, Layout.SECTION_TRIALS, trials, Layout.TRIAL_LENGTH, trialCount);

        final ByteBuffer shapeBuf = buffer((long)shapes.size() * Layout.SHAPE_LENGTH);
        for (final TrialShape s : shapes)
        {
            shapeBuf.putInt(s.epochs).putInt(s.evalMask).putInt(s.flags).putInt(s.valueCount);
            for (int slot = 0; slot < Layout.SLOT_COUNT; slot++)
            {
                shapeBuf.putInt(s.kinds[slot]).putInt(s.offsets[slot]).putInt(s.counts[slot])
                    .putInt(s.sparseEpochs[slot] == null ? 0 : epochListId(s.sparseEpochs[slot]));
            }
        }
        put(sections, elementSizes, elementCounts, Layout.SECTION_SHAPES, shapeBuf, Layout.SHAPE_LENGTH, shapes.size());

        final ByteBuffer lists = buffer((long)epochLists.size() * Integer.BYTES);
        for (int i = 0; i < epochLists.size(); i++)
        {
            lists.putInt(epochLists.get(i));
        }
        put(sections, elementSizes, elementCounts, Layout.SECTION_EPOCH_LISTS, lists, Integer.BYTES, epochLists.size());

        final ByteBuffer lat = buffer((long)latencies.size() * Double.BYTES);
        for (int i = 0; i < latencies.size(); i++)
        {
            lat.putDouble(latencies.get(i));
        }
        put(sections, elementSizes, elementCounts, Layout.SECTION_LATENCIES, lat, Double.BYTES, latencies.size());

        final ByteBuffer means = buffer((long)finalMeans.size() * Double.BYTES);
        for (int i = 0; i < finalMeans.size(); i++)
        {
            means.putDouble(finalMeans.get(i));
        }
        put(sections, elementSizes, elementCounts, Layout.SECTION_FINAL_MEANS, means, Layout.FINAL_MEAN_LENGTH,
            finalMeans.size());

        final ByteBuffer configBuf = buffer((long)configs.size() * Integer.BYTES);
        for (int i = 0; i < configs.size(); i++)
        {
            configBuf.putInt(configs.get(i));
        }
        put(sections, elementSizes, elementCounts, Layout.SECTION_CONFIGS, configBuf, Layout.CONFIG_LENGTH,
            (long)heldCount * Dataset.count());

        // layout: head, VALUES (already written), then the others in id order
        final long[] sectionOffsets = new long[Layout.SECTION_ID_COUNT + 1];
        final long[] sectionLengths = new long[Layout.SECTION_ID_COUNT + 1];
        sectionOffsets[Layout.SECTION_VALUES] = valuesStart;
        sectionLengths[Layout.SECTION_VALUES] = valuesLength;
        elementSizes[Layout.SECTION_VALUES] = Float.BYTES;
        elementCounts[Layout.SECTION_VALUES] = valueCount;
        long position = Layout.align(valuesStart + valuesLength);
        final long[] hashes = new long[Layout.SECTION_ID_COUNT + 1];
        final LongHashFunction xx = LongHashFunction.xx();
        for (int id = 1; id <= Layout.SECTION_ID_COUNT; id++)
        {
            if (id == Layout.SECTION_VALUES)
            {
                continue;
            }
            final ByteBuffer b = sections[id];
            b.flip();
            hashes[id] = xx.hashBytes(b);
            sectionOffsets[id] = position;
            sectionLengths[id] = b.remaining();
            writeFully(ch, b, position);
            position = Layout.align(position + sectionLengths[id]);
        }
        hashes[Layout.SECTION_VALUES] = hashValues(ch, valuesLength);

        final long footerOffset = position;
        final long fileLength = footerOffset + Layout.footerLength(Layout.SECTION_ID_COUNT);

        final ByteBuffer head = buffer(Layout.headEnd(Layout.SECTION_ID_COUNT));
        head.putLong(Layout.MAGIC_OFFSET, Layout.MAGIC)
            .putInt(Layout.VERSION_OFFSET, Layout.VERSION)
            .putInt(Layout.HEADER_LENGTH_OFFSET, Layout.HEADER_LENGTH)
            .putInt(Layout.SPACE_OFFSET, space.ordinal())
            .putInt(Layout.SOURCE_KIND_OFFSET, source.kind().ordinal())
            .putInt(Layout.ARCH_COUNT_OFFSET, archCount)
            .putInt(Layout.HELD_COUNT_OFFSET, heldCount)
            .putInt(Layout.HP_MASK_OFFSET, hpMask)
            .putInt(Layout.DATASET_COUNT_OFFSET, Dataset.count())
            .putInt(Layout.TRIAL_COUNT_OFFSET, trialCount)
            .putInt(Layout.SHAPE_COUNT_OFFSET, shapes.size())
            .putInt(Layout.SECTION_COUNT_OFFSET, Layout.SECTION_ID_COUNT)
            .putInt(Layout.STRING_COUNT_OFFSET, strings.size())
            .putLong(Layout.FILE_LENGTH_OFFSET, fileLength);
        for (int id = 1; id <= Layout.SECTION_ID_COUNT; id++)
        {
            final int e = Layout.SECTION_TABLE_OFFSET + (id - 1) * Layout.SECTION_ENTRY_LENGTH;
            head.putInt(e + Layout.ENTRY_ID_OFFSET, id)
                .putInt(e + Layout.ENTRY_ELEMENT_SIZE_OFFSET, elementSizes[id])
                .putLong(e + Layout.ENTRY_OFFSET_OFFSET, sectionOffsets[id])
                .putLong(e + Layout.ENTRY_LENGTH_OFFSET, sectionLengths[id])
                .putLong(e + Layout.ENTRY_ELEMENT_COUNT_OFFSET, elementCounts[id]);
        }
        head.position(0).limit((int)Layout.headEnd(Layout.SECTION_ID_COUNT));
        final long headHash = xx.hashBytes(head);
        head.position(0);
        writeFully(ch, head, 0);

        final ByteBuffer footer = buffer(Layout.footerLength(Layout.SECTION_ID_COUNT));
        for (int id = 1; id <= Layout.SECTION_ID_COUNT; id++)
        {
            footer.putLong(hashes[id]);
        }
        footer.putLong(headHash).putLong(fileLength).putLong(Layout.FOOTER_MAGIC);
        footer.flip();
        writeFully(ch, footer, footerOffset);
        ch.truncate(fileLength);
        ch.force(true);

        long payload = valuesLength;
        payload += 2L * Double.BYTES * trialCount;
        payload += (long)Double.BYTES * latencies.size();
        return new Summary(null, fileLength, payload, archCount, heldCount, trialCount, shapes.size());
    }

    private long hashValues(final FileChannel ch, final long length) throws IOException
    {
        if (length == 0)
        {
            return LongHashFunction.xx().hashBytes(new byte[0]);
        }
        final MappedByteBuffer mapped = ch.map(FileChannel.MapMode.READ_ONLY, valuesStart, length);
        try
        {
            // through the address: hashing a direct ByteBuffer needs sun.nio.ch exported, the address does not
            return LongHashFunction.xx().hashMemory(new UnsafeBuffer(mapped).addressOffset(), length);
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }

    private static void put(final ByteBuffer[] sections, final int[] sizes, final long[] counts, final int id,
        final ByteBuffer b, final int elementSize, final long count)
    {
        sections[id] = b;
        sizes[id] = elementSize;
        counts[id] = count;
    }

    private static ByteBuffer buffer(final long length)
    {
        if (length > MAX_SECTION_BYTES)
        {
            throw new IllegalStateException("section too large: " + length);
        }
        return ByteBuffer.allocate((int)length).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void writeFully(final FileChannel ch, final ByteBuffer b, final long position) throws IOException
    {
        long p = position;
        while (b.hasRemaining())
        {
            p += ch.write(b, p);
        }
    }

    /** An int[] with value equality, for interning epoch lists. */
    private record IntList(int[] values)
    {
        @Override
        public boolean equals(final Object o)
        {
            return o instanceof IntList && Arrays.equals(values, ((IntList)o).values);
        }

        @Override
        public int hashCode()
        {
            return Arrays.hashCode(values);
        }
    }
}
