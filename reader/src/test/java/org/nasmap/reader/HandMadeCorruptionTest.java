package org.nasmap.reader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.GroupDecoder;
import org.nasmap.format.Layout;
import org.nasmap.format.SourceKind;
import org.nasmap.format.Space;
import org.nasmap.format.Split;
import org.nasmap.writer.NasmapWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nasmap.reader.FileBytes.entry;
import static org.nasmap.reader.FileBytes.getInt;
import static org.nasmap.reader.FileBytes.getLong;
import static org.nasmap.reader.FileBytes.putInt;
import static org.nasmap.reader.FileBytes.putLong;
import static org.nasmap.reader.FileBytes.putShort;
import static org.nasmap.reader.FileBytes.rehash;
import static org.nasmap.reader.FileBytes.sectionLength;
import static org.nasmap.reader.FileBytes.sectionOffset;

/**
 * Hand-made damage, complementing {@link CorruptFileTest}: header fields out of range, section tables
 * whose entries overlap, point outside the file or hold counts that overflow, strings that are not UTF-8,
 * lookup slots out of range and references inside sections that point out of range. Every damaged file is
 * re-hashed ({@link FileBytes#rehash}), so what is tested is the structural check (at open, at use and in
 * {@link NasmapVerifier}), never the checksums.
 */
class HandMadeCorruptionTest
{
    @TempDir
    static Path dir;
    static byte[] tss;
    static byte[] sss;
    static int fileCount;

    /** The held architectures of {@link TinySource} and their rows. */
    static final int ARCH_A = TinySource.HELD[0];
    static final int ARCH_B = TinySource.HELD[1];

    @BeforeAll
    static void build() throws IOException
    {
        NasmapWriter.convert(new TinySource(Space.TOPOLOGY, 5), dir.resolve("tss.nasmap"), null);
        NasmapWriter.convert(new TinySource(Space.SIZE, 6), dir.resolve("sss.nasmap"), null);
        tss = Files.readAllBytes(dir.resolve("tss.nasmap"));
        sss = Files.readAllBytes(dir.resolve("sss.nasmap"));
        try (NasBench b = NasBench.open(dir.resolve("tss.nasmap")))
        {
            assertTrue(NasmapVerifier.verify(b.file()).ok());
            assertTrue(Exercise.sweep(b, new Exercise.Scratch()) > 0, "the sweep runs, some queries raise as upstream does");
        }
    }

    private static Path write(final byte[] b) throws IOException
    {
        return FileBytes.write(dir.resolve("bad" + fileCount++ + ".nasmap"), b);
    }

