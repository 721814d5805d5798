package org.nasmap.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Metric;
import org.nasmap.format.Space;
import org.nasmap.format.Split;
import org.nasmap.reader.CostInfo;
import org.nasmap.reader.MetricColumn;
import org.nasmap.reader.MoreInfo;
import org.nasmap.reader.NasBench;
import org.nasmap.reader.NasmapQueryException;
import org.nasmap.reader.SeedChoice;
import org.nasmap.reader.SimulationResult;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.SyntheticSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reader's hot paths allocate nothing: the thread's allocated-bytes counter barely moves over about a
 * million calls of each, after a warm-up that lets the JIT settle, on a 500-architecture synthetic file.
 */
class AllocationFreeTest
{
    private static final int CALLS = 1_000_000;
    private static final int WARMUP_CALLS = 300_000;
    private static final int SIZE = 1 << 12;
    private static final int MASK = SIZE - 1;
    /** Total bytes tolerated over all measured calls of one operation (not per call). */
    private static final long BOUND = 1024;

    @TempDir
    static Path dir;

    static NasBench nb;
    static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    static final int[] arch = new int[SIZE];
    static final Dataset[] dataset = new Dataset[SIZE];
    static final Hp[] hp = new Hp[SIZE];
    static final Split[] split = new Split[SIZE];
    static final Metric[] metric = new Metric[SIZE];
    static final int[] epoch = new int[SIZE];
    static final SeedChoice[] seed = new SeedChoice[SIZE];
    static final int[] simArch = new int[SIZE];
    static final Dataset[] simDataset = new Dataset[SIZE];
    static final Hp[] simHp = new Hp[SIZE];
    static final String[] names = new String[SIZE];
    static double sink;

    @BeforeAll
    static void build() throws IOException
    {
        // without the counter every assertion below would pass vacuously
        assertTrue(THREADS.isThreadAllocatedMemorySupported(), "this JVM cannot count a thread's allocated bytes");
        THREADS.setThreadAllocatedMemoryEnabled(true);
        assertTrue(THREADS.isThreadAllocatedMemoryEnabled(), "the thread allocation counter is disabled");
        final Path file = dir.resolve("tss-500.nasmap");
        NasmapWriter.convert(new SyntheticSource(Space.TOPOLOGY, 500, 3), file, null);
        nb = NasBench.open(file);
        final SplittableRandom r = new SplittableRandom(11);
        final SeedChoice[] choices = new SeedChoice[1000];
        final Hp[] hps = {Hp.H12, Hp.H200};
        final Dataset[] valid = {Dataset.CIFAR10_VALID, Dataset.CIFAR100, Dataset.IMAGENET16_120};
        final Dataset[] sim = {Dataset.CIFAR10, Dataset.CIFAR100, Dataset.IMAGENET16_120};
        for (int i = 0; i < SIZE; )
        {
            final int a = r.nextInt(nb.size());
            names[i] = nb.arch(a);
            if (!nb.file().holds(a))
            {
                continue;
            }
            arch[i] = a;
            dataset[i] = valid[r.nextInt(valid.length)];
            hp[i] = hps[r.nextInt(hps.length)];
            final int n = nb.seedCount(a, dataset[i], hp[i]);
            final int s = nb.seedAt(a, dataset[i], hp[i], r.nextInt(n));
            if (choices[s] == null)
            {
                choices[s] = SeedChoice.seed(s);
            }
            seed[i] = choices[s];
            final int epochs = hp[i].epochs();
            epoch[i] = r.nextInt(epochs);
            split[i] = Split.TRAIN;
            metric[i] = Metric.ofOrdinal(r.nextInt(2)); // loss or accuracy: dense at every epoch
            simArch[i] = a;
            simDataset[i] = sim[r.nextInt(sim.length)];
            simHp[i] = hps[r.nextInt(hps.length)];
            try
            {
                nb.simulateTrainEval(a, simDataset[i], simHp[i], -1, SeedChoice.mean(), new SimulationResult());
            }
            catch (final NasmapQueryException e)
            {
                continue;
            }
            i++;
        }
    }

    @AfterAll
    static void close()
    {
        nb.close();
    }

