package org.nasmap.reader;

import java.io.IOException;
import java.nio.file.Path;

import org.nasmap.format.Space;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.SyntheticSource;

/**
 * The three files the trial directory's tests read, named by a test's parameter: "full", a topology space of 300
 * architectures, all held; "partial", 200 of the size space's; "tiny", the golden files' small source (groups that
 * raise, None times, sparse splits).
 */
final class DirectoryFiles
{
    final Path full;
    final Path partial;
    final Path tiny;

    DirectoryFiles(final Path dir, final long fullSeed, final long partialSeed) throws IOException
    {
        full = dir.resolve("full.nasmap");
        NasmapWriter.convert(new SyntheticSource(Space.TOPOLOGY, 300, 300, fullSeed), full, null);
        partial = dir.resolve("partial.nasmap");
        NasmapWriter.convert(new SyntheticSource(Space.SIZE, 200, partialSeed), partial, null);
        tiny = dir.resolve("tiny.nasmap");
        NasmapWriter.convert(new TinySource(Space.TOPOLOGY, 5), tiny, null);
    }

    /** @return the file named {@code which}: "full", "partial" or "tiny". */
    Path get(final String which)
    {
        return which.equals("full") ? full : which.equals("partial") ? partial : tiny;
    }
}
