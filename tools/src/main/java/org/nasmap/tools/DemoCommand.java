package org.nasmap.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;

import me.tongfei.progressbar.ProgressBar;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Space;
import org.nasmap.reader.NasBench;
import org.nasmap.search.GeneIndex;
import org.nasmap.search.RandomSearch;
import org.nasmap.search.RegularizedEvolution;
import org.nasmap.search.Reinforce;
import org.nasmap.search.SearchAlgorithm;
import org.nasmap.search.SearchRunner;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.Source;
import org.nasmap.writer.source.Sources;
import org.nasmap.writer.source.SyntheticSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nasmap demo [FILE]}, the main job. With no argument: converts the real NATS-Bench sample packaged
 * in the jar (three architectures per space) and answers upstream queries on it; then generates a
 * synthetic full topology space (same schema, ragged splits and seed sets as the real data; made-up
 * values, clearly labelled) and runs the NAS-Bench-201 baselines over it with simulated time accounting.
 * With a FILE: queries and searches that file.
 */
@Command(name = "demo", description = "The main job: convert the embedded NATS-Bench sample and query it, then run " +
    "random search, regularized evolution and REINFORCE over a synthetic full space (or over FILE).")
public final class DemoCommand implements Callable<Integer>
{
    static final String SAMPLE = "org/nasmap/tools/sample/";
    static final String[] SPACES = {"NATS-tss-v1_0-3ffb9-simple", "NATS-sss-v1_0-50262-simple"};
    static final String[] FILES = {"meta.pickle.pbz2", "000000.pickle.pbz2", "000011.pickle.pbz2", "000284.pickle.pbz2"};

    @Parameters(index = "0", arity = "0..1", description = "a .nasmap file (default: the embedded sample, then a " +
        "synthetic full topology space)")
    Path file;

    @Option(names = "--runs", description = "search runs per algorithm whose results are reported (default: ${DEFAULT-VALUE})")
    int runs = 100;

    @Option(names = "--rate-queries", paramLabel = "N", description = "measure each algorithm's query rate over whole runs " +
        "totalling at least N queries, after a warm-up pass of N/5 (default: ${DEFAULT-VALUE}; 0: do not measure)")
    long rateQueries = 1_000_000;

    @Option(names = "--dataset", description = "search dataset: cifar10, cifar100 or ImageNet16-120 (default: ${DEFAULT-VALUE})")
    String dataset = "cifar10";

    @Option(names = "--budget", description = "simulated seconds per run (default: NATS-Bench's: 20000 for cifar10, " +
        "40000 for cifar100, 120000 for ImageNet16-120)")
    Double budget;

    @Option(names = "--no-search", description = "only convert and query the sample")
    boolean noSearch;

    @Override
    public Integer call() throws Exception
    {
        final Dataset d = Dataset.fromUpstream(dataset);
        if (d == null || d == Dataset.CIFAR10_VALID)
        {
            return usage("--dataset must be cifar10, cifar100 or ImageNet16-120, got '" + dataset + "'");
        }
        if (runs < 1)
        {
            return usage("--runs must be at least 1, got " + runs);
        }
        if (budget != null && !(budget > 0 && budget < Double.POSITIVE_INFINITY))
        {
            return usage("--budget must be a positive number of simulated seconds, got " + budget);
        }
        if (rateQueries < 0)
        {
            return usage("--rate-queries must be 0 or more, got " + rateQueries);
        }
        if (file != null)
        {
            Args.readableFile(file);
            if (!noSearch)
            {
                final String why = unsearchable(file);
                if (why != null)
                {
                    System.err.println("nasmap demo: " + why);
                    return 1;
                }
            }
            run(file);
            if (!noSearch)
            {
                search(file, d);
            }
            return 0;
        }
        try (ScratchFolder scratch = ScratchFolder.create("nasmap-demo"))
        {
            final Path dir = scratch.path();
            for (final String space : SPACES)
            {
                final Path src = extract(dir, space);
                final Path out = dir.resolve(space.substring(5, 8) + ".nasmap");
                final long t0 = System.nanoTime();
                final NasmapWriter.Summary s;
                try (Source source = Sources.open(src))
                {
                    s = NasmapWriter.convert(source, out, null);
                }
                System.out.printf("== converted the real NATS-Bench sample %s: %d of %,d architectures, %,d trials, " +
                    "%,d bytes (payload ratio %.3f) in %.0f ms%n", space, s.heldCount(), s.archCount(), s.trialCount(),
                    s.fileLength(), s.ratio(), (System.nanoTime() - t0) / 1e6);
                run(out);
                System.out.println();
            }
            if (!noSearch)
            {
                final Path synthetic = dir.resolve("synthetic-tss.nasmap");
                final long t0 = System.nanoTime();
                final SyntheticSource src = new SyntheticSource(Space.TOPOLOGY, Space.TOPOLOGY.fullSize(), 1);
                try (ProgressBar bar = bar("synthetic tss", src.heldCountHint()))
                {
                    NasmapWriter.convert(src, synthetic, (done, max) -> bar.stepTo(done));
                }
                System.out.printf("== generated a SYNTHETIC full topology space (%,d architectures; real schema, made-up " +
                    "values: for demonstration, not research) in %.1f s, %,d bytes%n", Space.TOPOLOGY.fullSize(),
                    (System.nanoTime() - t0) / 1e9, Files.size(synthetic));
                search(synthetic, d);
            }
        }
        return 0;
    }

