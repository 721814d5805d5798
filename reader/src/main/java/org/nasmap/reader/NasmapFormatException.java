package org.nasmap.reader;

import java.nio.file.Path;

/**
 * The file is not a valid nasmap file: wrong magic, a version this reader does not read, a header or
 * section table that does not fit the file, an offset that points outside its section, or a checksum
 * mismatch found by {@link NasmapVerifier}. The message always names the file.
 */
public class NasmapFormatException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public NasmapFormatException(final Path file, final String message)
    {
        super(message + " (file: " + file + ")");
        this.file = file;
    }

    public NasmapFormatException(final Path file, final String message, final Throwable cause)
    {
        super(message + " (file: " + file + ")", cause);
        this.file = file;
    }

    /** @return the file concerned. */
    public Path file()
    {
        return file;
    }
}
