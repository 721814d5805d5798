package org.nasmap.reader;

import java.nio.file.Path;

/**
 * The file's format version is not one this reader reads: {@link #isTooOld()} when it predates the
 * oldest supported version, otherwise it is newer than this reader.
 */
public final class NasmapVersionException extends NasmapFormatException
{
    private static final long serialVersionUID = 1L;

    private final int actual;
    private final int minSupported;
    private final int maxSupported;

    public NasmapVersionException(final Path file, final int actual, final int minSupported, final int maxSupported)
    {
        super(file, (actual < minSupported ? "format version too old: " : "format version too new: ") + actual +
            " (this reader reads " + minSupported + " to " + maxSupported + ")" + (actual < minSupported ?
            "; reconvert the source with this version: nasmap convert SOURCE OUT.nasmap" :
            "; read it with a newer nasmap"));
        this.actual = actual;
        this.minSupported = minSupported;
        this.maxSupported = maxSupported;
    }

    /** @return the version the file declares. */
    public int actual()
    {
        return actual;
    }

    /** @return true when the file is older than this reader supports. */
    public boolean isTooOld()
    {
        return actual < minSupported;
    }

    /** @return true when the file is newer than this reader. */
    public boolean isTooNew()
    {
        return actual > maxSupported;
    }
}
