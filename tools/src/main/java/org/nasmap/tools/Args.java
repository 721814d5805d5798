package org.nasmap.tools;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Space;

/** Parsing of the dataset and hp options shared by the analysis commands. */
final class Args
{
    private Args()
    {
    }

    static Dataset dataset(final String name)
    {
        final Dataset d = Dataset.fromUpstream(name);
        if (d == null)
        {
            throw new IllegalArgumentException("unknown dataset '" + name + "': cifar10-valid, cifar10, cifar100 or ImageNet16-120");
        }
        return d;
    }

    /** @return the hp, or the space's full-training hp (200 or 90) when {@code key} is null. */
    static Hp hp(final String key, final Space space)
    {
        if (key == null)
        {
            return space == Space.TOPOLOGY ? Hp.H200 : Hp.H90;
        }
        Hp hp = Hp.fromUpstream(key);
        if (hp == null)
        {
            try
            {
                hp = Hp.ofEpochs(Long.parseLong(key));
            }
            catch (final NumberFormatException e)
            {
                hp = null;
            }
        }
        if (hp == null)
        {
            throw new IllegalArgumentException("unknown hp '" + key + "': 01, 12, 90 or 200");
        }
        return hp;
    }

    static String number(final double v, final String format)
    {
        return Double.isNaN(v) ? "None" : String.format(format, v);
    }

    /**
     * Checks that an input file can be read, before a command opens it, and says why not as Unix tools do:
     * {@code cannot read PATH: No such file or directory} (or {@code Permission denied}, {@code Is a directory}).
     *
     * @return {@code path}.
     * @throws IllegalArgumentException with that message.
     */
    static Path readableFile(final Path path)
    {
        if (Files.isDirectory(path))
        {
            throw new IllegalArgumentException("cannot read " + path + ": Is a directory");
        }
        try (FileChannel ignored = FileChannel.open(path, StandardOpenOption.READ))
        {
            return path;
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException("cannot read " + path + ": " + reason(e), e);
        }
    }

    /** The Unix wording of a file error: "No such file or directory", "Permission denied", or the system's reason. */
    static String reason(final IOException e)
    {
        if (e instanceof NoSuchFileException)
        {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException)
        {
            return "Permission denied";
        }
        if (e instanceof FileSystemException && ((FileSystemException)e).getReason() != null)
        {
            return ((FileSystemException)e).getReason();
        }
        return e.getMessage();
    }
}
