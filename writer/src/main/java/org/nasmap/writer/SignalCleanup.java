package org.nasmap.writer;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Deletes the temporary files and folders this process created when the JVM shuts down before they
 * were kept or removed: on SIGINT (Ctrl-C), SIGTERM, SIGHUP or {@code System.exit}. SIGKILL runs no code;
 * what it leaves is removed by the next conversion to the same output (see {@link AtomicOutput}).
 * <p>
 * Only paths registered here are touched, and only paths this process created itself. Keeping a file
 * (the rename of {@link AtomicOutput#commit()}) and the shutdown sweep exclude each other through
 * {@link #LOCK}: a file is either renamed into place and forgotten, or deleted, never renamed after
 * its deletion started.
 */
public final class SignalCleanup
{
    /** Held while a registered path is kept (renamed) or swept; see {@link #keep}. */
    static final Object LOCK = new Object();

    private static final Set<Path> PATHS = new LinkedHashSet<>();
    private static boolean hookInstalled;
    private static boolean shuttingDown;

    private SignalCleanup()
    {
    }

    /**
     * Registers a file or folder this process has just created, to be deleted (folders with all they
     * hold) if the JVM shuts down before {@link #forget} is called.
     *
     * @param path the path, absolute.
     * @throws IOException when the JVM is already shutting down: the path is then deleted at once.
     */
    public static void register(final Path path) throws IOException
    {
        synchronized (LOCK)
        {
            if (shuttingDown)
            {
                delete(path);
                throw new IOException("interrupted: the process is shutting down");
            }
            if (!hookInstalled)
            {
                Runtime.getRuntime().addShutdownHook(new Thread(SignalCleanup::sweep, "nasmap-cleanup"));
                hookInstalled = true;
            }
            PATHS.add(path);
        }
    }

    /**
     * Forgets a path: it was deleted, or kept.
     *
     * @param path a path given to {@link #register}.
     */
    public static void forget(final Path path)
    {
        synchronized (LOCK)
        {
            PATHS.remove(path);
        }
    }

    /**
     * Deletes a registered file or folder (a folder with all it holds), then forgets it.
     *
     * @param path a path given to {@link #register}.
     */
    public static void deleteAndForget(final Path path)
    {
        delete(path);
        forget(path);
    }

    /**
     * Runs {@code action} (a rename that keeps {@code path}) unless the JVM is shutting down, then
     * forgets the path.
     *
     * @throws IOException from the action, or when the JVM is shutting down (nothing is then done).
     */
    static void keep(final Path path, final IoAction action) throws IOException
    {
        synchronized (LOCK)
        {
            if (shuttingDown)
            {
                throw new IOException("interrupted: the process is shutting down");
            }
            action.run();
            PATHS.remove(path);
        }
    }

    /** An action that may throw an {@link IOException}. */
    @FunctionalInterface
    interface IoAction
    {
        void run() throws IOException;
    }

    private static void sweep()
    {
        synchronized (LOCK)
        {
            shuttingDown = true;
            for (final Path p : PATHS)
            {
                delete(p);
            }
            PATHS.clear();
        }
    }

    /** Deletes a file, or a folder with everything in it, without following symbolic links; best effort. */
    static void delete(final Path path)
    {
        try
        {
            if (!Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS))
            {
                Files.deleteIfExists(path);
                return;
            }
            Files.walkFileTree(path, new SimpleFileVisitor<>()
            {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException
                {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(final Path file, final IOException e)
                {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(final Path dir, final IOException e) throws IOException
                {
                    try
                    {
                        Files.deleteIfExists(dir);
                    }
                    catch (final DirectoryNotEmptyException ex)
                    {
                        // another thread of this process is still writing into it: what it adds is its own to clean
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final NoSuchFileException e)
        {
            // already gone
        }
        catch (final IOException e)
        {
            // best effort: the process is ending
        }
    }
}
