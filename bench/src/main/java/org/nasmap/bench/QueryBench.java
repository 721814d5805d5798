package org.nasmap.bench;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import net.openhft.chronicle.map.ChronicleMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Metric;
import org.nasmap.format.Split;
import org.nasmap.reader.CostInfo;
import org.nasmap.reader.MetricColumn;
import org.nasmap.reader.MoreInfo;
import org.nasmap.reader.NasBench;
import org.nasmap.reader.SeedChoice;
import org.nasmap.reader.SimulationResult;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import static org.nasmap.bench.BenchFlags.AGRONA;
import static org.nasmap.bench.BenchFlags.BIG_HEAP;
import static org.nasmap.bench.BenchFlags.BIG_HEAP_MIN;
import static org.nasmap.bench.BenchFlags.CM_IO;
import static org.nasmap.bench.BenchFlags.CM_JAVAC;
import static org.nasmap.bench.BenchFlags.CM_JAVAC_FILE;
import static org.nasmap.bench.BenchFlags.CM_LANG;
import static org.nasmap.bench.BenchFlags.CM_MISC;
import static org.nasmap.bench.BenchFlags.CM_NIO;
import static org.nasmap.bench.BenchFlags.CM_REF;
import static org.nasmap.bench.BenchFlags.CM_REFLECT;
import static org.nasmap.bench.BenchFlags.CM_UTIL;
import static org.nasmap.bench.BenchFlags.NO_ANALYTICS;

