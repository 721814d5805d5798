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
import org.agrona.ExpandableArrayBuffer;
import org.nasmap.format.ArchGrammar;
import org.nasmap.format.ConfigDecoder;
import org.nasmap.format.ConfigEncoder;
import org.nasmap.format.ConfigKind;
import org.nasmap.format.Dataset;
import org.nasmap.format.GroupAnswersDecoder;
import org.nasmap.format.GroupAnswersEncoder;
import org.nasmap.format.GroupDecoder;
import org.nasmap.format.GroupEncoder;
import org.nasmap.format.Layout;
import org.nasmap.format.Metric;
import org.nasmap.format.Section;
import org.nasmap.format.SeriesKind;
import org.nasmap.format.ShapeDecoder;
import org.nasmap.format.ShapeEncoder;
import org.nasmap.format.Space;
import org.nasmap.format.Split;
import org.nasmap.format.TrialDecoder;
import org.nasmap.format.TrialEncoder;
import org.nasmap.format.TrialFinalDecoder;
import org.nasmap.format.TrialFinalEncoder;
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
    // per group (source row, hp slot, dataset), appended one row at a time in source order; rows are put in
    // index order at the end
    private final GrowableArrays.Ints groupFirstTrial = new GrowableArrays.Ints();
    private final ExpandableArrayBuffer groups = new ExpandableArrayBuffer(1 << 16);
    private final GroupEncoder groupEncoder = new GroupEncoder();
    private final GrowableArrays.Doubles finalMeans = new GrowableArrays.Doubles();
    private final GrowableArrays.Doubles costs = new GrowableArrays.Doubles();
    // per (source row, dataset)
    private final ExpandableArrayBuffer configs = new ExpandableArrayBuffer(1 << 12);
    private final ConfigEncoder configEncoder = new ConfigEncoder();
    // per architecture
    private final byte[] archHp;
    private final int[] archRow;
    // per trial, encoded as they arrive
    private final ExpandableArrayBuffer trials = new ExpandableArrayBuffer(1 << 16);
    private final TrialEncoder trialEncoder = new TrialEncoder();
    private final ExpandableArrayBuffer trialFinals = new ExpandableArrayBuffer(1 << 16);
    private final TrialFinalEncoder finalEncoder = new TrialFinalEncoder();
    /** GROUP_ANSWERS entries by (source row, answered hp slot, dataset); written for topology files only (budget). */
    private final ExpandableArrayBuffer answers = new ExpandableArrayBuffer(1 << 16);
    private final GroupAnswersEncoder answersEncoder = new GroupAnswersEncoder();
    private final List<TrialShape> groupShapes = new ArrayList<>();
    private final List<TrialFinals> groupFinals = new ArrayList<>();
    private int trialCount;
    private int finalCount;
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
        if ((long)archCount * hpSlots * Dataset.count() * GroupDecoder.LENGTH > MAX_SECTION_BYTES)
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
            valuesStart = Layout.align(Layout.headEnd(Section.count()));
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
            final int group = groupFirstTrial.size();
            groupFirstTrial.add(-1);
            groups.setMemory(group * GroupDecoder.LENGTH, GroupDecoder.LENGTH, (byte)0);
            groupEncoder.wrap(groups, group * GroupDecoder.LENGTH).firstTrial(-1).firstFinal(-1);
            for (int k = 0; k < Split.count(); k++)
            {
                finalMeans.add(Double.NaN);
            }
            for (int k = 0; k < Layout.COST_COUNT; k++)
            {
                costs.add(Double.NaN);
            }
        }
        configs.setMemory(row * Dataset.count() * ConfigDecoder.LENGTH, Dataset.count() * ConfigDecoder.LENGTH, (byte)0);
        final int answerSlots = Layout.answerSlots(hpMask);
        answers.setMemory(row * answerSlots * Dataset.count() * GroupAnswersDecoder.LENGTH,
            answerSlots * Dataset.count() * GroupAnswersDecoder.LENGTH, (byte)0);
        boolean first = true;
        for (final ArchRecord.HpResults hr : record.hps())
        {
            final int slot = Layout.hpSlot(hpMask, hr.hp());
            if (slot < 0)
            {
                throw new IOException("architecture " + arch + " has hp " + hr.hp() + ", not one of the " +
                    space.shortName() + " space");
            }
            archHp[arch] |= (byte)(1 << hr.hp().code());
            for (final ArchRecord.DatasetTrials dt : hr.datasets())
            {
                final int group = (int)Layout.groupIndex(row, slot, hpSlots, dt.dataset().code());
                if (groupFirstTrial.get(group) != -1)
                {
                    throw new IOException("architecture " + arch + " hp " + hr.hp() + " lists " + dt.dataset() + " twice");
                }
                if (dt.trials().size() > 0xFFFF)
                {
                    throw new IOException("architecture " + arch + " has " + dt.trials().size() + " seeds on " + dt.dataset());
                }
                groupFirstTrial.set(group, trialCount);
                groupEncoder.wrap(groups, group * GroupDecoder.LENGTH).firstTrial(trialCount).seedCount(dt.trials().size());
                final boolean finals = Layout.hasFinals(space, hr.hp()) && !dt.trials().isEmpty();
                if (finals)
                {
                    groupEncoder.firstFinal(finalCount);
                }
                int flags = 0;
                groupShapes.clear();
                groupFinals.clear();
                for (int i = 0; i < dt.trials().size(); i++)
                {
                    flags |= addTrial(dt.trials().get(i), group, i, finals);
                }
                flags |= GroupAnswers.lastOkFlags(groupShapes, groupFinals);
                flags = derive(group, dt.trials(), flags);
                final int rank = Layout.answerRank(hpMask, hr.hp());
                if (rank >= 0 && space == Space.TOPOLOGY)
                {
                    answersEncoder.wrap(answers, (int)Layout.answerIndex(row, rank, answerSlots, dt.dataset().code()) *
                        GroupAnswersDecoder.LENGTH);
                    GroupAnswers.encode(answersEncoder, groupShapes, groupFinals,
                        (flags & GroupDecoder.FLAG_COSTS_CHECKED) != 0);
                }
                if (first && !dt.trials().isEmpty())
                {
                    config(row, dt.dataset(), dt.trials().get(0).config());
                }
            }
            first = false;
        }
    }

    /** Encodes a trial (TRIAL, TRIAL_FINALS, the group's inline copy) and streams its values; returns group flags. */
    private int addTrial(final TrialRecord t, final int group, final int position, final boolean withFinals)
        throws IOException
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
        final double[] lat = t.latency();
        if (lat != null && lat.length > Short.MAX_VALUE)
        {
            throw new IOException("a latency list of " + lat.length + " values");
        }
        if (valueCount + shape.valueCount > Integer.MAX_VALUE)
        {
            throw new IOException("more than 2^31 values: too large for one file");
        }
        final int trial = trialCount++;
        trialEncoder.wrap(trials, trial * TrialDecoder.LENGTH)
            .seed(t.seed()).shape(id).latencyCount(lat == null ? -1 : lat.length).values((int)valueCount)
            .latencyIndex(latencies.size()).flops(t.flops()).params(t.params());
        if (position < GroupDecoder.INLINE)
        {
            groupEncoder.wrap(groups, group * GroupDecoder.LENGTH).inline(position, t.seed(), id, (int)valueCount);
        }
        final TrialFinals finals = new TrialFinals(t, shape);
        if (withFinals)
        {
            groupShapes.add(shape);
            groupFinals.add(finals);
            finalEncoder.wrap(trialFinals, finalCount++ * TrialFinalDecoder.LENGTH);
            for (int s = 0; s < Split.count(); s++)
            {
                finalEncoder.split(s, finals.loss[s], finals.accuracy[s], finals.allTime[s]);
            }
        }
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
        final int trainTime = shape.kinds[Layout.slot(Split.TRAIN.code(), Metric.TIME.code())];
        return (withFinals && finals.ambiguous ? GroupDecoder.FLAG_WALK : 0) |
            (trainTime == SeriesKind.SPARSE.code() ? GroupDecoder.FLAG_COSTS_CHECKED : 0);
    }

    /**
     * The group's flags and derived columns: final means, and costs with upstream's legacy rule applied.
     *
     * @return the group's flags.
     */
    private int derive(final int group, final List<TrialRecord> trials, final int trialFlags)
    {
        final int n = trials.size();
        final double[] flops = new double[n];
        final double[] params = new double[n];
        for (int i = 0; i < n; i++)
        {
            flops[i] = trials.get(i).flops();
            params[i] = trials.get(i).params();
        }
        int flags = trialFlags | (Upstream.disagree(flops) ? GroupDecoder.FLAG_FLOPS_DISAGREE : 0) |
            (Upstream.disagree(params) ? GroupDecoder.FLAG_PARAMS_DISAGREE : 0);
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
            finalMeans.set(group * Split.count() + split.code(), ok ? sum / n : Double.NaN);
        }
        final double f = Upstream.cost(trials, flops, (flags & GroupDecoder.FLAG_FLOPS_DISAGREE) != 0);
        final double p = Upstream.cost(trials, params, (flags & GroupDecoder.FLAG_PARAMS_DISAGREE) != 0);
        final double latency = Upstream.latency(trials);
        final boolean latencyRaises = Upstream.latencyRaises(trials);
        if (f != f || p != p || latencyRaises)
        {
            flags |= GroupDecoder.FLAG_COSTS_CHECKED;
        }
        costs.set(group * Layout.COST_COUNT + Layout.COST_FLOPS, f);
        costs.set(group * Layout.COST_COUNT + Layout.COST_PARAMS, p);
        costs.set(group * Layout.COST_COUNT + Layout.COST_LATENCY, latency);
        groupEncoder.wrap(groups, group * GroupDecoder.LENGTH).flags(flags);
        return flags;
    }

    private void config(final int row, final Dataset dataset, final ArchConfig c)
    {
        if (c == null)
        {
            return;
        }
        configEncoder.wrap(configs, (row * Dataset.count() + dataset.code()) * ConfigDecoder.LENGTH);
        if (c.shape())
        {
            configEncoder.set(ConfigKind.SHAPE_TINY, c.classNum(), stringId(c.channels()), stringId(c.genotype()), 0);
        }
        else
        {
            configEncoder.set(ConfigKind.TINY, c.classNum(), c.c(), c.n(), stringId(c.archStr()));
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
        final int sectionCount = Section.count();
        final long valuesLength = valueCount * Float.BYTES;
        if (valuesLength > MAX_SECTION_BYTES)
        {
            throw new IOException("values section would exceed 2 GiB: " + valuesLength + " bytes");
        }
        final ByteBuffer[] sections = new ByteBuffer[sectionCount + 1];
        final long[] elementCounts = new long[sectionCount + 1];

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
        put(sections, elementCounts, Section.STRING_OFFSETS, offsets, strings.size() + 1L);
        put(sections, elementCounts, Section.STRING_BYTES, bytes, bytesTotal);

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
        put(sections, elementCounts, Section.ARCH_LOOKUP, lookup, capacity);

        final int[] codes = archCodes();
        final ByteBuffer codeBuf = buffer((long)codes.length * Integer.BYTES);
        for (final int v : codes)
        {
            codeBuf.putInt(v);
        }
        put(sections, elementCounts, Section.ARCH_CODES, codeBuf, codes.length);

        final ByteBuffer hp = buffer(archCount);
        hp.put(archHp);
        put(sections, elementCounts, Section.ARCH_HP, hp, archCount);

        // rows in index order: sourceRow[row] is the row an architecture got when its record arrived
        final int[] sourceRow = new int[heldCount];
        final ByteBuffer rows = buffer((long)archCount * Integer.BYTES);
        int row = 0;
        for (int arch = 0; arch < archCount; arch++)
        {
            if (archRow[arch] >= 0)
            {
                sourceRow[row] = archRow[arch];
                rows.putInt(row++);
            }
            else
            {
                rows.putInt(-1);
            }
        }
        put(sections, elementCounts, Section.ARCH_ROWS, rows, archCount);

        final int perRow = hpSlots * Dataset.count();
        final int groupCount = heldCount * perRow;
        final ByteBuffer groupBuf = buffer((long)groupCount * GroupDecoder.LENGTH);
        for (int r = 0; r < heldCount; r++)
        {
            groupBuf.put(groups.byteArray(), sourceRow[r] * perRow * GroupDecoder.LENGTH, perRow * GroupDecoder.LENGTH);
        }
        put(sections, elementCounts, Section.GROUPS, groupBuf, groupCount);

        final ByteBuffer configBuf = buffer((long)heldCount * Dataset.count() * ConfigDecoder.LENGTH);
        for (int r = 0; r < heldCount; r++)
        {
            configBuf.put(configs.byteArray(), sourceRow[r] * Dataset.count() * ConfigDecoder.LENGTH,
                Dataset.count() * ConfigDecoder.LENGTH);
        }
        put(sections, elementCounts, Section.CONFIGS, configBuf, (long)heldCount * Dataset.count());

        // whole-space columns: one contiguous f64 array of the rows per (hp slot, dataset, split or cost)
        final ByteBuffer means = buffer((long)groupCount * Split.count() * Double.BYTES);
        final ByteBuffer costColumns = buffer((long)groupCount * Layout.COST_COUNT * Double.BYTES);
        for (int column = 0; column < perRow; column++)
        {
            for (int split = 0; split < Split.count(); split++)
            {
                for (int r = 0; r < heldCount; r++)
                {
                    means.putDouble(finalMeans.get((sourceRow[r] * perRow + column) * Split.count() + split));
                }
            }
            for (int cost = 0; cost < Layout.COST_COUNT; cost++)
            {
                for (int r = 0; r < heldCount; r++)
                {
                    costColumns.putDouble(costs.get((sourceRow[r] * perRow + column) * Layout.COST_COUNT + cost));
                }
            }
        }
        put(sections, elementCounts, Section.FINAL_MEANS, means, (long)groupCount * Split.count());
        put(sections, elementCounts, Section.COSTS, costColumns, (long)groupCount * Layout.COST_COUNT);

        final ByteBuffer trialBuf = buffer((long)trialCount * TrialDecoder.LENGTH);
        trialBuf.put(trials.byteArray(), 0, trialCount * TrialDecoder.LENGTH);
        put(sections, elementCounts, Section.TRIALS, trialBuf, trialCount);

        final ByteBuffer finalBuf = buffer((long)finalCount * TrialFinalDecoder.LENGTH);
        finalBuf.put(trialFinals.byteArray(), 0, finalCount * TrialFinalDecoder.LENGTH);
        put(sections, elementCounts, Section.TRIAL_FINALS, finalBuf, finalCount);

        // GROUP_ANSWERS, rows in index order; none in a size file (its budget has no room: its hp-90 groups hold
        // one trial each, whose TRIAL_FINALS entry is already the mean)
        final int answerSlots = space == Space.TOPOLOGY ? Layout.answerSlots(hpMask) : 0;
        final int answersPerRow = answerSlots * Dataset.count();
        final ByteBuffer answerBuf = buffer((long)heldCount * answersPerRow * GroupAnswersDecoder.LENGTH);
        for (int r = 0; r < heldCount; r++)
        {
            answerBuf.put(answers.byteArray(), sourceRow[r] * answersPerRow * GroupAnswersDecoder.LENGTH,
                answersPerRow * GroupAnswersDecoder.LENGTH);
        }
        put(sections, elementCounts, Section.GROUP_ANSWERS, answerBuf, (long)heldCount * answersPerRow);

        final ByteBuffer shapeBuf = buffer((long)shapes.size() * ShapeDecoder.LENGTH);
        final ShapeEncoder shapeEncoder = new ShapeEncoder();
        final UnsafeBuffer shapeBytes = new UnsafeBuffer(shapeBuf);
        for (int i = 0; i < shapes.size(); i++)
        {
            final TrialShape s = shapes.get(i);
            shapeEncoder.wrap(shapeBytes, i * ShapeDecoder.LENGTH)
                .epochs(s.epochs).evalMask(s.evalMask).flags(s.flags).valueCount(s.valueCount);
            for (int slot = 0; slot < ShapeDecoder.SLOT_COUNT; slot++)
            {
                shapeEncoder.slot(slot, SeriesKind.ofCode(s.kinds[slot]), s.offsets[slot], s.counts[slot],
                    s.sparseEpochs[slot] == null ? 0 : epochListId(s.sparseEpochs[slot]));
            }
        }
        shapeBuf.position(shapeBuf.capacity());
        put(sections, elementCounts, Section.SHAPES, shapeBuf, shapes.size());

        final ByteBuffer lists = buffer((long)epochLists.size() * Integer.BYTES);
        for (int i = 0; i < epochLists.size(); i++)
        {
            lists.putInt(epochLists.get(i));
        }
        put(sections, elementCounts, Section.EPOCH_LISTS, lists, epochLists.size());

        final ByteBuffer lat = buffer((long)latencies.size() * Double.BYTES);
        for (int i = 0; i < latencies.size(); i++)
        {
            lat.putDouble(latencies.get(i));
        }
        put(sections, elementCounts, Section.LATENCIES, lat, latencies.size());

        // layout: head, VALUES (already written), then the others in id order
        final long[] sectionOffsets = new long[sectionCount + 1];
        final long[] sectionLengths = new long[sectionCount + 1];
        final int valuesId = Section.VALUES.id();
        sectionOffsets[valuesId] = valuesStart;
        sectionLengths[valuesId] = valuesLength;
        elementCounts[valuesId] = valueCount;
        long position = Layout.align(valuesStart + valuesLength);
        final long[] hashes = new long[sectionCount + 1];
        final LongHashFunction xx = LongHashFunction.xx();
        for (int id = 1; id <= sectionCount; id++)
        {
            if (id == valuesId)
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
        hashes[valuesId] = hashValues(ch, valuesLength);

        final long footerOffset = position;
        final long fileLength = footerOffset + Layout.footerLength(sectionCount);

        final ByteBuffer head = buffer(Layout.headEnd(sectionCount));
        head.putLong(Layout.MAGIC_OFFSET, Layout.MAGIC)
            .putInt(Layout.VERSION_OFFSET, Layout.VERSION)
            .putInt(Layout.HEADER_LENGTH_OFFSET, Layout.HEADER_LENGTH)
            .putInt(Layout.SPACE_OFFSET, space.code())
            .putInt(Layout.SOURCE_KIND_OFFSET, source.kind().code())
            .putInt(Layout.ARCH_COUNT_OFFSET, archCount)
            .putInt(Layout.HELD_COUNT_OFFSET, heldCount)
            .putInt(Layout.HP_MASK_OFFSET, hpMask)
            .putInt(Layout.DATASET_COUNT_OFFSET, Dataset.count())
            .putInt(Layout.TRIAL_COUNT_OFFSET, trialCount)
            .putInt(Layout.SHAPE_COUNT_OFFSET, shapes.size())
            .putInt(Layout.SECTION_COUNT_OFFSET, sectionCount)
            .putInt(Layout.STRING_COUNT_OFFSET, strings.size())
            .putLong(Layout.FILE_LENGTH_OFFSET, fileLength);
        for (final Section section : Section.values())
        {
            final int id = section.id();
            final int e = Layout.entryOffset(id);
            head.putInt(e + Layout.ENTRY_ID_OFFSET, id)
                .putInt(e + Layout.ENTRY_ELEMENT_SIZE_OFFSET, section.elementSize())
                .putLong(e + Layout.ENTRY_OFFSET_OFFSET, sectionOffsets[id])
                .putLong(e + Layout.ENTRY_LENGTH_OFFSET, sectionLengths[id])
                .putLong(e + Layout.ENTRY_ELEMENT_COUNT_OFFSET, elementCounts[id]);
        }
        head.position(0).limit((int)Layout.headEnd(sectionCount));
        final long headHash = xx.hashBytes(head);
        head.position(0);
        writeFully(ch, head, 0);

        final ByteBuffer footer = buffer(Layout.footerLength(sectionCount));
        for (int id = 1; id <= sectionCount; id++)
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

    /**
     * ARCH_CODES: when the meta list is the whole space and every string follows the space's grammar with a code
     * of its own, the index of each code; otherwise empty (a reduced test space, another spelling), and readers
     * use ARCH_LOOKUP alone.
     */
    private int[] archCodes()
    {
        if (archCount != ArchGrammar.codeCount(space))
        {
            return new int[0];
        }
        final int[] codes = new int[ArchGrammar.codeCount(space)];
        Arrays.fill(codes, -1);
        for (int i = 0; i < archCount; i++)
        {
            final int code = ArchGrammar.code(space, meta.get(i));
            if (code < 0 || codes[code] != -1)
            {
                return new int[0];
            }
            codes[code] = i;
        }
        return codes;
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

    private static void put(final ByteBuffer[] sections, final long[] counts, final Section section,
        final ByteBuffer b, final long count)
    {
        sections[section.id()] = b;
        counts[section.id()] = count;
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
