package org.nasmap.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

import org.nasmap.reader.NasmapFile;

/**
 * What the benchmarks need of a {@link NasmapFile}'s own mapping that the reader does not (yet) offer:
 * touching every page through it, so that pages the machine dropped are back, page-table entries included,
 * before measuring; and unmapping at once, so that {@code open} can be measured a million times without
 * keeping a million mappings alive until the next GC. Reached by reflection (a public {@code touch()} if the
 * reader has one, else its private {@code mapped} field); when neither is there, touching falls back to a
 * mapping of its own (which refills the page cache only) and unmapping to nothing.
 */
public final class Mapped
{
    private static final MethodHandle TOUCH;
    private static final Field MAPPED;
    private static final MethodHandle INVOKE_CLEANER;

    static
    {
        MethodHandle touch = null;
        try
        {
            touch = MethodHandles.publicLookup().findVirtual(NasmapFile.class, "touch", MethodType.methodType(long.class));
        }
        catch (final ReflectiveOperationException e)
        {
            // an older reader
        }
        TOUCH = touch;
        Field mapped = null;
        try
        {
            mapped = NasmapFile.class.getDeclaredField("mapped");
            mapped.setAccessible(true);
        }
        catch (final ReflectiveOperationException | RuntimeException e)
        {
            mapped = null;
        }
        MAPPED = mapped;
        MethodHandle cleaner = null;
        try
        {
            final Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            final Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            cleaner = MethodHandles.lookup()
                .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                .bindTo(theUnsafe.get(null));
        }
        catch (final ReflectiveOperationException | RuntimeException e)
        {
            cleaner = null;
        }
        INVOKE_CLEANER = cleaner;
    }

    private Mapped()
    {
    }

    /** @return the file's own mapping, or null when it cannot be reached. */
    public static MappedByteBuffer buffer(final NasmapFile file)
    {
        try
        {
            return MAPPED == null ? null : (MappedByteBuffer)MAPPED.get(file);
        }
        catch (final IllegalAccessException e)
        {
            return null;
        }
    }

    /**
     * Reads every 4 KiB page of the file through its own mapping, front to back.
     *
     * @return a sum of what was read (give it to a blackhole).
     */
    public static long touch(final NasmapFile file)
    {
        if (TOUCH != null)
        {
            try
            {
                return (long)TOUCH.invokeExact(file);
            }
            catch (final Throwable t)
            {
                throw new IllegalStateException(t);
            }
        }
        final MappedByteBuffer own = buffer(file);
        if (own != null)
        {
            return touch(own);
        }
        try (FileChannel ch = FileChannel.open(file.path()))
        {
            return touch(ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a sum of one long read from every 4 KiB page of the buffer. */
    public static long touch(final ByteBuffer b)
    {
        long sum = 0;
        final int n = b.capacity();
        for (int i = 0; i + Long.BYTES <= n; i += 4096)
        {
            sum += b.getLong(i);
        }
        return sum;
    }

    /** @return true when {@link #unmap} can unmap. */
    public static boolean canUnmap()
    {
        return MAPPED != null && INVOKE_CLEANER != null;
    }

    /** Unmaps the file now, if it can. The file must not be read afterwards. */
    public static void unmap(final NasmapFile file)
    {
        final MappedByteBuffer b = buffer(file);
        if (b == null || INVOKE_CLEANER == null)
        {
            return;
        }
        try
        {
            INVOKE_CLEANER.invokeExact((ByteBuffer)b);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }
}
