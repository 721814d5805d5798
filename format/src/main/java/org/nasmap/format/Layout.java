package org.nasmap.format;

/**
 * Layout of a nasmap file, version {@value #VERSION}: the header, section table and footer, and the index
 * arithmetic of the sections. Normative text: {@code format/FORMAT.md}. The sections are listed once, in
 * {@link Section}; each record has a flyweight decoder and encoder ({@link GroupDecoder}, {@link TrialDecoder},
 * {@link ShapeDecoder}, {@link ConfigDecoder}, {@link TrialFinalDecoder}) whose Javadoc holds its byte ruler.
 * All integers and floats are little-endian.
 *
 * <pre>
 *   0                   64                64 + 32 * S          (64-aligned sections)        L - F     L
 *   +-------------------+--------------------+-------------------------------------------+---------+
 *   | header            | section table      | section | pad | section | pad | ...       | footer  |
 *   +-------------------+--------------------+-------------------------------------------+---------+
 *   S = SECTION_COUNT, L = FILE_LENGTH, F = footerLength(S)
 *
 * Header (64 bytes)
 *   0  MAGIC           8   "NASMAP\0\x1a"
 *   8  VERSION         4   format version
 *  12  HEADER_LENGTH   4   64
 *  16  SPACE           4   {@link Space#code()}
 *  20  SOURCE_KIND     4   {@link SourceKind#code()}
 *  24  ARCH_COUNT      4   architectures of the space (the meta list)
 *  28  HELD_COUNT      4   architectures the file holds results for (rows of the per-row sections)
 *  32  HP_MASK         4   bit {@link Hp#code()} set for each hp slot; slots ordered by code
 *  36  DATASET_COUNT   4   4
 *  40  TRIAL_COUNT     4   trials (architecture, hp, dataset, seed)
 *  44  SHAPE_COUNT     4   distinct trial shapes
 *  48  SECTION_COUNT   4   entries in the section table
 *  52  STRING_COUNT    4   strings in the string pool (the first ARCH_COUNT are the architectures)
 *  56  FILE_LENGTH     8   length of the whole file
 *
 * Section table entry (32 bytes)
 *   0  ID              4   {@link Section#id()}
 *   4  ELEMENT_SIZE    4   {@link Section#elementSize()}
 *   8  OFFSET          8   64-aligned
 *  16  LENGTH          8   bytes, ELEMENT_COUNT * ELEMENT_SIZE
 *  24  ELEMENT_COUNT   8
 *
 * Footer (8 * S + 24 bytes)
 *   0        SECTION_HASH[S]   xxHash64 (seed 0) of each section's LENGTH bytes, in table order
 *   8S       HEAD_HASH         xxHash64 of bytes [0, 64 + 32 * S)
 *   8S + 8   FILE_LENGTH       again, to tell a truncated file from a damaged header
 *   8S + 16  FOOTER_MAGIC      "PAMSAN\x1a\0"
 * </pre>
 */
public final class Layout
{
    private Layout()
    {
    }

    /** "NASMAP\0\x1a" read as a little-endian long. */
    public static final long MAGIC = 0x1A00_5041_4D53_414EL;
    /** "PAMSAN\x1a\0" read as a little-endian long. */
    public static final long FOOTER_MAGIC = 0x001A_4E41_534D_4150L;
    /** The version this code writes and reads. */
    public static final int VERSION = 2;
    /** The oldest version this code reads. */
    public static final int MIN_VERSION = 2;
    /** Sections start at multiples of this. */
    public static final int ALIGNMENT = 64;

    // ---------------------------------------------------------------- header
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = MAGIC_OFFSET + Long.BYTES;
    public static final int HEADER_LENGTH_OFFSET = VERSION_OFFSET + Integer.BYTES;
    public static final int SPACE_OFFSET = HEADER_LENGTH_OFFSET + Integer.BYTES;
    public static final int SOURCE_KIND_OFFSET = SPACE_OFFSET + Integer.BYTES;
    public static final int ARCH_COUNT_OFFSET = SOURCE_KIND_OFFSET + Integer.BYTES;
    public static final int HELD_COUNT_OFFSET = ARCH_COUNT_OFFSET + Integer.BYTES;
    public static final int HP_MASK_OFFSET = HELD_COUNT_OFFSET + Integer.BYTES;
    public static final int DATASET_COUNT_OFFSET = HP_MASK_OFFSET + Integer.BYTES;
    public static final int TRIAL_COUNT_OFFSET = DATASET_COUNT_OFFSET + Integer.BYTES;
    public static final int SHAPE_COUNT_OFFSET = TRIAL_COUNT_OFFSET + Integer.BYTES;
    public static final int SECTION_COUNT_OFFSET = SHAPE_COUNT_OFFSET + Integer.BYTES;
    public static final int STRING_COUNT_OFFSET = SECTION_COUNT_OFFSET + Integer.BYTES;
    public static final int FILE_LENGTH_OFFSET = STRING_COUNT_OFFSET + Integer.BYTES;
    public static final int HEADER_LENGTH = FILE_LENGTH_OFFSET + Long.BYTES;

