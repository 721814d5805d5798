package org.nasmap.reader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.nasmap.format.ConfigDecoder;
import org.nasmap.format.ConfigKind;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Metric;
import org.nasmap.format.Space;
import org.nasmap.format.Split;

/**
 * The NATS-Bench API (version 1.8 semantics) over a mapped nasmap file: a facade named after upstream's
 * methods over focused parts ({@code Groups}, {@code TrainEvalResults}, {@code MoreInfoQuery},
 * {@code TrainEvalSimulator}, {@code CostRules}, {@code BestFinder}, {@code SeriesCursor}).
 * <p>
 * Every method answers as upstream's {@code NATStopology}/{@code NATSsize} would with all architectures
 * of the file loaded, and throws {@link NasmapQueryException} where upstream raises. The methods that
 * fill a caller-owned object ({@link Metrics}, {@link MoreInfo}, {@link CostInfo}, {@link SimulationResult},
 * {@link TrialSeries}) allocate nothing; the convenient ones that return strings, arrays or maps do.
 * <p>
 * Heap tables: a long-running reader builds, once each, three tables on the heap from the file's checked
 * references, in the call that reaches its count (a short process never pays for them): at the
 * {@value TrialDirectory#BUILD_AFTER}th one-seed {@link #metric} call a trial directory (where each (architecture,
 * hp, dataset, seed)'s values start, architectures with the same seeds and shapes sharing one row: 125 KB for the
 * full synthetic topology space, 256 KB for the size space), at the
 * {@value SimulationTable#BUILD_AFTER}th {@link #simulateTrainEval} with a drawn seed a simulation table (1 MB for
 * the topology space; files that hold every architecture), and at the {@value NasmapFile#ARCH_INDEX_AFTER}th String
 * {@link #indexOf} the architecture strings' index (2.4-2.7 MB). They answer what the mapped paths answer, bit for
 * bit, with fewer dependent memory reads; anything they have no entry for (a damaged reference, an absent seed, a
 * sparse series) takes the mapped path. {@link #open(Path, boolean)} with {@code false}, or the system property
 * {@value NasmapFile#HEAP_TABLES_PROPERTY} set to {@code false} when a file is opened, keeps its reader from
 * building any; {@link #buildHeapTables()} builds all three at once, for a loop that must not pause in the call that
 * reaches a count, and {@link #heapTableBytes()} says what they hold.
 * <p>
 * Thread safety: an instance may be shared by any number of threads, each with its own result objects; its only
 * mutable state is the heap tables above, immutable once built and published through volatile fields (threads
 * racing at a count may each build one; the last kept). The random {@link SeedChoice} is as thread-safe as its
 * generator.
 */
public final class NasBench implements AutoCloseable
{
    private final NasmapFile file;
    private final Groups groups;
    private final CostRules costs;
    private final TrainEvalResults results;
    private final MoreInfoQuery moreInfo;
    private final TrainEvalSimulator simulator;
    private final BestFinder best;

    /**
     * @param file an open file; closed by {@link #close()}.
     */
    public NasBench(final NasmapFile file)
    {
        this.file = file;
        this.groups = new Groups(file);
        this.costs = new CostRules(file, groups);
        this.results = new TrainEvalResults(file, groups);
        this.moreInfo = new MoreInfoQuery(file, groups, results, true);
        this.simulator = new TrainEvalSimulator(file, groups, costs, moreInfo, true);
        this.best = new BestFinder(file, groups, costs);
    }

    /** Opens a file. */
    public static NasBench open(final Path path) throws IOException
    {
        return new NasBench(NasmapFile.open(path));
    }

    /**
     * Opens a file, its reader building heap tables or not (see the class comment): {@code false} is for a worker
     * that must stay within a small heap, as {@code -Dnasmap.heapTables=false} is for every file a process opens.
     */
    public static NasBench open(final Path path, final boolean heapTables) throws IOException
    {
        final NasmapFile file = NasmapFile.open(path);
        if (!heapTables)
        {
            file.disableHeapTables();
        }
        return new NasBench(file);
    }

    /** @return the underlying file. */
    public NasmapFile file()
    {
        return file;
    }

    /** @return the train/eval part (tests). */
    TrainEvalResults results()
    {
        return results;
    }

    /** @return the simulate_train_eval part (tests). */
    TrainEvalSimulator simulator()
    {
        return simulator;
    }

