package org.nasmap.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Space;
import org.nasmap.reader.NasBench;
import org.nasmap.search.RandomSearch;
import org.nasmap.search.RegularizedEvolution;
import org.nasmap.search.Reinforce;
import org.nasmap.search.SearchAlgorithm;
import org.nasmap.search.SearchContext;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.SyntheticSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sweeps in local Spark over a small synthetic file: every row against the same run made sequentially with the
 * search API, local[1] against local[2] (other partitioning), and the errors users make.
 */
class SweepTest
{
    /** Two datasets, a grid of two for each searcher with parameters, five seeds: 50 runs. */
    static final String SPEC = """
        {
          "name": "test",
          "algorithms": [
            {"name": "random"},
            {"name": "regularized-evolution", "grid": {"population": [5, 8], "sample_size": 3}},
            {"name": "reinforce", "grid": {"learning_rate": [0.1, 0.5]}}
          ],
          "datasets": ["cifar10", "cifar100"],
          "hp": "12",
          "budgets": [3000],
          "seeds": {"first": 40, "last": 44}
        }
        """;

    @TempDir
    static Path dir;
    static Path file;
    static Path spec;
    static SparkSession reader;

    @BeforeAll
    static void makeFile() throws IOException
    {
        file = dir.resolve("small.nasmap");
        NasmapWriter.convert(new SyntheticSource(Space.TOPOLOGY, 600, 5), file, null);
        spec = write("spec.json", SPEC);
    }

    @AfterAll
    static void stop()
    {
        if (reader != null)
        {
            reader.stop();
        }
    }

