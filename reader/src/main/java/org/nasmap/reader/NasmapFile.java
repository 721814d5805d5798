package org.nasmap.reader;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import org.agrona.concurrent.UnsafeBuffer;
import org.nasmap.format.Dataset;
import org.nasmap.format.GroupAnswersDecoder;
import org.nasmap.format.GroupDecoder;
import org.nasmap.format.Hp;
import org.nasmap.format.Layout;
import org.nasmap.format.Metric;
import org.nasmap.format.Section;
import org.nasmap.format.SeriesKind;
import org.nasmap.format.ShapeDecoder;
import org.nasmap.format.SourceKind;
import org.nasmap.format.Space;
import org.nasmap.format.Split;
import org.nasmap.format.TrialDecoder;
import org.nasmap.format.TrialFinalDecoder;

/**
 * A nasmap file mapped read-only. Opening validates the header, the version, the section table and
 * every section's bounds against the file size, plus the small shape table; it reads no data section
 * in full (that is {@link NasmapVerifier}'s job). Offsets found inside sections are checked where they
 * are used, so no read leaves the mapping; a violation throws {@link NasmapFormatException}.
 * <p>
 * Thread safety: immutable after {@link #open} but for the heap index that {@link #indexOf} builds once (an
 * immutable object published through a volatile field); any number of threads may read at once.
 * <p>
 * Lifecycle: {@link #close()} marks the file closed (later queries throw {@link IllegalStateException})
 * but never unmaps under a running reader: the mapping is released by the garbage collector once no
 * reader references it. A query that raced with {@code close()} therefore still reads valid memory.
 * A file replaced by rename while mapped keeps answering from the mapped (old) inode.
 */
public final class NasmapFile implements AutoCloseable
{
    /**
     * {@link #indexOf} builds the heap index of the architecture strings at this String lookup of an open file;
     * before, the mapped tables answer. Ski rental: the lookups before it cost about as much as the build (at
     * about 100 ns a mapped lookup, some 26 ms), so a process never spends more than about twice what the best
     * choice for its number of lookups would have cost, and one asking less never pays the build.
     */
    static final int ARCH_INDEX_AFTER = 1 << 18;

    /**
     * The system property that, set to {@code false} when a file is opened, keeps that reader from building its heap
     * tables (the architecture strings' index, the trial directory and the simulation table: up to 4.7 MB for the
     * topology space, 8.5 MB for the size space), for a worker that must stay within a small heap; the mapped paths
     * then answer every query, more slowly.
     */
    public static final String HEAP_TABLES_PROPERTY = "nasmap.heapTables";

