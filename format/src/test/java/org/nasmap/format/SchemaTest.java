package org.nasmap.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins the schema in code to the normative text: every section's id, name, element size; every record's length
 * and field offsets; every enumeration's on-disk codes, read from the tables and lists of {@code FORMAT.md}.
 * Then round-trips each record through its encoder and decoder.
 */
class SchemaTest
{
    private static final String SPEC = read();

    private static String read()
    {
        try
        {
            return Files.readString(Path.of("FORMAT.md"));
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("FORMAT.md next to the format module's pom", e);
        }
    }

    /** @return the text of the section titled {@code heading} up to the next heading. */
    private static String part(final String heading)
    {
        final int start = SPEC.indexOf(heading);
        assertTrue(start >= 0, "FORMAT.md has '" + heading + "'");
        final int end = SPEC.indexOf("\n#", start + heading.length());
        return SPEC.substring(start, end < 0 ? SPEC.length() : end);
    }

    /** @return field name to offset from a table of {@code | offset | FIELD | type | ... |} rows. */
    private static Map<String, Integer> offsets(final String text)
    {
        final Map<String, Integer> out = new LinkedHashMap<>();
        final Matcher m = Pattern.compile("(?m)^\\| (\\d+) \\| ([A-Z_]+)(\\[\\d+\\])? \\|").matcher(text);
        while (m.find())
        {
            out.put(m.group(2), Integer.parseInt(m.group(1)));
        }
        return out;
    }

    /** @return the length in a heading such as {@code ### 3.1 GROUP (64 bytes...}. */
    private static int length(final String text)
    {
        final Matcher m = Pattern.compile("\\((\\d+) bytes").matcher(text);
        assertTrue(m.find(), text.substring(0, Math.min(80, text.length())));
        return Integer.parseInt(m.group(1));
    }

    @Test
    void sectionsAreTheSpecsTable()
    {
        final Matcher m = Pattern.compile("(?m)^\\| (\\d+) \\| ([A-Z_]+) \\| (\\d+) \\|").matcher(part("## 3. Sections"));
        final List<Section> seen = new ArrayList<>();
        while (m.find())
        {
            final Section s = Section.valueOf(m.group(2));
            assertEquals(Integer.parseInt(m.group(1)), s.id(), s.name());
            assertEquals(Integer.parseInt(m.group(3)), s.elementSize(), s.name());
            assertEquals(s, Section.ofId(s.id()));
            seen.add(s);
        }
        assertEquals(List.of(Section.values()), seen, "every section, in id order");
        assertEquals(Section.count(), Layout.SECTION_ID_COUNT);
        assertEquals(Section.VALUES.id(), Layout.SECTION_VALUES);
        assertEquals(Section.ARCH_CODES.id(), Layout.SECTION_ARCH_CODES);
        assertNull(Section.ofId(0));
        assertNull(Section.ofId(Section.count() + 1));
    }