    private static int usage(final String message)
    {
        System.err.println("nasmap demo: " + message);
        return 2;
    }

    /**
     * Why the search baselines cannot run on a file, or null: they draw architectures from the whole space, so
     * a file that holds only some (such as the 3-architecture sample) would spend its time on misses.
     */
    static String unsearchable(final Path nasmap) throws IOException
    {
        try (NasBench bench = NasBench.open(nasmap))
        {
            final int held = bench.file().heldCount();
            if (held < bench.size())
            {
                return nasmap + " holds " + String.format("%,d", held) + " of the " + String.format("%,d", bench.size()) +
                    " architectures of its space; the search baselines sample the whole space and need them all " +
                    "(run `nasmap demo FILE --no-search` to only query it, or `nasmap demo` for a synthetic full space)";
            }
            return null;
        }
    }

    /** A progress bar on stderr that draws only when stderr is a terminal ({@link TerminalProgress}). */
    static ProgressBar bar(final String task, final int max)
    {
        return TerminalProgress.bar(task, max, 250);
    }

    /** Runs the three NAS-Bench-201 baselines over a file and prints one line per algorithm. */
    private void search(final Path nasmap, final Dataset d) throws IOException
    {
        try (NasBench bench = NasBench.open(nasmap))
        {
            final double b = budget != null ? budget :
                d == Dataset.CIFAR10 ? 20_000 : d == Dataset.CIFAR100 ? 40_000 : 120_000;
            final Hp hp = Hp.H12;
            final Hp full = bench.space() == Space.TOPOLOGY ? Hp.H200 : Hp.H90;
            System.out.printf("== search on %s: %s, hp %s with simulate_train_eval time accounting, budget %,.0f simulated " +
                "s per run, %d runs per algorithm; the best architecture of each run is scored by its test accuracy " +
                "after hp %s training (mean over seeds)%n", nasmap.getFileName(), d, hp, b, runs, full);
            final List<java.util.function.Supplier<SearchAlgorithm>> algorithms = List.of(
                RandomSearch::new,
                () -> new RegularizedEvolution(10, 3),
                () -> new Reinforce(0.5, 0.9));
            final GeneIndex index = new GeneIndex(bench);
            System.out.printf("%-36s %15s %9s %7s %8s %12s %9s %12s%n", "algorithm", "test acc", "valid", "best",
                "its test", "sim. time", "wall", "queries");
            final List<SearchRunner.Summary> summaries = new java.util.ArrayList<>();
            for (final java.util.function.Supplier<SearchAlgorithm> a : algorithms)
            {
                final SearchRunner.Summary s;
                try (ProgressBar bar = bar(a.get().name(), runs))
                {
                    s = SearchRunner.run(bench, index, a, d, hp, b, runs, 1, bar::stepTo);
                }
                summaries.add(s);
                System.out.printf("%-36s %7.2f +- %4.2f %9.2f %7d %8.2f %10.0f s %7.0f ms %,12d%n", s.algorithm(),
                    s.meanTest(), s.stdTest(), s.meanValid(), s.bestArch(), s.bestArchTest(), s.meanUsedTime(),
                    s.wallSeconds() * 1000, s.queries());
                if (s.bestArch() >= 0)
                {
                    System.out.printf("%-36s best architecture: %s%n", "", bench.arch(s.bestArch()));
                }
            }
            if (rateQueries > 0)
            {
                System.out.printf("== query rate of each search loop: whole runs (seeds after the ones above) totalling at " +
                    "least %,d simulate_train_eval queries, timed after an untimed warm-up pass of %,d queries; the " +
                    "searcher's own work is included%n", rateQueries, rateQueries / 5);
                System.out.printf("%-36s %12s %7s %9s %14s%n", "algorithm", "queries", "runs", "wall", "queries/s");
                for (final java.util.function.Supplier<SearchAlgorithm> a : algorithms)
                {
                    final SearchRunner.Rate r = SearchRunner.rate(bench, index, a, d, hp, b, rateQueries / 5, rateQueries,
                        1L + runs);
                    System.out.printf("%-36s %,12d %,7d %7.2f s %,14.0f%n", r.algorithm(), r.queries(), r.runs(), r.seconds(),
                        r.perSecond());
                }
            }
        }
    }

