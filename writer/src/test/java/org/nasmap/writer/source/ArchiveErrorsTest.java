package org.nasmap.writer.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A NATS-Bench archive folder with misnamed, duplicated or extra files, or with records that
 * disagree with the meta list, is refused with a message naming the file.
 */
class ArchiveErrorsTest
{
    @TempDir
    Path dir;

    @TempDir
    Path singles;

    private Path copyOfTss() throws IOException
    {
        for (final String f : new String[]{"meta.pickle.pbz2", "000000.pickle.pbz2", "000011.pickle.pbz2", "000284.pickle.pbz2"})
        {
            Files.copy(SourcesTest.TSS.resolve(f), dir.resolve(f));
        }
        return dir;
    }

    private static void assertMessage(final Exception ex, final String... parts)
    {
        for (final String p : parts)
        {
            assertTrue(ex.getMessage().contains(p), "'" + p + "' in: " + ex.getMessage());
        }
    }

    @Test
    void misnamedFileIsRefused() throws Exception
    {
        Files.copy(copyOfTss().resolve("000011.pickle.pbz2"), dir.resolve("12.pickle.pbz2"));
        Files.delete(dir.resolve("000011.pickle.pbz2"));
        assertMessage(assertThrows(SourceException.class, () -> Sources.open(dir)),
            "misnamed file '12.pickle.pbz2'", "must be named '000012.pickle.pbz2'");
    }

    @Test
    void twoFilesForOneArchitectureAreRefused() throws Exception
    {
        Files.copy(copyOfTss().resolve("000011.pickle.pbz2"), dir.resolve("11.pickle.pbz2"));
        assertMessage(assertThrows(SourceException.class, () -> Sources.open(dir)), "architecture 11 has two files", "11.pickle.pbz2",
            "000011.pickle.pbz2");
    }

    @Test
    void extraFilesAndFoldersAreRefused() throws Exception
    {
        Files.writeString(copyOfTss().resolve("notes.txt"), "hello");
        assertMessage(assertThrows(SourceException.class, () -> Sources.open(dir)), "unexpected file 'notes.txt'");
        Files.delete(dir.resolve("notes.txt"));
        Files.createDirectory(dir.resolve("000001.pickle.pbz2"));
        assertMessage(assertThrows(SourceException.class, () -> Sources.open(dir)), "unexpected file '000001.pickle.pbz2'");
    }

    @Test
    void indexBeyondTheMetaListIsRefused() throws Exception
    {
        Files.copy(copyOfTss().resolve("000011.pickle.pbz2"), dir.resolve("015625.pickle.pbz2"));
        assertMessage(assertThrows(SourceException.class, () -> Sources.open(dir)), "015625.pickle.pbz2",
            "architecture 15625, beyond the meta list of 15625");
    }

    @Test
    void recordDisagreeingWithItsFileNameIsRefused() throws Exception
    {
        Files.move(copyOfTss().resolve("000011.pickle.pbz2"), dir.resolve("000012.pickle.pbz2"));
        final Source s = Sources.open(dir);
        assertEquals(3, s.heldCountHint());
        final List<Integer> delivered = new ArrayList<>();
        final SourceException ex = assertThrows(SourceException.class, () -> s.forEach(r -> delivered.add(r.index())));
        assertMessage(ex, "architecture 12", "arch_index 11 disagrees with index 12", "000012.pickle.pbz2");
        assertEquals(List.of(0), delivered, "records before the bad one were delivered in order");
    }

    @Test
    void damagedFilesAreNamed() throws Exception
    {
        Files.write(copyOfTss().resolve("000284.pickle.pbz2"), "not bzip2 at all".getBytes());
        final Source s = Sources.open(dir);
        assertMessage(assertThrows(SourceException.class, () -> s.forEach(r -> { })), "000284.pickle.pbz2", "bzip2");
        Files.delete(dir.resolve("meta.pickle.pbz2"));
        assertMessage(assertThrows(SourceException.class, () -> Sources.open(dir)), "has no meta.pickle.pbz2");
    }

    @Test
    void truncatedFilesAreNamedAndSaidTruncated() throws Exception
    {
        // a single file cut at several points: in its first block, and in later blocks while streaming
        final byte[] whole = Files.readAllBytes(SourcesTest.TSS_MKBENCH_SINGLE);
        for (final int length : new int[] {100, whole.length / 2, whole.length - 100})
        {
            final Path cut = Files.write(singles.resolve("cut-" + length + ".pickle.pbz2"), java.util.Arrays.copyOf(whole, length));
            final SourceException e = assertThrows(SourceException.class, () ->
            {
                try (Source s = Sources.open(cut))
                {
                    s.forEach(r -> { });
                }
            });
            assertMessage(e, cut.toString(), "truncated");
        }
        // an archive member cut short
        final Path member = copyOfTss().resolve("000011.pickle.pbz2");
        final byte[] m = Files.readAllBytes(member);
        Files.write(member, java.util.Arrays.copyOf(m, m.length / 2));
        final Source s = Sources.open(dir);
        assertMessage(assertThrows(SourceException.class, () -> s.forEach(r -> { })), member.toString(), "truncated");
    }

    @Test
    void consumerFailureStopsTheWorkers() throws Exception
    {
        final Source s = NatsArchiveSource.open(copyOfTss(), 3, Bz2.MAX_DECOMPRESSED);
        final IOException boom = new IOException("writer failed");
        assertSame(boom, assertThrows(IOException.class, () -> s.forEach(r ->
        {
            throw boom;
        })));
        Thread.sleep(200);
        for (final Thread t : Thread.getAllStackTraces().keySet())
        {
            assertTrue(!t.getName().startsWith("nasmap-archive-") || !t.isAlive(), "worker left running: " + t.getName());
        }
    }

    @Test
    void emptyArchiveHoldsNoRecords() throws Exception
    {
        Files.copy(SourcesTest.TSS.resolve("meta.pickle.pbz2"), dir.resolve("meta.pickle.pbz2"));
        final Source s = Sources.open(dir);
        assertEquals(0, s.heldCountHint());
        s.forEach(r ->
        {
            throw new AssertionError("no records");
        });
    }
}
