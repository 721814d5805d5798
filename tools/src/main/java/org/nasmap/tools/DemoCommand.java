package org.nasmap.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;

import org.nasmap.reader.NasBench;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.Source;
import org.nasmap.writer.source.Sources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code nasmap demo [FILE]}: with no argument, converts the real NATS-Bench sample packaged in the jar
 * (three architectures per space) and answers a few upstream queries on it; with a FILE, answers them
 * on that file.
 */
@Command(name = "demo", description = "Convert the embedded NATS-Bench sample (or open FILE) and answer a few queries.")
public final class DemoCommand implements Callable<Integer>
{
    static final String SAMPLE = "org/nasmap/tools/sample/";
    static final String[] SPACES = {"NATS-tss-v1_0-3ffb9-simple", "NATS-sss-v1_0-50262-simple"};
    static final String[] FILES = {"meta.pickle.pbz2", "000000.pickle.pbz2", "000011.pickle.pbz2", "000284.pickle.pbz2"};

    @Parameters(index = "0", arity = "0..1", description = "a .nasmap file (default: the embedded sample)")
    Path file;

    @Override
    public Integer call() throws Exception
    {
        if (file != null)
        {
            run(file);
            return 0;
        }
        final Path dir = Files.createTempDirectory("nasmap-demo");
        try
        {
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
        }
        finally
        {
            try (var walk = Files.walk(dir))
            {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
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