    /** Extracts one space's sample from the jar into {@code dir}. */
    static Path extract(final Path dir, final String space) throws IOException
    {
        final Path target = dir.resolve(space);
        Files.createDirectories(target);
        for (final String f : FILES)
        {
            try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(SAMPLE + space + "/" + f))
            {
                if (in == null)
                {
                    throw new IOException("embedded sample missing: " + SAMPLE + space + "/" + f);
                }
                Files.copy(in, target.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    private static void run(final Path nasmap) throws IOException
    {
        try (NasBench bench = NasBench.open(nasmap))
        {
            final boolean tss = bench.space() == org.nasmap.format.Space.TOPOLOGY;
            final String full = tss ? "200" : "90";
            final int arch = firstHeld(bench);
            final List<String> queries = List.of(
                "{\"op\": \"len\"}",
                "{\"op\": \"arch\", \"index\": " + arch + "}",
                "{\"op\": \"get_dataset_seeds\", \"index\": " + arch + ", \"dataset\": \"cifar10-valid\", \"hp\": \"12\"}",
                "{\"op\": \"get_more_info\", \"index\": " + arch + ", \"dataset\": \"cifar100\", \"hp\": \"" + full +
                    "\", \"is_random\": false}",
                "{\"op\": \"get_more_info\", \"index\": " + arch + ", \"dataset\": \"cifar100\", \"hp\": \"" + full +
                    "\", \"iepoch\": 5, \"is_random\": false}",
                "{\"op\": \"get_metrics\", \"index\": " + arch + ", \"dataset\": \"cifar10-valid\", \"hp\": \"" + full +
                    "\", \"setname\": \"ori-test\", \"iepoch\": 5}",
                "{\"op\": \"get_cost_info\", \"index\": " + arch + ", \"dataset\": \"ImageNet16-120\", \"hp\": \"" + full + "\"}",
                "{\"op\": \"simulate_train_eval\", \"arch\": " + arch + ", \"dataset\": \"cifar10\", \"hp\": \"12\", \"seed\": 777}",
                "{\"op\": \"find_best\", \"dataset\": \"cifar10\", \"metric_on_set\": \"ori-test\", \"hp\": \"" + full + "\"}",
                "{\"op\": \"statistics\", \"dataset\": \"cifar100\", \"hp\": \"" + full + "\"}");
            final QueryEngine engine = new QueryEngine(bench, QueryCommand.DEFAULT_RANDOM_SEED);
            for (final String q : queries)
            {
                final StringWriter w = new StringWriter();
                engine.answer(q, w);
                System.out.println("> " + q);
                System.out.println("  " + w);
            }
        }
    }

    private static int firstHeld(final NasBench bench)
    {
        for (int i = 0; i < bench.size(); i++)
        {
            if (bench.file().holds(i))
            {
                return i;
            }
        }
        return 0;
    }
}