    @Test
    void headerTableAndFooter()
    {
        final Map<String, Integer> h = offsets(part("### 2.1 Header"));
        assertEquals(Layout.MAGIC_OFFSET, h.get("MAGIC"));
        assertEquals(Layout.VERSION_OFFSET, h.get("VERSION"));
        assertEquals(Layout.HEADER_LENGTH_OFFSET, h.get("HEADER_LENGTH"));
        assertEquals(Layout.SPACE_OFFSET, h.get("SPACE"));
        assertEquals(Layout.SOURCE_KIND_OFFSET, h.get("SOURCE_KIND"));
        assertEquals(Layout.ARCH_COUNT_OFFSET, h.get("ARCH_COUNT"));
        assertEquals(Layout.HELD_COUNT_OFFSET, h.get("HELD_COUNT"));
        assertEquals(Layout.HP_MASK_OFFSET, h.get("HP_MASK"));
        assertEquals(Layout.DATASET_COUNT_OFFSET, h.get("DATASET_COUNT"));
        assertEquals(Layout.TRIAL_COUNT_OFFSET, h.get("TRIAL_COUNT"));
        assertEquals(Layout.SHAPE_COUNT_OFFSET, h.get("SHAPE_COUNT"));
        assertEquals(Layout.SECTION_COUNT_OFFSET, h.get("SECTION_COUNT"));
        assertEquals(Layout.STRING_COUNT_OFFSET, h.get("STRING_COUNT"));
        assertEquals(Layout.FILE_LENGTH_OFFSET, h.get("FILE_LENGTH"));
        assertEquals(length(part("### 2.1 Header")), Layout.HEADER_LENGTH);
        assertTrue(part("### 2.1 Header").contains("| 8 | VERSION | i32 | " + Layout.VERSION + " |"));
        assertTrue(part("### 2.1 Header").contains("| SECTION_COUNT | i32 | " + Section.count() + " in version " +
            Layout.VERSION + " (" + Section.MIN_COUNT + " in files written before GROUP_ANSWERS"));
        assertEquals(Section.GROUP_ANSWERS.id(), Section.MIN_COUNT + 1);
        final Map<String, Integer> t = offsets(part("### 2.2 Section table"));
        assertEquals(Layout.ENTRY_ID_OFFSET, t.get("ID"));
        assertEquals(Layout.ENTRY_ELEMENT_SIZE_OFFSET, t.get("ELEMENT_SIZE"));
        assertEquals(Layout.ENTRY_OFFSET_OFFSET, t.get("OFFSET"));
        assertEquals(Layout.ENTRY_LENGTH_OFFSET, t.get("LENGTH"));
        assertEquals(Layout.ENTRY_ELEMENT_COUNT_OFFSET, t.get("ELEMENT_COUNT"));
        assertTrue(part("### 2.2 Section table").contains("entries of " + Layout.SECTION_ENTRY_LENGTH + " bytes at offset " +
            Layout.SECTION_TABLE_OFFSET));
        assertTrue(SPEC.contains("`4E 41 53 4D 41 50 00 1A`"));
        assertEquals(0x4E, (int)(Layout.MAGIC & 0xFF));
        assertEquals(0x1A, (int)(Layout.MAGIC >>> 56));
        assertEquals(0x50, (int)(Layout.FOOTER_MAGIC & 0xFF));
        assertEquals(0, (int)(Layout.FOOTER_MAGIC >>> 56));
        assertEquals(8L * 16 + 24, Layout.footerLength(16));
    }

