package org.nasmap.reader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backward compatibility: the golden files of each format version under {@code src/test/resources/golden/}.
 * Version-2 files were written once by the version-2 writer with their expected answers ({@link GoldenAnswers});
 * this reader must open and verify them and give every answer bit for bit. Version-1 files (written by the
 * version-1 writer) must be refused as too old, with a message that names the file and says how to reconvert.
 * Never regenerate a golden file: add a new version's next to them.
 */
class GoldenFilesTest
{
    @TempDir
    Path dir;

    private Path copy(final String resource) throws IOException
    {
        try (InputStream in = GoldenFilesTest.class.getResourceAsStream("/golden/" + resource))
        {
            assertTrue(in != null, resource);
            final Path p = dir.resolve(resource.replace('/', '-'));
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    /**
     * {@code v2/}: the first version-2 files (16 sections). {@code v2-answers/}: the same sources written once GROUP_ANSWERS,
     * the groups' LAST_OK bits and the topology space's hp-12 TRIAL_FINALS entries were added (17 sections); they must
     * give the answers recorded for the first ones, bit for bit.
     */
    @ParameterizedTest
    @CsvSource({"v2, tss, 16", "v2, sss, 16", "v2-answers, tss, 17", "v2-answers, sss, 17"})
    void version2FilesGiveTheirRecordedAnswers(final String folder, final String space, final int sections) throws IOException
    {
        final Path p = copy(folder + "/" + space + "-tiny.nasmap");
        final String expected;
        try (InputStream in = GoldenFilesTest.class.getResourceAsStream("/golden/v2/" + space + "-tiny.answers"))
        {
            expected = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        try (NasBench b = NasBench.open(p))
        {
            assertEquals(2, b.file().version());
            assertEquals(sections, b.file().sectionCount());
            final NasmapVerifier.Report r = NasmapVerifier.verify(b.file());
            assertTrue(r.ok(), r.problems().toString());
            final String actual = GoldenAnswers.dump(b);
            final String[] e = expected.split("\n");
            final String[] a = actual.split("\n");
            for (int i = 0; i < Math.min(e.length, a.length); i++)
            {
                assertEquals(e[i], a[i], "answer " + i);
            }
            assertEquals(e.length, a.length, "number of answers");
            assertTrue(e.length > 1000, "the answers cover the API: " + e.length);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tss", "sss"})
    void version1FilesAreRefusedWithHowToReconvert(final String space) throws IOException
    {
        final Path p = copy("v1/" + space + "-tiny.nasmap");
        final NasmapVersionException e = assertThrows(NasmapVersionException.class, () -> NasmapFile.open(p).close());
        assertTrue(e.isTooOld());
        assertEquals(1, e.actual());
        assertTrue(e.getMessage().contains("too old"), e.getMessage());
        assertTrue(e.getMessage().contains("nasmap convert"), e.getMessage());
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    }
}
