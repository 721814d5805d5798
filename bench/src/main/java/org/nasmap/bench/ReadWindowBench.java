package org.nasmap.bench;

import java.util.concurrent.TimeUnit;

import org.nasmap.bench.QueryBench.Cursor;
import org.nasmap.bench.QueryBench.Last;
import org.nasmap.bench.QueryBench.MappedBufferState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import static org.nasmap.bench.BenchFlags.AGRONA;

/**
 * What sets the time of a query that waits for one random read of the mapped file: epochMetric's plain mapped read
 * ({@code QueryBench.epochMetric_mappedBuffer}), the same read with each one waiting for the last (its latency),
 * and the same read with 24 to 192 more instructions per call that depend on nothing read. The processor overlaps
 * consecutive reads only as far as its reorder window holds their instructions, so when a read takes hundreds of
 * nanoseconds the time per call grows with the instructions per call, not with the number of reads. See
 * {@code bench/README.md}, "What one random read costs on this machine".
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {AGRONA})
public class ReadWindowBench
{
    private static final long M = 0x9E37_79B9_7F4A_7C15L;

    /** Three instructions (shift, xor, multiply) that depend on nothing read; the compiler inlines the nests below. */
    private static long mix(final long x)
    {
        return (x ^ x >>> 29) * M;
    }

    private static long mix2(final long x)
    {
        return mix(mix(x));
    }

    private static long mix4(final long x)
    {
        return mix2(mix2(x));
    }

    private static long mix8(final long x)
    {
        return mix4(mix4(x));
    }

    private static long mix16(final long x)
    {
        return mix8(mix8(x));
    }

    /** One random read of the mapping, consecutive calls independent. */
    @Benchmark
    public double read(final Inputs in, final Cursor c, final MappedBufferState s)
    {
        return s.buffer.getFloat(in.emFileOffset[c.next()]);
    }

    /** {@link #read}, each read waiting for the last (one read's latency). */
    @Benchmark
    public double readChained(final Inputs in, final Cursor c, final Last last, final MappedBufferState s)
    {
        return last.value = s.buffer.getFloat(in.emFileOffset[c.after(last.value)]);
    }

    /** {@link #read} and 24 more instructions (four independent chains of shift, xor and multiply). */
    @Benchmark
    public double readPlus24(final Inputs in, final Cursor c, final MappedBufferState s)
    {
        final int i = c.next();
        final long a = mix2(i);
        final long b = mix2(i + 1);
        final long d = mix2(i + 2);
        final long e = mix2(i + 3);
        return s.buffer.getFloat(in.emFileOffset[i]) + (double)((a ^ b ^ d ^ e) & 1);
    }

    /** {@link #read} and 48 more instructions (four independent chains of shift, xor and multiply). */
    @Benchmark
    public double readPlus48(final Inputs in, final Cursor c, final MappedBufferState s)
    {
        final int i = c.next();
        final long a = mix4(i);
        final long b = mix4(i + 1);
        final long d = mix4(i + 2);
        final long e = mix4(i + 3);
        return s.buffer.getFloat(in.emFileOffset[i]) + (double)((a ^ b ^ d ^ e) & 1);
    }

    /** {@link #read} and 96 more instructions (four independent chains of shift, xor and multiply). */
    @Benchmark
    public double readPlus96(final Inputs in, final Cursor c, final MappedBufferState s)
    {
        final int i = c.next();
        final long a = mix8(i);
        final long b = mix8(i + 1);
        final long d = mix8(i + 2);
        final long e = mix8(i + 3);
        return s.buffer.getFloat(in.emFileOffset[i]) + (double)((a ^ b ^ d ^ e) & 1);
    }

    /** {@link #read} and 192 more instructions (four independent chains of shift, xor and multiply). */
    @Benchmark
    public double readPlus192(final Inputs in, final Cursor c, final MappedBufferState s)
    {
        final int i = c.next();
        final long a = mix16(i);
        final long b = mix16(i + 1);
        final long d = mix16(i + 2);
        final long e = mix16(i + 3);
        return s.buffer.getFloat(in.emFileOffset[i]) + (double)((a ^ b ^ d ^ e) & 1);
    }
}
