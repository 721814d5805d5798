package org.nasmap.writer.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.nasmap.writer.pickle.TorchFile;

/**
 * Opens a benchmark source, telling its kind from what the path is:
 * <ul>
 *   <li>a directory: a NATS-Bench {@code -simple} archive ({@link NatsArchiveSource});</li>
 *   <li>a file starting like a torch file (zip signature, or the legacy pickled magic number), or
 *       named {@code *.pth}: a NAS-Bench-201 file ({@link Nb201PthSource});</li>
 *   <li>a file starting with the bzip2 signature or a pickle PROTO opcode: a NATS-Bench single file
 *       ({@link NatsSingleSource}), normally {@code *.pickle.pbz2}.</li>
 * </ul>
 * The space comes from the meta architecture strings ({@code |op~0|+...} is topology,
 * {@code 8:16:...} is size) and is checked against every record's hp keys.
 */
public final class Sources
{
    private Sources()
    {
    }

    /**
     * @param path a folder or file.
     * @return the source, with its meta list read.
     * @throws IOException when the path does not exist, is of no known kind, or is malformed.
     */
    public static Source open(final Path path) throws IOException
    {
        if (Files.isDirectory(path))
        {
            return NatsArchiveSource.open(path);
        }
        if (!Files.isRegularFile(path))
        {
            throw new NoSuchFileException(path.toString(), null, "no such benchmark source");
        }
        final String name = path.getFileName().toString();
        if (TorchFile.detect(path) != null || name.endsWith(".pth"))
        {
            return Nb201PthSource.open(path);
        }
        if (Bz2.isBz2(path) || NatsSingleSource.isPlainPickle(path))
        {
            return NatsSingleSource.open(path);
        }
        throw new SourceException("cannot tell what kind of benchmark source " + path + " is: expected a NATS-Bench -simple folder, " +
            "a NATS-Bench .pickle.pbz2 file or a NAS-Bench-201 .pth file");
    }
}
