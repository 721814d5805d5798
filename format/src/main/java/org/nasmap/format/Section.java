package org.nasmap.format;

/**
 * The section registry: every section of a version-{@value Layout#VERSION} file with its id (its position in
 * the section table, from 1), its element size and the rule its element count obeys. The writer, the reader,
 * the verifier and {@code nasmap info} read this enum, and FORMAT.md section 3 is its text; nothing else
 * lists the sections.
 */
public enum Section
{
    /** i64[STRING_COUNT + 1]: start of each string in STRING_BYTES; the last entry is its length. */
    STRING_OFFSETS(1, Long.BYTES, Rule.STRINGS_PLUS_ONE),
    /** UTF-8 of every string back to back: the architectures in index order, then configuration strings. */
    STRING_BYTES(2, 1, Rule.ANY),
    /** i32[C], C a power of two above ARCH_COUNT: open-addressing table of {@code arch + 1}, 0 = empty. */
    ARCH_LOOKUP(3, Integer.BYTES, Rule.ANY),
    /** u8[ARCH_COUNT]: bit {@link Hp#code()} set when the architecture has results at that hp. */
    ARCH_HP(4, 1, Rule.ARCHS),
    /** i32[ARCH_COUNT]: row among the held architectures (ascending with the index), or -1. */
    ARCH_ROWS(5, Integer.BYTES, Rule.ARCHS),
    /** {@link GroupDecoder} entries, one per (row, hp slot, dataset). */
    GROUPS(6, GroupDecoder.LENGTH, Rule.GROUPS),
    /** {@link TrialDecoder} entries. */
    TRIALS(7, TrialDecoder.LENGTH, Rule.TRIALS),
    /** {@link ShapeDecoder} entries. */
    SHAPES(8, ShapeDecoder.LENGTH, Rule.SHAPES),
    /** i32 pool of ascending epoch lists of SPARSE series. */
    EPOCH_LISTS(9, Integer.BYTES, Rule.ANY),
    /** f32 pool of every stored series value. */
    VALUES(10, Float.BYTES, Rule.ANY),
    /** f64 pool of latency lists. */
    LATENCIES(11, Double.BYTES, Rule.ANY),
    /** f64 columns, one per (hp slot, dataset, split), each over the rows: final-epoch mean accuracy (derived). */
    FINAL_MEANS(12, Double.BYTES, Rule.GROUPS_TIMES_SPLITS),
    /** {@link ConfigDecoder} entries, one per (row, dataset). */
    CONFIGS(13, ConfigDecoder.LENGTH, Rule.ROWS_TIMES_DATASETS),
    /** f64 columns, one per (hp slot, dataset, cost), each over the rows: flops, params, latency (derived). */
    COSTS(14, Double.BYTES, Rule.GROUPS_TIMES_COSTS),
    /**
     * {@link TrialFinalDecoder} entries of the trials of groups whose hp exceeds {@link Layout#FINALS_MIN_EPOCHS}
     * epochs: each split's loss, accuracy and all-time at the last epoch (derived).
     */
    TRIAL_FINALS(15, TrialFinalDecoder.LENGTH, Rule.ANY),
    /** i32 per code of the space's architecture grammar ({@link ArchGrammar}): the index, or -1; or empty. */
    ARCH_CODES(16, Integer.BYTES, Rule.ANY),
    /**
     * {@link GroupAnswersDecoder} entries, one per (row, answered hp slot, dataset) ({@link Layout#answerIndex}), or
     * none: the mean answers of {@code get_more_info} and the time keys of {@code get_cost_info} (derived). Absent
     * from files written before it (16 sections), which read as if it were empty.
     */
    GROUP_ANSWERS(17, GroupAnswersDecoder.LENGTH, Rule.ANSWER_GROUPS_OR_NONE);

    /** How many elements a section must have, from the header's counts; {@link #ANY} when the header does not fix it. */
    public enum Rule
    {
        ANY, STRINGS_PLUS_ONE, ARCHS, GROUPS, TRIALS, SHAPES, GROUPS_TIMES_SPLITS, ROWS_TIMES_DATASETS, GROUPS_TIMES_COSTS,
        /** 0, or one per (row, hp slot of more than {@link Layout#ANSWERS_MIN_EPOCHS} epochs, dataset). */
        ANSWER_GROUPS_OR_NONE
    }

    /** Files written before the last sections have this many (16): the sections after them read as empty. */
    public static final int MIN_COUNT = 16;

    private static final Section[] ALL = values();

    private final int id;
    private final int elementSize;
    private final Rule rule;

    Section(final int id, final int elementSize, final Rule rule)
    {
        this.id = id;
        this.elementSize = elementSize;
        this.rule = rule;
    }

    /** @return the id: the 1-based position of the section in the section table. */
    public int id()
    {
        return id;
    }

    /** @return bytes per element. */
    public int elementSize()
    {
        return elementSize;
    }

    /** @return the count rule. */
    public Rule rule()
    {
        return rule;
    }

    /**
     * @return the element count the header's counts fix for this section, or -1 when any count is allowed (for
     * {@link Rule#ANSWER_GROUPS_OR_NONE}: the count when present; 0 is allowed too).
     */
    public long expectedCount(final int archCount, final int heldCount, final int hpMask, final int trialCount,
        final int shapeCount, final int stringCount)
    {
        final long groups = (long)heldCount * Layout.hpSlots(hpMask) * Dataset.count();
        return switch (rule)
        {
            case ANY -> -1;
            case STRINGS_PLUS_ONE -> stringCount + 1L;
            case ARCHS -> archCount;
            case GROUPS -> groups;
            case TRIALS -> trialCount;
            case SHAPES -> shapeCount;
            case GROUPS_TIMES_SPLITS -> groups * Split.count();
            case ROWS_TIMES_DATASETS -> (long)heldCount * Dataset.count();
            case GROUPS_TIMES_COSTS -> groups * Layout.COST_COUNT;
            case ANSWER_GROUPS_OR_NONE -> (long)heldCount * Layout.answerSlots(hpMask) * Dataset.count();
        };
    }

    /** @return the section of an id, or {@code null}. */
    public static Section ofId(final int id)
    {
        return id >= 1 && id <= ALL.length ? ALL[id - 1] : null;
    }

    /** @return the number of sections of a file of this version. */
    public static int count()
    {
        return ALL.length;
    }
}
