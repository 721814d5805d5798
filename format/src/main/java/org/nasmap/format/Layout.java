package org.nasmap.format;

/**
 * Layout of a nasmap file, version {@value #VERSION}. Normative text: {@code format/FORMAT.md}.
 * All integers and floats are little-endian. Offsets are in bytes from the start of the file unless
 * a field says otherwise.
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
 *  16  SPACE           4   {@link Space} ordinal
 *  20  SOURCE_KIND     4   {@link SourceKind} ordinal
 *  24  ARCH_COUNT      4   architectures of the space (the meta list)
 *  28  HELD_COUNT      4   architectures the file holds results for (rows of the per-row sections)
 *  32  HP_MASK         4   bit {@link Hp#ordinal()} set for each hp slot; slots ordered by ordinal
 *  36  DATASET_COUNT   4   4
 *  40  TRIAL_COUNT     4   trials (architecture, hp, dataset, seed)
 *  44  SHAPE_COUNT     4   distinct trial shapes
 *  48  SECTION_COUNT   4   entries in the section table
 *  52  STRING_COUNT    4   strings in the string pool (the first ARCH_COUNT are the architectures)
 *  56  FILE_LENGTH     8   length of the whole file
 *
 * Section table entry (32 bytes)
 *   0  ID              4   a {@code SECTION_*} id
 *   4  ELEMENT_SIZE    4   bytes per element
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
    public static final int VERSION = 1;
    /** The oldest version this code reads. */
    public static final int MIN_VERSION = 1;
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

    // ---------------------------------------------------------------- section ids (table order)
    /** int64[STRING_COUNT + 1]: start of each string in STRING_BYTES; the last is its length. */
    public static final int SECTION_STRING_OFFSETS = 1;
    /** UTF-8 bytes of all strings, back to back. */
    public static final int SECTION_STRING_BYTES = 2;
    /** int32[capacity], a power of two: architecture + 1, or 0 for an empty slot. */
    public static final int SECTION_ARCH_LOOKUP = 3;
    /** uint8[ARCH_COUNT]: bit {@link Hp#ordinal()} set when the architecture has results at that hp. */
    public static final int SECTION_ARCH_HP = 4;
    /** int32[ARCH_COUNT]: the architecture's row among the held ones, or -1. */
    public static final int SECTION_ARCH_ROWS = 5;
    /** GROUP entries, one per (held row, hp slot, dataset). */
    public static final int SECTION_GROUPS = 6;
    /** TRIAL entries. */
    public static final int SECTION_TRIALS = 7;
    /** SHAPE entries. */
    public static final int SECTION_SHAPES = 8;
    /** int32 pool of sorted epoch lists of SPARSE series. */
    public static final int SECTION_EPOCH_LISTS = 9;
    /** float32 pool of all series values. */
    public static final int SECTION_VALUES = 10;
    /** float64 pool of latency lists. */
    public static final int SECTION_LATENCIES = 11;
    /** float64 per (group, split): final-epoch accuracy averaged over seeds (derived). */
    public static final int SECTION_FINAL_MEANS = 12;
    /** CONFIG entries, one per (held row, dataset). */
    public static final int SECTION_CONFIGS = 13;
    /** Number of sections a version-1 file has; ids are 1..SECTION_ID_COUNT in table order. */
    public static final int SECTION_ID_COUNT = 13;

    // ---------------------------------------------------------------- GROUP entry
    /** First trial of the group, or -1 when the dataset is not in the architecture's seed map. */
    public static final int GROUP_FIRST_TRIAL_OFFSET = 0;
    /** uint16: number of seeds (trials) of the group, in the source's seed-list order. */
    public static final int GROUP_SEED_COUNT_OFFSET = GROUP_FIRST_TRIAL_OFFSET + Integer.BYTES;
    /** uint16: {@link #GROUP_FLAG_FLOPS_DISAGREE}, {@link #GROUP_FLAG_PARAMS_DISAGREE}. */
    public static final int GROUP_FLAGS_OFFSET = GROUP_SEED_COUNT_OFFSET + Short.BYTES;
    public static final int GROUP_LENGTH = GROUP_FLAGS_OFFSET + Short.BYTES;
    /** The trials' flops differ at 5 decimals: upstream's legacy rule takes seed 888's value. */
    public static final int GROUP_FLAG_FLOPS_DISAGREE = 1;
    /** The trials' params differ at 5 decimals: upstream's legacy rule takes seed 888's value. */
    public static final int GROUP_FLAG_PARAMS_DISAGREE = 2;

    /**
     * @return the group index of (row, hpSlot, dataset): row is the architecture's ARCH_ROWS entry and hpSlots
     * the number of bits of HP_MASK.
     */
    public static long groupIndex(final int row, final int hpSlot, final int hpSlots, final int dataset)
    {
        return ((long)row * hpSlots + hpSlot) * Dataset.count() + dataset;
    }

    // ---------------------------------------------------------------- TRIAL entry
    /** The seed (777, 888, 999, 111, ...). */
    public static final int TRIAL_SEED_OFFSET = 0;
    /** uint16: index of the trial's shape. */
    public static final int TRIAL_SHAPE_OFFSET = TRIAL_SEED_OFFSET + Integer.BYTES;
    /** int16: length of the latency list, or -1 when the source has None. */
    public static final int TRIAL_LATENCY_COUNT_OFFSET = TRIAL_SHAPE_OFFSET + Short.BYTES;
    /** Index in VALUES of the trial's first value. */
    public static final int TRIAL_VALUES_OFFSET = TRIAL_LATENCY_COUNT_OFFSET + Short.BYTES;
    /** Index in LATENCIES of the trial's latency list. */
    public static final int TRIAL_LATENCY_INDEX_OFFSET = TRIAL_VALUES_OFFSET + Integer.BYTES;
    /** FLOPs (M) exactly as the source holds them. */
    public static final int TRIAL_FLOPS_OFFSET = TRIAL_LATENCY_INDEX_OFFSET + Integer.BYTES;
    /** Parameters (MB) exactly as the source holds them. */
    public static final int TRIAL_PARAMS_OFFSET = TRIAL_FLOPS_OFFSET + Double.BYTES;
    public static final int TRIAL_LENGTH = TRIAL_PARAMS_OFFSET + Double.BYTES;

    // ---------------------------------------------------------------- SHAPE entry
    /** Number of training epochs of the trial. */
    public static final int SHAPE_EPOCHS_OFFSET = 0;
    /** Bit {@link Split#ordinal()} set for each evaluation name the trial has. */
    public static final int SHAPE_EVAL_MASK_OFFSET = SHAPE_EPOCHS_OFFSET + Integer.BYTES;
    /** {@link #SHAPE_FLAG_EVAL_TIMES_EMPTY}. */
    public static final int SHAPE_FLAGS_OFFSET = SHAPE_EVAL_MASK_OFFSET + Integer.BYTES;
    /** Number of float32 values a trial of this shape has in VALUES. */
    public static final int SHAPE_VALUE_COUNT_OFFSET = SHAPE_FLAGS_OFFSET + Integer.BYTES;
    /** First of {@link #SLOT_COUNT} slots, index {@code split * Metric.count() + metric}. */
    public static final int SHAPE_SLOTS_OFFSET = SHAPE_VALUE_COUNT_OFFSET + Integer.BYTES;
    /** The trial's eval-times dict is empty: eval times are None rather than missing. */
    public static final int SHAPE_FLAG_EVAL_TIMES_EMPTY = 1;

    /** {@link SeriesKind} code. */
    public static final int SLOT_KIND_OFFSET = 0;
    /** First value of the series, relative to the trial's VALUES_OFFSET. */
    public static final int SLOT_VALUE_OFFSET = SLOT_KIND_OFFSET + Integer.BYTES;
    /** Number of values (E for DENSE, 1 for CONSTANT, the list length for SPARSE, 0 for ABSENT). */
    public static final int SLOT_VALUE_COUNT_OFFSET = SLOT_VALUE_OFFSET + Integer.BYTES;
    /** SPARSE only: index in EPOCH_LISTS of the sorted epochs (VALUE_COUNT of them). */
    public static final int SLOT_EPOCHS_INDEX_OFFSET = SLOT_VALUE_COUNT_OFFSET + Integer.BYTES;
    public static final int SLOT_LENGTH = SLOT_EPOCHS_INDEX_OFFSET + Integer.BYTES;
    public static final int SLOT_COUNT = 16;
    public static final int SHAPE_LENGTH = SHAPE_SLOTS_OFFSET + SLOT_COUNT * SLOT_LENGTH;

    /** @return the slot of (split, metric). */
    public static int slot(final int split, final int metric)
    {
        return split * Metric.count() + metric;
    }

    // ---------------------------------------------------------------- FINAL_MEANS (per group, split)
    public static final int FINAL_MEAN_LENGTH = Double.BYTES;

    /** @return the FINAL_MEANS index of (group, split). */
    public static long finalMeanIndex(final long group, final int split)
    {
        return group * Split.count() + split;
    }

    // ---------------------------------------------------------------- CONFIG entry (per arch, dataset)
    /** 0: absent; 1: "infer.tiny" (topology); 2: "infer.shape.tiny" (size). */
    public static final int CONFIG_KIND_OFFSET = 0;
    /** num_classes. */
    public static final int CONFIG_CLASS_NUM_OFFSET = CONFIG_KIND_OFFSET + Integer.BYTES;
    /** infer.tiny: C. infer.shape.tiny: string index of channels. */
    public static final int CONFIG_A_OFFSET = CONFIG_CLASS_NUM_OFFSET + Integer.BYTES;
    /** infer.tiny: N. infer.shape.tiny: string index of genotype. */
    public static final int CONFIG_B_OFFSET = CONFIG_A_OFFSET + Integer.BYTES;
    /** infer.tiny: string index of arch_str. infer.shape.tiny: 0. */
    public static final int CONFIG_C_OFFSET = CONFIG_B_OFFSET + Integer.BYTES;
    public static final int CONFIG_LENGTH = CONFIG_C_OFFSET + Integer.BYTES;
    public static final int CONFIG_KIND_ABSENT = 0;
    public static final int CONFIG_KIND_TINY = 1;
    public static final int CONFIG_KIND_SHAPE_TINY = 2;

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
        final int bit = 1 << hp.ordinal();
        return (hpMask & bit) == 0 ? -1 : Integer.bitCount(hpMask & (bit - 1));
    }
}