    @Test
    void recordsAreTheSpecsRulers()
    {
        final String group = part("### 3.1 GROUP");
        final Map<String, Integer> g = offsets(group);
        assertEquals(GroupDecoder.LENGTH, length(group));
        assertEquals(GroupDecoder.FIRST_TRIAL_OFFSET, g.get("FIRST_TRIAL"));
        assertEquals(GroupDecoder.SEED_COUNT_OFFSET, g.get("SEED_COUNT"));
        assertEquals(GroupDecoder.FLAGS_OFFSET, g.get("FLAGS"));
        assertEquals(GroupDecoder.SEEDS_OFFSET, g.get("SEED"));
        assertEquals(GroupDecoder.SHAPES_OFFSET, g.get("SHAPE"));
        assertEquals(GroupDecoder.VALUES_OFFSET, g.get("VALUES"));
        assertEquals(GroupDecoder.FIRST_FINAL_OFFSET, g.get("FIRST_FINAL"));
        assertEquals(GroupDecoder.RESERVED_OFFSET, g.get("RESERVED"));
        assertTrue(group.contains("| 52 | RESERVED | 12 bytes |") &&
            GroupDecoder.RESERVED_OFFSET + GroupDecoder.RESERVED_WORDS * 4 == GroupDecoder.LENGTH);
        assertTrue(SPEC.contains("more than 12 epochs (`FINALS_MIN_EPOCHS`") && Layout.FINALS_MIN_EPOCHS == 12);
        assertTrue(group.contains("bit 0 FLOPS_DISAGREE") && GroupDecoder.FLAG_FLOPS_DISAGREE == 1);
        assertTrue(group.contains("bit 1 PARAMS_DISAGREE") && GroupDecoder.FLAG_PARAMS_DISAGREE == 2);
        assertTrue(group.contains("bit 2 COSTS_CHECKED") && GroupDecoder.FLAG_COSTS_CHECKED == 4);
        assertTrue(group.contains("bit 3 WALK") && GroupDecoder.FLAG_WALK == 8);
        assertTrue(group.contains("bits 4-7 LAST_OK, bit `4 + split`") && GroupDecoder.lastOk(0) == 16 &&
            GroupDecoder.lastOk(3) == 128 && GroupDecoder.FLAGS_LAST_OK == 0xF0);

        final String trial = part("### 3.2 TRIAL");
        final Map<String, Integer> t = offsets(trial);
        assertEquals(TrialDecoder.LENGTH, length(trial));
        assertEquals(TrialDecoder.SEED_OFFSET, t.get("SEED"));
        assertEquals(TrialDecoder.SHAPE_OFFSET, t.get("SHAPE"));
        assertEquals(TrialDecoder.LATENCY_COUNT_OFFSET, t.get("LATENCY_COUNT"));
        assertEquals(TrialDecoder.VALUES_OFFSET, t.get("VALUES_OFFSET"));
        assertEquals(TrialDecoder.LATENCY_INDEX_OFFSET, t.get("LATENCY_INDEX"));
        assertEquals(TrialDecoder.FLOPS_OFFSET, t.get("FLOPS"));
        assertEquals(TrialDecoder.PARAMS_OFFSET, t.get("PARAMS"));

        final String shape = part("### 3.3 SHAPE");
        final Map<String, Integer> s = offsets(shape.substring(0, shape.indexOf("SLOT:")));
        assertEquals(ShapeDecoder.LENGTH, length(shape));
        assertEquals(ShapeDecoder.EPOCHS_OFFSET, s.get("EPOCHS"));
        assertEquals(ShapeDecoder.EVAL_MASK_OFFSET, s.get("EVAL_MASK"));
        assertEquals(ShapeDecoder.FLAGS_OFFSET, s.get("FLAGS"));
        assertEquals(ShapeDecoder.VALUE_COUNT_OFFSET, s.get("VALUE_COUNT"));
        assertEquals(ShapeDecoder.SLOTS_OFFSET, s.get("SLOT"));
        final Map<String, Integer> slot = offsets(shape.substring(shape.indexOf("SLOT:")));
        assertEquals(ShapeDecoder.SLOT_KIND_OFFSET, slot.get("KIND"));
        assertEquals(ShapeDecoder.SLOT_VALUE_OFFSET, slot.get("VALUE_OFFSET"));
        assertEquals(ShapeDecoder.SLOT_VALUE_COUNT_OFFSET, slot.get("VALUE_COUNT"));
        assertEquals(ShapeDecoder.SLOT_EPOCHS_INDEX_OFFSET, slot.get("EPOCHS_INDEX"));
        assertTrue(shape.contains("| 16 | SLOT[16] | 16 bytes each |") && ShapeDecoder.SLOT_LENGTH == 16 &&
            ShapeDecoder.SLOT_COUNT == 16);

        final String config = part("### 3.5 CONFIG");
        final Map<String, Integer> c = offsets(config);
        assertEquals(ConfigDecoder.LENGTH, length(config));
        assertEquals(ConfigDecoder.KIND_OFFSET, c.get("KIND"));
        assertEquals(ConfigDecoder.CLASS_NUM_OFFSET, c.get("CLASS_NUM"));
        assertEquals(ConfigDecoder.A_OFFSET, c.get("A"));
        assertEquals(ConfigDecoder.B_OFFSET, c.get("B"));
        assertEquals(ConfigDecoder.C_OFFSET, c.get("C"));

        final String fin = part("### 3.7 TRIAL_FINAL");
        final Map<String, Integer> f = offsets(fin);
        assertEquals(TrialFinalDecoder.LENGTH, length(fin));
        assertEquals(TrialFinalDecoder.LOSS_OFFSET, f.get("LOSS"));
        assertEquals(TrialFinalDecoder.ACCURACY_OFFSET, f.get("ACCURACY"));
        assertEquals(TrialFinalDecoder.ALL_TIME_OFFSET, f.get("ALL_TIME"));
        assertTrue(fin.contains("(16 bytes at `split * 16`)") && TrialFinalDecoder.SPLIT_LENGTH == 16);

        final String answers = part("### 3.8 GROUP_ANSWER");
        final Map<String, Integer> a = offsets(answers.substring(0, answers.indexOf("SPLIT:")));
        assertEquals(GroupAnswersDecoder.LENGTH, length(answers));
        assertEquals(GroupAnswersDecoder.FLAGS_OFFSET, a.get("FLAGS"));
        assertEquals(GroupAnswersDecoder.EPOCHS_OFFSET, a.get("EPOCHS"));
        assertEquals(GroupAnswersDecoder.RESERVED_OFFSET, a.get("RESERVED"));
        assertEquals(GroupAnswersDecoder.SPLITS_OFFSET, a.get("SPLIT"));
        assertEquals(GroupAnswersDecoder.TAIL_OFFSET, a.get("TAIL"));
        assertTrue(answers.contains("| 176 | TAIL | 16 bytes |") && GroupAnswersDecoder.TAIL_OFFSET + 16 == GroupAnswersDecoder.LENGTH);
        assertTrue(answers.contains("| 16 | SPLIT[4] | 40 bytes each |") && GroupAnswersDecoder.SPLIT_LENGTH == 40);
        final Map<String, Integer> as = offsets(answers.substring(answers.indexOf("SPLIT:")));
        assertEquals(GroupAnswersDecoder.LOSS_OFFSET, as.get("LOSS"));
        assertEquals(GroupAnswersDecoder.ACCURACY_OFFSET, as.get("ACCURACY"));
        assertEquals(GroupAnswersDecoder.ALL_TIME_OFFSET, as.get("ALL_TIME"));
        assertEquals(GroupAnswersDecoder.EPOCH_TIME_OFFSET, as.get("EPOCH_TIME"));
        assertEquals(GroupAnswersDecoder.TOTAL_TIME_OFFSET, as.get("TOTAL_TIME"));
        assertTrue(answers.contains("bit 0 PRESENT; bit `4 + split` MEAN_OK; bit `8 + split` TIME_KNOWN; bit 12 COSTS; " +
            "bit `16 + split` TIME_KEY; bit `20 + split` TIME_KEY_KNOWN") &&
            GroupAnswersDecoder.FLAG_PRESENT == 1 && GroupAnswersDecoder.MEAN_OK_SHIFT == 4 &&
            GroupAnswersDecoder.TIME_KNOWN_SHIFT == 8 && GroupAnswersDecoder.FLAG_COSTS == 1 << 12 &&
            GroupAnswersDecoder.TIME_KEY_SHIFT == 16 && GroupAnswersDecoder.TIME_KEY_KNOWN_SHIFT == 20);
        assertTrue(answers.replace('\n', ' ').contains("more than 12 epochs (`ANSWERS_MIN_EPOCHS`") &&
            Layout.ANSWERS_MIN_EPOCHS == 12);
    }