    /** @return the search space. */
    public Space space()
    {
        return file.space();
    }

    /** @return {@code len(api)}: the number of architectures of the space. */
    public int size()
    {
        return file.size();
    }

    /** @return {@code api.arch(index)}: the architecture string (allocates). */
    public String arch(final int arch)
    {
        return file.arch(arch);
    }

    /** @return {@code query_index_by_arch(str)}: the index or -1. Allocation-free. */
    public int indexOf(final CharSequence arch)
    {
        return file.indexOf(arch);
    }

    /**
     * Upstream's {@code query_index_by_arch(int)}: the index itself when it is in range.
     *
     * @throws NasmapQueryException when it is not.
     */
    public int checkIndex(final int arch)
    {
        file.checkArch(arch);
        return arch;
    }

    /**
     * Builds the heap tables now (the trial directory, the simulation table and the architecture strings' index) instead
     * of in the calls that reach their counts, for a loop that must not pause there (the three took 158-197 ms for the full
     * topology space and 312-324 ms for the size space in a fresh JVM on the project's machine:
     * {@code bench/README.md}). Does nothing for a reader opened without heap tables; a table already built is kept.
     * The answers do not change.
     *
     * @return {@link #heapTableBytes()}.
     * @throws IllegalStateException once closed.
     */
    public long buildHeapTables()
    {
        file.ensureOpen();
        if (file.heapTables)
        {
            if (results.builtTrialDirectory() == null)
            {
                results.buildTrialDirectory();
            }
            if (simulator.builtSimulationTable() == null)
            {
                simulator.buildSimulationTable();
            }
            file.names().archIndex();
        }
        return heapTableBytes();
    }

    /**
     * @return the bytes the heap tables built so far hold: their arrays' elements and the architecture strings'
     * characters, object headers not counted; 0 before any is built and for a reader opened without them.
     */
    public long heapTableBytes()
    {
        return results.heapTableBytes() + simulator.heapTableBytes() + file.names().archIndexBytes();
    }

    @Override
    public void close()
    {
        file.close();
    }

    // ============================================================================================ seeds

    /** @return upstream's {@code get_dataset_seeds(dataset)} at that hp, in upstream's order (allocates). */
    public int[] datasetSeeds(final int arch, final Dataset dataset, final Hp hp)
    {
        final int g = groups.group(arch, hp, dataset);
        final int first = file.groupFirstTrial(g);
        final int n = file.groupSeedCount(g);
        final int[] seeds = new int[n];
        for (int i = 0; i < n; i++)
        {
            seeds[i] = file.seedAt(g, first, i);
        }
        return seeds;
    }

    /** @return the number of seeds (trials) of (arch, dataset, hp). Allocation-free. */
    public int seedCount(final int arch, final Dataset dataset, final Hp hp)
    {
        return file.groupSeedCount(groups.group(arch, hp, dataset));
    }

    /** @return the i-th seed of (arch, dataset, hp), in upstream's order. Allocation-free. */
    public int seedAt(final int arch, final Dataset dataset, final Hp hp, final int i)
    {
        return file.trialSeed(groups.trialAt(arch, dataset, hp, i));
    }

    /** @return the flops of one trial (seed position {@code i}) exactly as the source holds them. Allocation-free. */
    public double trialFlops(final int arch, final Dataset dataset, final Hp hp, final int i)
    {
        return file.trialFlops(groups.trialAt(arch, dataset, hp, i));
    }

    /** @return the params of one trial (seed position {@code i}) exactly as the source holds them. Allocation-free. */
    public double trialParams(final int arch, final Dataset dataset, final Hp hp, final int i)
    {
        return file.trialParams(groups.trialAt(arch, dataset, hp, i));
    }

    /**
     * @return the latency of one trial (seed position {@code i}): the mean of its list, NaN when the source
     * holds None. Allocation-free.
     */
    public double trialLatency(final int arch, final Dataset dataset, final Hp hp, final int i)
    {
        final int t = groups.trialAt(arch, dataset, hp, i);
        return file.trialLatencyCount(t) <= 0 ? Double.NaN : costs.listMean(t);
    }

