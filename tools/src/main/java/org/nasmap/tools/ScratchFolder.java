package org.nasmap.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.nasmap.writer.SignalCleanup;

/**
 * A temporary folder deleted with everything in it when closed, and also when the process is stopped by
 * SIGINT (Ctrl-C), SIGTERM or SIGHUP before that ({@link SignalCleanup}); {@code demo} writes hundreds of
 * megabytes into one.
 */
final class ScratchFolder implements AutoCloseable
{
    private final Path path;

    private ScratchFolder(final Path path)
    {
        this.path = path;
    }

    /** Creates a folder {@code <prefix><random>} in the system's temporary folder ({@code java.io.tmpdir}). */
    static ScratchFolder create(final String prefix) throws IOException
    {
        final Path p = Files.createTempDirectory(prefix).toAbsolutePath();
        SignalCleanup.register(p);
        return new ScratchFolder(p);
    }

    Path path()
    {
        return path;
    }

    @Override
    public void close()
    {
        SignalCleanup.deleteAndForget(path);
    }
}
