package org.nasmap.reader;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nasmap.format.Space;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.SyntheticSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A conversion removes the temporary files that killed conversions left, but not those of live ones. */
class TemporaryFilesTest
{
    @TempDir
    Path dir;

    @Test
    void staleTemporariesAreRemovedLiveOnesKept() throws IOException
    {
        final Path stale = Files.writeString(dir.resolve(".x.nasmap.123.tmp"), "left by a killed conversion");
        final Path live = Files.writeString(dir.resolve(".x.nasmap.456.tmp"), "a conversion still running");
        final Path unrelated = Files.writeString(dir.resolve(".y.nasmap.789.tmp"), "another output's");
        try (FileChannel ch = FileChannel.open(live, StandardOpenOption.WRITE); FileLock lock = ch.lock())
        {
            NasmapWriter.convert(new SyntheticSource(Space.TOPOLOGY, 8, 2, 1), dir.resolve("x.nasmap"), null);
            assertTrue(lock.isValid());
        }
        assertFalse(Files.exists(stale), "the stale temporary is gone");
        assertTrue(Files.exists(live), "a locked temporary belongs to a live converter");
        assertTrue(Files.exists(unrelated), "only this output's temporaries are touched");
        try (NasmapFile f = NasmapFile.open(dir.resolve("x.nasmap")))
        {
            assertTrue(NasmapVerifier.verify(f).ok());
        }
    }
}
