package org.nasmap.reader;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Layout;
import org.nasmap.format.Space;
import org.nasmap.format.Split;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.SyntheticSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Corrupt files give a clear {@link NasmapFormatException} naming the file; verify catches damaged bytes. */
class CorruptFileTest
{
    @TempDir
    static Path dir;
    static Path good;
    static byte[] bytes;

    @BeforeAll
    static void build() throws IOException
    {
        good = dir.resolve("good.nasmap");
        NasmapWriter.convert(new SyntheticSource(Space.TOPOLOGY, 8, 3, 11), good, null);
        bytes = Files.readAllBytes(good);
    }

    private static Path write(final String name, final byte[] content) throws IOException
    {
        final Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private static NasmapFormatException openFails(final Path p)
    {
        final NasmapFormatException e = assertThrows(NasmapFormatException.class, () -> NasmapFile.open(p).close());
        assertTrue(e.getMessage().contains(p.toString()), "message names the file: " + e.getMessage());
        return e;
    }

    private static byte[] withInt(final int offset, final int value)
    {
        final byte[] b = bytes.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return b;
    }

    private static byte[] withLong(final int offset, final long value)
    {
        final byte[] b = bytes.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(offset, value);
        return b;
    }

    @Test
    void goodFileOpensAndVerifies() throws IOException
    {
        try (NasmapFile f = NasmapFile.open(good))
        {
            final NasmapVerifier.Report r = NasmapVerifier.verify(f);
            assertTrue(r.ok(), r.problems().toString());
            // the checksums cover the head and every section: only alignment padding (checked to be zero) and
            // the footer are outside them
            long sections = 0;
            for (final org.nasmap.format.Section s : org.nasmap.format.Section.values())
            {
                sections += f.sectionLength(s.id());
            }
            final int n = org.nasmap.format.Section.count();
            assertEquals(Layout.headEnd(n) + sections, r.bytesHashed());
            assertEquals(n, r.sectionsChecked());
            final long padding = bytes.length - Layout.footerLength(n) - r.bytesHashed();
            assertTrue(padding >= 0 && padding < (long)Layout.ALIGNMENT * (n + 1), "padding " + padding);
        }
    }

    @Test
    void truncatedAndExtended() throws IOException
    {
        for (final int keep : new int[] {0, 7, 63, 64, 500, bytes.length / 2, bytes.length - 1})
        {
            final byte[] b = java.util.Arrays.copyOf(bytes, keep);
            final NasmapFormatException e = openFails(write("trunc" + keep, b));
            if (keep >= Layout.HEADER_LENGTH)
            {
                assertTrue(e.getMessage().contains("truncated?"), e.getMessage());
            }
        }
        final byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 100);
        assertTrue(openFails(write("ext", longer)).getMessage().contains("extended?"));
    }

    @Test
    void wrongMagic() throws IOException
    {
        final byte[] b = bytes.clone();
        b[0] = 'X';
        assertTrue(openFails(write("magic", b)).getMessage().contains("magic"));
        assertThrows(NasmapFormatException.class, () -> NasmapFile.open(write("text", "hello, not a nasmap file".getBytes())));
    }

    @Test
    void versionsTooNewAndTooOld() throws IOException
    {
        final NasmapFormatException newer = openFails(write("v2", withInt(Layout.VERSION_OFFSET, Layout.VERSION + 1)));
        assertTrue(newer instanceof NasmapVersionException && ((NasmapVersionException)newer).isTooNew(), newer.getMessage());
        assertTrue(newer.getMessage().contains("too new"));
        final NasmapFormatException older = openFails(write("v0", withInt(Layout.VERSION_OFFSET, Layout.MIN_VERSION - 1)));
        assertTrue(older instanceof NasmapVersionException && ((NasmapVersionException)older).isTooOld());
        assertTrue(older.getMessage().contains("too old"));
    }

    @Test
    void headerFieldsOutOfRange() throws IOException
    {
        openFails(write("space", withInt(Layout.SPACE_OFFSET, 7)));
        openFails(write("arch", withInt(Layout.ARCH_COUNT_OFFSET, -1)));
        openFails(write("held", withInt(Layout.HELD_COUNT_OFFSET, Integer.MAX_VALUE)));
        openFails(write("hpmask", withInt(Layout.HP_MASK_OFFSET, 0)));
        openFails(write("hpmask2", withInt(Layout.HP_MASK_OFFSET, 0x30)));
        openFails(write("datasets", withInt(Layout.DATASET_COUNT_OFFSET, 5)));
        openFails(write("trials", withInt(Layout.TRIAL_COUNT_OFFSET, Integer.MAX_VALUE)));
        openFails(write("sections", withInt(Layout.SECTION_COUNT_OFFSET, 1 << 30)));
        openFails(write("length", withLong(Layout.FILE_LENGTH_OFFSET, Long.MAX_VALUE)));
    }

