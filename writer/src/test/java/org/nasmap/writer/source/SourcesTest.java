package org.nasmap.writer.source;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nasmap.format.SourceKind;
import org.nasmap.format.Space;
import org.nasmap.writer.pickle.TorchFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertLinesMatch;

/**
 * Each source kind, on real samples, decodes to exactly what Python sees (expected files made by
 * src/test/python/make_fixtures.py), and Sources.open tells kind and space apart.
 */
class SourcesTest
{
    static final Path TSS = RenderRecords.resource("nats-sample/NATS-tss-v1_0-3ffb9-simple");
    static final Path SSS = RenderRecords.resource("nats-sample/NATS-sss-v1_0-50262-simple");
    static final Path NB201_LEGACY = RenderRecords.resource("nb201-sample/NAS-Bench-201-sample-legacy.pth");
    static final Path NB201_ZIP = RenderRecords.resource("nb201-sample/NAS-Bench-201-sample-zip.pth");
    static final Path SSS_SINGLE = RenderRecords.resource("single/sss-sample-single.pickle.pbz2");
    static final Path TSS_MKBENCH_SINGLE = RenderRecords.resource("single/tss-mkbench-single.pickle.pbz2");

    @Test
    void tssArchiveMatchesPython() throws Exception
    {
        try (Source s = Sources.open(TSS))
        {
            assertInstanceOf(NatsArchiveSource.class, s);
            assertEquals(SourceKind.NATS_ARCHIVE, s.kind());
            assertEquals(Space.TOPOLOGY, s.space());
            assertEquals(15_625, s.metaArchs().size());
            assertEquals(3, s.heldCountHint());
            assertLinesMatch(RenderRecords.expected("tss-sample.txt"), RenderRecords.render(s));
        }
    }

    @Test
    void sssArchiveMatchesPython() throws Exception
    {
        try (Source s = Sources.open(SSS))
        {
            assertEquals(SourceKind.NATS_ARCHIVE, s.kind());
            assertEquals(Space.SIZE, s.space());
            assertEquals(32_768, s.metaArchs().size());
            assertEquals("8:8:8:8:8", s.metaArchs().get(0));
            assertLinesMatch(RenderRecords.expected("sss-sample.txt"), RenderRecords.render(s));
        }
    }

    @Test
    void archiveGivesTheSameRecordsOnOneThreadAsOnSeveral() throws Exception
    {
        for (final Path dir : List.of(TSS, SSS))
        {
            final List<String> one = RenderRecords.render(NatsArchiveSource.open(dir, 1, Bz2.MAX_DECOMPRESSED));
            final List<String> four = RenderRecords.render(NatsArchiveSource.open(dir, 4, Bz2.MAX_DECOMPRESSED));
            assertEquals(one, four);
        }
    }

    @Test
    void nb201LegacyAndZipDecodeToTheTssArchiveRecords() throws Exception
    {
        final List<String> expected = RenderRecords.expected("tss-sample.txt");
        for (final Path p : List.of(NB201_LEGACY, NB201_ZIP))
        {
            try (Source s = Sources.open(p))
            {
                assertInstanceOf(Nb201PthSource.class, s);
                assertEquals(SourceKind.NB201_PTH, s.kind());
                assertEquals(Space.TOPOLOGY, s.space());
                assertEquals(15_625, s.metaArchs().size());
                assertEquals(p == NB201_ZIP ? TorchFile.Format.ZIP : TorchFile.Format.LEGACY, ((Nb201PthSource)s).format());
                assertLinesMatch(expected, RenderRecords.render(s), p.toString());
            }
        }
    }

