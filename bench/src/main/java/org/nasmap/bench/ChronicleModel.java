package org.nasmap.bench;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

import net.openhft.chronicle.bytes.RandomDataInput;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Layout;
import org.nasmap.format.Metric;
import org.nasmap.format.Split;
import org.nasmap.writer.source.ArchRecord;
import org.nasmap.writer.source.Series;
import org.nasmap.writer.source.SyntheticSource;
import org.nasmap.writer.source.TrialRecord;

/**
 * The {@code chronicleMap} peer: the same records off-heap in Chronicle Map, persisted to a file (so it is
 * mapped memory like nasmap's, and later forks reuse it), one map per hp, keyed by
 * {@code arch * 8 + dataset} as a {@code Long}. A value is one (arch, hp, dataset) group serialized the
 * plain way a user would:
 * <pre>
 *   int seedCount
 *   seedCount x 48-byte trial headers:
 *     int seed, int epochs, int presentMask (bit split*4+metric), int evalMask, int flags (1: eval times empty),
 *     int dataOffset, double flops, double params, double latency (the trial's mean, -1 for None)
 *   per trial, per present (split, metric) in slot order: float32[epochs], NaN where the source has none
 * </pre>
 * so any value is found in O(1) with no decoding. Queries read the value in place through a query context
 * (zero-copy), never {@code get()} a copy.
 */
public final class ChronicleModel implements AutoCloseable
{
    static final int HEADER = 4;
    static final int TRIAL_HEADER = 48;
    static final int T_SEED = 0;
    static final int T_EPOCHS = 4;
    static final int T_PRESENT = 8;
    static final int T_EVAL_MASK = 12;
    static final int T_FLAGS = 16;
    static final int T_DATA = 20;
    static final int T_FLOPS = 24;
    static final int T_PARAMS = 32;
    static final int T_LATENCY = 40;
    static final int FLAG_EVAL_TIMES_EMPTY = 1;

    private final ChronicleMap<Long, byte[]>[] maps;
    private final List<Path> files;
    /** The held architectures, ascending. */
    private final int[] held;

    private ChronicleModel(final ChronicleMap<Long, byte[]>[] maps, final List<Path> files, final int[] held)
    {
        this.maps = maps;
        this.files = files;
        this.held = held;
    }

    static long key(final int arch, final Dataset dataset)
    {
        return arch * 8L + dataset.ordinal();
    }