    // ---------------------------------------------------------------- section table
    public static final int SECTION_TABLE_OFFSET = HEADER_LENGTH;
    public static final int ENTRY_ID_OFFSET = 0;
    public static final int ENTRY_ELEMENT_SIZE_OFFSET = ENTRY_ID_OFFSET + Integer.BYTES;
    public static final int ENTRY_OFFSET_OFFSET = ENTRY_ELEMENT_SIZE_OFFSET + Integer.BYTES;
    public static final int ENTRY_LENGTH_OFFSET = ENTRY_OFFSET_OFFSET + Long.BYTES;
    public static final int ENTRY_ELEMENT_COUNT_OFFSET = ENTRY_LENGTH_OFFSET + Long.BYTES;
    public static final int SECTION_ENTRY_LENGTH = ENTRY_ELEMENT_COUNT_OFFSET + Long.BYTES;

    /** @return where the section table ends (the bytes HEAD_HASH covers). */
    public static long headEnd(final int sectionCount)
    {
        return SECTION_TABLE_OFFSET + (long)SECTION_ENTRY_LENGTH * sectionCount;
    }

    /** @return the offset of section table entry {@code id} (1-based). */
    public static int entryOffset(final int id)
    {
        return SECTION_TABLE_OFFSET + (id - 1) * SECTION_ENTRY_LENGTH;
    }

    // ---------------------------------------------------------------- footer
    /** @return the footer length for that many sections. */
    public static long footerLength(final int sectionCount)
    {
        return (long)Long.BYTES * sectionCount + 3L * Long.BYTES;
    }

    /** @return offset of HEAD_HASH within the footer. */
    public static long footerHeadHashOffset(final int sectionCount)
    {
        return (long)Long.BYTES * sectionCount;
    }

    /** @return offset of the repeated FILE_LENGTH within the footer. */
    public static long footerFileLengthOffset(final int sectionCount)
    {
        return footerHeadHashOffset(sectionCount) + Long.BYTES;
    }

    /** @return offset of FOOTER_MAGIC within the footer. */
    public static long footerMagicOffset(final int sectionCount)
    {
        return footerFileLengthOffset(sectionCount) + Long.BYTES;
    }

    // ---------------------------------------------------------------- section ids (aliases of Section)
    public static final int SECTION_STRING_OFFSETS = 1;
    public static final int SECTION_STRING_BYTES = 2;
    public static final int SECTION_ARCH_LOOKUP = 3;
    public static final int SECTION_ARCH_HP = 4;
    public static final int SECTION_ARCH_ROWS = 5;
    public static final int SECTION_GROUPS = 6;
    public static final int SECTION_TRIALS = 7;
    public static final int SECTION_SHAPES = 8;
    public static final int SECTION_EPOCH_LISTS = 9;
    public static final int SECTION_VALUES = 10;
    public static final int SECTION_LATENCIES = 11;
    public static final int SECTION_FINAL_MEANS = 12;
    public static final int SECTION_CONFIGS = 13;
    public static final int SECTION_COSTS = 14;
    public static final int SECTION_TRIAL_FINALS = 15;
    public static final int SECTION_ARCH_CODES = 16;
    public static final int SECTION_GROUP_ANSWERS = 17;
    /** Number of sections a version-2 file has (files written before GROUP_ANSWERS: Section.MIN_COUNT); ids are 1..SECTION_ID_COUNT in table order. */
    public static final int SECTION_ID_COUNT = 17;