    /** @return the codes a line {@code  - <label>: 0 `a`, 1 `b`, ...} of section 1 lists, in order. */
    private static List<Integer> codes(final String label)
    {
        final Matcher line = Pattern.compile("(?m)^  - " + Pattern.quote(label) + ": (.*)$").matcher(SPEC);
        assertTrue(line.find(), label);
        final Matcher m = Pattern.compile("(\\d+) ").matcher(line.group(1));
        final List<Integer> out = new ArrayList<>();
        while (m.find())
        {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }

    @Test
    void enumerationCodesAreTheSpecsAndNotOrdinals()
    {
        assertEquals(List.of(0, 1, 2, 3), codes("dataset"));
        assertTrue(SPEC.contains("dataset: 0 `cifar10-valid`, 1 `cifar10`, 2 `cifar100`, 3 `ImageNet16-120`"));
        for (final Dataset d : Dataset.values())
        {
            assertEquals(d, Dataset.ofCode(d.code()));
            assertTrue(SPEC.contains(d.code() + " `" + d.upstreamName() + "`"), d.name());
        }
        assertTrue(SPEC.contains("hp (training budget): 0 `\"01\"` (1 epoch), 1 `\"12\"`, 2 `\"90\"`, 3 `\"200\"`"));
        for (final Hp h : Hp.values())
        {
            assertTrue(SPEC.contains(h.code() + " `\"" + h.upstreamKey() + "\"`"), h.name());
        }
        for (final Split s : Split.values())
        {
            assertTrue(SPEC.contains(s.code() + " `" + s.upstreamName() + "`"), s.name());
        }
        assertTrue(SPEC.contains("metric: 0 loss, 1 top-1 accuracy"));
        assertEquals(0, Metric.LOSS.code());
        assertEquals(1, Metric.ACCURACY.code());
        assertEquals(2, Metric.TOP5.code());
        assertEquals(3, Metric.TIME.code());
        assertTrue(SPEC.contains("space: 0 topology, 1 size") && Space.TOPOLOGY.code() == 0 && Space.SIZE.code() == 1);
        assertTrue(SPEC.contains("source kind: 0 unknown, 1 NATS archive folder, 2 NATS single file, 3 NAS-Bench-201 `.pth`"));
        assertEquals(List.of(0, 1, 2, 3), List.of(SourceKind.UNKNOWN.code(), SourceKind.NATS_ARCHIVE.code(),
            SourceKind.NATS_SINGLE.code(), SourceKind.NB201_PTH.code()));
        assertTrue(SPEC.contains("series kind: 0 ABSENT, 1 DENSE, 2 CONSTANT, 3 SPARSE"));
        for (final SeriesKind k : SeriesKind.values())
        {
            assertTrue(SPEC.contains(k.code() + " " + k.name()), k.name());
            assertEquals(k, SeriesKind.ofCode(k.code()));
        }
        assertEquals(List.of(SeriesKind.ABSENT_CODE, SeriesKind.DENSE_CODE, SeriesKind.CONSTANT_CODE, SeriesKind.SPARSE_CODE),
            List.of(SeriesKind.ABSENT.code(), SeriesKind.DENSE.code(), SeriesKind.CONSTANT.code(), SeriesKind.SPARSE.code()));
        assertTrue(SPEC.contains("config kind: 0 absent, 1 `infer.tiny`, 2 `infer.shape.tiny`"));
        assertEquals(List.of(0, 1, 2), List.of(ConfigKind.ABSENT.code(), ConfigKind.TINY.code(), ConfigKind.SHAPE_TINY.code()));
        assertTrue(SPEC.contains("cost: 0 FLOPs, 1 params, 2 latency"));
        assertEquals(List.of(0, 1, 2, 3), List.of(Layout.COST_FLOPS, Layout.COST_PARAMS, Layout.COST_LATENCY, Layout.COST_COUNT));
        assertNull(SeriesKind.ofCode(4));
        assertNull(Dataset.ofCode(-1));
        assertEquals(SourceKind.UNKNOWN, SourceKind.ofCode(99));
    }

    @Test
    void indexArithmeticIsTheSpecs()
    {
        // FINAL_MEANS ((slot * 4 + dataset) * 4 + split) * H + row; COSTS ((slot * 4 + dataset) * 3 + cost) * H + row
        assertTrue(SPEC.contains("`((slot * 4 + dataset) * 4 + split) * H + row`"));
        assertTrue(SPEC.contains("`((slot * 4 + dataset) * 3 + cost) * H + row`"));
        assertEquals(((1 * 4 + 2) * 4 + 3) * 100L + 7, Layout.finalMeanIndex(1, 2, 3, 7, 100));
        assertEquals(((2 * 4 + 1) * 3 + 2) * 100L + 7, Layout.costIndex(2, 1, 2, 7, 100));
        assertEquals((5L * 3 + 2) * 4 + 1, Layout.groupIndex(5, 2, 3, 1));
        assertEquals(1, Layout.hpSlot(Space.TOPOLOGY.defaultHpMask(), Hp.H200));
        assertEquals(-1, Layout.hpSlot(Space.TOPOLOGY.defaultHpMask(), Hp.H90));
    }

    @Test
    void encodersAndDecodersRoundTrip()
    {
        final ExpandableArrayBuffer b = new ExpandableArrayBuffer(1024);
        new GroupEncoder().wrap(b, 64).firstTrial(12345).seedCount(3).flags(5).inline(0, 777, 65535, 1 << 30)
            .inline(3, 111, 2, 9).firstFinal(77);
        final GroupDecoder g = new GroupDecoder().wrap(b, 64);
        assertEquals(12345, g.firstTrial());
        assertEquals(3, g.seedCount());
        assertEquals(5, g.flags());
        assertEquals(777, g.seed(0));
        assertEquals(65535, g.shape(0));
        assertEquals(1 << 30, g.values(0));
        assertEquals(111, g.seed(3));
        assertEquals(77, g.firstFinal());
        assertEquals(77, b.getInt(64 + 48), "FIRST_FINAL at offset 48");
        assertEquals(0, g.reserved(0));
        assertEquals(777, b.getInt(64 + 8), "SEED[0] at offset 8");

        new TrialEncoder().wrap(b, 200).seed(888).shape(40000).latencyCount(-1).values(7).latencyIndex(9).flops(1.5)
            .params(-0.25);
        final TrialDecoder t = new TrialDecoder().wrap(b, 200);
        assertEquals(List.of(888, 40000, -1, 7, 9), List.of(t.seed(), t.shape(), t.latencyCount(), t.values(), t.latencyIndex()));
        assertEquals(1.5, t.flops());
        assertEquals(-0.25, t.params());

        new ShapeEncoder().wrap(b, 300).epochs(200).evalMask(0b1010).flags(1).valueCount(42)
            .slot(15, SeriesKind.SPARSE, 40, 2, 17);
        final ShapeDecoder s = new ShapeDecoder().wrap(b, 300);
        assertEquals(List.of(200, 0b1010, 1, 42), List.of(s.epochs(), s.evalMask(), s.flags(), s.valueCount()));
        assertEquals(List.of(SeriesKind.SPARSE_CODE, 40, 2, 17), List.of(s.kind(15), s.valueOffset(15), s.valueCount(15),
            s.epochsIndex(15)));
        assertEquals(SeriesKind.SPARSE_CODE, b.getInt(300 + 16 + 15 * 16), "slot 15 at 16 + 15 * 16");

        new ConfigEncoder().wrap(b, 600).set(ConfigKind.SHAPE_TINY, 100, 3, 4, 0);
        final ConfigDecoder c = new ConfigDecoder().wrap(b, 600);
        assertEquals(List.of(2, 100, 3, 4, 0), List.of(c.kind(), c.classNum(), c.a(), c.b(), c.c()));

        new TrialFinalEncoder().wrap(b, 700).split(3, 1.25f, 93.5f, 1234.5678);
        final TrialFinalDecoder f = new TrialFinalDecoder().wrap(b, 700);
        assertEquals(1.25f, f.loss(3));
        assertEquals(93.5f, f.accuracy(3));
        assertEquals(1234.5678, f.allTime(3));
        assertEquals(1234.5678, b.getDouble(700 + 48 + 8), "ori-test ALL_TIME at 48 + 8");
    }

    @Test
    void architectureGrammar()
    {
        assertNotNull(ArchGrammar.TOPOLOGY_OPS);
        assertEquals(0, ArchGrammar.topologyCode("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"));
        assertEquals(15_624, ArchGrammar.topologyCode(
            "|avg_pool_3x3~0|+|avg_pool_3x3~0|avg_pool_3x3~1|+|avg_pool_3x3~0|avg_pool_3x3~1|avg_pool_3x3~2|"));
        // digit K of the code is edge K in string order
        assertEquals(2 + 3 * 5 + 1 * 25 * 5 * 5 * 5,
            ArchGrammar.topologyCode("|nor_conv_1x1~0|+|nor_conv_3x3~0|none~1|+|none~0|none~1|skip_connect~2|"));
        for (final String bad : new String[] {"", "|", "|none~0|+|none~0|none~1|+|none~0|none~1|none~2",
            "|none~0|+|none~0|none~1|+|none~0|none~1|none~2||", "|none~1|+|none~0|none~1|+|none~0|none~1|none~2|",
            "|nor_conv_5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|", " |none~0|+|none~0|none~1|+|none~0|none~1|none~2|",
            "|None~0|+|none~0|none~1|+|none~0|none~1|none~2|", "|nor_conv~0|+|none~0|none~1|+|none~0|none~1|none~2|"})
        {
            assertEquals(-1, ArchGrammar.topologyCode(bad), bad);
        }
        assertEquals(0, ArchGrammar.sizeCode("8:8:8:8:8"));
        assertEquals(32_767, ArchGrammar.sizeCode("64:64:64:64:64"));
        assertEquals(1 + 7 * 8, ArchGrammar.sizeCode("16:64:8:8:8"));
        for (final String bad : new String[] {"", "8:8:8:8", "8:8:8:8:8:", "08:8:8:8:8", "9:8:8:8:8", "72:8:8:8:8",
            "0:8:8:8:8", "8:8:8:8:8 ", "8;8:8:8:8", "640:8:8:8:8"})
        {
            assertEquals(-1, ArchGrammar.sizeCode(bad), bad);
        }
        assertEquals(15_625, ArchGrammar.codeCount(Space.TOPOLOGY));
        assertEquals(32_768, ArchGrammar.codeCount(Space.SIZE));
    }
}
