package org.nasmap.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nasmap.format.Space;
import org.nasmap.reader.NasmapFile;
import org.nasmap.reader.NasmapVerifier;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.Source;
import org.nasmap.writer.source.Sources;
import org.nasmap.writer.source.SyntheticSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writer and verifier agree: every file {@code convert} writes passes {@code verify}, over every kind of
 * source (NATS archives whole, partial and of one architecture, NATS single files, NAS-Bench-201 .pth in
 * both serializations) and synthetic sources from one architecture to a full space's meta list; a source
 * holding no architecture is refused and writes nothing.
 */
class ConvertedFilesVerifyTest
{
    static final Path RESOURCES = Path.of("../writer/src/test/resources");
    static final String[] SPACES = {"NATS-tss-v1_0-3ffb9-simple", "NATS-sss-v1_0-50262-simple"};

    @TempDir
    Path dir;

    private int converted;

    /** Converts and verifies; returns the number of architectures held. */
    private int convertsAndVerifies(final Source source, final String what) throws IOException
    {
        final Path out = dir.resolve("out-" + converted++ + ".nasmap");
        final NasmapWriter.Summary s;
        try (source)
        {
            s = NasmapWriter.convert(source, out, null);
        }
        try (NasmapFile f = NasmapFile.open(out))
        {
            final NasmapVerifier.Report r = NasmapVerifier.verify(f);
            assertTrue(r.ok(), what + ": " + r.problems());
            assertEquals(s.heldCount(), f.heldCount(), what);
        }
        Files.delete(out);
        return s.heldCount();
    }

    /** An archive folder holding the meta file and the given architecture files of a sample. */
    private Path archive(final String space, final String... archFiles) throws IOException
    {
        final Path d = Files.createDirectories(dir.resolve("archive-" + converted + "-" + archFiles.length + "-" + space));
        Files.copy(RESOURCES.resolve("nats-sample").resolve(space).resolve("meta.pickle.pbz2"), d.resolve("meta.pickle.pbz2"));
        for (final String f : archFiles)
        {
            Files.copy(RESOURCES.resolve("nats-sample").resolve(space).resolve(f), d.resolve(f));
        }
        return d;
    }

    @Test
    void everyRealSourceConvertsToAFileThatVerifies() throws IOException
    {
        final String[] files = {"000000.pickle.pbz2", "000011.pickle.pbz2", "000284.pickle.pbz2"};
        for (final String space : SPACES)
        {
            assertEquals(3, convertsAndVerifies(Sources.open(RESOURCES.resolve("nats-sample").resolve(space)), space));
            // a partial archive (two of the three) and one of a single architecture
            for (final int mask : new int[] {0b110, 0b001})
            {
                final List<String> subset = new ArrayList<>();
                for (int i = 0; i < 3; i++)
                {
                    if ((mask & 1 << i) != 0)
                    {
                        subset.add(files[i]);
                    }
                }
                final Path d = archive(space, subset.toArray(new String[0]));
                assertEquals(subset.size(), convertsAndVerifies(Sources.open(d), space + " " + subset));
            }
        }
        for (final String single : new String[] {"single/sss-sample-single.pickle.pbz2", "single/tss-mkbench-single.pickle.pbz2",
            "nb201-sample/NAS-Bench-201-sample-legacy.pth", "nb201-sample/NAS-Bench-201-sample-zip.pth"})
        {
            assertTrue(convertsAndVerifies(Sources.open(RESOURCES.resolve(single)), single) > 0);
        }
    }

    @Test
    void syntheticSourcesFromOneArchitectureToAFullMetaListVerify() throws IOException
    {
        final int[][] sizes = {{1, 1}, {2, 1}, {2, 2}, {7, 3}, {100, 1}, {100, 100}, {1000, 17}};
        long seed = 1;
        for (final Space space : Space.values())
        {
            for (final int[] size : sizes)
            {
                final String what = space + " meta " + size[0] + " held " + size[1];
                assertEquals(size[1], convertsAndVerifies(new SyntheticSource(space, size[0], size[1], seed++), what));
            }
            for (final int held : new int[] {1, 40})
            {
                final String what = space + " full meta held " + held;
                assertEquals(held, convertsAndVerifies(new SyntheticSource(space, space.fullSize(), held, seed++), what));
            }
        }
    }

    @Test
    void aSourceHoldingNoArchitectureIsRefusedAndWritesNothing() throws IOException
    {
        final List<Source> empty = new ArrayList<>();
        for (final String space : SPACES)
        {
            empty.add(Sources.open(archive(space)));
        }
        empty.add(new SyntheticSource(Space.TOPOLOGY, 15625, 0, 1));
        empty.add(new SyntheticSource(Space.SIZE, 10, 0, 1));
        final Path out = dir.resolve("empty.nasmap");
        for (final Source s : empty)
        {
            try (s)
            {
                final IOException e = assertThrows(IOException.class, () -> NasmapWriter.convert(s, out, null));
                assertTrue(e.getMessage().contains("the source holds no architecture"), e.toString());
            }
            assertFalse(Files.exists(out));
            try (Stream<Path> files = Files.list(dir))
            {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
            }
        }
    }
}