    /** @return the serialized group. */
    static byte[] serialize(final List<TrialRecord> trials)
    {
        int length = HEADER + TRIAL_HEADER * trials.size();
        for (final TrialRecord t : trials)
        {
            length += Integer.bitCount(presentMask(t)) * t.epochs() * Float.BYTES;
        }
        final ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, trials.size());
        int data = HEADER + TRIAL_HEADER * trials.size();
        for (int i = 0; i < trials.size(); i++)
        {
            final TrialRecord t = trials.get(i);
            final int h = HEADER + TRIAL_HEADER * i;
            final int mask = presentMask(t);
            b.putInt(h + T_SEED, t.seed());
            b.putInt(h + T_EPOCHS, t.epochs());
            b.putInt(h + T_PRESENT, mask);
            b.putInt(h + T_EVAL_MASK, t.evalMask());
            b.putInt(h + T_FLAGS, t.evalTimesEmpty() ? FLAG_EVAL_TIMES_EMPTY : 0);
            b.putInt(h + T_DATA, data);
            b.putDouble(h + T_FLOPS, t.flops());
            b.putDouble(h + T_PARAMS, t.params());
            b.putDouble(h + T_LATENCY, trialLatency(t.latency()));
            for (int slot = 0; slot < Layout.SLOT_COUNT; slot++)
            {
                if ((mask & (1 << slot)) == 0)
                {
                    continue;
                }
                final Series s = t.series(Split.ofOrdinal(slot / Metric.count()), Metric.ofOrdinal(slot % Metric.count()));
                for (int e = 0; e < t.epochs(); e++)
                {
                    b.putFloat(data + e * Float.BYTES, Float.NaN);
                }
                for (int k = 0; k < s.size(); k++)
                {
                    b.putFloat(data + s.epochAt(k) * Float.BYTES, (float)s.valueAt(k));
                }
                data += t.epochs() * Float.BYTES;
            }
        }
        return b.array();
    }

    private static int presentMask(final TrialRecord t)
    {
        int mask = 0;
        for (int slot = 0; slot < Layout.SLOT_COUNT; slot++)
        {
            final Split s = Split.ofOrdinal(slot / Metric.count());
            final Metric m = Metric.ofOrdinal(slot % Metric.count());
            if (t.series(s, m) != null && !(s != Split.TRAIN && m == Metric.TIME && t.evalTimesEmpty()))
            {
                mask |= 1 << slot;
            }
        }
        return mask;
    }

    private static double trialLatency(final double[] latency)
    {
        if (latency == null)
        {
            return -1;
        }
        double s = 0;
        for (final double v : latency)
        {
            s += v;
        }
        return latency.length == 0 ? Double.NaN : s / latency.length;
    }

    private static Path file(final Path dir, final String stamp, final Hp hp)
    {
        return dir.resolve("tss-synthetic-" + stamp + "-hp" + hp.upstreamKey() + ".cmap");
    }

    /**
     * Opens the cached maps of the benchmark data, building them first (in about a minute) when they are
     * not there yet.
     */
    @SuppressWarnings("try")
    public static ChronicleModel openOrBuild() throws IOException
    {
        final Path dir = BenchFiles.dir();
        Files.createDirectories(dir);
        final String stamp = BenchFiles.stamp(ChronicleModel.class);
        final Hp[] hps = Inputs.HPS;
        synchronized (ChronicleModel.class)
        {
            try (java.nio.channels.FileChannel lockChannel = java.nio.channels.FileChannel.open(dir.resolve("build.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                java.nio.channels.FileLock ignored = lockChannel.lock())
            {
                boolean all = true;
                for (final Hp hp : hps)
                {
                    all &= Files.exists(file(dir, stamp, hp));
                }
                if (!all)
                {
                    for (final Hp hp : hps)
                    {
                        BenchFiles.removeStale(dir, "tss-synthetic-", "-hp" + hp.upstreamKey() + ".cmap",
                            file(dir, stamp, hp).getFileName().toString());
                    }
                    build(dir, stamp, hps);
                }
            }
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        final ChronicleMap<Long, byte[]>[] maps = new ChronicleMap[Hp.count()];
        final List<Path> files = new java.util.ArrayList<>();
        for (final Hp hp : hps)
        {
            final Path f = file(dir, stamp, hp);
            maps[hp.ordinal()] = builder(hp, 1, 1).createPersistedTo(f.toFile());
            files.add(f);
        }
        return new ChronicleModel(maps, files, IntStream.range(0, BenchFiles.ARCHS).toArray());
    }

    private static net.openhft.chronicle.map.ChronicleMapBuilder<Long, byte[]> builder(final Hp hp, final long entries,
        final double averageValueSize)
    {
        return ChronicleMap.of(Long.class, byte[].class)
            .name("nasmap-bench-hp" + hp.upstreamKey())
            .entries(entries)
            .averageValueSize(averageValueSize);
    }

    /** An in-memory model of the given architectures of {@code source} (for tests). */
    public static ChronicleModel inMemory(final SyntheticSource source, final int[] held)
    {
        @SuppressWarnings({"unchecked", "rawtypes"})
        final ChronicleMap<Long, byte[]>[] maps = new ChronicleMap[Hp.count()];
        final double[] average = averageValueSizes(source, held);
        for (final Hp hp : Inputs.HPS)
        {
            maps[hp.ordinal()] = builder(hp, (long)held.length * Dataset.count(), average[hp.ordinal()]).create();
        }
        fill(source, held, maps);
        return new ChronicleModel(maps, List.of(), held.clone());
    }

    private static double[] averageValueSizes(final SyntheticSource source, final int[] held)
    {
        final double[] average = new double[Hp.count()];
        final int sample = Math.min(256, held.length);
        for (int k = 0; k < sample; k++)
        {
            final ArchRecord rec = source.record(held[(int)((long)k * held.length / sample)]);
            for (final ArchRecord.HpResults h : rec.hps())
            {
                for (final ArchRecord.DatasetTrials d : h.datasets())
                {
                    average[h.hp().ordinal()] += serialize(d.trials()).length / (double)(sample * Dataset.count());
                }
            }
        }
        for (int i = 0; i < average.length; i++)
        {
            average[i] *= 1.05;
        }
        return average;
    }

    private static void fill(final SyntheticSource source, final int[] held, final ChronicleMap<Long, byte[]>[] maps)
    {
        IntStream.range(0, held.length).parallel().forEach(k ->
        {
            final ArchRecord rec = source.record(held[k]);
            for (final ArchRecord.HpResults h : rec.hps())
            {
                final ChronicleMap<Long, byte[]> m = maps[h.hp().ordinal()];
                for (final ArchRecord.DatasetTrials d : h.datasets())
                {
                    m.put(key(held[k], d.dataset()), serialize(d.trials()));
                }
            }
        });
    }

    private static void build(final Path dir, final String stamp, final Hp[] hps) throws IOException
    {
        final long t0 = System.nanoTime();
        final SyntheticSource source = BenchFiles.source();
        final int n = source.metaArchs().size();
        final int[] all = IntStream.range(0, n).toArray();
        final double[] average = averageValueSizes(source, all);
        @SuppressWarnings({"unchecked", "rawtypes"})
        final ChronicleMap<Long, byte[]>[] maps = new ChronicleMap[Hp.count()];
        final Path[] tmp = new Path[Hp.count()];
        try
        {
            for (final Hp hp : hps)
            {
                tmp[hp.ordinal()] = Files.createTempFile(dir, ".cmap-" + hp.upstreamKey() + "-", ".tmp");
                Files.delete(tmp[hp.ordinal()]);
                maps[hp.ordinal()] = builder(hp, (long)n * Dataset.count(), average[hp.ordinal()])
                    .createPersistedTo(tmp[hp.ordinal()].toFile());
            }
            fill(source, all, maps);
            for (final Hp hp : hps)
            {
                maps[hp.ordinal()].close();
                maps[hp.ordinal()] = null;
                Files.move(tmp[hp.ordinal()], file(dir, stamp, hp), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        finally
        {
            for (final Hp hp : hps)
            {
                if (maps[hp.ordinal()] != null)
                {
                    maps[hp.ordinal()].close();
                }
                if (tmp[hp.ordinal()] != null)
                {
                    Files.deleteIfExists(tmp[hp.ordinal()]);
                }
            }
        }
        System.err.printf("built Chronicle Map files in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /** @return the map files. */
    public List<Path> files()
    {
        return files;
    }

    /**
     * Reads one float of every 4 KiB of every value through the map's own mapping.
     *
     * @return a sum of what was read.
     */
    public double touch()
    {
        final double[] sum = new double[1];
        for (final ChronicleMap<Long, byte[]> m : maps)
        {
            if (m == null)
            {
                continue;
            }
            m.forEachEntry(e ->
            {
                final Data<byte[]> d = e.value();
                final RandomDataInput in = d.bytes();
                final long base = d.offset();
                final long n = d.size();
                for (long i = 0; i + 4 <= n; i += 4096)
                {
                    sum[0] += in.readInt(base + i);
                }
            });
        }
        return sum[0];
    }

    @Override
    public void close()
    {
        for (final ChronicleMap<Long, byte[]> m : maps)
        {
            if (m != null)
            {
                m.close();
            }
        }
    }

    // ================================================================================================ queries

    private ExternalMapQueryContext<Long, byte[], ?> context(final int arch, final Dataset dataset, final Hp hp)
    {
        final ExternalMapQueryContext<Long, byte[], ?> c = maps[hp.ordinal()].queryContext(key(arch, dataset));
        c.readLock().lock();
        return c;
    }

    private static Data<byte[]> value(final ExternalMapQueryContext<Long, byte[], ?> c)
    {
        final MapEntry<Long, byte[]> e = c.entry();
        if (e == null)
        {
            throw new IllegalArgumentException("no entry for key " + c.queriedKey().get());
        }
        return e.value();
    }

    /** @return the byte offset in the value of (trial, slot, epoch), or -1 when absent. */
    private static long at(final RandomDataInput in, final long base, final int trial, final int slot, final int epoch)
    {
        final long h = base + HEADER + (long)TRIAL_HEADER * trial;
        final int mask = in.readInt(h + T_PRESENT);
        if ((mask & (1 << slot)) == 0)
        {
            return -1;
        }
        final int epochs = in.readInt(h + T_EPOCHS);
        return base + in.readInt(h + T_DATA) +
            ((long)Integer.bitCount(mask & ((1 << slot) - 1)) * epochs + epoch) * Float.BYTES;
    }

    /** The search loop's query: the mean over seeds of x-valid accuracy at the last epoch. */
    public double finalAccuracy(final int arch, final Dataset dataset, final Hp hp)
    {
        try (ExternalMapQueryContext<Long, byte[], ?> c = context(arch, dataset, hp))
        {
            final Data<byte[]> d = value(c);
            final RandomDataInput in = d.bytes();
            final long base = d.offset();
            final int n = in.readInt(base);
            double sum = 0;
            final int slot = Layout.slot(Split.X_VALID.ordinal(), Metric.ACCURACY.ordinal());
            for (int i = 0; i < n; i++)
            {
                final int epochs = in.readInt(base + HEADER + (long)TRIAL_HEADER * i + T_EPOCHS);
                sum += in.readFloat(at(in, base, i, slot, epochs - 1));
            }
            return sum / n;
        }
    }

    /** One metric of one seed at one epoch. */
    public double metric(final int arch, final Dataset dataset, final Hp hp, final Split split, final Metric metric,
        final int epoch, final int seed)
    {
        try (ExternalMapQueryContext<Long, byte[], ?> c = context(arch, dataset, hp))
        {
            final Data<byte[]> d = value(c);
            final RandomDataInput in = d.bytes();
            final long base = d.offset();
            final int n = in.readInt(base);
            for (int i = 0; i < n; i++)
            {
                if (in.readInt(base + HEADER + (long)TRIAL_HEADER * i + T_SEED) == seed)
                {
                    final long at = at(in, base, i, Layout.slot(split.ordinal(), metric.ordinal()), epoch);
                    final float v = at < 0 ? Float.NaN : in.readFloat(at);
                    if (v != v)
                    {
                        throw new IllegalArgumentException("no value at " + epoch);
                    }
                    return v;
                }
            }
            throw new IllegalArgumentException("can not find random seed (" + seed + ")");
        }
    }

    /** One trial's get_train/get_eval into r; false where upstream raises. */
    private static boolean trial(final RandomDataInput in, final long base, final int trial, final int split,
        final int iepochIn, final double[] r)
    {
        final long h = base + HEADER + (long)TRIAL_HEADER * trial;
        final int epochs = in.readInt(h + T_EPOCHS);
        final int iepoch = iepochIn < 0 ? epochs - 1 : iepochIn;
        if (iepoch < 0 || iepoch >= epochs)
        {
            return false;
        }
        final long lossAt = at(in, base, trial, Layout.slot(split, Metric.LOSS.ordinal()), iepoch);
        final long accAt = at(in, base, trial, Layout.slot(split, Metric.ACCURACY.ordinal()), iepoch);
        if (lossAt < 0 || accAt < 0)
        {
            return false;
        }
        final float loss = in.readFloat(lossAt);
        final float acc = in.readFloat(accAt);
        if (loss != loss || acc != acc)
        {
            return false;
        }
        double xtime = Double.NaN;
        double atime = Double.NaN;
        final boolean timesNone = split == Split.TRAIN.ordinal() ?
            (in.readInt(h + T_PRESENT) & (1 << Layout.slot(split, Metric.TIME.ordinal()))) == 0 :
            (in.readInt(h + T_FLAGS) & FLAG_EVAL_TIMES_EMPTY) != 0;
        if (!timesNone)
        {
            final long t0 = at(in, base, trial, Layout.slot(split, Metric.TIME.ordinal()), 0);
            if (t0 < 0)
            {
                return false;
            }
            atime = 0;
            for (int e = 0; e <= iepoch; e++)
            {
                final float v = in.readFloat(t0 + (long)e * Float.BYTES);
                if (v != v)
                {
                    return false;
                }
                atime += v;
            }
            xtime = in.readFloat(t0 + (long)iepoch * Float.BYTES);
        }
        r[0] = iepoch;
        r[1] = loss;
        r[2] = acc;
        r[3] = xtime;
        r[4] = atime;
        return true;
    }

    private static boolean getMetrics(final RandomDataInput in, final long base, final int split, final int iepoch,
        final int seed, final PeerResult out)
    {
        final double[] r = out.trial;
        final double[] m = out.metrics;
        final int n = in.readInt(base);
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        int pick = -1;
        for (int i = 0; i < n; i++)
        {
            if (!trial(in, base, i, split, iepoch, r))
            {
                return false;
            }
            if (seed >= 0 && in.readInt(base + HEADER + (long)TRIAL_HEADER * i + T_SEED) == seed)
            {
                pick = i;
                System.arraycopy(r, 0, m, 0, 5);
            }
            s0 += r[0];
            s1 += r[1];
            s2 += r[2];
            s3 += r[3];
            s4 += r[4];
        }
        if (seed >= 0)
        {
            return pick >= 0;
        }
        m[0] = s0 / n;
        m[1] = s1 / n;
        m[2] = s2 / n;
        m[3] = s3 / n;
        m[4] = s4 / n;
        return n > 0;
    }

    /** {@code get_more_info}: {@code seed} -1 for the mean, or {@code random} draws a seed (is_random=True). */
    public PeerResult moreInfo(final int arch, final Dataset dataset, final Hp hp, final int iepoch, final int seed,
        final RandomGenerator random, final PeerResult out)
    {
        try (ExternalMapQueryContext<Long, byte[], ?> c = context(arch, dataset, hp))
        {
            final Data<byte[]> d = value(c);
            moreInfo(d.bytes(), d.offset(), arch, dataset, iepoch, seed, random, out);
            return out;
        }
    }

    private static void moreInfo(final RandomDataInput in, final long base, final int arch, final Dataset dataset,
        final int iepoch, final int seedIn, final RandomGenerator random, final PeerResult out)
    {
        int seed = seedIn;
        if (random != null)
        {
            seed = in.readInt(base + HEADER + (long)TRIAL_HEADER * random.nextInt(in.readInt(base)) + T_SEED);
        }
        out.clear();
        final double[] m = out.metrics;
        if (!getMetrics(in, base, Split.TRAIN.ordinal(), iepoch, seed, out))
        {
            throw new IllegalStateException("train metrics of " + arch + " raise");
        }
        final double total = m[0] + 1;
        out.set(PeerResult.TRAIN, m, total);
        if (dataset == Dataset.CIFAR10_VALID)
        {
            if (!getMetrics(in, base, Split.X_VALID.ordinal(), iepoch, seed, out))
            {
                throw new IllegalStateException("x-valid metrics of " + arch + " raise");
            }
            out.set(PeerResult.VALID, m, total);
            if (getMetrics(in, base, Split.ORI_TEST.ordinal(), iepoch, seed, out))
            {
                out.set(PeerResult.TEST, m, total);
            }
        }
        else
        {
            final Split test = dataset == Dataset.CIFAR10 ? Split.ORI_TEST : Split.X_TEST;
            if (getMetrics(in, base, test.ordinal(), iepoch, seed, out))
            {
                out.set(PeerResult.TEST, m, total);
            }
            if (getMetrics(in, base, Split.X_VALID.ordinal(), iepoch, seed, out))
            {
                out.set(PeerResult.VALID, m, total);
            }
            if (dataset != Dataset.CIFAR10 && getMetrics(in, base, Split.ORI_TEST.ordinal(), iepoch, seed, out))
            {
                out.set(PeerResult.VALTEST, m, total);
            }
        }
    }

    private static double latency(final RandomDataInput in, final long base)
    {
        final int n = in.readInt(base);
        double sum = 0;
        int count = 0;
        for (int i = 0; i < n; i++)
        {
            final double v = in.readDouble(base + HEADER + (long)TRIAL_HEADER * i + T_LATENCY);
            if (v > 0)
            {
                sum += v;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** {@code simulate_train_eval} with is_random=True, the reader's rule. */
    public PeerResult simulate(final int arch, final Dataset dataset, final Hp hp, final int iepoch,
        final RandomGenerator random, final PeerResult out)
    {
        final Dataset first = dataset == Dataset.CIFAR10 ? Dataset.CIFAR10_VALID : dataset;
        moreInfo(arch, first, hp, iepoch, -1, random, out);
        final double validAcc;
        final double timeCost;
        if (out.present[PeerResult.VALID])
        {
            validAcc = out.accuracy[PeerResult.VALID];
            timeCost = out.allTime[PeerResult.TRAIN] + out.perTime[PeerResult.VALID];
        }
        else
        {
            validAcc = out.accuracy[PeerResult.VALTEST];
            final double trainAll = out.allTime[PeerResult.TRAIN];
            moreInfo(arch, dataset, hp, -1, -1, random, out);
            timeCost = trainAll + out.perTime[PeerResult.VALID];
        }
        try (ExternalMapQueryContext<Long, byte[], ?> c = context(arch, dataset, hp))
        {
            final Data<byte[]> d = value(c);
            out.latency = latency(d.bytes(), d.offset());
        }
        out.validAccuracy = validAcc;
        out.timeCost = timeCost;
        out.usedTime += timeCost;
        return out;
    }

    private static double costMean(final RandomDataInput in, final long base, final int field)
    {
        final int n = in.readInt(base);
        final double first = in.readDouble(base + HEADER + field);
        double sum = 0;
        boolean differ = false;
        for (int i = 0; i < n; i++)
        {
            final double v = in.readDouble(base + HEADER + (long)TRIAL_HEADER * i + field);
            differ |= v != first;
            sum += v;
        }
        if (differ)
        {
            for (int i = 0; i < n; i++)
            {
                if (in.readInt(base + HEADER + (long)TRIAL_HEADER * i + T_SEED) == 888)
                {
                    return in.readDouble(base + HEADER + (long)TRIAL_HEADER * i + field);
                }
            }
            return Double.NaN;
        }
        return sum / n;
    }

    /** {@code find_best} ported as for the heap peer: costs, then get_metrics of those within the limits. */
    public int findBest(final Dataset dataset, final Split split, final double flopMax, final double paramMax,
        final Hp hp, final double[] out, final PeerResult scratch)
    {
        int best = -1;
        double highest = Double.NaN;
        for (final int arch : held)
        {
            try (ExternalMapQueryContext<Long, byte[], ?> c = context(arch, dataset, hp))
            {
                final Data<byte[]> d = value(c);
                final RandomDataInput in = d.bytes();
                final long base = d.offset();
                final double flops = costMean(in, base, T_FLOPS);
                final double params = costMean(in, base, T_PARAMS);
                if (flopMax == flopMax && flops > flopMax)
                {
                    continue;
                }
                if (paramMax == paramMax && params > paramMax)
                {
                    continue;
                }
                if (!getMetrics(in, base, split.ordinal(), -1, -1, scratch))
                {
                    throw new IllegalStateException("metrics of " + arch + " raise");
                }
                final double acc = scratch.metrics[2];
                if (best == -1 || highest < acc)
                {
                    best = arch;
                    highest = acc;
                }
            }
        }
        out[0] = highest;
        return best;
    }
}
