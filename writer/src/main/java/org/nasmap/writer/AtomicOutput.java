package org.nasmap.writer;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An output file that appears whole or not at all: bytes go to a temporary sibling
 * {@code .NAME.RANDOM.tmp}, and {@link #commit()} forces it to disk, renames it over the target
 * atomically and forces the folder (the rename is durable only then). {@link #close()} without a commit
 * deletes the temporary file, and so does a shutdown by signal ({@link SignalCleanup}); the target is then
 * as it was. The temporary file is locked while it lives, so that a later output to the same target can
 * tell the leftovers of a killed process (unlocked: deleted) from those of a live one (locked: kept), across
 * processes.
 * <p>
 * Before anything is created, {@link #create} refuses a target that exists and is not a regular file (a
 * folder, a device such as {@code /dev/full}, a FIFO, a socket), a read-only file, a symbolic link to
 * nothing, a target that is one of the inputs (same file, by identity: symbolic and hard links included)
 * and a target inside an input folder. A symbolic link to a regular file is followed: the file it names is
 * replaced and the link kept. The target's folder must exist.
 * <p>
 * Not thread-safe; one writer at a time.
 */
public final class AtomicOutput implements Closeable
{
    /** Opens the channels this class writes and forces; tests pass one that fails as a full disk would. */
    @FunctionalInterface
    public interface Opener
    {
        FileChannel open(Path path, OpenOption... options) throws IOException;
    }

    /** The file system as it is. */
    public static final Opener FILES = FileChannel::open;

    private static final String SUFFIX = ".tmp";

    private final Path target;
    private final Path temporary;
    private final Opener opener;
    private final FileChannel channel;
    private boolean committed;
    private boolean closed;

    private AtomicOutput(final Path target, final Path temporary, final Opener opener, final FileChannel channel)
    {
        this.target = target;
        this.temporary = temporary;
        this.opener = opener;
        this.channel = channel;
    }

    /**
     * Checks the target against the inputs and creates its temporary file.
     *
     * @param target the file to write.
     * @param inputs files or folders the output must not replace or lie in (the command's inputs).
     * @return the open output; close it (after {@link #commit()} to keep it).
     * @throws IOException naming the target when it is refused or the temporary file cannot be created.
     */
    public static AtomicOutput create(final Path target, final Path... inputs) throws IOException
    {
        return create(target, FILES, inputs);
    }

    /**
     * As {@link #create(Path, Path...)}, with the channels opened by {@code opener}.
     */
    public static AtomicOutput create(final Path target, final Opener opener, final Path... inputs) throws IOException
    {
        final Path resolved = checkTarget(target, inputs);
        final Path dir = resolved.getParent();
        final String prefix = "." + resolved.getFileName() + ".";
        removeStaleTemporaries(dir, prefix);
        for (int attempt = 0; ; attempt++)
        {
            final Path tmp = createTemporary(dir, prefix);
            SignalCleanup.register(tmp);
            FileChannel ch = null;
            try
            {
                ch = opener.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.READ);
                // held until the channel closes: marks the file as owned by a live process (the kernel drops
                // the lock when the process dies, even by SIGKILL, so that a later output may remove the file)
                ch.lock();
                if (Files.exists(tmp, LinkOption.NOFOLLOW_LINKS))
                {
                    return new AtomicOutput(resolved, tmp, opener, ch);
                }
                // another process swept it between its creation and the lock: take another name
                ch.close();
                SignalCleanup.forget(tmp);
            }
            catch (final IOException | RuntimeException | Error e)
            {
                if (ch != null)
                {
                    ch.close();
                }
                Files.deleteIfExists(tmp);
                SignalCleanup.forget(tmp);
                throw e;
            }
            if (attempt >= 10)
            {
                throw new IOException("cannot create a temporary file beside " + resolved + ": removed as soon as created");
            }
        }
    }

    /**
     * Resolves the target and applies the refusals of the class comment.
     *
     * @return the absolute path to replace (a symbolic link to a regular file resolved).
     */
    static Path checkTarget(final Path target, final Path... inputs) throws IOException
    {
        Path resolved = target.toAbsolutePath();
        if (Files.exists(resolved))
        {
            if (!Files.isRegularFile(resolved))
            {
                throw new IOException(target + " exists and is not a regular file (" + kind(resolved) +
                    "): refusing to replace it; give the path of a regular file");
            }
            if (!Files.isWritable(resolved))
            {
                throw new IOException(target + " is read-only: refusing to replace it; make it writable or choose another output");
            }
            resolved = resolved.toRealPath();
        }
        else if (Files.isSymbolicLink(resolved))
        {
            throw new IOException(target + " is a symbolic link to nothing: refusing to replace it");
        }
        final Path dir = resolved.getParent();
        if (dir == null || !Files.isDirectory(dir))
        {
            throw new NoSuchFileException(target.toString(), null, "the output's folder does not exist");
        }
        final Path realLocation = dir.toRealPath().resolve(resolved.getFileName());
        for (final Path input : inputs)
        {
            if (input == null || !Files.exists(input))
            {
                continue;
            }
            final Path realInput = input.toRealPath();
            if (Files.isDirectory(realInput))
            {
                if (realLocation.startsWith(realInput))
                {
                    throw new IOException("the output " + target + " lies inside the input folder " + input +
                        ": refusing to write there; choose a path outside it");
                }
            }
            else if (Files.exists(resolved) && Files.isSameFile(resolved, realInput))
            {
                throw new IOException("the output " + target + " is the input " + input +
                    " (the same file): refusing to replace it; choose another output");
            }
        }
        return resolved;
    }

    private static String kind(final Path p)
    {
        if (Files.isDirectory(p))
        {
            return "a folder";
        }
        try
        {
            final Object type = Files.getAttribute(p, "unix:mode");
            if (type instanceof Integer)
            {
                switch ((Integer)type & 0xF000)
                {
                    case 0x1000:
                        return "a FIFO";
                    case 0x2000:
                        return "a character device";
                    case 0x6000:
                        return "a block device";
                    case 0xC000:
                        return "a socket";
                    default:
                        break;
                }
            }
        }
        catch (final IOException | UnsupportedOperationException | IllegalArgumentException e)
        {
            // no unix view: say it generally
        }
        return "a device, FIFO or socket";
    }

    /** @return the absolute path the output replaces on {@link #commit()}. */
    public Path target()
    {
        return target;
    }

    /** @return the temporary file's channel, positioned at 0; closed by {@link #close()}. */
    public FileChannel channel()
    {
        return channel;
    }

    /**
     * @return an unbuffered stream over {@link #channel()}; closing it does not close the channel.
     */
    public OutputStream stream()
    {
        return new OutputStream()
        {
            @Override
            public void write(final int b) throws IOException
            {
                write(new byte[] {(byte)b}, 0, 1);
            }

            @Override
            public void write(final byte[] b, final int off, final int len) throws IOException
            {
                final ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining())
                {
                    channel.write(buf);
                }
            }
        };
    }

    /**
     * Forces the temporary file to disk, renames it over the target atomically, and forces the folder.
     *
     * @return the target.
     * @throws IOException when any step fails; unless the rename happened, the target is as it was.
     */
    public Path commit() throws IOException
    {
        if (closed || committed)
        {
            throw new IllegalStateException("already " + (committed ? "committed" : "closed") + ": " + target);
        }
        channel.force(true);
        SignalCleanup.keep(temporary, () ->
        {
            try
            {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException e)
            {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
        });
        forceFolder(target.getParent());
        return target;
    }

    /**
     * Forces a folder's entries to disk (fsync on the folder), so that a rename in it survives a power
     * failure. Platforms that cannot open a folder (Windows) skip it.
     */
    private void forceFolder(final Path dir) throws IOException
    {
        final FileChannel ch;
        try
        {
            ch = opener.open(dir, StandardOpenOption.READ);
        }
        catch (final IOException e)
        {
            return; // a folder cannot be opened here
        }
        try (ch)
        {
            ch.force(true);
        }
    }

    /** Closes the channel and, unless committed, deletes the temporary file. */
    @Override
    public void close() throws IOException
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            channel.close();
        }
        finally
        {
            if (!committed)
            {
                Files.deleteIfExists(temporary);
            }
            SignalCleanup.forget(temporary);
        }
    }

    /**
     * Creates {@code <prefix><random>.tmp} in {@code dir} with the permissions of any new file (the umask's),
     * which the output keeps once renamed; {@link Files#createTempFile} would make it owner-only (0600).
     */
    private static Path createTemporary(final Path dir, final String prefix) throws IOException
    {
        for (int attempt = 0; ; attempt++)
        {
            final Path p = dir.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + SUFFIX);
            try
            {
                return Files.createFile(p);
            }
            catch (final FileAlreadyExistsException e)
            {
                if (attempt >= 100)
                {
                    throw e;
                }
            }
            catch (final AccessDeniedException e)
            {
                throw new IOException("cannot create a file in " + dir + ": Permission denied", e);
            }
            catch (final FileSystemException e)
            {
                throw new IOException("cannot create a file in " + dir + ": " +
                    (e.getReason() != null ? e.getReason() : e.toString()), e);
            }
        }
    }

    /**
     * Deletes {@code <prefix>*.tmp} files that a killed process left behind: those on which no live process
     * holds the lock. Temporary files of running writers, in this process or another, are left alone.
     */
    private static void removeStaleTemporaries(final Path dir, final String prefix)
    {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, p ->
        {
            final String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(SUFFIX) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
        }))
        {
            for (final Path p : files)
            {
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))
                {
                    final FileLock lock = ch.tryLock();
                    if (lock != null)
                    {
                        Files.deleteIfExists(p);
                        lock.release();
                    }
                }
                catch (final IOException | OverlappingFileLockException e)
                {
                    // locked by this process, or not ours to remove: leave it
                }
            }
        }
        catch (final IOException e)
        {
            // cleaning is best effort
        }
    }
}
