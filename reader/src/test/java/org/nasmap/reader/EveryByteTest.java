package org.nasmap.reader;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nasmap.format.Space;
import org.nasmap.writer.NasmapWriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exhaustive damage on small files that have every feature of the format ({@link TinySource}): every
 * single-byte change at every position makes {@link NasmapFile#open} throw or {@link NasmapVerifier#verify}
 * report a problem, and every truncation fails to open. One file is patched in place and restored.
 */
class EveryByteTest
{
    @TempDir
    Path dir;

    private Path build(final Space space, final long seed) throws IOException
    {
        final Path p = dir.resolve(space.shortName() + ".nasmap");
        NasmapWriter.convert(new TinySource(space, seed), p, null);
        try (NasmapFile f = NasmapFile.open(p))
        {
            assertTrue(NasmapVerifier.verify(f).ok());
        }
        return p;
    }

    /** @return null when the damage was caught, else a description of the miss. */
    private static String caught(final Path p, final int pos, final int value)
    {
        try (NasmapFile f = NasmapFile.open(p))
        {
            final NasmapVerifier.Report r = NasmapVerifier.verify(f);
            return r.ok() ? "byte " + pos + " set to 0x" + Integer.toHexString(value) + ": open and verify accept it" : null;
        }
        catch (final NasmapFormatException e)
        {
            return e.getMessage().contains(p.toString()) ? null : "message does not name the file: " + e.getMessage();
        }
        catch (final IOException | RuntimeException e)
        {
            return "byte " + pos + " set to 0x" + Integer.toHexString(value) + ": " + e;
        }
    }

    private void everyByte(final Space space, final long seed, final int... xors) throws IOException
    {
        final Path p = build(space, seed);
        final byte[] original = Files.readAllBytes(p);
        final List<String> missed = new ArrayList<>();
        int changes = 0;
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw"))
        {
            for (int pos = 0; pos < original.length; pos++)
            {
                for (final int x : xors)
                {
                    final int value = (original[pos] ^ x) & 0xFF;
                    raf.seek(pos);
                    raf.write(value);
                    final String miss = caught(p, pos, value);
                    if (miss != null)
                    {
                        missed.add(miss);
                    }
                    changes++;
                }
                raf.seek(pos);
                raf.write(original[pos]);
            }
        }
        assertEquals(original.length * xors.length, changes);
        assertTrue(missed.isEmpty(), missed.size() + " of " + changes + " changes missed: " +
            missed.subList(0, Math.min(20, missed.size())));
        assertArrayEquals(original, Files.readAllBytes(p), "restored byte for byte");
        try (NasmapFile f = NasmapFile.open(p))
        {
            assertTrue(NasmapVerifier.verify(f).ok());
        }
    }

    @Test
    void everySingleByteChangeOfATopologyFileIsCaught() throws IOException
    {
        // the lowest bit, the highest bit, and every bit of the byte
        everyByte(Space.TOPOLOGY, 5, 0x01, 0x80, 0xFF);
    }

    @Test
    void everySingleByteChangeOfASizeFileIsCaught() throws IOException
    {
        everyByte(Space.SIZE, 6, 0x01, 0x80);
    }

    @Test
    void everyTruncationFailsToOpen() throws IOException
    {
        for (final Space space : Space.values())
        {
            final byte[] full = Files.readAllBytes(build(space, 7));
            final Path p = dir.resolve("cut-" + space.shortName() + ".nasmap");
            int failed = 0;
            // every prefix of the file, shortest first: the file grows one byte at a time (truncating a file
            // under thousands of stale mappings would be slow)
            try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw"))
            {
                for (int keep = 0; keep < full.length; keep++)
                {
                    final int length = keep;
                    final NasmapFormatException e = assertThrows(NasmapFormatException.class, () -> NasmapFile.open(p).close(),
                        "a file cut to " + length + " of " + full.length + " bytes opened");
                    assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
                    failed++;
                    raf.seek(keep);
                    raf.write(full[keep]);
                }
            }
            assertEquals(full.length, failed);
            assertArrayEquals(full, Files.readAllBytes(p));
            try (NasmapFile f = NasmapFile.open(p))
            {
                assertTrue(NasmapVerifier.verify(f).ok(), "the whole file opens");
            }
        }
    }
}