    static
    {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN)
        {
            throw new ExceptionInInitializerError("nasmap reads little-endian files with native loads; " +
                "this platform is big-endian");
        }
    }

    private final Path path;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer whole;
    private final long fileLength;
    private final int version;
    private final Space space;
    private final SourceKind sourceKind;
    private final int archCount;
    private final int heldCount;
    private final int hpMask;
    private final int hpSlots;
    private final int[] hpSlotByOrdinal = new int[Hp.count()];
    private final int trialCount;
    private final int shapeCount;
    private final int stringCount;
    private final SectionTable sections;

    /** The architecture strings and the tables that find an index by its string. */
    private final ArchNames names;
    final UnsafeBuffer archHp;
    final UnsafeBuffer archRows;
    final UnsafeBuffer groups;
    final UnsafeBuffer trials;
    final UnsafeBuffer epochLists;
    final int epochListCount;
    final UnsafeBuffer values;
    final long valueCount;
    final UnsafeBuffer latencies;
    final int latencyCount;
    final UnsafeBuffer finalMeans;
    final UnsafeBuffer configs;
    final UnsafeBuffer costs;
    final UnsafeBuffer trialFinals;
    final int finalCount;
    /** GROUP_ANSWERS, empty when the file has none (or was written before it). */
    final UnsafeBuffer groupAnswers;
    /** Answered hp slots per row (0 when GROUP_ANSWERS is empty), and each hp's rank among them or -1. */
    private final int answerSlots;
    private final int[] answerRankByOrdinal = new int[Hp.count()];
    private final int sectionCount;
    /** Every architecture is held: its row is its index, and ARCH_ROWS need not be read. */
    final boolean identityRows;
    /** {@link #fullColumnAddress} by (hp, dataset, split) ordinals. */
    private final long[] fullColumns;
    /** {@link #fullAnswerAddress} by (hp, dataset) ordinals, and the bytes between two rows' entries. */
    private final long[] fullAnswers;
    private final long answerRowStride;
    /**
     * The SHAPES section copied off the heap and validated at open (a few KB): queries read shapes through
     * this copy, so that what was checked is what is used.
     */
    final UnsafeBuffer shapes;

    /**
     * Set by {@link #close()}. Plain, not volatile: a query on another thread may not see a close at once, which is
     * safe because the mapping stays valid until the file object is collected; a volatile read on every query would
     * keep the JIT from hoisting the invariant loads out of a caller's loop.
     */
    private boolean closed;
    /**
     * False when {@link #HEAP_TABLES_PROPERTY} was {@code false} at open, or after {@link #disableHeapTables}.
     * Written only before the file is handed to a reader (a plain field: read on no hot path).
     */
    boolean heapTables = !"false".equalsIgnoreCase(System.getProperty(HEAP_TABLES_PROPERTY));

    private NasmapFile(final Path path, final MappedByteBuffer mapped, final long fileLength)
    {
        this.path = path;
        this.mapped = mapped;
        this.fileLength = fileLength;
        this.whole = new UnsafeBuffer(mapped, 0, (int)fileLength);

        if (fileLength < Layout.HEADER_LENGTH)
        {
            throw corrupt("file is " + fileLength + " bytes, shorter than the " + Layout.HEADER_LENGTH +
                "-byte header: not a nasmap file, or truncated?");
        }
        final long magic = whole.getLong(Layout.MAGIC_OFFSET);
        if (magic != Layout.MAGIC)
        {
            throw corrupt(String.format("bad magic: expected 0x%016x, actual 0x%016x: not a nasmap file", Layout.MAGIC, magic));
        }
        version = whole.getInt(Layout.VERSION_OFFSET);
        if (version < Layout.MIN_VERSION || version > Layout.VERSION)
        {
            throw new NasmapVersionException(path, version, Layout.MIN_VERSION, Layout.VERSION);
        }
        expect("header length", Layout.HEADER_LENGTH, whole.getInt(Layout.HEADER_LENGTH_OFFSET));
        final long declaredLength = whole.getLong(Layout.FILE_LENGTH_OFFSET);
        if (declaredLength != fileLength)
        {
            throw corrupt("header declares " + declaredLength + " bytes but the file has " + fileLength +
                (fileLength < declaredLength ? ": file truncated?" : ": file extended?"));
        }
        final int spaceCode = whole.getInt(Layout.SPACE_OFFSET);
        space = Space.ofCode(spaceCode);
        if (space == null)
        {
            throw corrupt("unknown space code " + spaceCode);
        }
        sourceKind = SourceKind.ofCode(whole.getInt(Layout.SOURCE_KIND_OFFSET));
        archCount = whole.getInt(Layout.ARCH_COUNT_OFFSET);
        heldCount = whole.getInt(Layout.HELD_COUNT_OFFSET);
        if (archCount < 0 || heldCount < 0 || heldCount > archCount)
        {
            throw corrupt("architecture counts out of range: " + archCount + " in the space, " + heldCount + " held");
        }
        hpMask = whole.getInt(Layout.HP_MASK_OFFSET);
        if (hpMask == 0 || (hpMask & ~((1 << Hp.count()) - 1)) != 0)
        {
            throw corrupt("hp mask out of range: 0x" + Integer.toHexString(hpMask));
        }
        hpSlots = Layout.hpSlots(hpMask);
        for (final Hp h : Hp.values())
        {
            hpSlotByOrdinal[h.ordinal()] = Layout.hpSlot(hpMask, h);
        }
        expect("dataset count", Dataset.count(), whole.getInt(Layout.DATASET_COUNT_OFFSET));
        trialCount = whole.getInt(Layout.TRIAL_COUNT_OFFSET);
        shapeCount = whole.getInt(Layout.SHAPE_COUNT_OFFSET);
        stringCount = whole.getInt(Layout.STRING_COUNT_OFFSET);
        if (trialCount < 0 || shapeCount < 0 || stringCount < archCount)
        {
            throw corrupt("counts out of range: " + trialCount + " trials, " + shapeCount + " shapes, " +
                stringCount + " strings for " + archCount + " architectures");
        }
        sectionCount = whole.getInt(Layout.SECTION_COUNT_OFFSET);
        if (sectionCount < Section.MIN_COUNT || sectionCount > Section.count())
        {
            throw corrupt("section count: expected " + Section.MIN_COUNT + " to " + Section.count() + ", actual " +
                sectionCount);
        }
        final long headEnd = Layout.headEnd(sectionCount);
        final long footerStart = fileLength - Layout.footerLength(sectionCount);
        if (footerStart < headEnd)
        {
            throw corrupt("file too short for its section table and footer: file truncated?");
        }
        final long footerMagic = whole.getLong((int)(footerStart + Layout.footerMagicOffset(sectionCount)));
        if (footerMagic != Layout.FOOTER_MAGIC)
        {
            throw corrupt(String.format("bad footer magic: expected 0x%016x, actual 0x%016x: file truncated or extended?",
                Layout.FOOTER_MAGIC, footerMagic));
        }
        final long footerLength = whole.getLong((int)(footerStart + Layout.footerFileLengthOffset(sectionCount)));
        if (footerLength != fileLength)
        {
            throw corrupt("footer declares " + footerLength + " bytes but the file has " + fileLength);
        }

        sections = new SectionTable(path, whole, sectionCount, headEnd, footerStart,
            new SectionTable.Counts(archCount, heldCount, hpMask, trialCount, shapeCount, stringCount));
        archHp = section(Layout.SECTION_ARCH_HP);
        archRows = section(Layout.SECTION_ARCH_ROWS);
        groups = section(Layout.SECTION_GROUPS);
        trials = section(Layout.SECTION_TRIALS);
        epochLists = section(Layout.SECTION_EPOCH_LISTS);
        epochListCount = (int)sections.count(Layout.SECTION_EPOCH_LISTS);
        values = section(Layout.SECTION_VALUES);
        valueCount = sections.count(Layout.SECTION_VALUES);
        latencies = section(Layout.SECTION_LATENCIES);
        latencyCount = (int)sections.count(Layout.SECTION_LATENCIES);
        finalMeans = section(Layout.SECTION_FINAL_MEANS);
        configs = section(Layout.SECTION_CONFIGS);
        costs = section(Layout.SECTION_COSTS);
        trialFinals = section(Layout.SECTION_TRIAL_FINALS);
        finalCount = (int)sections.count(Layout.SECTION_TRIAL_FINALS);
        groupAnswers = section(Layout.SECTION_GROUP_ANSWERS);
        answerSlots = sections.count(Layout.SECTION_GROUP_ANSWERS) == 0 ? 0 : Layout.answerSlots(hpMask);
        for (final Hp h : Hp.values())
        {
            answerRankByOrdinal[h.ordinal()] = answerSlots == 0 ? -1 : Layout.answerRank(hpMask, h);
        }
        identityRows = heldCount == archCount;
        answerRowStride = (long)answerSlots * Dataset.count() * GroupAnswersDecoder.LENGTH;
        fullAnswers = new long[Hp.count() * Dataset.count()];
        for (final Hp h : Hp.values())
        {
            for (final Dataset d : Dataset.values())
            {
                final int rank = answerRankByOrdinal[h.ordinal()];
                fullAnswers[h.ordinal() * Dataset.count() + d.ordinal()] = !identityRows || rank < 0 || archCount == 0 ? 0 :
                    groupAnswers.addressOffset() + Layout.answerIndex(0, rank, answerSlots, d.code()) * GroupAnswersDecoder.LENGTH;
            }
        }
        fullColumns = new long[Hp.count() * Dataset.count() * Split.count()];
        for (final Hp h : Hp.values())
        {
            for (final Dataset d : Dataset.values())
            {
                for (final Split sp : Split.values())
                {
                    final int slot = hpSlotByOrdinal[h.ordinal()];
                    fullColumns[(h.ordinal() * Dataset.count() + d.ordinal()) * Split.count() + sp.ordinal()] =
                        !identityRows || slot < 0 || archCount == 0 ? 0 : finalMeans.addressOffset() +
                        Layout.finalMeanIndex(slot, d.code(), sp.code(), 0, heldCount) * Double.BYTES;
                }
            }
        }
        names = new ArchNames(path, space, archCount, section(Layout.SECTION_ARCH_LOOKUP),
            (int)sections.count(Layout.SECTION_ARCH_LOOKUP), section(Layout.SECTION_ARCH_CODES),
            (int)sections.count(Layout.SECTION_ARCH_CODES), section(Layout.SECTION_STRING_OFFSETS),
            section(Layout.SECTION_STRING_BYTES), stringCount);
        shapes = decodeShapes();
    }

    /**
     * Maps and validates a file.
     *
     * @param path the file.
     * @return the open file.
     * @throws IOException           when it cannot be read.
     * @throws NasmapFormatException when it is not a valid nasmap file this reader reads.
     */
    public static NasmapFile open(final Path path) throws IOException
    {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ))
        {
            final long size = ch.size();
            if (size > Integer.MAX_VALUE)
            {
                throw new NasmapFormatException(path, "file of " + size + " bytes: this reader maps at most 2 GiB - 1");
            }
            final MappedByteBuffer mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            return new NasmapFile(path, mapped, size);
        }
    }

    private UnsafeBuffer section(final int id)
    {
        return new UnsafeBuffer(mapped, (int)sections.offset(id), (int)sections.length(id));
    }

    /** Copies SHAPES off the heap and checks every field a query relies on. */
    private UnsafeBuffer decodeShapes()
    {
        // off the heap: the hot paths read it with plain addresses, without heap-access barriers
        final UnsafeBuffer b = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(shapeCount * ShapeDecoder.LENGTH));
        b.putBytes(0, section(Layout.SECTION_SHAPES), 0, b.capacity());
        final ShapeDecoder shape = new ShapeDecoder();
        for (int s = 0; s < shapeCount; s++)
        {
            shape.wrap(b, s * ShapeDecoder.LENGTH);
            final int epochs = shape.epochs();
            final int valueTotal = shape.valueCount();
            if (epochs < 0 || valueTotal < 0)
            {
                throw corrupt("shape " + s + " has " + epochs + " epochs and " + valueTotal + " values");
            }
            for (int slot = 0; slot < ShapeDecoder.SLOT_COUNT; slot++)
            {
                final int kind = shape.kind(slot);
                final int offset = shape.valueOffset(slot);
                final int count = shape.valueCount(slot);
                final int list = shape.epochsIndex(slot);
                final SeriesKind k = SeriesKind.ofCode(kind);
                if (k == null)
                {
                    throw corrupt("shape " + s + " slot " + slot + " has unknown kind " + kind);
                }
                final int expectedCount = switch (k)
                {
                    case ABSENT -> 0;
                    case CONSTANT -> 1;
                    case DENSE -> epochs;
                    case SPARSE -> count;
                };
                if (count != expectedCount || count < 0 || offset < 0 || (long)offset + count > valueTotal)
                {
                    throw corrupt("shape " + s + " slot " + slot + " (" + k + ") values [" + offset + ", +" + count +
                        ") do not fit its " + valueTotal + " values");
                }
                if (k == SeriesKind.SPARSE && (list < 0 || (long)list + count > epochListCount))
                {
                    throw corrupt("shape " + s + " slot " + slot + " epoch list [" + list + ", +" + count +
                        ") is outside the " + epochListCount + " listed epochs");
                }
            }
        }
        return b;
    }

    NasmapFormatException corrupt(final String message)
    {
        return new NasmapFormatException(path, message);
    }

    private void expect(final String what, final long expected, final long actual)
    {
        if (expected != actual)
        {
            throw corrupt(what + ": expected " + expected + ", actual " + actual);
        }
    }

    // ------------------------------------------------------------------------------------------ header

    /** @return the path the file was opened from. */
    public Path path()
    {
        return path;
    }

    /** @return the format version of the file. */
    public int version()
    {
        return version;
    }

    /** @return the sections the file's table lists (16 for files written before GROUP_ANSWERS). */
    public int sectionCount()
    {
        return sectionCount;
    }

    /** @return the search space. */
    public Space space()
    {
        return space;
    }

    /** @return what the file was converted from. */
    public SourceKind sourceKind()
    {
        return sourceKind;
    }

    /** @return the number of architectures of the space ({@code len(api)}). */
    public int size()
    {
        return archCount;
    }

    /** @return the number of architectures the file holds results for. */
    public int heldCount()
    {
        return heldCount;
    }

    /** @return the header's hp mask. */
    public int hpMask()
    {
        return hpMask;
    }

    /**
     * @param hp a budget.
     * @return whether the file holds any result at {@code hp} (its bit, {@link Hp#code()}, in the header's hp mask).
     */
    public boolean hasHp(final Hp hp)
    {
        return (hpMask & (1 << hp.code())) != 0;
    }

    /** @return the number of trials. */
    public int trialCount()
    {
        return trialCount;
    }

    /** @return the number of distinct trial shapes. */
    public int shapeCount()
    {
        return shapeCount;
    }

    /** @return the number of strings in the pool. */
    public int stringCount()
    {
        return stringCount;
    }

    /** @return the number of float32 values. */
    public long valueCount()
    {
        return valueCount;
    }

    /** @return the number of latency values. */
    public int latencyCount()
    {
        return latencyCount;
    }

    /** @return the file length in bytes. */
    public long fileLength()
    {
        return fileLength;
    }

    /** @return offset of a section ({@code Layout.SECTION_*}). */
    public long sectionOffset(final int id)
    {
        return sections.offset(id);
    }

    /** @return length of a section ({@code Layout.SECTION_*}). */
    public long sectionLength(final int id)
    {
        return sections.length(id);
    }

    /**
     * Reads one byte of every 4 KiB page of the file through this mapping, front to back: brings back the pages
     * (and their page-table entries) that the operating system dropped while the file sat idle, before
     * latency-sensitive work. Allocation-free; about 0.1 s per 500 MB from the page cache.
     *
     * @return a checksum of the bytes read (consume it, so that the reads are kept).
     */
    public long touch()
    {
        ensureOpen();
        long sum = 0;
        for (long i = 0; i < fileLength; i += 4096)
        {
            sum += whole.getByte((int)i);
        }
        return sum;
    }

    /** @return the whole mapped file, for {@link NasmapVerifier}. */
    UnsafeBuffer whole()
    {
        return whole;
    }

    /**
     * The payload as the format's size target counts it: 4 bytes per stored value (per-epoch values and
     * constant series) plus 8 bytes per per-trial scalar (flops, params and each latency value).
     *
     * @return payload bytes.
     */
    public long payloadBytes()
    {
        return valueCount * Float.BYTES + 2L * Double.BYTES * trialCount + (long)Double.BYTES * latencyCount;
    }

    // ------------------------------------------------------------------------------------------ architectures

    /** @throws IllegalStateException once closed. */
    void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("nasmap file is closed: " + path);
        }
    }

    /**
     * @param arch an architecture index.
     * @return its string (allocates; see {@link #appendArch} for the allocation-free twin).
     * @throws NasmapQueryException  when the index is outside the space.
     * @throws NasmapFormatException when the stored string is not valid UTF-8 (as {@link #appendArch}).
     */
    public String arch(final int arch)
    {
        checkArch(arch);
        final StringPool pool = names.pool();
        return pool.append(arch, new StringBuilder(pool.byteLength(arch))).toString();
    }

    /**
     * Appends an architecture string to {@code out} without allocating (beyond growing {@code out}).
     *
     * @return {@code out}.
     */
    public StringBuilder appendArch(final int arch, final StringBuilder out)
    {
        checkArch(arch);
        return names.pool().append(arch, out);
    }

    /**
     * Upstream's {@code query_index_by_arch} for a string: the index, or -1 when the string is not an
     * architecture of the space (upstream's dictionary lookup: a string not spelled exactly as stored, such as a
     * non-canonical topology string, answers -1). Allocation-free, except once (below).
     * <p>
     * The mapped tables answer: when the file has an ARCH_CODES table (every architecture string follows the
     * space's grammar) the string is parsed into its code and the table read once; otherwise the file's hash
     * table ARCH_LOOKUP is probed (about 100 ns either way). A {@link String} key is answered instead, once this
     * open file has been asked {@value #ARCH_INDEX_AFTER} String keys, from an {@link ArchIndex} on the heap: the
     * architecture strings decoded once, in an open-addressing table keyed by the {@link String#hashCode()} that
     * the key caches and confirmed by {@link String#equals}, as fast as a {@code HashMap<String, Integer>}. The
     * lookup that reaches the count builds it, once per open file (other threads go on with the mapped tables
     * meanwhile), never at {@link #open}; it is kept as long as this object. One-time cost for the
     * full spaces, measured (heap in use after a full GC; build time of that lookup in a fresh JVM, on a shared
     * 2-core machine at load 3): 2.4 MB of heap and 28-39 ms for the topology space (15,625 strings), 2.7 MB and
     * 27-30 ms for the size space (32,768). The build checks that the table answers exactly what the
     * mapped tables answer; for a damaged file (a string that is not valid UTF-8, a table that disagrees with the
     * strings) it keeps none, and the mapped tables go on answering or reporting the damage. Any other
     * {@link CharSequence} (a reused {@link StringBuilder}) is answered from the mapped tables alone.
     *
     * @throws IllegalStateException once the file is closed.
     */
    public int indexOf(final CharSequence arch)
    {
        ensureOpen();
        return names.indexOf(arch, heapTables);
    }

    /** @return the architecture strings and their tables ({@link #indexOf}'s, the verifier's and the tests'). */
    ArchNames names()
    {
        return names;
    }

    /** Keeps this file's readers from building heap tables; called before the file is handed to a reader. */
    void disableHeapTables()
    {
        heapTables = false;
    }

    void checkArch(final int arch)
    {
        ensureOpen();
        if (arch < 0 || arch >= archCount)
        {
            throw new NasmapQueryException("invalid architecture index " + arch + ": not in [0, " + archCount + ")");
        }
    }

    // ------------------------------------------------------------------------------------------ groups and trials

    /** @return the hp slot of {@code hp} in this file, or -1. */
    int hpSlot(final Hp hp)
    {
        return hpSlotByOrdinal[hp.ordinal()];
    }

    int hpSlots()
    {
        return hpSlots;
    }

    /** @return true when the file holds results for the architecture (at any hp). */
    public boolean holds(final int arch)
    {
        checkArch(arch);
        return archHp.getByte(arch) != 0;
    }

    /** @return true when the architecture has results at that hp. */
    public boolean holds(final int arch, final Hp hp)
    {
        checkArch(arch);
        return (archHp.getByte(arch) & (1 << hp.code())) != 0 && hpSlotByOrdinal[hp.ordinal()] >= 0;
    }

    /**
     * @return the held row of an architecture (its index when every architecture is held), or -1 when it is not
     * held; checked against HELD_COUNT.
     */
    int rowOrAbsent(final int arch)
    {
        if (identityRows)
        {
            return arch;
        }
        final int row = archRows.getInt(arch * Integer.BYTES);
        if (row < -1 || row >= heldCount)
        {
            throw corrupt("architecture " + arch + " has row " + row + ", outside the " + heldCount + " held rows");
        }
        return row;
    }

    /** @return the held row of an architecture (checked against HELD_COUNT), assuming it is held. */
    int row(final int arch)
    {
        final int row = rowOrAbsent(arch);
        if (row < 0)
        {
            throw corrupt("held architecture " + arch + " has no row");
        }
        return row;
    }


    /** @return the first trial of a group, or -1 when the dataset is absent; checked against the trial count. */
    int groupFirstTrial(final int group)
    {
        final int first = groups.getInt(group * GroupDecoder.LENGTH + GroupDecoder.FIRST_TRIAL_OFFSET);
        final int count = groupSeedCount(group);
        if (first < -1 || (first >= 0 && (long)first + count > trialCount))
        {
            throw corrupt("group " + group + " trials [" + first + ", +" + count + ") outside the " + trialCount + " trials");
        }
        return first;
    }

    int groupSeedCount(final int group)
    {
        return groups.getShort(group * GroupDecoder.LENGTH + GroupDecoder.SEED_COUNT_OFFSET) & 0xFFFF;
    }

    int groupFlags(final int group)
    {
        return groups.getShort(group * GroupDecoder.LENGTH + GroupDecoder.FLAGS_OFFSET) & 0xFFFF;
    }

    /** @return the seed at position {@code i} of a group whose first trial is {@code first} (inline when it can). */
    int seedAt(final int group, final int first, final int i)
    {
        return i < GroupDecoder.INLINE ?
            groups.getInt(group * GroupDecoder.LENGTH + GroupDecoder.SEEDS_OFFSET + i * Integer.BYTES) :
            trialSeed(first + i);
    }

    /** @return the shape at position {@code i} of a group, checked: the byte offset of its entry in {@link #shapes}. */
    int shapeAt(final int group, final int first, final int i)
    {
        final int shape = i < GroupDecoder.INLINE ?
            groups.getShort(group * GroupDecoder.LENGTH + GroupDecoder.SHAPES_OFFSET + i * Short.BYTES) & 0xFFFF :
            trials.getShort((first + i) * TrialDecoder.LENGTH + TrialDecoder.SHAPE_OFFSET) & 0xFFFF;
        if (shape >= shapeCount)
        {
            throw corrupt("trial " + (first + i) + " has shape " + shape + ", outside the " + shapeCount + " shapes");
        }
        return shape * ShapeDecoder.LENGTH;
    }

    /** @return the first value index at position {@code i} of a group, checked against its shape's value count. */
    long valuesAt(final int group, final int first, final int i, final int shape)
    {
        final long v = i < GroupDecoder.INLINE ?
            groups.getInt(group * GroupDecoder.LENGTH + GroupDecoder.VALUES_OFFSET + i * Integer.BYTES) :
            trials.getInt((first + i) * TrialDecoder.LENGTH + TrialDecoder.VALUES_OFFSET);
        final int count = shapeValueCount(shape);
        if (v < 0 || v + count > valueCount)
        {
            throw corrupt("trial " + (first + i) + " values [" + v + ", +" + count + ") outside the " + valueCount +
                " values");
        }
        return v;
    }

    int trialSeed(final int trial)
    {
        return trials.getInt(trial * TrialDecoder.LENGTH + TrialDecoder.SEED_OFFSET);
    }

    /**
     * @return the distinct seeds of the file's trials in the order first met (TRIALS is inside the mapping: its
     * element count was checked at open), or null when there are more than {@code max}.
     */
    int[] distinctSeeds(final int max)
    {
        final int[] seeds = new int[max];
        int n = 0;
        for (int t = 0; t < trialCount; t++)
        {
            final int seed = trialSeed(t);
            boolean seen = false;
            for (int i = 0; i < n; i++)
            {
                seen |= seeds[i] == seed;
            }
            if (!seen)
            {
                if (n == max)
                {
                    return null;
                }
                seeds[n++] = seed;
            }
        }
        return Arrays.copyOf(seeds, n);
    }

    /** @return the byte offset of the trial's shape in {@link #shapes}, checked. */
    int trialShape(final int trial)
    {
        final int shape = trials.getShort(trial * TrialDecoder.LENGTH + TrialDecoder.SHAPE_OFFSET) & 0xFFFF;
        if (shape >= shapeCount)
        {
            throw corrupt("trial " + trial + " has shape " + shape + ", outside the " + shapeCount + " shapes");
        }
        return shape * ShapeDecoder.LENGTH;
    }

    /** @return the trial's first value index, checked against the shape's value count. */
    long trialValues(final int trial, final int shape)
    {
        final long v = trials.getInt(trial * TrialDecoder.LENGTH + TrialDecoder.VALUES_OFFSET);
        if (v < 0 || v + shapeValueCount(shape) > valueCount)
        {
            throw corrupt("trial " + trial + " values [" + v + ", +" + shapeValueCount(shape) + ") outside the " +
                valueCount + " values");
        }
        return v;
    }

    // shapes (the validated copy), by byte offset of the entry
    int shapeEpochs(final int shape)
    {
        return shapes.getInt(shape + ShapeDecoder.EPOCHS_OFFSET);
    }

    int shapeEvalMask(final int shape)
    {
        return shapes.getInt(shape + ShapeDecoder.EVAL_MASK_OFFSET);
    }

    int shapeFlags(final int shape)
    {
        return shapes.getInt(shape + ShapeDecoder.FLAGS_OFFSET);
    }

    int shapeValueCount(final int shape)
    {
        return shapes.getInt(shape + ShapeDecoder.VALUE_COUNT_OFFSET);
    }

    int slotKind(final int shape, final int slot)
    {
        return shapes.getInt(shape + ShapeDecoder.SLOTS_OFFSET + slot * ShapeDecoder.SLOT_LENGTH + ShapeDecoder.SLOT_KIND_OFFSET);
    }

    int slotValueOffset(final int shape, final int slot)
    {
        return shapes.getInt(shape + ShapeDecoder.SLOTS_OFFSET + slot * ShapeDecoder.SLOT_LENGTH + ShapeDecoder.SLOT_VALUE_OFFSET);
    }

    int slotValueCount(final int shape, final int slot)
    {
        return shapes.getInt(shape + ShapeDecoder.SLOTS_OFFSET + slot * ShapeDecoder.SLOT_LENGTH +
            ShapeDecoder.SLOT_VALUE_COUNT_OFFSET);
    }

    int slotEpochsIndex(final int shape, final int slot)
    {
        return shapes.getInt(shape + ShapeDecoder.SLOTS_OFFSET + slot * ShapeDecoder.SLOT_LENGTH +
            ShapeDecoder.SLOT_EPOCHS_INDEX_OFFSET);
    }

    /** @return whether a trial of that shape has times for a split (upstream's None otherwise). */
    boolean timeKnown(final int shape, final int split)
    {
        return split == Split.TRAIN.code() ?
            slotKind(shape, ShapeDecoder.slot(split, Metric.TIME.code())) != SeriesKind.ABSENT_CODE :
            (shapeFlags(shape) & ShapeDecoder.FLAG_EVAL_TIMES_EMPTY) == 0;
    }

    /**
     * @return the TRIAL_FINALS entry of position {@code i} of group {@code g}, or -1 when the group has none or is
     * flagged WALK; checked against the entries.
     */
    int finalEntry(final int g, final int i)
    {
        final int first = groups.getInt(g * GroupDecoder.LENGTH + GroupDecoder.FIRST_FINAL_OFFSET);
        if (first == -1 || (groupFlags(g) & GroupDecoder.FLAG_WALK) != 0)
        {
            return -1;
        }
        final int n = groupSeedCount(g);
        if (first < 0 || (long)first + n > finalCount)
        {
            throw corrupt("group " + g + " final entries [" + first + ", +" + n + ") outside the " + finalCount +
                " entries");
        }
        return first + i;
    }

    /** @return TRIAL_FINALS' loss of (entry, split); the entry must come from {@link #finalEntry}. */
    float finalLoss(final int trial, final int split)
    {
        return trialFinals.getFloat(trial * TrialFinalDecoder.LENGTH + split * TrialFinalDecoder.SPLIT_LENGTH +
            TrialFinalDecoder.LOSS_OFFSET);
    }

    float finalAccuracy(final int trial, final int split)
    {
        return trialFinals.getFloat(trial * TrialFinalDecoder.LENGTH + split * TrialFinalDecoder.SPLIT_LENGTH +
            TrialFinalDecoder.ACCURACY_OFFSET);
    }

    double finalAllTime(final int trial, final int split)
    {
        return trialFinals.getDouble(trial * TrialFinalDecoder.LENGTH + split * TrialFinalDecoder.SPLIT_LENGTH +
            TrialFinalDecoder.ALL_TIME_OFFSET);
    }

    /**
     * @return the address of the FINAL_MEANS column of (hp, dataset, split) when the file holds every architecture
     * (row = index, so any index below ARCH_COUNT lies inside the column) and has that hp; else 0. Valid while this
     * object is reachable (the mapping lives as long as it does).
     */
    long fullColumnAddress(final Hp hp, final Dataset dataset, final Split split)
    {
        return fullColumns[(hp.ordinal() * Dataset.count() + dataset.ordinal()) * Split.count() + split.ordinal()];
    }

    /**
     * @return the address of the GROUP_ANSWERS entry of architecture 0 at (hp, dataset) when the file holds every
     * architecture and has entries for that hp (architecture {@code a}'s is {@code a * answerRowStride()} further,
     * inside the section for any index below ARCH_COUNT); else 0. Valid while this object is reachable.
     */
    long fullAnswerAddress(final Hp hp, final Dataset dataset)
    {
        return fullAnswers[hp.ordinal() * Dataset.count() + dataset.ordinal()];
    }

    long answerRowStride()
    {
        return answerRowStride;
    }

    /**
     * @return the address of the COSTS column of (hp, dataset, cost) when the file holds every architecture and has
     * that hp (architecture {@code a}'s value is {@code 8 * a} further); else 0. Valid while this object is reachable.
     */
    long fullCostAddress(final Hp hp, final Dataset dataset, final int cost)
    {
        final int slot = hpSlotByOrdinal[hp.ordinal()];
        return !identityRows || slot < 0 || archCount == 0 ? 0 :
            costs.addressOffset() + Layout.costIndex(slot, dataset.code(), cost, 0, heldCount) * Double.BYTES;
    }

    /** @return FINAL_MEANS of (hp slot, dataset, split, row). */
    double finalMean(final int hpSlot, final int dataset, final int split, final int row)
    {
        return finalMeans.getDouble((int)Layout.finalMeanIndex(hpSlot, dataset, split, row, heldCount) * Double.BYTES);
    }

    /** @return COSTS of (hp slot, dataset, cost, row). */
    double cost(final int hpSlot, final int dataset, final int cost, final int row)
    {
        return costs.getDouble((int)Layout.costIndex(hpSlot, dataset, cost, row, heldCount) * Double.BYTES);
    }

    double trialFlops(final int trial)
    {
        return trials.getDouble(trial * TrialDecoder.LENGTH + TrialDecoder.FLOPS_OFFSET);
    }

    double trialParams(final int trial)
    {
        return trials.getDouble(trial * TrialDecoder.LENGTH + TrialDecoder.PARAMS_OFFSET);
    }

    int trialLatencyIndex(final int trial)
    {
        return trials.getInt(trial * TrialDecoder.LENGTH + TrialDecoder.LATENCY_INDEX_OFFSET);
    }

    int trialLatencyCount(final int trial)
    {
        return trials.getShort(trial * TrialDecoder.LENGTH + TrialDecoder.LATENCY_COUNT_OFFSET);
    }

    double latency(final int index)
    {
        if (index < 0 || index >= latencyCount)
        {
            throw corrupt("latency index " + index + " outside the " + latencyCount + " latencies");
        }
        return latencies.getDouble(index * Double.BYTES);
    }

    float value(final long index)
    {
        return values.getFloat((int)(index * Float.BYTES));
    }

    int epochListEntry(final int index)
    {
        return epochLists.getInt(index * Integer.BYTES);
    }

    // ------------------------------------------------------------------------------------------ group answers

    /**
     * @return the byte offset in GROUP_ANSWERS of the entry of (row, hp, dataset), or -1 when the file has none for
     * that hp. The row must be checked; the offset then lies within the section (its count was checked at open).
     */
    int answerAt(final int row, final Hp hp, final Dataset dataset)
    {
        final int rank = answerRankByOrdinal[hp.ordinal()];
        return rank < 0 ? -1 :
            (int)Layout.answerIndex(row, rank, answerSlots, dataset.code()) * GroupAnswersDecoder.LENGTH;
    }

    @Override
    public void close()
    {
        closed = true;
    }

    /** @return true once {@link #close()} was called. */
    public boolean isClosed()
    {
        return closed;
    }

    @Override
    public String toString()
    {
        return "NasmapFile(" + path + ", " + space.shortName() + ", " + heldCount + "/" + archCount + " architectures)";
    }
}
