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
import org.nasmap.reader.NasBench;

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

    /** A bad command line found after parsing (an option's value out of range): exit code 2, as picocli's own. */
    static final class UsageException extends IllegalArgumentException
    {
        private static final long serialVersionUID = 1L;

        UsageException(final String message)
        {
            super(message);
        }
    }

    /** @throws UsageException with {@code message} unless {@code ok}. */
    static void require(final boolean ok, final String message)
    {
        if (!ok)
        {
            throw new UsageException(message);
        }
    }

    /** Opens a .nasmap file named on the command line, saying why when it cannot be read ({@link #readableFile}). */
    static NasBench open(final Path file) throws IOException
    {
        return NasBench.open(readableFile(file));
    }

    /**
     * An {@code --hp} option checked against the file: {@code null} gives the space's full-training hp.
     *
     * @throws UsageException when the file has no results at that hp (e.g. {@code --hp 90} on a topology file).
     */
    static Hp hpOf(final String key, final NasBench bench)
    {
        final Hp hp;
        try
        {
            hp = hp(key, bench.space());
        }
        catch (final IllegalArgumentException e)
        {
            throw new UsageException(e.getMessage());
        }
        if (!bench.file().hasHp(hp))
        {
            final StringBuilder has = new StringBuilder();
            for (final Hp h : Hp.values())
            {
                if (bench.file().hasHp(h))
                {
                    has.append(has.length() == 0 ? "" : ", ").append(h.upstreamKey());
                }
            }
            throw new UsageException("--hp " + key + ": this " + bench.space().shortName() + " file has no results at hp " +
                hp.upstreamKey() + " (it has " + has + ")");
        }
        return hp;
    }

    /**
     * A cost limit option: null (not given) or a number of at least 0 (infinity: no limit).
     *
     * @return the limit, or NaN for none.
     */
    static double limit(final String option, final Double value)
    {
        if (value == null)
        {
            return Double.NaN;
        }
        require(value >= 0, option + " must be a number of at least 0, got " + value);
        return value;
    }

    /** @return {@code "1 architecture"}, {@code "1,000 architectures"}: a count with its noun, singular for one. */
    static String count(final long n, final String noun)
    {
        return String.format("%,d %s%s", n, noun, n == 1 ? "" : "s");
    }
}