    @Test
    void natsSingleFileOfTheRealSssRecordsMatchesTheArchive() throws Exception
    {
        try (Source s = Sources.open(SSS_SINGLE))
        {
            assertInstanceOf(NatsSingleSource.class, s);
            assertEquals(SourceKind.NATS_SINGLE, s.kind());
            assertEquals(Space.SIZE, s.space());
            assertEquals(32_768, s.metaArchs().size());
            assertEquals(-1, s.heldCountHint());
            assertLinesMatch(RenderRecords.expected("sss-sample.txt"), RenderRecords.render(s));
        }
    }

    @Test
    void natsSingleFileFromMkbenchMatchesPython() throws Exception
    {
        try (Source s = Sources.open(TSS_MKBENCH_SINGLE))
        {
            assertEquals(SourceKind.NATS_SINGLE, s.kind());
            assertEquals(Space.TOPOLOGY, s.space());
            assertLinesMatch(RenderRecords.expected("tss-mkbench-single.txt"), RenderRecords.render(s));
        }
    }

    @Test
    void forEachCanRunTwice() throws Exception
    {
        for (final Path p : List.of(TSS, NB201_LEGACY, SSS_SINGLE))
        {
            try (Source s = Sources.open(p))
            {
                assertEquals(RenderRecords.render(s), RenderRecords.render(s));
            }
        }
    }

    @Test
    void nb201FilesWithTensorsInTheirRecordsDecodeInBothSerializations() throws Exception
    {
        for (final String name : List.of("torch/nb201-tensor-legacy.pth", "torch/nb201-tensor-zip.pth"))
        {
            try (Source s = Sources.open(RenderRecords.resource(name)))
            {
                assertEquals(SourceKind.NB201_PTH, s.kind());
                assertEquals(3, s.metaArchs().size());
                final List<ArchRecord> records = new java.util.ArrayList<>();
                s.forEach(records::add);
                assertEquals(List.of(0, 2), List.of(records.get(0).index(), records.get(1).index()), name);
                for (final ArchRecord r : records)
                {
                    final int k = r.index();
                    final ArchRecord.HpResults full = r.hp(org.nasmap.format.Hp.H200);
                    final TrialRecord t = full.datasets().get(0).trials().get(1);
                    assertEquals(888, t.seed());
                    assertEquals(3, t.epochs());
                    assertEquals(7.5 * (k + 1), t.flops(), "0-d tensor flop");
                    assertEquals(0.125 * (k + 1), t.params());
                    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[]{0.01 * (k + 1), 0.02}, t.latency(), "1-d tensor latency");
                    assertEquals(true, t.evalTimesEmpty());
                    assertEquals(1, r.hp(org.nasmap.format.Hp.H12).datasets().get(1).trials().size());
                }
            }
        }
    }

    @Test
    void uncompressedSingleFilesAndUnknownKindsAreTold(@org.junit.jupiter.api.io.TempDir final Path dir) throws Exception
    {
        final Path plain = dir.resolve("sss.pickle");
        try (java.io.InputStream in = Bz2.open(SSS_SINGLE))
        {
            java.nio.file.Files.copy(in, plain);
        }
        try (Source s = Sources.open(plain))
        {
            assertEquals(SourceKind.NATS_SINGLE, s.kind());
            assertLinesMatch(RenderRecords.expected("sss-sample.txt"), RenderRecords.render(s));
        }
        final Path junk = dir.resolve("x.bin");
        java.nio.file.Files.writeString(junk, "hello");
        final SourceException ex = org.junit.jupiter.api.Assertions.assertThrows(SourceException.class, () -> Sources.open(junk));
        org.junit.jupiter.api.Assertions.assertTrue(ex.getMessage().contains("cannot tell what kind of benchmark source"), ex.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(java.nio.file.NoSuchFileException.class, () -> Sources.open(dir.resolve("missing")));
        // a .pth that is not a torch file
        final Path pth = dir.resolve("y.pth");
        java.nio.file.Files.writeString(pth, "hello");
        org.junit.jupiter.api.Assertions.assertThrows(org.nasmap.writer.pickle.PickleException.class, () -> Sources.open(pth));
    }
}