/**
 * The query workloads, each {@code <workload>_<implementation>}, over the full synthetic topology space
 * (15,625 architectures), reading the random tuples of {@link Inputs} in order. See {@code bench/README.md}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {AGRONA, CM_REF, CM_NIO, CM_MISC, CM_JAVAC_FILE, CM_JAVAC, CM_LANG, CM_REFLECT,
    CM_IO, CM_UTIL, NO_ANALYTICS})
public class QueryBench
{
    /** findBest's query: the best cifar100 x-valid accuracy at hp 200 among architectures of at most 100 MFLOPs. */
    static final Dataset BEST_DATASET = Dataset.CIFAR100;
    static final Hp BEST_HP = Hp.H200;
    static final double BEST_FLOP_MAX = 100.0;

    /** Walks the tuples. */
    @State(Scope.Thread)
    public static class Cursor
    {
        int i;
        /** 0 while the benchmark runs, but a field, so the compiler cannot drop {@link #after}'s dependency. */
        int zero;

        int next()
        {
            return i = (i + 1) & Inputs.MASK;
        }

        /**
         * The next tuple, found only once {@code previous} (the last answer) is known: the chained rows' queries
         * wait for each other, as in a search loop whose next candidate depends on the last result, so that they
         * measure one query's latency; the other rows let the processor overlap consecutive queries.
         */
        int after(final double previous)
        {
            return i = (i + 1 + ((int)Double.doubleToRawLongBits(previous) & zero)) & Inputs.MASK;
        }
    }

    /** The last answer of a chained row. */
    @State(Scope.Thread)
    public static class Last
    {
        double value;
    }

    // ================================================================================================ states

    /** The reader over the full file; every iteration first touches every page through the reader's mapping. */
    @State(Scope.Benchmark)
    public static class NasmapState
    {
        NasBench nb;
        final MoreInfo moreInfo = new MoreInfo();
        final CostInfo costInfo = new CostInfo();
        final SimulationResult simulation = new SimulationResult();
        final SeedChoice mean = SeedChoice.mean();
        SeedChoice random;
        final double[] best = new double[1];

        /** The bound columns of epochMetric's (dataset, hp, split, metric), and each tuple's column. */
        final MetricColumn[] columns = new MetricColumn[Hp.count() * Dataset.count() * Split.count() * Metric.count()];
        final int[] column = new int[Inputs.SIZE];

        @Setup(Level.Trial)
        public void open(final Inputs in) throws IOException
        {
            nb = NasBench.open(in.file);
            random = SeedChoice.random(Inputs.replay());
            for (int i = 0; i < Inputs.SIZE; i++)
            {
                final int c = ((in.emHp[i].code() * Dataset.count() + in.emDataset[i].code()) * Split.count() +
                    in.emSplit[i].code()) * Metric.count() + in.emMetric[i].code();
                if (columns[c] == null)
                {
                    columns[c] = nb.metricColumn(in.emDataset[i], in.emHp[i], in.emSplit[i], in.emMetric[i]);
                }
                column[i] = c;
            }
        }

        @Setup(Level.Iteration)
        public void touch(final Blackhole bh)
        {
            bh.consume(Mapped.touch(nb.file()));
        }

        @TearDown(Level.Trial)
        public void close()
        {
            nb.close();
        }
    }

    /** The VALUES of the file on a plain mapping of its own: the physical limit of a random read. */
    @State(Scope.Benchmark)
    public static class MappedBufferState
    {
        MappedByteBuffer mapped;
        UnsafeBuffer buffer;

        @Setup(Level.Trial)
        public void map(final Inputs in) throws IOException
        {
            try (FileChannel ch = FileChannel.open(in.file, StandardOpenOption.READ))
            {
                mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            }
            mapped.order(ByteOrder.LITTLE_ENDIAN);
            buffer = new UnsafeBuffer(mapped);
        }

        @Setup(Level.Iteration)
        public void touch(final Blackhole bh)
        {
            bh.consume(Mapped.touch(mapped));
        }
    }

    /** The answers in plain on-heap arrays indexed by arithmetic: the ceiling. */
    @State(Scope.Benchmark)
    public static class FloatArrayState
    {
        /** x-valid accuracy at the last epoch, mean over seeds, at {@code (arch * 2 + hp) * 4 + dataset}. */
        double[] finalValid;
        /** findBest's flops and accuracy per architecture. */
        double[] bestFlops;
        double[] bestAccuracy;
        final double[] best = new double[1];

        @Setup(Level.Trial)
        public void build(final Inputs in) throws IOException
        {
            try (NasBench nb = NasBench.open(in.file))
            {
                final int n = nb.size();
                finalValid = new double[n * Inputs.HPS.length * Dataset.count()];
                for (int a = 0; a < n; a++)
                {
                    for (int h = 0; h < Inputs.HPS.length; h++)
                    {
                        for (final Dataset d : Inputs.VALID_DATASETS)
                        {
                            finalValid[index(a, Inputs.HPS[h], d)] = nb.finalAccuracy(a, d, Inputs.HPS[h], Split.X_VALID);
                        }
                    }
                }
                bestFlops = new double[n];
                bestAccuracy = new double[n];
                final CostInfo cost = new CostInfo();
                for (int a = 0; a < n; a++)
                {
                    bestFlops[a] = nb.getCostInfo(a, BEST_DATASET, BEST_HP, cost).flops();
                    bestAccuracy[a] = nb.finalAccuracy(a, BEST_DATASET, BEST_HP, Split.X_VALID);
                }
            }
        }

        static int index(final int arch, final Hp hp, final Dataset d)
        {
            return (arch * 2 + (hp == Hp.H12 ? 0 : 1)) * 4 + d.ordinal();
        }
    }

    /** An on-heap copy of the file's VALUES (500 MB), read at the precomputed index. */
    @State(Scope.Benchmark)
    public static class FloatValuesState
    {
        float[] values;

        @Setup(Level.Trial)
        public void copy(final Inputs in) throws IOException
        {
            try (RawLayout raw = new RawLayout(in.file))
            {
                final long n = raw.valueCount();
                values = new float[Math.toIntExact(n)];
                final MappedByteBuffer b = raw.buffer();
                final int base = Math.toIntExact(raw.valuesOffset());
                b.position(base).slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            }
        }
    }

    /** The on-heap HashMap model of the whole space (about 12 GB; built in about a minute). */
    @State(Scope.Benchmark)
    public static class HeapMapState
    {
        HeapMapModel model;
        final PeerResult result = new PeerResult();
        ReplayRandom random;
        final double[] best = new double[1];

        @Setup(Level.Trial)
        public void build()
        {
            final long t0 = System.nanoTime();
            model = HeapMapModel.build(BenchFiles.source());
            System.gc();
            final Runtime rt = Runtime.getRuntime();
            System.err.printf("heap model built in %.1f s, %,d MB of heap in use%n", (System.nanoTime() - t0) / 1e9,
                (rt.totalMemory() - rt.freeMemory()) >> 20);
            random = Inputs.replay();
        }
    }

    /** archstr2index alone, for indexOf. */
    @State(Scope.Benchmark)
    public static class HeapIndexState
    {
        HeapMapModel model;

        @Setup(Level.Trial)
        public void build()
        {
            model = HeapMapModel.indexOnly(BenchFiles.source().metaArchs());
        }
    }

    /** The Chronicle Map files of the whole space; every iteration first touches every value page. */
    @State(Scope.Benchmark)
    public static class ChronicleMapState
    {
        ChronicleModel model;
        final PeerResult result = new PeerResult();
        ReplayRandom random;
        final double[] best = new double[1];

        @Setup(Level.Trial)
        public void open() throws IOException
        {
            model = ChronicleModel.openOrBuild();
            random = Inputs.replay();
        }

        @Setup(Level.Iteration)
        public void touch(final Blackhole bh)
        {
            bh.consume(model.touch());
        }

        @TearDown(Level.Trial)
        public void close()
        {
            model.close();
        }
    }

    /** archstr2index as an in-memory {@code ChronicleMap<CharSequence, Integer>}. */
    @State(Scope.Benchmark)
    public static class ChronicleIndexState
    {
        ChronicleMap<CharSequence, Integer> index;

        @Setup(Level.Trial)
        public void build()
        {
            final java.util.List<String> meta = BenchFiles.source().metaArchs();
            index = ChronicleMap.of(CharSequence.class, Integer.class).name("archstr2index")
                .entries(meta.size()).averageKey(meta.get(meta.size() - 1)).create();
            for (int i = 0; i < meta.size(); i++)
            {
                index.put(meta.get(i), i);
            }
        }

        @TearDown(Level.Trial)
        public void close()
        {
            index.close();
        }
    }

    // ================================================================================================ finalAccuracy

    @Benchmark
    public double finalAccuracy_nasmap(final Inputs in, final Cursor c, final NasmapState s)
    {
        final int i = c.next();
        return s.nb.finalAccuracy(in.faArch[i], in.faDataset[i], in.faHp[i], Split.X_VALID);
    }

    @Benchmark
    public double finalAccuracy_mappedBuffer(final Inputs in, final Cursor c, final MappedBufferState s)
    {
        return s.buffer.getDouble(in.faFileOffset[c.next()]);
    }

    @Benchmark
    public double finalAccuracy_floatArray(final Inputs in, final Cursor c, final FloatArrayState s)
    {
        final int i = c.next();
        return s.finalValid[FloatArrayState.index(in.faArch[i], in.faHp[i], in.faDataset[i])];
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {AGRONA, BIG_HEAP, BIG_HEAP_MIN})
    public double finalAccuracy_heapMap(final Inputs in, final Cursor c, final HeapMapState s)
    {
        final int i = c.next();
        return s.model.finalAccuracy(in.faArch[i], in.faDataset[i], in.faHp[i]);
    }

    @Benchmark
    public double finalAccuracy_chronicleMap(final Inputs in, final Cursor c, final ChronicleMapState s)
    {
        final int i = c.next();
        return s.model.finalAccuracy(in.faArch[i], in.faDataset[i], in.faHp[i]);
    }

    // ================================================================================================ epochMetric

    @Benchmark
    public double epochMetric_nasmap(final Inputs in, final Cursor c, final NasmapState s)
    {
        final int i = c.next();
        return s.nb.metric(in.emArch[i], in.emDataset[i], in.emHp[i], in.emSplit[i], in.emMetric[i], in.emEpoch[i],
            in.emChoice[i]);
    }

    @Benchmark
    public double epochMetric_mappedBuffer(final Inputs in, final Cursor c, final MappedBufferState s)
    {
        final int i = c.next();
        return s.buffer.getFloat(in.emFileOffset[i]);
    }

    /**
     * The layout's floor: the two dependent reads nasmap makes (the trial's first value, inline in the group
     * entry, then the value) on the plain mapping, with the seed's position and the value's place in the trial
     * precomputed, and no checks.
     */
    @Benchmark
    public double epochMetric_mappedChain(final Inputs in, final Cursor c, final MappedBufferState s)
    {
        final int i = c.next();
        final UnsafeBuffer b = s.buffer;
        final long first = b.getInt(in.emGroupOffset[i]) & 0xFFFFFFFFL;
        return b.getFloat((int)(in.valuesBase + (first + in.emRelativeIndex[i]) * Float.BYTES));
    }

    @Benchmark
    public double epochMetric_floatArray(final Inputs in, final Cursor c, final FloatValuesState s)
    {
        final int i = c.next();
        return s.values[in.emValueIndex[i]];
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {AGRONA, BIG_HEAP, BIG_HEAP_MIN})
    public double epochMetric_heapMap(final Inputs in, final Cursor c, final HeapMapState s)
    {
        final int i = c.next();
        return s.model.metric(in.emArch[i], in.emDataset[i], in.emHp[i], in.emSplit[i], in.emMetric[i], in.emEpoch[i],
            in.emSeed[i]);
    }

    @Benchmark
    public double epochMetric_chronicleMap(final Inputs in, final Cursor c, final ChronicleMapState s)
    {
        final int i = c.next();
        return s.model.metric(in.emArch[i], in.emDataset[i], in.emHp[i], in.emSplit[i], in.emMetric[i], in.emEpoch[i],
            in.emSeed[i]);
    }

    /**
     * {@link #epochMetric_nasmap} through {@link MetricColumn}: the tuple's (dataset, hp, split, metric) bound at setup,
     * as a search loop binds the one it reads; the same answers.
     */
    @Benchmark
    public double epochMetric_nasmapColumn(final Inputs in, final Cursor c, final NasmapState s)
    {
        final int i = c.next();
        return s.columns[s.column[i]].value(in.emArch[i], in.emSeed[i], in.emEpoch[i]);
    }

    /** {@link #epochMetric_nasmap}, each query waiting for the last answer (its latency). */
    @Benchmark
    public double epochMetric_nasmapChained(final Inputs in, final Cursor c, final Last last, final NasmapState s)
    {
        final int i = c.after(last.value);
        return last.value = s.nb.metric(in.emArch[i], in.emDataset[i], in.emHp[i], in.emSplit[i], in.emMetric[i],
            in.emEpoch[i], in.emChoice[i]);
    }

    /** {@link #epochMetric_mappedBuffer}, each read waiting for the last answer (one read's latency). */
    @Benchmark
    public double epochMetric_mappedBufferChained(final Inputs in, final Cursor c, final Last last,
        final MappedBufferState s)
    {
        final int i = c.after(last.value);
        return last.value = s.buffer.getFloat(in.emFileOffset[i]);
    }

    /** {@link #epochMetric_chronicleMap}, each query waiting for the last answer (its latency). */
    @Benchmark
    public double epochMetric_chronicleMapChained(final Inputs in, final Cursor c, final Last last,
        final ChronicleMapState s)
    {
        final int i = c.after(last.value);
        return last.value = s.model.metric(in.emArch[i], in.emDataset[i], in.emHp[i], in.emSplit[i], in.emMetric[i],
            in.emEpoch[i], in.emSeed[i]);
    }

    // ================================================================================================ moreInfo

    @Benchmark
    public MoreInfo moreInfo_nasmap(final Inputs in, final Cursor c, final NasmapState s)
    {
        final int i = c.next();
        return s.nb.getMoreInfo(in.miArch[i], in.miDataset[i], Hp.H200, -1, s.mean, s.moreInfo);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {AGRONA, BIG_HEAP, BIG_HEAP_MIN})
    public PeerResult moreInfo_heapMap(final Inputs in, final Cursor c, final HeapMapState s)
    {
        final int i = c.next();
        return s.model.moreInfo(in.miArch[i], in.miDataset[i], Hp.H200, -1, -1, null, s.result);
    }

    @Benchmark
    public PeerResult moreInfo_chronicleMap(final Inputs in, final Cursor c, final ChronicleMapState s)
    {
        final int i = c.next();
        return s.model.moreInfo(in.miArch[i], in.miDataset[i], Hp.H200, -1, -1, null, s.result);
    }

    // ================================================================================================ costInfo

    @Benchmark
    public CostInfo costInfo_nasmap(final Inputs in, final Cursor c, final NasmapState s)
    {
        final int i = c.next();
        return s.nb.getCostInfo(in.miArch[i], in.miDataset[i], Hp.H200, s.costInfo);
    }

    // ================================================================================================ indexOf

    @Benchmark
    public int indexOf_nasmap(final Inputs in, final Cursor c, final NasmapState s)
    {
        return s.nb.indexOf(in.ixArch[c.next()]);
    }

    @Benchmark
    public int indexOf_heapMap(final Inputs in, final Cursor c, final HeapIndexState s)
    {
        return s.model.indexOf(in.ixArch[c.next()]);
    }

    @Benchmark
    public Integer indexOf_chronicleMap(final Inputs in, final Cursor c, final ChronicleIndexState s)
    {
        return s.index.get(in.ixArch[c.next()]);
    }

    // ================================================================================================ simulate

    @Benchmark
    public SimulationResult simulate_nasmap(final Inputs in, final Cursor c, final NasmapState s)
    {
        final int i = c.next();
        return s.nb.simulateTrainEval(in.siArch[i], in.siDataset[i], in.siHp[i], -1, s.random, s.simulation);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {AGRONA, BIG_HEAP, BIG_HEAP_MIN})
    public PeerResult simulate_heapMap(final Inputs in, final Cursor c, final HeapMapState s)
    {
        final int i = c.next();
        return s.model.simulate(in.siArch[i], in.siDataset[i], in.siHp[i], -1, s.random, s.result);
    }

    @Benchmark
    public PeerResult simulate_chronicleMap(final Inputs in, final Cursor c, final ChronicleMapState s)
    {
        final int i = c.next();
        return s.model.simulate(in.siArch[i], in.siDataset[i], in.siHp[i], -1, s.random, s.result);
    }

    // ================================================================================================ findBest

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int findBest_nasmap(final NasmapState s)
    {
        return s.nb.findBest(BEST_DATASET, "x-valid", BEST_FLOP_MAX, Double.NaN, BEST_HP, s.best);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int findBest_floatArray(final FloatArrayState s)
    {
        final double[] flops = s.bestFlops;
        final double[] acc = s.bestAccuracy;
        int best = -1;
        double highest = Double.NaN;
        for (int a = 0; a < flops.length; a++)
        {
            if (flops[a] > BEST_FLOP_MAX)
            {
                continue;
            }
            if (best == -1 || highest < acc[a])
            {
                best = a;
                highest = acc[a];
            }
        }
        s.best[0] = highest;
        return best;
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Fork(value = 1, jvmArgsAppend = {AGRONA, BIG_HEAP, BIG_HEAP_MIN})
    public int findBest_heapMap(final HeapMapState s)
    {
        return s.model.findBest(BEST_DATASET, Split.X_VALID, BEST_FLOP_MAX, Double.NaN, BEST_HP, s.best, s.result);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int findBest_chronicleMap(final ChronicleMapState s)
    {
        return s.model.findBest(BEST_DATASET, Split.X_VALID, BEST_FLOP_MAX, Double.NaN, BEST_HP, s.best, s.result);
    }
}