    // ---------------------------------------------------------------- record lengths and fields (aliases of the decoders)
    public static final int GROUP_LENGTH = GroupDecoder.LENGTH;
    public static final int GROUP_FIRST_TRIAL_OFFSET = GroupDecoder.FIRST_TRIAL_OFFSET;
    public static final int GROUP_SEED_COUNT_OFFSET = GroupDecoder.SEED_COUNT_OFFSET;
    public static final int GROUP_FLAGS_OFFSET = GroupDecoder.FLAGS_OFFSET;
    public static final int GROUP_FLAG_FLOPS_DISAGREE = GroupDecoder.FLAG_FLOPS_DISAGREE;
    public static final int GROUP_FLAG_PARAMS_DISAGREE = GroupDecoder.FLAG_PARAMS_DISAGREE;
    public static final int TRIAL_LENGTH = TrialDecoder.LENGTH;
    public static final int TRIAL_SEED_OFFSET = TrialDecoder.SEED_OFFSET;
    public static final int TRIAL_SHAPE_OFFSET = TrialDecoder.SHAPE_OFFSET;
    public static final int TRIAL_LATENCY_COUNT_OFFSET = TrialDecoder.LATENCY_COUNT_OFFSET;
    public static final int TRIAL_VALUES_OFFSET = TrialDecoder.VALUES_OFFSET;
    public static final int TRIAL_LATENCY_INDEX_OFFSET = TrialDecoder.LATENCY_INDEX_OFFSET;
    public static final int TRIAL_FLOPS_OFFSET = TrialDecoder.FLOPS_OFFSET;
    public static final int TRIAL_PARAMS_OFFSET = TrialDecoder.PARAMS_OFFSET;
    public static final int SHAPE_LENGTH = ShapeDecoder.LENGTH;
    public static final int SHAPE_EPOCHS_OFFSET = ShapeDecoder.EPOCHS_OFFSET;
    public static final int SHAPE_EVAL_MASK_OFFSET = ShapeDecoder.EVAL_MASK_OFFSET;
    public static final int SHAPE_FLAGS_OFFSET = ShapeDecoder.FLAGS_OFFSET;
    public static final int SHAPE_VALUE_COUNT_OFFSET = ShapeDecoder.VALUE_COUNT_OFFSET;
    public static final int SHAPE_SLOTS_OFFSET = ShapeDecoder.SLOTS_OFFSET;
    public static final int SHAPE_FLAG_EVAL_TIMES_EMPTY = ShapeDecoder.FLAG_EVAL_TIMES_EMPTY;
    public static final int SLOT_KIND_OFFSET = ShapeDecoder.SLOT_KIND_OFFSET;
    public static final int SLOT_VALUE_OFFSET = ShapeDecoder.SLOT_VALUE_OFFSET;
    public static final int SLOT_VALUE_COUNT_OFFSET = ShapeDecoder.SLOT_VALUE_COUNT_OFFSET;
    public static final int SLOT_EPOCHS_INDEX_OFFSET = ShapeDecoder.SLOT_EPOCHS_INDEX_OFFSET;
    public static final int SLOT_LENGTH = ShapeDecoder.SLOT_LENGTH;
    public static final int SLOT_COUNT = ShapeDecoder.SLOT_COUNT;
    public static final int CONFIG_LENGTH = ConfigDecoder.LENGTH;
    public static final int CONFIG_KIND_OFFSET = ConfigDecoder.KIND_OFFSET;
    public static final int CONFIG_CLASS_NUM_OFFSET = ConfigDecoder.CLASS_NUM_OFFSET;
    public static final int CONFIG_A_OFFSET = ConfigDecoder.A_OFFSET;
    public static final int CONFIG_B_OFFSET = ConfigDecoder.B_OFFSET;
    public static final int CONFIG_C_OFFSET = ConfigDecoder.C_OFFSET;
    public static final int CONFIG_KIND_ABSENT = 0;
    public static final int CONFIG_KIND_TINY = 1;
    public static final int CONFIG_KIND_SHAPE_TINY = 2;
    public static final int FINAL_MEAN_LENGTH = Double.BYTES;

    /** @return the slot of (split, metric). */
    public static int slot(final int split, final int metric)
    {
        return ShapeDecoder.slot(split, metric);
    }

    // ---------------------------------------------------------------- index arithmetic

    /**
     * @return the group index of (row, hpSlot, dataset): row is the architecture's ARCH_ROWS entry (its index
     * itself when every architecture is held) and hpSlots the number of bits of HP_MASK.
     */
    public static long groupIndex(final int row, final int hpSlot, final int hpSlots, final int dataset)
    {
        return ((long)row * hpSlots + hpSlot) * Dataset.count() + dataset;
    }

    /** @return the column of (hp slot, dataset): the index of its first element in a per-group column set. */
    public static int column(final int hpSlot, final int dataset)
    {
        return hpSlot * Dataset.count() + dataset;
    }

    /**
     * @return the FINAL_MEANS index of (hp slot, dataset, split, row): one contiguous f64 column of HELD_COUNT
     * values per (hp slot, dataset, split).
     */
    public static long finalMeanIndex(final int hpSlot, final int dataset, final int split, final int row,
        final int heldCount)
    {
        return ((long)column(hpSlot, dataset) * Split.count() + split) * heldCount + row;
    }