    /** @return the number of epochs of one trial (seed position {@code i}). Allocation-free. */
    public int trialEpochs(final int arch, final Dataset dataset, final Hp hp, final int i)
    {
        return file.shapeEpochs(file.trialShape(groups.trialAt(arch, dataset, hp, i)));
    }

    // ============================================================================================ metrics

    /**
     * Upstream's {@code query_meta_info_by_index(arch, hp).get_metrics(dataset, split, iepoch, is_random)}.
     *
     * @param iepoch the epoch, or -1 for the last (upstream's None).
     * @param out    filled with the answer.
     * @return {@code out}.
     */
    public Metrics getMetrics(final int arch, final Dataset dataset, final Hp hp, final Split split, final int iepoch,
        final SeedChoice choice, final Metrics out)
    {
        return results.getMetrics(arch, dataset, hp, split, iepoch, choice, out);
    }

    /**
     * One metric as a primitive, without allocating: (arch, dataset, hp, split, metric, epoch, seed or mean).
     * {@link Metric#TIME} gives the epoch's time ({@code cur_time}). {@link Metric#TOP5} reads the train
     * top-5 series directly.
     *
     * @param epoch the epoch, or -1 for the last.
     */
    public double metric(final int arch, final Dataset dataset, final Hp hp, final Split split, final Metric metric,
        final int epoch, final SeedChoice choice)
    {
        return results.metric(arch, dataset, hp, split, metric, epoch, choice);
    }

    /**
     * Binds (dataset, hp, split, metric) for a loop that asks {@link #metric} of one seed at many architectures and
     * epochs: {@link MetricColumn#value} answers the same, bit for bit, in fewer instructions. Builds the trial
     * directory now (as {@link #buildHeapTables()} does) unless the reader builds no heap tables, in which case the
     * column answers through the group lines. Allocates the column only.
     *
     * @throws IllegalStateException once closed.
     */
    public MetricColumn metricColumn(final Dataset dataset, final Hp hp, final Split split, final Metric metric)
    {
        file.ensureOpen();
        return new MetricColumn(results, file, dataset, hp, split, metric);
    }

    /**
     * The search loop's query: top-1 accuracy at the last epoch averaged over seeds, in float64 exactly as
     * upstream computes it from the source (a column derived at conversion). Allocation-free, one read.
     *
     * @throws NasmapQueryException where upstream's {@code get_metrics(dataset, split)} raises.
     */
    public double finalAccuracy(final int arch, final Dataset dataset, final Hp hp, final Split split)
    {
        return results.finalAccuracy(arch, dataset, hp, split);
    }

    /**
     * Wraps a flyweight over one trial's per-epoch series of (split, metric).
     *
     * @param seed the trial's seed.
     * @return {@code out}, wrapped.
     */
    public TrialSeries series(final int arch, final Dataset dataset, final Hp hp, final int seed, final Split split,
        final Metric metric, final TrialSeries out)
    {
        return results.series(arch, dataset, hp, seed, split, metric, out);
    }

    // ============================================================================================ get_more_info

    /**
     * Upstream's {@code get_more_info(index, dataset, iepoch, hp, is_random)}: train, valid, test and
     * valtest blocks, each left out where upstream leaves it out. Allocation-free.
     *
     * @param iepoch the epoch, or -1 for the last.
     * @param choice mean, a seed, or random (one seed drawn for all blocks, as upstream).
     * @param out    filled with the answer.
     * @return {@code out}.
     */
    public MoreInfo getMoreInfo(final int arch, final Dataset dataset, final Hp hp, final int iepoch,
        final SeedChoice choice, final MoreInfo out)
    {
        return moreInfo.answer(arch, dataset, hp, iepoch, choice.kind(), choice.seedValue(), choice.generator(), out,
            out.scratch);
    }

    // ============================================================================================ costs

    /**
     * Upstream's {@code get_cost_info(index, dataset, hp)}. Allocation-free.
     *
     * @return {@code out}.
     */
    public CostInfo getCostInfo(final int arch, final Dataset dataset, final Hp hp, final CostInfo out)
    {
        return costs.costInfo(arch, dataset, hp, out);
    }

    /**
     * Upstream's {@code get_latency(index, dataset, hp)}: the mean latency, NaN for None. Allocation-free.
     */
    public double getLatency(final int arch, final Dataset dataset, final Hp hp)
    {
        return costs.latency(arch, dataset, hp);
    }