    /** Re-hashes, then expects open to fail with a message naming the file and containing {@code fragment}. */
    private static NasmapFormatException openFails(final byte[] b, final String fragment) throws IOException
    {
        final Path p = write(rehash(b));
        final NasmapFormatException e = assertThrows(NasmapFormatException.class, () -> NasmapFile.open(p).close());
        assertTrue(e.getMessage().contains(p.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' in: " + e.getMessage());
        return e;
    }

    /**
     * Re-hashes, expects open to succeed, every query to answer or throw a documented exception, and
     * verify to report a problem containing {@code fragment} but no checksum mismatch; then runs the
     * test's own checks on the open file.
     */
    private static void opensButVerifyFails(final byte[] b, final String fragment, final Consumer<NasBench> checks)
        throws IOException
    {
        final Path p = write(rehash(b));
        try (NasBench bench = NasBench.open(p))
        {
            Exercise.sweep(bench, new Exercise.Scratch());
            final List<String> problems = NasmapVerifier.verify(bench.file()).problems();
            assertFalse(problems.isEmpty(), "verify must report the damage");
            assertTrue(problems.stream().noneMatch(s -> s.contains("checksum")), "re-hashed: " + problems);
            assertTrue(problems.stream().anyMatch(s -> s.contains(fragment)), "'" + fragment + "' in " + problems);
            assertTrue(problems.stream().allMatch(s -> s.startsWith(p + ": ")), "every problem names the file: " + problems);
            checks.accept(bench);
        }
    }

    /** Expects a query to fail with a {@link NasmapFormatException} naming the file. */
    private static void corruptAtUse(final NasBench b, final Runnable query)
    {
        final NasmapFormatException e = assertThrows(NasmapFormatException.class, query::run);
        assertTrue(e.getMessage().contains(b.file().path().toString()), e.getMessage());
    }

    private static byte[] withInt(final byte[] base, final long at, final int v)
    {
        final byte[] b = base.clone();
        putInt(b, at, v);
        return b;
    }

    private static byte[] withLong(final byte[] base, final long at, final long v)
    {
        final byte[] b = base.clone();
        putLong(b, at, v);
        return b;
    }

    // =========================================================================================== header

    static List<Arguments> headerFields()
    {
        final int arch = getInt(tss, Layout.ARCH_COUNT_OFFSET);
        final int held = getInt(tss, Layout.HELD_COUNT_OFFSET);
        final int trials = getInt(tss, Layout.TRIAL_COUNT_OFFSET);
        final int shapes = getInt(tss, Layout.SHAPE_COUNT_OFFSET);
        final int strings = getInt(tss, Layout.STRING_COUNT_OFFSET);
        return List.of(
            Arguments.of("header length 0", Layout.HEADER_LENGTH_OFFSET, 0, "header length"),
            Arguments.of("header length 65", Layout.HEADER_LENGTH_OFFSET, 65, "header length"),
            Arguments.of("space -1", Layout.SPACE_OFFSET, -1, "unknown space code"),
            Arguments.of("space 2", Layout.SPACE_OFFSET, 2, "unknown space code"),
            Arguments.of("held -1", Layout.HELD_COUNT_OFFSET, -1, "architecture counts"),
            Arguments.of("held > arch", Layout.HELD_COUNT_OFFSET, arch + 1, "architecture counts"),
            Arguments.of("arch < held", Layout.ARCH_COUNT_OFFSET, held - 1, "architecture counts"),
            Arguments.of("arch MIN", Layout.ARCH_COUNT_OFFSET, Integer.MIN_VALUE, "architecture counts"),
            Arguments.of("arch MAX", Layout.ARCH_COUNT_OFFSET, Integer.MAX_VALUE, "counts out of range"),
            Arguments.of("arch + 1", Layout.ARCH_COUNT_OFFSET, arch + 1, "counts out of range"),
            Arguments.of("hp mask sign bit", Layout.HP_MASK_OFFSET, Integer.MIN_VALUE, "hp mask"),
            Arguments.of("hp mask -1", Layout.HP_MASK_OFFSET, -1, "hp mask"),
            Arguments.of("hp mask of 4 slots", Layout.HP_MASK_OFFSET, 0b1111, "section " + Layout.SECTION_GROUPS + " has"),
            Arguments.of("datasets 0", Layout.DATASET_COUNT_OFFSET, 0, "dataset count"),
            Arguments.of("datasets -4", Layout.DATASET_COUNT_OFFSET, -4, "dataset count"),
            Arguments.of("trials -1", Layout.TRIAL_COUNT_OFFSET, -1, "counts out of range"),
            Arguments.of("trials + 1", Layout.TRIAL_COUNT_OFFSET, trials + 1, "section " + Layout.SECTION_TRIALS + " has"),
            Arguments.of("trials MIN", Layout.TRIAL_COUNT_OFFSET, Integer.MIN_VALUE, "counts out of range"),
            Arguments.of("shapes -1", Layout.SHAPE_COUNT_OFFSET, -1, "counts out of range"),
            Arguments.of("shapes + 1", Layout.SHAPE_COUNT_OFFSET, shapes + 1, "section " + Layout.SECTION_SHAPES + " has"),
            Arguments.of("shapes MAX", Layout.SHAPE_COUNT_OFFSET, Integer.MAX_VALUE, "section " + Layout.SECTION_SHAPES + " has"),
            Arguments.of("strings < arch", Layout.STRING_COUNT_OFFSET, arch - 1, "counts out of range"),
            Arguments.of("strings -1", Layout.STRING_COUNT_OFFSET, -1, "counts out of range"),
            Arguments.of("strings + 1", Layout.STRING_COUNT_OFFSET, strings + 1, "section " + Layout.SECTION_STRING_OFFSETS + " has"),
            Arguments.of("strings MAX", Layout.STRING_COUNT_OFFSET, Integer.MAX_VALUE, "section " + Layout.SECTION_STRING_OFFSETS + " has"),
            Arguments.of("sections 12", Layout.SECTION_COUNT_OFFSET, 12, "section count"),
            Arguments.of("sections 14", Layout.SECTION_COUNT_OFFSET, 14, "section count"),
            Arguments.of("sections 0", Layout.SECTION_COUNT_OFFSET, 0, "section count"),
            Arguments.of("sections -1", Layout.SECTION_COUNT_OFFSET, -1, "section count"),
            Arguments.of("sections MIN", Layout.SECTION_COUNT_OFFSET, Integer.MIN_VALUE, "section count"),
            Arguments.of("version MAX", Layout.VERSION_OFFSET, Integer.MAX_VALUE, "too new"),
            Arguments.of("version MIN", Layout.VERSION_OFFSET, Integer.MIN_VALUE, "too old"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerFields")
    void headerFieldOutOfRange(final String name, final int offset, final int value, final String fragment)
        throws IOException
    {
        openFails(withInt(tss, offset, value), fragment);
    }

    @Test
    void fileLengthsAndFooter() throws IOException
    {
        final long length = tss.length;
        openFails(withLong(tss, Layout.FILE_LENGTH_OFFSET, length - 1), "file extended?");
        openFails(withLong(tss, Layout.FILE_LENGTH_OFFSET, length + 1), "file truncated?");
        openFails(withLong(tss, Layout.FILE_LENGTH_OFFSET, Long.MIN_VALUE), "file extended?");
        final long footer = FileBytes.footerStart(tss);
        final int sections = Layout.SECTION_ID_COUNT;
        openFails(withLong(tss, footer + Layout.footerFileLengthOffset(sections), length + 64), "footer declares");
        openFails(withLong(tss, footer + Layout.footerFileLengthOffset(sections), -1), "footer declares");
        openFails(withLong(tss, footer + Layout.footerMagicOffset(sections), Layout.MAGIC), "footer magic");
        // a file exactly as long as its header, whose header declares that length
        final byte[] headOnly = java.util.Arrays.copyOf(tss, Layout.HEADER_LENGTH);
        putLong(headOnly, Layout.FILE_LENGTH_OFFSET, Layout.HEADER_LENGTH);
        final Path p = write(headOnly);
        final NasmapFormatException e = assertThrows(NasmapFormatException.class, () -> NasmapFile.open(p));
        assertTrue(e.getMessage().contains("too short"), e.getMessage());
    }

    @Test
    void unknownSourceKindIsInformative() throws IOException
    {
        for (final int kind : new int[] {-1, 99, Integer.MAX_VALUE})
        {
            final Path p = write(rehash(withInt(tss, Layout.SOURCE_KIND_OFFSET, kind)));
            try (NasmapFile f = NasmapFile.open(p))
            {
                assertEquals(SourceKind.UNKNOWN, f.sourceKind());
                assertTrue(NasmapVerifier.verify(f).ok());
            }
        }
    }

    // ====================================================================================== section table

    @Test
    void overlappingSections() throws IOException
    {
        final long values = sectionOffset(tss, Layout.SECTION_VALUES);
        final long valuesLength = sectionLength(tss, Layout.SECTION_VALUES);
        assertTrue(valuesLength > 128, "the tiny file has values to overlap");
        // a small section moved inside VALUES, at its start and 64 bytes in
        for (final long at : new long[] {values, values + 64})
        {
            openFails(withLong(tss, entry(Layout.SECTION_ARCH_HP) + Layout.ENTRY_OFFSET_OFFSET, at), "overlap");
        }
        // two sections at the same offset
        final long trials = sectionOffset(tss, Layout.SECTION_TRIALS);
        openFails(withLong(tss, entry(Layout.SECTION_GROUPS) + Layout.ENTRY_OFFSET_OFFSET, trials), "overlap");
        // VALUES grown over the section that follows it (length and count kept consistent)
        final byte[] b = tss.clone();
        final long grown = valuesLength + 64;
        FileBytes.setEntry(b, Layout.SECTION_VALUES, values, grown, grown / Float.BYTES);
        openFails(b, "overlap");
    }

    @Test
    void sectionsOutsideTheFile() throws IOException
    {
        final long footer = FileBytes.footerStart(tss);
        final long headEnd = Layout.headEnd(Layout.SECTION_ID_COUNT);
        final int hp = entry(Layout.SECTION_ARCH_HP);
        final long hpLength = sectionLength(tss, Layout.SECTION_ARCH_HP);
        // offsets: inside the head, 0, past the data end, in the footer, at the largest aligned long
        openFails(withLong(tss, hp + Layout.ENTRY_OFFSET_OFFSET, headEnd - 32 & ~63L), "outside");
        openFails(withLong(tss, hp + Layout.ENTRY_OFFSET_OFFSET, 0), "outside");
        openFails(withLong(tss, hp + Layout.ENTRY_OFFSET_OFFSET, (footer + 64 + 63) & ~63L), "outside");
        openFails(withLong(tss, hp + Layout.ENTRY_OFFSET_OFFSET, Long.MAX_VALUE & ~63L), "outside");
        openFails(withLong(tss, hp + Layout.ENTRY_OFFSET_OFFSET, Long.MIN_VALUE), "outside");
        // a section that ends one byte past the data end (length and count consistent)
        final byte[] b = tss.clone();
        final long last = (footer - hpLength) & ~63L;
        FileBytes.setEntry(b, Layout.SECTION_ARCH_HP, last, footer - last + 1, footer - last + 1);
        openFails(b, "runs past the data end");
        // offset + length overflows a long
        final long hpOffset = sectionOffset(tss, Layout.SECTION_ARCH_HP);
        final byte[] c = tss.clone();
        FileBytes.setEntry(c, Layout.SECTION_ARCH_HP, hpOffset, Long.MAX_VALUE - hpOffset + 1, 6);
        openFails(c, "runs past the data end");
        openFails(withLong(tss, hp + Layout.ENTRY_LENGTH_OFFSET, -1), "runs past the data end");
        openFails(withLong(tss, hp + Layout.ENTRY_LENGTH_OFFSET, Long.MIN_VALUE), "runs past the data end");
    }

    @Test
    void countsThatOverflow() throws IOException
    {
        // TRIAL_COUNT * TRIAL_LENGTH = 2^31, and the largest int trial count: header and entry agree
        for (final int trials : new int[] {1 << 26, Integer.MAX_VALUE})
        {
            final byte[] b = withInt(tss, Layout.TRIAL_COUNT_OFFSET, trials);
            FileBytes.setEntry(b, Layout.SECTION_TRIALS, sectionOffset(tss, Layout.SECTION_TRIALS),
                (long)trials * Layout.TRIAL_LENGTH, trials);
            openFails(b, "runs past the data end");
        }
        // element counts whose product with the element size wraps around to the real length
        for (final int id : new int[] {Layout.SECTION_STRING_OFFSETS, Layout.SECTION_TRIALS, Layout.SECTION_SHAPES,
            Layout.SECTION_VALUES, Layout.SECTION_CONFIGS})
        {
            final long count = FileBytes.elementCount(tss, id);
            final int size = getInt(tss, entry(id) + Layout.ENTRY_ELEMENT_SIZE_OFFSET);
            // size * (count + k) == size * count (mod 2^64) for k = 2^64 / size when size is a power of two
            final long wrap = Integer.bitCount(size) == 1 ? 1L << (64 - Integer.numberOfTrailingZeros(size)) : 0;
            for (final long bad : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, -1, count + wrap, count + 1, count - 1})
            {
                if (bad == count)
                {
                    continue;
                }
                openFails(withLong(tss, entry(id) + Layout.ENTRY_ELEMENT_COUNT_OFFSET, bad), "section " + id);
            }
        }
        // element sizes that are not the section's
        for (final int size : new int[] {0, -1, Integer.MIN_VALUE, 2})
        {
            openFails(withInt(tss, entry(Layout.SECTION_VALUES) + Layout.ENTRY_ELEMENT_SIZE_OFFSET, size), "element size");
        }
        // a section entry whose id is out of the id range (the table is read by position)
        openFails(withInt(tss, entry(Layout.SECTION_CONFIGS) + Layout.ENTRY_ID_OFFSET, Integer.MIN_VALUE), "has id");
        openFails(withInt(tss, entry(1) + Layout.ENTRY_ID_OFFSET, 0), "has id");
    }

    @Test
    void stringOffsetsAndLookupCapacity() throws IOException
    {
        final long offsets = sectionOffset(tss, Layout.SECTION_STRING_OFFSETS);
        final int strings = getInt(tss, Layout.STRING_COUNT_OFFSET);
        final long bytes = sectionLength(tss, Layout.SECTION_STRING_BYTES);
        openFails(withLong(tss, offsets, 1), "string offsets do not span");
        openFails(withLong(tss, offsets + 8L * strings, bytes + 1), "string offsets do not span");
        openFails(withLong(tss, offsets + 8L * strings, bytes - 1), "string offsets do not span");
        // lookup capacity not a power of two, or not above the architecture count
        final long lookup = sectionOffset(tss, Layout.SECTION_ARCH_LOOKUP);
        for (final long capacity : new long[] {12, 4, 0})
        {
            final byte[] b = tss.clone();
            FileBytes.setEntry(b, Layout.SECTION_ARCH_LOOKUP, lookup, capacity * 4, capacity);
            openFails(b, "not a power of two above");
        }
    }

    // ========================================================================================== strings

    /** Replaces bytes at the start (or the end) of architecture {@code arch}'s string. */
    private static byte[] patchArchString(final byte[] base, final int arch, final boolean atEnd, final int... bytes)
    {
        final byte[] b = base.clone();
        final long pool = sectionOffset(b, Layout.SECTION_STRING_BYTES);
        final long offsets = sectionOffset(b, Layout.SECTION_STRING_OFFSETS);
        final long start = getLong(b, offsets + 8L * arch);
        final long end = getLong(b, offsets + 8L * (arch + 1));
        final long at = atEnd ? end - bytes.length : start;
        for (int i = 0; i < bytes.length; i++)
        {
            b[(int)(pool + at + i)] = (byte)bytes[i];
        }
        return b;
    }

    static List<Arguments> invalidUtf8()
    {
        return List.of(
            Arguments.of("lone continuation byte", false, new int[] {0x80}),
            Arguments.of("overlong NUL", false, new int[] {0xC0, 0x80}),
            Arguments.of("overlong 3-byte", false, new int[] {0xE0, 0x80, 0x80}),
            Arguments.of("UTF-16 surrogate", false, new int[] {0xED, 0xA0, 0x80}),
            Arguments.of("above U+10FFFF", false, new int[] {0xF4, 0x90, 0x80, 0x80}),
            Arguments.of("0xFF", false, new int[] {0xFF}),
            Arguments.of("bad continuation", false, new int[] {0xC3, 0x28}),
            Arguments.of("sequence cut by the string's end", true, new int[] {0xE2, 0x82}),
            Arguments.of("4-byte lead at the string's end", true, new int[] {0xF0}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8")
    void architectureStringNotUtf8(final String name, final boolean atEnd, final int[] bytes) throws IOException
    {
        final int arch = 2; // not held: only its string and its lookup slot refer to it
        final String original;
        try (NasBench good = NasBench.open(dir.resolve("tss.nasmap")))
        {
            original = good.arch(arch);
        }
        opensButVerifyFails(patchArchString(tss, arch, atEnd, bytes), "invalid UTF-8", b ->
        {
            corruptAtUse(b, () -> b.arch(arch));
            corruptAtUse(b, () -> b.file().appendArch(arch, new StringBuilder()));
            // the lookup either misses the damaged string or reports it; it never answers another index
            try
            {
                // the code table answers a canonical string without reading the stored one: the right index
                final int found = b.indexOf(original);
                assertTrue(found == -1 || found == arch, "found at " + found);
                assertEquals(-1, b.file().names().lookup(original));
            }
            catch (final NasmapFormatException e)
            {
                assertTrue(e.getMessage().contains("invalid UTF-8"), e.getMessage());
            }
            // the other architectures still answer or report the damage, never a wrong index
            for (int a = 0; a < b.size(); a++)
            {
                if (a == arch)
                {
                    continue;
                }
                try
                {
                    assertEquals(a, b.indexOf(b.arch(a)));
                }
                catch (final NasmapFormatException e)
                {
                    assertTrue(e.getMessage().contains("invalid UTF-8"), e.getMessage());
                }
            }
        });
    }

    @Test
    void architectureStringChangedWithoutItsLookup() throws IOException
    {
        // valid UTF-8 (a 2-byte character replacing two ASCII bytes), but the lookup was not rebuilt
        opensButVerifyFails(patchArchString(tss, 2, false, 0xC3, 0xA9), "found at -1", b ->
        {
            final String changed = b.arch(2);
            assertTrue(changed.startsWith("\u00e9"), changed);
            assertTrue(b.indexOf(changed) == -1 || b.indexOf(changed) == 2);
        });
    }

    @Test
    void configurationStringNotUtf8() throws IOException
    {
        // the size space's configuration strings hold 2-, 3- and 4-byte characters; break the 2-byte one
        final byte[] b = sss.clone();
        final long pool = sectionOffset(b, Layout.SECTION_STRING_BYTES);
        final long length = sectionLength(b, Layout.SECTION_STRING_BYTES);
        int at = -1;
        for (int i = 0; i < length - 1 && at < 0; i++)
        {
            if ((b[(int)(pool + i)] & 0xFF) == 0xC3 && (b[(int)(pool + i + 1)] & 0xFF) == 0xA9)
            {
                at = (int)(pool + i);
            }
        }
        assertTrue(at > 0, "the size file holds a configuration string with U+00E9");
        b[at + 1] = 0x41;
        try (NasBench good = NasBench.open(dir.resolve("sss.nasmap")))
        {
            assertTrue(String.valueOf(good.netConfig(ARCH_A, Dataset.CIFAR10).get("genotype")).startsWith("g\u00e9n\u20ac"));
        }
        opensButVerifyFails(b, "invalid UTF-8", bench -> corruptAtUse(bench, () -> bench.netConfig(ARCH_A, Dataset.CIFAR10)));
    }

    // =========================================================================================== lookup

    private static long homeSlot(final String arch)
    {
        return Layout.lookupSlot(Layout.archHash(arch), (int)FileBytes.elementCount(tss, Layout.SECTION_ARCH_LOOKUP));
    }

    private static long slotOf(final byte[] b, final int arch)
    {
        final long lookup = sectionOffset(b, Layout.SECTION_ARCH_LOOKUP);
        final long capacity = FileBytes.elementCount(b, Layout.SECTION_ARCH_LOOKUP);
        for (int s = 0; s < capacity; s++)
        {
            if (getInt(b, lookup + 4L * s) == arch + 1)
            {
                return lookup + 4L * s;
            }
        }
        throw new AssertionError("architecture " + arch + " is not in the lookup");
    }

    @Test
    void lookupSlotsOutOfRange() throws IOException
    {
        final String arch0;
        try (NasBench good = NasBench.open(dir.resolve("tss.nasmap")))
        {
            arch0 = good.arch(0);
        }
        final long slot = slotOf(tss, 0);
        assertEquals(sectionOffset(tss, Layout.SECTION_ARCH_LOOKUP) + 4 * homeSlot(arch0), slot, "arch 0 sits in its home slot");
        final int archCount = getInt(tss, Layout.ARCH_COUNT_OFFSET);
        for (final int v : new int[] {-1, archCount + 1, Integer.MIN_VALUE, Integer.MAX_VALUE})
        {
            opensButVerifyFails(withInt(tss, slot, v), "architecture lookup", b -> corruptAtUse(b, () -> b.file().names().lookup(arch0)));
        }
    }

    @Test
    void lookupWithoutEmptySlotOrWithSwappedEntries() throws IOException
    {
        // every empty slot filled with a valid index: a miss must still end (after one round of probes)
        final byte[] full = tss.clone();
        final long lookup = sectionOffset(full, Layout.SECTION_ARCH_LOOKUP);
        final long capacity = FileBytes.elementCount(full, Layout.SECTION_ARCH_LOOKUP);
        for (int s = 0; s < capacity; s++)
        {
            if (getInt(full, lookup + 4L * s) == 0)
            {
                putInt(full, lookup + 4L * s, 1);
            }
        }
        opensButVerifyFails(full, "entries for", b ->
        {
            assertEquals(-1, b.indexOf("|not~0|+|an~0|architecture~1|"));
            assertEquals(-1, b.indexOf(""));
            for (int a = 0; a < b.size(); a++)
            {
                assertEquals(a, b.indexOf(b.arch(a)));
            }
        });
        // two architectures' slots swapped: lookups of them miss (or find the right one), verify reports it
        final byte[] swapped = tss.clone();
        final long s0 = slotOf(swapped, 0);
        final long s3 = slotOf(swapped, 3);
        putInt(swapped, s0, 4);
        putInt(swapped, s3, 1);
        opensButVerifyFails(swapped, "is found at", b ->
        {
            for (int a = 0; a < b.size(); a++)
            {
                final int found = b.indexOf(b.arch(a));
                assertTrue(found == a || found == -1, "architecture " + a + " found at " + found);
            }
        });
    }

    // ====================================================================================== references

    private static long group(final int row, final Hp hp, final Dataset d)
    {
        final int mask = getInt(tss, Layout.HP_MASK_OFFSET);
        return sectionOffset(tss, Layout.SECTION_GROUPS) +
            Layout.groupIndex(row, Layout.hpSlot(mask, hp), Layout.hpSlots(mask), d.ordinal()) * Layout.GROUP_LENGTH;
    }

    private static long trial(final int t)
    {
        return sectionOffset(tss, Layout.SECTION_TRIALS) + (long)t * Layout.TRIAL_LENGTH;
    }

    @Test
    void groupTrialsOutOfRange() throws IOException
    {
        final int trials = getInt(tss, Layout.TRIAL_COUNT_OFFSET);
        final long g = group(0, Hp.H200, Dataset.CIFAR100);
        final int seeds = getInt(tss, g + Layout.GROUP_SEED_COUNT_OFFSET) & 0xFFFF;
        assertEquals(2, seeds);
        for (final int first : new int[] {trials, trials - 1, -2, Integer.MIN_VALUE, Integer.MAX_VALUE})
        {
            opensButVerifyFails(withInt(tss, g + Layout.GROUP_FIRST_TRIAL_OFFSET, first), "outside the", b ->
            {
                // the mean of get_more_info and get_cost_info at hp 200 read the GROUP_ANSWERS entry, not the group
                corruptAtUse(b, () -> b.metric(ARCH_A, Dataset.CIFAR100, Hp.H200, Split.TRAIN, org.nasmap.format.Metric.LOSS,
                    0, SeedChoice.seed(getInt(tss, g + GroupDecoder.SEEDS_OFFSET))));
                corruptAtUse(b, () -> b.getMoreInfo(ARCH_A, Dataset.CIFAR100, Hp.H200, -1, SeedChoice.seed(777), new MoreInfo()));
                corruptAtUse(b, () -> b.getMoreInfo(ARCH_A, Dataset.CIFAR100, Hp.H200, 3, SeedChoice.mean(), new MoreInfo()));
                corruptAtUse(b, () -> b.getLatency(ARCH_A, Dataset.CIFAR100, Hp.H200));
                corruptAtUse(b, () -> b.datasetSeeds(ARCH_A, Dataset.CIFAR100, Hp.H200));
            });
        }
        final byte[] many = tss.clone();
        putShort(many, g + Layout.GROUP_SEED_COUNT_OFFSET, (short)0xFFFF);
        opensButVerifyFails(many, "outside the", b -> corruptAtUse(b,
            () -> b.metric(ARCH_A, Dataset.CIFAR100, Hp.H200, Split.TRAIN, org.nasmap.format.Metric.LOSS, -1, SeedChoice.mean())));
        // two groups sharing trials
        final long other = group(0, Hp.H200, Dataset.CIFAR10_VALID);
        opensButVerifyFails(withInt(tss, other + Layout.GROUP_FIRST_TRIAL_OFFSET, getInt(tss, g)), "two groups", b ->
        {
        });
    }

    @Test
    void trialReferencesOutOfRange() throws IOException
    {
        final long g = group(0, Hp.H200, Dataset.CIFAR10_VALID);
        final int t = getInt(tss, g + Layout.GROUP_FIRST_TRIAL_OFFSET);
        final long at = trial(t);
        final int seed = getInt(tss, at + Layout.TRIAL_SEED_OFFSET);
        final int shapes = getInt(tss, Layout.SHAPE_COUNT_OFFSET);
        final long values = FileBytes.elementCount(tss, Layout.SECTION_VALUES);
        final long latencies = FileBytes.elementCount(tss, Layout.SECTION_LATENCIES);
        final Consumer<NasBench> seriesFails = b ->
        {
            corruptAtUse(b, () -> b.series(ARCH_A, Dataset.CIFAR10_VALID, Hp.H200, seed, Split.TRAIN,
                org.nasmap.format.Metric.ACCURACY, new TrialSeries()));
            // the one-seed query reads the group's inline copies through their addresses: checked all the same
            for (final int epoch : new int[] {0, -1})
            {
                corruptAtUse(b, () -> b.metric(ARCH_A, Dataset.CIFAR10_VALID, Hp.H200, Split.TRAIN,
                    org.nasmap.format.Metric.ACCURACY, epoch, SeedChoice.seed(seed)));
            }
        };
        // shape index past the shapes (u16: 0xFFFF too)
        for (final int shape : new int[] {shapes, 0xFFFF})
        {
            final byte[] b = tss.clone();
            putShort(b, at + Layout.TRIAL_SHAPE_OFFSET, (short)shape);
            opensButVerifyFails(b, "outside the " + shapes + " shapes", bench -> { });
            // the group's inline copy is what queries read
            putShort(b, g + GroupDecoder.SHAPES_OFFSET, (short)shape);
            opensButVerifyFails(b, "outside the " + shapes + " shapes", seriesFails);
        }
        // values outside VALUES
        for (final long v : new long[] {values, values - 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE})
        {
            final byte[] b = withInt(tss, at + Layout.TRIAL_VALUES_OFFSET, (int)v);
            opensButVerifyFails(b, "values", bench -> { });
            putInt(b, g + GroupDecoder.VALUES_OFFSET, (int)v);
            opensButVerifyFails(b, "values", seriesFails);
        }
        // latency list outside LATENCIES
        for (final int index : new int[] {(int)latencies, -1, Integer.MAX_VALUE, Integer.MIN_VALUE})
        {
            opensButVerifyFails(withInt(tss, at + Layout.TRIAL_LATENCY_INDEX_OFFSET, index), "latency", b ->
                corruptAtUse(b, () -> b.trialLatency(ARCH_A, Dataset.CIFAR10_VALID, Hp.H200, 0)));
        }
        for (final short count : new short[] {Short.MAX_VALUE, (short)(latencies + 1)})
        {
            final byte[] b = tss.clone();
            putShort(b, at + Layout.TRIAL_LATENCY_COUNT_OFFSET, count);
            opensButVerifyFails(b, "latency", bench ->
                corruptAtUse(bench, () -> bench.trialLatency(ARCH_A, Dataset.CIFAR10_VALID, Hp.H200, 0)));
        }
        // a latency count below -1 (neither a list nor None): verify reports it
        final byte[] b = tss.clone();
        putShort(b, at + Layout.TRIAL_LATENCY_COUNT_OFFSET, (short)-2);
        opensButVerifyFails(b, "latency", bench ->
        {
        });
    }

    @Test
    void architectureRowsAndHpBits() throws IOException
    {
        final long rows = sectionOffset(tss, Layout.SECTION_ARCH_ROWS);
        final int held = getInt(tss, Layout.HELD_COUNT_OFFSET);
        for (final int row : new int[] {held, -1, Integer.MIN_VALUE, Integer.MAX_VALUE})
        {
            opensButVerifyFails(withInt(tss, rows + 4L * ARCH_A, row), "row", b ->
            {
                corruptAtUse(b, () -> b.metric(ARCH_A, Dataset.CIFAR10, Hp.H12, Split.TRAIN, org.nasmap.format.Metric.LOSS, 0,
                    SeedChoice.seed(777)));
                corruptAtUse(b, () -> b.getLatency(ARCH_A, Dataset.CIFAR10, Hp.H12));
                corruptAtUse(b, () -> b.netConfig(ARCH_A, Dataset.CIFAR10));
            });
        }
        // two architectures on one row: queries answer (from that row), verify reports it
        opensButVerifyFails(withInt(tss, rows + 4L * ARCH_B, 0), "rows follow the index order", b -> assertEquals(
            b.finalAccuracy(ARCH_A, Dataset.CIFAR10, Hp.H200, Split.ORI_TEST),
            b.finalAccuracy(ARCH_B, Dataset.CIFAR10, Hp.H200, Split.ORI_TEST)));
        // a row for an architecture that is not held
        opensButVerifyFails(withInt(tss, rows + 4L * 0, 1), "not held but has row", b ->
            assertThrows(NasmapQueryException.class, () -> b.getLatency(0, Dataset.CIFAR10, Hp.H12)));
        // hp bits outside the mask (bit 0: hp "01" in a topology file): an error of the query, not a bad read
        final long hp = sectionOffset(tss, Layout.SECTION_ARCH_HP);
        final byte[] b = tss.clone();
        b[(int)(hp + ARCH_A)] |= 1;
        opensButVerifyFails(b, "outside the mask", bench ->
        {
            assertThrows(NasmapQueryException.class, () -> bench.getLatency(ARCH_A, Dataset.CIFAR10, Hp.H01));
            assertThrows(NasmapQueryException.class, () -> bench.metric(ARCH_A, Dataset.CIFAR10, Hp.H01, Split.TRAIN,
                org.nasmap.format.Metric.LOSS, 0, SeedChoice.seed(777)));
        });
        // an architecture held by the hp table but not by the header's count
        final byte[] c = tss.clone();
        c[(int)(hp + 0)] = 2;
        opensButVerifyFails(c, "held", bench -> corruptAtUse(bench, () -> bench.getLatency(0, Dataset.CIFAR10, Hp.H12)));
    }

    @Test
    void configReferences() throws IOException
    {
        final long configs = sectionOffset(sss, Layout.SECTION_CONFIGS);
        final int strings = getInt(sss, Layout.STRING_COUNT_OFFSET);
        final long c = configs + (0L * Dataset.count() + Dataset.CIFAR100.ordinal()) * Layout.CONFIG_LENGTH;
        for (final int field : new int[] {Layout.CONFIG_A_OFFSET, Layout.CONFIG_B_OFFSET})
        {
            for (final int s : new int[] {strings, -1, Integer.MAX_VALUE})
            {
                final byte[] b = sss.clone();
                putInt(b, c + field, s);
                final Path p = write(rehash(b));
                try (NasBench bench = NasBench.open(p))
                {
                    corruptAtUse(bench, () -> bench.netConfig(ARCH_A, Dataset.CIFAR100));
                    assertFalse(NasmapVerifier.verify(bench.file()).ok());
                }
            }
        }
        final byte[] b = sss.clone();
        putInt(b, c + Layout.CONFIG_KIND_OFFSET, 7);
        final Path p = write(rehash(b));
        try (NasBench bench = NasBench.open(p))
        {
            corruptAtUse(bench, () -> bench.netConfig(ARCH_A, Dataset.CIFAR100));
            assertTrue(NasmapVerifier.verify(bench.file()).problems().stream().anyMatch(s -> s.contains("unknown kind")));
        }
        // topology: the arch_str string index
        final long t = sectionOffset(tss, Layout.SECTION_CONFIGS) + Dataset.CIFAR10.ordinal() * Layout.CONFIG_LENGTH;
        opensButVerifyFails(withInt(tss, t + Layout.CONFIG_C_OFFSET, getInt(tss, Layout.STRING_COUNT_OFFSET)), "refers to string",
            bench -> corruptAtUse(bench, () -> bench.netConfig(ARCH_A, Dataset.CIFAR10)));
    }

    /** @return the offset of the first SPARSE slot of the first shape that has one, as [shape entry, slot entry]. */
    private static long[] sparseSlot(final byte[] b)
    {
        final long shapes = sectionOffset(b, Layout.SECTION_SHAPES);
        final int count = getInt(b, Layout.SHAPE_COUNT_OFFSET);
        for (int s = 0; s < count; s++)
        {
            final long e = shapes + (long)s * Layout.SHAPE_LENGTH;
            for (int slot = 0; slot < Layout.SLOT_COUNT; slot++)
            {
                final long se = e + Layout.SHAPE_SLOTS_OFFSET + (long)slot * Layout.SLOT_LENGTH;
                if (getInt(b, se + Layout.SLOT_KIND_OFFSET) == org.nasmap.format.SeriesKind.SPARSE.ordinal())
                {
                    return new long[] {e, se};
                }
            }
        }
        throw new AssertionError("no sparse slot");
    }

    @Test
    void shapesAreCheckedAtOpen() throws IOException
    {
        final long[] sparse = sparseSlot(tss);
        final long shape = sparse[0];
        final long slot = sparse[1];
        final long lists = FileBytes.elementCount(tss, Layout.SECTION_EPOCH_LISTS);
        final int valueCount = getInt(tss, shape + Layout.SHAPE_VALUE_COUNT_OFFSET);
        openFails(withInt(tss, shape + Layout.SHAPE_EPOCHS_OFFSET, -1), "epochs");
        openFails(withInt(tss, shape + Layout.SHAPE_VALUE_COUNT_OFFSET, -1), "values");
        openFails(withInt(tss, shape + Layout.SHAPE_VALUE_COUNT_OFFSET, 0), "do not fit");
        openFails(withInt(tss, slot + Layout.SLOT_KIND_OFFSET, 9), "unknown kind");
        openFails(withInt(tss, slot + Layout.SLOT_KIND_OFFSET, -1), "unknown kind");
        openFails(withInt(tss, slot + Layout.SLOT_VALUE_OFFSET, valueCount), "do not fit");
        openFails(withInt(tss, slot + Layout.SLOT_VALUE_OFFSET, Integer.MAX_VALUE), "do not fit");
        openFails(withInt(tss, slot + Layout.SLOT_VALUE_OFFSET, -1), "do not fit");
        openFails(withInt(tss, slot + Layout.SLOT_VALUE_COUNT_OFFSET, Integer.MAX_VALUE), "do not fit");
        openFails(withInt(tss, slot + Layout.SLOT_VALUE_COUNT_OFFSET, -1), "do not fit");
        openFails(withInt(tss, slot + Layout.SLOT_EPOCHS_INDEX_OFFSET, (int)lists), "listed epochs");
        openFails(withInt(tss, slot + Layout.SLOT_EPOCHS_INDEX_OFFSET, -1), "listed epochs");
        openFails(withInt(tss, slot + Layout.SLOT_EPOCHS_INDEX_OFFSET, Integer.MAX_VALUE), "listed epochs");
        // a DENSE slot whose count is not the shape's epochs
        final long first = shape + Layout.SHAPE_SLOTS_OFFSET;
        assertEquals(org.nasmap.format.SeriesKind.DENSE.ordinal(), getInt(tss, first + Layout.SLOT_KIND_OFFSET));
        openFails(withInt(tss, first + Layout.SLOT_VALUE_COUNT_OFFSET, 1), "do not fit");
        // more epochs than the values hold: DENSE slots no longer fit
        openFails(withInt(tss, shape + Layout.SHAPE_EPOCHS_OFFSET, Integer.MAX_VALUE), "do not fit");
    }

    @Test
    void epochListsOutOfOrderOrOutOfRange() throws IOException
    {
        final long[] sparse = sparseSlot(tss);
        final int list = getInt(tss, sparse[1] + Layout.SLOT_EPOCHS_INDEX_OFFSET);
        final long at = sectionOffset(tss, Layout.SECTION_EPOCH_LISTS) + 4L * list;
        for (final int e : new int[] {-1, 4, Integer.MAX_VALUE, Integer.MIN_VALUE})
        {
            opensButVerifyFails(withInt(tss, at, e), "epoch list", b ->
            {
            });
        }
    }

    @Test
    void damageInsideValuesIsOnlyForTheChecksums() throws IOException
    {
        // NaN and infinities in VALUES and FINAL_MEANS are values, not structure: queries answer them and,
        // re-hashed, verify accepts the file (the checksums are what protect values)
        final byte[] b = tss.clone();
        final long values = sectionOffset(b, Layout.SECTION_VALUES);
        final long count = FileBytes.elementCount(b, Layout.SECTION_VALUES);
        for (int i = 0; i < count; i++)
        {
            putInt(b, values + 4L * i, Float.floatToRawIntBits(i % 3 == 0 ? Float.NaN : i % 3 == 1 ? Float.POSITIVE_INFINITY : -0f));
        }
        final long means = sectionOffset(b, Layout.SECTION_FINAL_MEANS);
        FileBytes.putDouble(b, means, Double.NEGATIVE_INFINITY);
        final Path p = write(rehash(b));
        try (NasBench bench = NasBench.open(p))
        {
            // version 2 derives TRIAL_FINALS from the series: verify's cross-check sees the values changed
            final List<String> problems = NasmapVerifier.verify(bench.file()).problems();
            assertFalse(problems.isEmpty());
            assertTrue(problems.stream().allMatch(s -> s.contains("differs from its series") || s.contains("cost columns")),
                problems.toString());
            Exercise.sweep(bench, new Exercise.Scratch());
        }
        // not re-hashed: verify names the sections
        final byte[] d = tss.clone();
        putInt(d, values, 0x7FC00001);
        FileBytes.putDouble(d, means, Double.NaN);
        try (NasmapFile f = NasmapFile.open(write(d)))
        {
            final List<String> problems = NasmapVerifier.verify(f).problems();
            assertTrue(problems.size() >= 2, problems.toString());
            assertTrue(problems.get(0).contains("section " + Layout.SECTION_VALUES + " checksum"), problems.toString());
            assertTrue(problems.get(1).contains("section " + Layout.SECTION_FINAL_MEANS + " checksum"), problems.toString());
        }
    }
}
