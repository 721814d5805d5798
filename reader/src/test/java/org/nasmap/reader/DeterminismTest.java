package org.nasmap.reader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nasmap.format.Space;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.Source;
import org.nasmap.writer.source.SyntheticSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Same input, same bytes: two conversions of one source (fresh instances each time) are identical. */
class DeterminismTest
{
    @TempDir
    Path dir;

    private void twice(final String name, final Supplier<Source> source) throws IOException
    {
        final Path a = dir.resolve(name + "-a.nasmap");
        final Path b = dir.resolve(name + "-b.nasmap");
        NasmapWriter.convert(source.get(), a, null);
        // something in between, so that no state of the first conversion is simply reused
        NasmapWriter.convert(new TinySource(Space.SIZE, 99), dir.resolve("between.nasmap"), null);
        NasmapWriter.convert(source.get(), b, null);
        assertEquals(-1, Files.mismatch(a, b), name + ": same input, same bytes");
        try (NasmapFile f = NasmapFile.open(a))
        {
            assertTrue(NasmapVerifier.verify(f).ok());
        }
    }

    @Test
    void syntheticTopology() throws IOException
    {
        twice("tss", () -> new SyntheticSource(Space.TOPOLOGY, 60, 4));
        twice("tss-reduced", () -> new SyntheticSource(Space.TOPOLOGY, 500, 120, 8));
    }

    @Test
    void syntheticSize() throws IOException
    {
        twice("sss", () -> new SyntheticSource(Space.SIZE, 100, 5));
        twice("sss-reduced", () -> new SyntheticSource(Space.SIZE, 300, 80, 9));
    }

    @Test
    void tinyBothSpaces() throws IOException
    {
        twice("tiny-tss", () -> new TinySource(Space.TOPOLOGY, 1));
        twice("tiny-sss", () -> new TinySource(Space.SIZE, 1));
        // and a different seed gives different bytes (the comparison above is not vacuous)
        NasmapWriter.convert(new TinySource(Space.TOPOLOGY, 2), dir.resolve("other.nasmap"), null);
        assertNotEquals(-1, Files.mismatch(dir.resolve("tiny-tss-a.nasmap"), dir.resolve("other.nasmap")));
    }
}