    /** @return bytes this thread allocated over {@code calls} calls, after a warm-up of 3 x {@code warmup}. */
    static long allocated(final IntToDoubleFunction op, final int calls, final int warmup)
    {
        double s = 0;
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < warmup; i++)
            {
                s += op.applyAsDouble(i & MASK);
            }
        }
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < calls; i++)
        {
            s += op.applyAsDouble(i & MASK);
        }
        final long after = THREADS.getCurrentThreadAllocatedBytes();
        sink += s;
        return after - before;
    }

    static void assertAllocationFree(final String what, final IntToDoubleFunction op)
    {
        assertAllocationFree(what, op, CALLS, WARMUP_CALLS);
    }

    static void assertAllocationFree(final String what, final IntToDoubleFunction op, final int calls, final int warmup)
    {
        final long bytes = allocated(op, calls, warmup);
        assertTrue(bytes < BOUND, what + " allocated " + bytes + " bytes over " + calls + " calls");
    }

    @Test
    void theCounterSeesAllocation()
    {
        // the same measurement of an operation that allocates must report it: the counter works here
        final long bytes = allocated(i -> nb.arch(arch[i]).length(), 10_000, 1_000);
        assertTrue(bytes > 10_000L * 16, "allocating calls reported " + bytes + " bytes");
    }

    @Test
    void costInfo()
    {
        final CostInfo out = new CostInfo();
        assertAllocationFree("getCostInfo", i -> nb.getCostInfo(arch[i], dataset[i], hp[i], out).flops());
    }

    @Test
    void findBest()
    {
        final double[] best = new double[1];
        final Dataset[] sets = {Dataset.CIFAR10, Dataset.CIFAR100, Dataset.IMAGENET16_120};
        final double[] limits = {Double.NaN, 50, 100, 150};
        // whole-space scans: fewer calls, each a scan of the 500 architectures
        assertAllocationFree("findBest", i -> nb.findBest(sets[i % 3], "valid", limits[(i >> 2) & 3], Double.NaN,
            Hp.H200, best), 20_000, 5_000);
    }

    @Test
    void finalAccuracy()
    {
        assertAllocationFree("finalAccuracy", i -> nb.finalAccuracy(arch[i], dataset[i], hp[i], Split.X_VALID));
    }

    @Test
    void metricOfOneSeed()
    {
        assertAllocationFree("metric(seed)", i -> nb.metric(arch[i], dataset[i], hp[i], split[i], metric[i], epoch[i],
            seed[i]));
    }

    @Test
    void metricColumnOfOneSeed()
    {
        // bound before the count (binding allocates the column); the last epoch now and then
        final MetricColumn[] columns = new MetricColumn[Hp.count() * Dataset.count() * Metric.count()];
        final int[] column = new int[SIZE];
        for (int i = 0; i < SIZE; i++)
        {
            column[i] = (hp[i].code() * Dataset.count() + dataset[i].code()) * Metric.count() + metric[i].code();
            if (columns[column[i]] == null)
            {
                columns[column[i]] = nb.metricColumn(dataset[i], hp[i], split[i], metric[i]);
            }
        }
        assertAllocationFree("MetricColumn.value", i -> columns[column[i]].value(arch[i], seed[i].seedValue(),
            i % 5 == 0 ? -1 : epoch[i]));
    }

    @Test
    void metricMean()
    {
        final SeedChoice mean = SeedChoice.mean();
        assertAllocationFree("metric(mean)", i -> nb.metric(arch[i], dataset[i], hp[i], split[i], metric[i], epoch[i],
            mean));
    }

    @Test
    void moreInfoMean()
    {
        final MoreInfo out = new MoreInfo();
        final SeedChoice mean = SeedChoice.mean();
        assertAllocationFree("getMoreInfo(mean)",
            i -> nb.getMoreInfo(arch[i], dataset[i], hp[i], -1, mean, out).accuracy(MoreInfo.Block.TRAIN));
    }

    @Test
    void moreInfoSeed()
    {
        final MoreInfo out = new MoreInfo();
        assertAllocationFree("getMoreInfo(seed)",
            i -> nb.getMoreInfo(arch[i], dataset[i], hp[i], epoch[i], seed[i], out).accuracy(MoreInfo.Block.TRAIN));
    }

    @Test
    void indexOf()
    {
        assertAllocationFree("indexOf", i -> nb.indexOf(names[i]));
    }

    @Test
    void simulateTrainEval()
    {
        final SimulationResult out = new SimulationResult();
        final SeedChoice random = SeedChoice.random(new ReplayRandom(SIZE, 5));
        assertAllocationFree("simulateTrainEval",
            i -> nb.simulateTrainEval(simArch[i], simDataset[i], simHp[i], -1, random, out).validAccuracy());
    }
}