    @Test
    void sectionTableEntries() throws IOException
    {
        final int values = Layout.SECTION_TABLE_OFFSET + (Layout.SECTION_VALUES - 1) * Layout.SECTION_ENTRY_LENGTH;
        // a section pointing past the end
        openFails(write("past", withLong(values + Layout.ENTRY_OFFSET_OFFSET, bytes.length + 64L)));
        openFails(write("pastlen", withLong(values + Layout.ENTRY_LENGTH_OFFSET, bytes.length)));
        openFails(write("huge", withLong(values + Layout.ENTRY_LENGTH_OFFSET, Long.MAX_VALUE)));
        openFails(write("neg", withLong(values + Layout.ENTRY_OFFSET_OFFSET, -64)));
        openFails(write("misaligned", withLong(values + Layout.ENTRY_OFFSET_OFFSET, 520)));
        // overlapping sections: point GROUPS at the VALUES section
        final int groups = Layout.SECTION_TABLE_OFFSET + (Layout.SECTION_GROUPS - 1) * Layout.SECTION_ENTRY_LENGTH;
        final long valuesOffset = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(values + Layout.ENTRY_OFFSET_OFFSET);
        assertTrue(openFails(write("overlap", withLong(groups + Layout.ENTRY_OFFSET_OFFSET, valuesOffset)))
            .getMessage().contains("overlap"));
        openFails(write("id", withInt(values + Layout.ENTRY_ID_OFFSET, 99)));
        openFails(write("esize", withInt(values + Layout.ENTRY_ELEMENT_SIZE_OFFSET, 8)));
        openFails(write("count", withLong(values + Layout.ENTRY_ELEMENT_COUNT_OFFSET, 1L << 40)));
    }

    @Test
    void flippedBytesAreCaughtByOpenOrVerify() throws IOException
    {
        final Path p = dir.resolve("flip.nasmap");
        Files.copy(good, p, StandardCopyOption.REPLACE_EXISTING);
        int caught = 0;
        int positions = 0;
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw"))
        {
            for (int pos = 0; pos < bytes.length; pos += 7)
            {
                positions++;
                raf.seek(pos);
                raf.write(bytes[pos] ^ 0x40);
                try (NasmapFile f = NasmapFile.open(p))
                {
                    if (!NasmapVerifier.verify(f).ok())
                    {
                        caught++;
                    }
                }
                catch (final NasmapFormatException e)
                {
                    caught++;
                }
                raf.seek(pos);
                raf.write(bytes[pos]);
            }
        }
        assertEquals(positions, caught, "every flipped byte is caught");
    }

    @Test
    void corruptReferencesInsideSectionsAreCleanErrorsAtUse() throws IOException
    {
        // point the first group's trials far outside the trial table: queries fail cleanly, verify reports it
        final int groupsEntry = Layout.SECTION_TABLE_OFFSET + (Layout.SECTION_GROUPS - 1) * Layout.SECTION_ENTRY_LENGTH;
        final ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final long groupsOffset = bb.getLong(groupsEntry + Layout.ENTRY_OFFSET_OFFSET);
        try (NasBench bench = NasBench.open(good))
        {
            int held = -1;
            for (int i = 0; i < bench.size() && held < 0; i++)
            {
                if (bench.file().holds(i))
                {
                    held = i;
                }
            }
            final long group = Layout.groupIndex(0, 0, 2, Dataset.CIFAR10.ordinal()); // the first held architecture has row 0
            final Path p = write("badgroup", withInt((int)(groupsOffset + group * Layout.GROUP_LENGTH), 1 << 28));
            try (NasBench bad = NasBench.open(p))
            {
                final int arch = held;
                final NasmapFormatException e = assertThrows(NasmapFormatException.class,
                    () -> bad.metric(arch, Dataset.CIFAR10, Hp.H12, Split.TRAIN, org.nasmap.format.Metric.LOSS, -1,
                        SeedChoice.mean()));
                assertTrue(e.getMessage().contains(p.toString()));
                assertFalse(NasmapVerifier.verify(bad.file()).ok());
            }
        }
        // a lookup slot pointing past the architectures
        final int lookupEntry = Layout.SECTION_TABLE_OFFSET + (Layout.SECTION_ARCH_LOOKUP - 1) * Layout.SECTION_ENTRY_LENGTH;
        final long lookupOffset = bb.getLong(lookupEntry + Layout.ENTRY_OFFSET_OFFSET);
        final long lookupCount = bb.getLong(lookupEntry + Layout.ENTRY_ELEMENT_COUNT_OFFSET);
        final byte[] b = bytes.clone();
        final ByteBuffer w = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int s = 0; s < lookupCount; s++)
        {
            w.putInt((int)(lookupOffset + 4L * s), Integer.MAX_VALUE);
        }
        try (NasBench bad = NasBench.open(write("badlookup", b)))
        {
            // the hash table serves files whose strings do not follow the grammar; this one has ARCH_CODES
            assertThrows(NasmapFormatException.class, () -> bad.file().names().lookup("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"));
        }
    }

    @Test
    void closedFileRefusesQueries() throws IOException
    {
        final NasBench bench = NasBench.open(good);
        bench.close();
        assertThrows(IllegalStateException.class, () -> bench.arch(0));
        assertThrows(IllegalStateException.class, () -> bench.indexOf("x"));
    }
}
