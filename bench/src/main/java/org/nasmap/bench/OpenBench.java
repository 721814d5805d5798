package org.nasmap.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.nasmap.reader.NasBench;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code open}: map and validate the full file ({@link NasBench#open}), then close and unmap it at once, so
 * that a million opens do not keep a million mappings until the next GC (the reader's {@code close()} leaves
 * unmapping to the GC; see {@link Mapped#unmap}). The figure therefore includes an munmap.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = BenchFlags.AGRONA)
@State(Scope.Benchmark)
public class OpenBench
{
    Path file;
    java.nio.MappedByteBuffer pages;

    @Setup(Level.Trial)
    public void setup() throws IOException
    {
        file = BenchFiles.fullFile();
        if (!Mapped.canUnmap())
        {
            System.err.println("warning: cannot unmap the reader's mapping; opens leave their mappings to the GC");
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file))
        {
            pages = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
    }

    /** Keeps the file in the page cache: open itself reads only its head, tail and shape table. */
    @Setup(Level.Iteration)
    public void touch(final org.openjdk.jmh.infra.Blackhole bh)
    {
        bh.consume(Mapped.touch(pages));
    }

    @Benchmark
    public int open_nasmap() throws IOException
    {
        final NasBench nb = NasBench.open(file);
        final int size = nb.size();
        nb.close();
        Mapped.unmap(nb.file());
        return size;
    }
}