    static Path write(final String name, final String text) throws IOException
    {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** The output and exit code of one command line. */
    record Outcome(int code, String out, String err)
    {
    }

    static Outcome sweep(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = SweepMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    static List<Row> rows(final Path out)
    {
        if (reader == null)
        {
            reader = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
        }
        final List<Row> rows = new ArrayList<>(reader.read().parquet(out.resolve("runs").toString()).collectAsList());
        rows.sort(Comparator.comparingLong(r -> r.getLong(r.fieldIndex("run"))));
        return rows;
    }

    /** The runs the specification above means, in its order, written out independently of the expansion code. */
    static List<Object[]> expected()
    {
        final List<Object[]> out = new ArrayList<>();
        final List<Object[]> configs = List.of(
            new Object[] {"random", "", (Supplier<SearchAlgorithm>)RandomSearch::new},
            new Object[] {"regularized-evolution", "population=5 sample_size=3",
                (Supplier<SearchAlgorithm>)() -> new RegularizedEvolution(5, 3)},
            new Object[] {"regularized-evolution", "population=8 sample_size=3",
                (Supplier<SearchAlgorithm>)() -> new RegularizedEvolution(8, 3)},
            new Object[] {"reinforce", "learning_rate=0.1 momentum=0.9",
                (Supplier<SearchAlgorithm>)() -> new Reinforce(0.1, 0.9)},
            new Object[] {"reinforce", "learning_rate=0.5 momentum=0.9",
                (Supplier<SearchAlgorithm>)() -> new Reinforce(0.5, 0.9)});
        for (final Object[] c : configs)
        {
            for (final Dataset d : List.of(Dataset.CIFAR10, Dataset.CIFAR100))
            {
                for (long seed = 40; seed <= 44; seed++)
                {
                    out.add(new Object[] {c[0], c[1], c[2], d, seed});
                }
            }
        }
        return out;
    }

    @Test
    void everyRowIsTheSequentialRunAndPartitioningChangesNothing() throws IOException
    {
        final Path out2 = dir.resolve("out-local2");
        final Outcome o2 = sweep("--master", "local[2]", file.toString(), "--spec", spec.toString(), "--out", out2.toString());
        assertEquals(0, o2.code(), o2.err());
        assertTrue(o2.out().contains("50 runs in"), o2.out());
        assertTrue(Files.isRegularFile(out2.resolve("summary.csv")));
        assertTrue(Files.isRegularFile(out2.resolve("timing.json")));
        assertEquals(SPEC, Files.readString(out2.resolve("spec.json")));

        // local[1] with three partitions and the file shipped with the job (executors open their SparkFiles copy),
        // over a copy of the first output: --overwrite replaces a sweep's output
        final Path out1 = dir.resolve("out-local1");
        copy(out2, out1);
        Files.writeString(out1.resolve("summary.csv"), "stale");
        final Outcome o1 = sweep("--master", "local[1]", "--partitions", "3", file.toString(), "--spec", spec.toString(),
            "--out", out1.toString(), "--overwrite", "--ship");
        assertEquals(0, o1.code(), o1.err());
        assertTrue(o1.out().contains("3 partitions"), o1.out());

        final List<Row> rows2 = rows(out2);
        final List<Row> rows1 = rows(out1);
        final List<Object[]> expected = expected();
        assertEquals(expected.size(), rows2.size());
        int found = 0;
        try (NasBench bench = NasBench.open(file))
        {
            for (int i = 0; i < expected.size(); i++)
            {
                final Object[] e = expected.get(i);
                final Row r = rows2.get(i);
                assertEquals(i, r.getLong(r.fieldIndex("run")));
                assertEquals(e[0], r.getString(r.fieldIndex("algorithm")));
                assertEquals(e[1], r.getString(r.fieldIndex("params")));
                assertEquals(((Dataset)e[3]).upstreamName(), r.getString(r.fieldIndex("dataset")));
                assertEquals("12", r.getString(r.fieldIndex("hp")));
                assertEquals(3000.0, r.getDouble(r.fieldIndex("budget")));
                assertEquals((long)e[4], r.getLong(r.fieldIndex("seed")));

                @SuppressWarnings("unchecked")
                final SearchAlgorithm algorithm = ((Supplier<SearchAlgorithm>)e[2]).get();
                final SearchContext c = new SearchContext(bench, (Dataset)e[3], Hp.H12, 3000, (long)e[4]);
                algorithm.run(c);
                final double[] fin = c.finalAccuracies();
                assertEquals(c.queries(), r.getLong(r.fieldIndex("queries")), "run " + i);
                assertEquals(c.usedTime(), r.getDouble(r.fieldIndex("simulated_time")), "run " + i);
                if (c.bestArch() < 0)
                {
                    assertTrue(r.isNullAt(r.fieldIndex("best_arch")));
                    continue;
                }
                found++;
                assertEquals(c.bestArch(), r.getInt(r.fieldIndex("best_arch")), "run " + i);
                assertEquals(bench.arch(c.bestArch()), r.getString(r.fieldIndex("best_arch_str")));
                assertEquals(c.bestValid(), r.getDouble(r.fieldIndex("search_valid_accuracy")));
                assertEquals(fin[0], r.getDouble(r.fieldIndex("valid_accuracy")), "run " + i);
                assertEquals(fin[1], r.getDouble(r.fieldIndex("test_accuracy")), "run " + i);
                if ("regularized-evolution".equals(e[0]))
                {
                    assertEquals(e[1].toString().contains("=5 ") ? 5 : 8, r.getInt(r.fieldIndex("population")));
                    assertTrue(r.isNullAt(r.fieldIndex("learning_rate")));
                }
                assertTrue(r.getDouble(r.fieldIndex("wall_seconds")) >= 0);
            }
        }
        assertTrue(found > expected.size() / 2, "most runs find an architecture: " + found);

        // identical rows whatever the partitioning and the number of threads, wall time aside
        final int wall = rows1.get(0).fieldIndex("wall_seconds");
        assertEquals(rows2.size(), rows1.size());
        for (int i = 0; i < rows2.size(); i++)
        {
            for (int f = 0; f < rows2.get(i).size(); f++)
            {
                if (f != wall)
                {
                    assertEquals(rows2.get(i).get(f), rows1.get(i).get(f), "run " + i + " column " + f);
                }
            }
        }
        final String summary = Files.readString(out2.resolve("summary.csv"));
        assertEquals(summary, Files.readString(out1.resolve("summary.csv")));
        checkSummary(summary, rows2);
        assertEquals(List.of(), leftovers(), "no temporary directories remain");
    }

    /** summary.csv against means and standard deviations computed here from the rows. */
    static void checkSummary(final String csv, final List<Row> rows)
    {
        final String[] lines = csv.split("\n");
        assertEquals("algorithm,params,dataset,hp,budget,runs,runs_with_test_accuracy,test_accuracy_mean," +
            "test_accuracy_std,queries_mean,queries_std", lines[0]);
        assertEquals(1 + 5 * 2, lines.length);
        final Map<String, List<Row>> groups = new HashMap<>();
        for (final Row r : rows)
        {
            groups.computeIfAbsent(r.getString(r.fieldIndex("algorithm")) + "," + r.getString(r.fieldIndex("params")) + "," +
                r.getString(r.fieldIndex("dataset")), k -> new ArrayList<>()).add(r);
        }
        for (int l = 1; l < lines.length; l++)
        {
            final String[] f = lines[l].split(",", -1);
            final List<Row> g = groups.get(f[0] + "," + f[1] + "," + f[2]);
            assertEquals(5, g.size());
            assertEquals("5", f[5]);
            final double[] tests = g.stream().filter(r -> !r.isNullAt(r.fieldIndex("test_accuracy")))
                .mapToDouble(r -> r.getDouble(r.fieldIndex("test_accuracy"))).toArray();
            assertEquals(Integer.toString(tests.length), f[6]);
            final double[] queries = g.stream().mapToDouble(r -> r.getLong(r.fieldIndex("queries"))).toArray();
            if (tests.length > 1)
            {
                assertEquals(mean(tests), Double.parseDouble(f[7]), 1e-9);
                assertEquals(std(tests), Double.parseDouble(f[8]), 1e-9);
            }
            assertEquals(mean(queries), Double.parseDouble(f[9]), 1e-9);
            assertEquals(std(queries), Double.parseDouble(f[10]), 1e-9);
        }
    }

    static double mean(final double[] v)
    {
        double s = 0;
        for (final double x : v)
        {
            s += x;
        }
        return s / v.length;
    }

    static double std(final double[] v)
    {
        final double m = mean(v);
        double s = 0;
        for (final double x : v)
        {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    @Test
    void aFileMissingOnTheExecutorsFailsTheJobNamingItAndLeavesNothing()
    {
        final Path out = dir.resolve("out-missing");
        final Path missing = dir.resolve("not-on-the-nodes.nasmap");
        final Outcome o = sweep("--master", "local[2]", file.toString(), "--executor-file", missing.toString(), "--spec",
            spec.toString(), "--out", out.toString());
        assertEquals(1, o.code());
        assertTrue(o.err().contains(missing.toString()) && o.err().contains("no such nasmap file"), o.err());
        assertNoStackTrace(o.err());
        assertFalse(Files.exists(out));
        assertEquals(List.of(), leftovers(), "no temporary directories remain");
    }

    @Test
    void userErrorsAreReportedBeforeAnyTaskWithoutAStackTrace() throws IOException
    {
        expectError(SPEC.replace("\"random\"", "\"simulated-annealing\""), "unknown algorithm \"simulated-annealing\"");
        expectError(SPEC.replace("\"sample_size\"", "\"tournament\""), "unknown parameter \"tournament\"");
        expectError(SPEC.replace("[0.1, 0.5]", "[]"), "the grid of learning_rate is empty");
        expectError(SPEC.replace("\"last\": 44", "\"last\": 4"), "reversed seed range: first 40 > last 4");
        expectError(SPEC.replace("\"cifar100\"", "\"cifar10-valid\""), "is not a search dataset");
        expectError(SPEC.replace("\"hp\": \"12\"", "\"hp\": \"90\""), "holds no results at hp 90");
        expectError(SPEC.replace("[5, 8]", "[5, 2]"), "sample_size 3 exceeds population 2");
        expectError(SPEC.replace("\"budgets\"", "\"budget\""), "unknown key \"budget\"");
        expectError(SPEC.replace("}\n}", "}"), "not valid JSON");

        final Path notNasmap = write("notes.nasmap", "these are notes, not a benchmark\n");
        final Outcome o = sweep("--master", "local[2]", notNasmap.toString(), "--spec", spec.toString(), "--out",
            dir.resolve("out-x").toString());
        assertEquals(1, o.code());
        assertTrue(o.err().contains(notNasmap.toString()) && o.err().contains("not a nasmap file"), o.err());
        assertNoStackTrace(o.err());

        final Outcome none = sweep("--master", "local[2]", dir.resolve("absent.nasmap").toString(), "--spec",
            spec.toString(), "--out", dir.resolve("out-x").toString());
        assertTrue(none.err().contains("absent.nasmap: no such nasmap file"), none.err());

        final Path existing = Files.createDirectories(dir.resolve("results"));
        final Path precious = Files.writeString(existing.resolve("thesis.tex"), "precious");
        final Outcome refused = sweep("--master", "local[2]", file.toString(), "--spec", spec.toString(), "--out",
            existing.toString());
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("exists; choose another --out, or add --overwrite"), refused.err());
        final Outcome stillRefused = sweep("--master", "local[2]", file.toString(), "--spec", spec.toString(), "--out",
            existing.toString(), "--overwrite");
        assertTrue(stillRefused.err().contains("is not a sweep's output"), stillRefused.err());
        assertEquals("precious", Files.readString(precious));
        assertFalse(Files.exists(dir.resolve("out-x")));
    }

    static void expectError(final String specText, final String message) throws IOException
    {
        assertNotEquals(SPEC, specText, "the replacement applies");
        final Path bad = write("bad-spec.json", specText);
        final Path out = dir.resolve("out-bad");
        final Outcome o = sweep("--master", "local[2]", file.toString(), "--spec", bad.toString(), "--out", out.toString());
        assertEquals(1, o.code(), o.err());
        assertTrue(o.err().startsWith("nasmap sweep: ") && o.err().contains(message), o.err());
        assertNoStackTrace(o.err());
        assertFalse(Files.exists(out));
    }

    static void assertNoStackTrace(final String err)
    {
        assertFalse(err.contains("\tat ") || err.contains("Exception"), err);
    }

    /** Temporary siblings of outputs left in the test folder. */
    static List<String> leftovers()
    {
        try (Stream<Path> s = Files.list(dir))
        {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".sweep-")).toList();
        }
        catch (final IOException e)
        {
            throw new AssertionError(e);
        }
    }

    static void copy(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> s = Files.walk(from))
        {
            for (final Path p : (Iterable<Path>)s::iterator)
            {
                final Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p))
                {
                    Files.createDirectories(t);
                }
                else
                {
                    Files.copy(p, t);
                }
            }
        }
    }
}
