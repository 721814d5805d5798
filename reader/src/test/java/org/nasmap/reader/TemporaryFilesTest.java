package org.nasmap.reader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nasmap.format.Space;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.SyntheticSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A conversion removes the temporary files that killed conversions left, but not those of live ones: the
 * rule of FORMAT.md is across processes, so the live temporary file is locked by another process (a
 * POSIX record lock, {@code fcntl}, the kind Java's {@code FileChannel.lock} takes), not by this JVM.
 */
class TemporaryFilesTest
{
    @TempDir
    Path dir;

    @Test
    void staleTemporariesAreRemovedLiveOnesOfAnotherProcessKept() throws Exception
    {
        final Path stale = Files.writeString(dir.resolve(".x.nasmap.123.tmp"), "left by a killed conversion");
        final Path live = Files.writeString(dir.resolve(".x.nasmap.456.tmp"), "a conversion still running");
        final Path unrelated = Files.writeString(dir.resolve(".y.nasmap.789.tmp"), "another output's");
        final Process holder = new ProcessBuilder("python3", "-c",
            "import fcntl, sys\n" +
            "f = open(sys.argv[1], 'r+')\n" +
            "fcntl.lockf(f, fcntl.LOCK_EX)\n" +
            "print('locked', flush=True)\n" +
            "sys.stdin.read()\n", live.toString()).redirectErrorStream(true).start();
        try
        {
            final BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());
            NasmapWriter.convert(new SyntheticSource(Space.TOPOLOGY, 8, 2, 1), dir.resolve("x.nasmap"), null);
            assertTrue(holder.isAlive(), "the lock was held during the conversion");
        }
        finally
        {
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        assertFalse(Files.exists(stale), "the stale temporary is gone");
        assertTrue(Files.exists(live), "a temporary locked by another process belongs to a live converter");
        assertTrue(Files.exists(unrelated), "only this output's temporaries are touched");
        try (NasmapFile f = NasmapFile.open(dir.resolve("x.nasmap")))
        {
            assertTrue(NasmapVerifier.verify(f).ok());
        }
        // once that process is gone, its temporary is stale: the next conversion removes it
        NasmapWriter.convert(new SyntheticSource(Space.TOPOLOGY, 8, 2, 1), dir.resolve("x.nasmap"), null);
        assertFalse(Files.exists(live), "the temporary of an ended process is removed");
        assertTrue(Files.exists(unrelated));
    }

    @Test
    void aTemporaryLockedInThisProcessIsKeptToo() throws IOException
    {
        final Path live = Files.writeString(dir.resolve(".x.nasmap.456.tmp"), "a conversion of another thread");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(live, java.nio.file.StandardOpenOption.WRITE);
            java.nio.channels.FileLock lock = ch.lock())
        {
            NasmapWriter.convert(new SyntheticSource(Space.TOPOLOGY, 8, 2, 1), dir.resolve("x.nasmap"), null);
            assertTrue(lock.isValid());
        }
        assertTrue(Files.exists(live));
    }
}
