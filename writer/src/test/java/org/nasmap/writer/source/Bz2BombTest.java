package org.nasmap.writer.source;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bzip2 bomb (a small file that decompresses to far more than any real record) is refused past the
 * documented per-file limit, with bounded memory, naming the file.
 */
class Bz2BombTest
{
    @TempDir
    Path dir;

    /** Writes a bzip2 file of {@code bytes} zeros (it compresses about a million to one). */
    static Path bomb(final Path file, final long bytes) throws IOException
    {
        try (OutputStream out = new BZip2CompressorOutputStream(Files.newOutputStream(file), 1))
        {
            final byte[] zeros = new byte[1 << 16];
            for (long n = 0; n < bytes; n += zeros.length)
            {
                out.write(zeros, 0, (int)Math.min(zeros.length, bytes - n));
            }
        }
        return file;
    }

    @Test
    void perArchitectureFileBeyondTheCapIsRefused() throws IOException
    {
        final Path sample = Path.of("src/test/resources/nats-sample/NATS-tss-v1_0-3ffb9-simple");
        Files.copy(sample.resolve("meta.pickle.pbz2"), dir.resolve("meta.pickle.pbz2"));
        Files.copy(sample.resolve("000000.pickle.pbz2"), dir.resolve("000000.pickle.pbz2"));
        final Path b = bomb(dir.resolve("000011.pickle.pbz2"), 24L << 20);
        assertTrue(Files.size(b) < 64 * 1024, "the bomb is small: " + Files.size(b));
        // a 16 MiB cap stands in for the real 512 MiB one, to keep the test fast
        try (Source s = NatsArchiveSource.open(dir, 2, 16L << 20))
        {
            final SourceException e = assertThrows(SourceException.class, () -> s.forEach(r -> { }));
            assertTrue(e.getMessage().contains("000011.pickle.pbz2") && e.getMessage().contains("bomb"), e.getMessage());
        }
        assertEquals(512L << 20, Bz2.MAX_DECOMPRESSED, "the documented limit");
    }

    @Test
    void aMetaBombIsRefusedToo() throws IOException
    {
        bomb(dir.resolve("meta.pickle.pbz2"), 24L << 20);
        final SourceException e = assertThrows(SourceException.class, () -> NatsArchiveSource.open(dir, 1, 16L << 20));
        assertTrue(e.getMessage().contains("meta.pickle.pbz2"), e.getMessage());
    }

    @Test
    void damagedBzip2IsAClearError() throws IOException
    {
        final Path sample = Path.of("src/test/resources/nats-sample/NATS-tss-v1_0-3ffb9-simple");
        Files.copy(sample.resolve("meta.pickle.pbz2"), dir.resolve("meta.pickle.pbz2"));
        final byte[] b = Files.readAllBytes(sample.resolve("000011.pickle.pbz2"));
        b[b.length / 2] ^= 0x55;
        Files.write(dir.resolve("000011.pickle.pbz2"), b);
        try (Source s = Sources.open(dir))
        {
            final IOException e = assertThrows(IOException.class, () -> s.forEach(r -> { }));
            assertTrue(e.getMessage().contains("000011.pickle.pbz2"), e.getMessage());
        }
        Files.copy(sample.resolve("000011.pickle.pbz2"), dir.resolve("000011.pickle.pbz2"), StandardCopyOption.REPLACE_EXISTING);
    }
}