    /** @return {@code get_cost_info(...)["flops"]} alone, without the times. Allocation-free. */
    public double flops(final int arch, final Dataset dataset, final Hp hp)
    {
        return costs.cost(arch, dataset, hp, true);
    }

    /** @return {@code get_cost_info(...)["params"]} alone, without the times. Allocation-free. */
    public double params(final int arch, final Dataset dataset, final Hp hp)
    {
        return costs.cost(arch, dataset, hp, false);
    }

    // ============================================================================================ net config

    /** Upstream's {@code get_net_config(index, dataset)} as a map in upstream's key order (allocates). */
    public Map<String, Object> netConfig(final int arch, final Dataset dataset)
    {
        file.checkArch(arch);
        if (!file.holds(arch))
        {
            throw new NasmapQueryException("The arch_index=" + arch + " is not in arch2infos_dict.");
        }
        final ConfigDecoder c = new ConfigDecoder().wrap(file.configs,
            (file.row(arch) * Dataset.count() + dataset.code()) * ConfigDecoder.LENGTH);
        final ConfigKind kind = ConfigKind.ofCode(c.kind());
        if (kind == null)
        {
            throw file.corrupt("config of architecture " + arch + " has unknown kind " + c.kind());
        }
        final Map<String, Object> out = new LinkedHashMap<>();
        switch (kind)
        {
            case TINY ->
            {
                out.put("name", "infer.tiny");
                out.put("C", c.a());
                out.put("N", c.b());
                out.put("arch_str", file.names().pool().string(c.c()));
                out.put("num_classes", c.classNum());
            }
            case SHAPE_TINY ->
            {
                out.put("name", "infer.shape.tiny");
                out.put("channels", file.names().pool().string(c.a()));
                out.put("genotype", file.names().pool().string(c.b()));
                out.put("num_classes", c.classNum());
            }
            default -> throw new NasmapQueryException("dataset " + dataset + " is not among the results of architecture " +
                arch + " at its first hp");
        }
        return out;
    }

    // ============================================================================================ simulate

    /**
     * Upstream's {@code simulate_train_eval(arch, dataset, iepoch, hp, account_time=True)}: the validation
     * accuracy and latency a search observes and the simulated time the step costs, added to
     * {@code out.usedTime()}. {@code choice} stands for every random pick upstream makes inside the call
     * (its {@code is_random=True} lookups). Allocation-free.
     *
     * @param dataset cifar10, cifar100 or ImageNet16-120 (cifar10 reads cifar10-valid's validation).
     * @param iepoch  the epoch, or -1 for the last.
     * @return {@code out}.
     */
    public SimulationResult simulateTrainEval(final int arch, final Dataset dataset, final Hp hp, final int iepoch,
        final SeedChoice choice, final SimulationResult out)
    {
        return simulator.simulateTrainEval(arch, dataset, hp, iepoch, choice, out);
    }

    // ============================================================================================ whole space

    /**
     * Upstream's {@code find_best(dataset, metric_on_set, flop_max, param_max, hp)} over every
     * architecture the file holds: a scan of three contiguous columns. Allocation-free.
     *
     * @param flopMax  the FLOPs limit, or NaN for none.
     * @param paramMax the parameter limit, or NaN for none.
     * @param out      receives the best accuracy in {@code out[0]} (NaN when no architecture matches).
     * @return the best index, or -1 when none matches.
     */
    public int findBest(final Dataset dataset, final CharSequence metricOnSet, final double flopMax,
        final double paramMax, final Hp hp, final double[] out)
    {
        return best.findBest(dataset, metricOnSet, flopMax, paramMax, hp, out);
    }

    /**
     * Upstream's {@code statistics(dataset, hp)}: how many held architectures have each number of seeds.
     *
     * @return counts indexed by the number of seeds (index 0: the dataset is absent). Allocates the array.
     */
    public int[] statistics(final Dataset dataset, final Hp hp)
    {
        return best.histogram(dataset, hp, true);
    }

    /**
     * How many held architectures with results at {@code hp} have each number of seeds on {@code dataset}
     * (index 0: the dataset is absent). Unlike {@link #statistics}, architectures without that hp are
     * skipped rather than an error. Allocates the array.
     */
    public int[] seedHistogram(final Dataset dataset, final Hp hp)
    {
        return best.histogram(dataset, hp, false);
    }
}