    /**
     * Groups of an hp with more epochs than this have TRIAL_FINALS entries in every file (hp 90 and 200): there,
     * walking a trial's series costs most. A topology file has them at hp 12 too ({@link #hasFinals}); in a size
     * file the entries of hp 01 and 12 would take it over its budget.
     */
    public static final int FINALS_MIN_EPOCHS = 12;

    /** @return true when a writer gives the trials of (space, hp) TRIAL_FINALS entries (readers follow FIRST_FINAL). */
    public static boolean hasFinals(final Space space, final Hp hp)
    {
        return hp.epochs() > FINALS_MIN_EPOCHS || (space == Space.TOPOLOGY && hp.epochs() == FINALS_MIN_EPOCHS);
    }

    /** GROUP_ANSWERS has entries for the groups of the hp slots with more epochs than this (tss 200, sss 90). */
    public static final int ANSWERS_MIN_EPOCHS = 12;

    /** @return how many hp slots of a mask have GROUP_ANSWERS entries (when the section is not empty). */
    public static int answerSlots(final int hpMask)
    {
        int n = 0;
        for (final Hp hp : Hp.values())
        {
            if ((hpMask & (1 << hp.code())) != 0 && hp.epochs() > ANSWERS_MIN_EPOCHS)
            {
                n++;
            }
        }
        return n;
    }

    /** @return the rank of an hp among the answered hp slots of a mask, or -1 when it has no entries. */
    public static int answerRank(final int hpMask, final Hp hp)
    {
        if ((hpMask & (1 << hp.code())) == 0 || hp.epochs() <= ANSWERS_MIN_EPOCHS)
        {
            return -1;
        }
        int rank = 0;
        for (final Hp h : Hp.values())
        {
            if (h.code() < hp.code() && (hpMask & (1 << h.code())) != 0 && h.epochs() > ANSWERS_MIN_EPOCHS)
            {
                rank++;
            }
        }
        return rank;
    }

    /** @return the GROUP_ANSWERS index of (row, answer rank, dataset): {@code (row * answerSlots + rank) * 4 + dataset}. */
    public static long answerIndex(final int row, final int rank, final int answerSlots, final int dataset)
    {
        return ((long)row * answerSlots + rank) * Dataset.count() + dataset;
    }

    /** The COSTS columns of a (hp slot, dataset): FLOPs, params, latency. */
    public static final int COST_FLOPS = 0;
    public static final int COST_PARAMS = 1;
    public static final int COST_LATENCY = 2;
    public static final int COST_COUNT = 3;

    /** @return the COSTS index of (hp slot, dataset, cost, row): one contiguous f64 column per (hp slot, dataset, cost). */
    public static long costIndex(final int hpSlot, final int dataset, final int cost, final int row, final int heldCount)
    {
        return ((long)column(hpSlot, dataset) * COST_COUNT + cost) * heldCount + row;
    }

    // ---------------------------------------------------------------- ARCH_LOOKUP
    /**
     * 64-bit FNV-1a over the UTF-16 code units of a string, each unit fed as two bytes, low first.
     * Hashing code units lets a reader hash any CharSequence without encoding it.
     *
     * @param s the architecture string.
     * @return the hash.
     */
    public static long archHash(final CharSequence s)
    {
        long h = 0xcbf29ce484222325L;
        for (int i = 0, n = s.length(); i < n; i++)
        {
            final char c = s.charAt(i);
            h ^= c & 0xFF;
            h *= 0x100000001b3L;
            h ^= c >>> 8;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** @return the first probe slot of a hash in a table of {@code capacity} (a power of two). */
    public static int lookupSlot(final long hash, final int capacity)
    {
        return (int)(hash ^ (hash >>> 32)) & (capacity - 1);
    }

    /** @return the lookup capacity for that many architectures: a power of two, at least twice it. */
    public static int lookupCapacity(final int archCount)
    {
        int c = 16;
        while (c < 2L * archCount)
        {
            c <<= 1;
        }
        return c;
    }

    /** @return {@code value} rounded up to a multiple of {@link #ALIGNMENT}. */
    public static long align(final long value)
    {
        return (value + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /** @return the number of hp slots of a mask. */
    public static int hpSlots(final int hpMask)
    {
        return Integer.bitCount(hpMask);
    }

    /** @return the slot of an hp in a mask, or -1 when the mask lacks it. */
    public static int hpSlot(final int hpMask, final Hp hp)
    {
        final int bit = 1 << hp.code();
        return (hpMask & bit) == 0 ? -1 : Integer.bitCount(hpMask & (bit - 1));
    }
}
