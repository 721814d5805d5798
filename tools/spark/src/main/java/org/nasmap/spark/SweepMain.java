package org.nasmap.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.sql.SparkSession;
import org.nasmap.reader.NasBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nasmap sweep FILE --spec SPEC --out DIR}: a sweep of search runs on Spark. Checks the specification,
 * the file and the output before Spark starts, runs the job, writes {@code DIR/runs/} (Parquet),
 * {@code DIR/summary.csv}, {@code DIR/timing.json} and {@code DIR/spec.json} into a temporary sibling and
 * renames it to {@code DIR}. The main class of both {@code tools/nasmap sweep} (Spark in-process) and
 * {@code spark-submit}.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, version = "nasmap sweep 0.1.0",
    description = "Runs a sweep of search runs (algorithms x hyperparameters x datasets x hp x budgets x seeds) on " +
        "Apache Spark over a nasmap file: one row per run in DIR/runs (Parquet), DIR/summary.csv, DIR/timing.json.")
public final class SweepMain implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "FILE", description = "the .nasmap file, at this path on every node " +
        "(shared storage), or on this machine with --ship")
    String file;

    @Option(names = "--spec", required = true, paramLabel = "SPEC", description = "the sweep specification (JSON)")
    Path spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the output directory (any Hadoop " +
        "path); must not exist unless --overwrite")
    String out;

    @Option(names = "--overwrite", description = "replace DIR if it holds a previous sweep's output")
    boolean overwrite;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master, e.g. local[2] or spark://host:7077 " +
        "(default: spark-submit's, else local[*])")
    String master;

    @Option(names = "--ship", description = "ship FILE with the job: each executor opens its node's local copy")
    boolean ship;

    @Option(names = "--partitions", paramLabel = "N", description = "tasks (default: 4 x the default parallelism)")
    int partitions;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "a Spark setting (repeatable)")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--executor-file", paramLabel = "PATH", description = "where executors open the file when it " +
        "is not at FILE on the nodes (e.g. the driver has a copy at FILE, the nodes at PATH); checked on first use")
    String executorFile;

    @Spec
    CommandSpec command;

    public static void main(final String[] args)
    {
        if (System.getProperty("log4j2.configurationFile") == null)
        {
            // quiet Spark in-process (under spark-submit, logging is already set up and this is ignored)
            System.setProperty("log4j2.configurationFile", "classpath:org/nasmap/spark/log4j2-sweep.properties");
        }
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code: 0, 1 for a failed sweep, 2 for bad arguments. */
    public static int run(final String... args)
    {
        return run(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8), args);
    }

    /** Runs a command line with these standard streams (tests). */
    public static int run(final PrintWriter out, final PrintWriter err, final String... args)
    {
        final CommandLine cl = new CommandLine(new SweepMain()).setOut(out).setErr(err);
        return cl.setExecutionExceptionHandler((e, cmd, parsed) ->
        {
            final String user = userMessage(e);
            if (user != null)
            {
                cmd.getErr().println("nasmap sweep: " + user);
            }
            else
            {
                cmd.getErr().println("nasmap sweep: failed: " + e);
                e.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return 1;
        }).execute(args);
    }

    /** @return the message of a user's error anywhere in the chain (also as text, from a remote task), or null. */
    static String userMessage(final Throwable e)
    {
        final SweepException s = SweepException.find(e);
        if (s != null)
        {
            return s.getMessage();
        }
        final String marker = SweepException.class.getName() + ": ";
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause())
        {
            final String m = c.getMessage();
            final int at = m == null ? -1 : m.indexOf(marker);
            if (at >= 0)
            {
                final int end = m.indexOf('\n', at);
                return m.substring(at + marker.length(), end < 0 ? m.length() : end).trim();
            }
        }
        return null;
    }

    @Override
    public Integer call() throws Exception
    {
        if (ship && executorFile != null)
        {
            throw new SweepException("--ship and --executor-file exclude each other");
        }
        if (partitions < 0)
        {
            throw new SweepException("--partitions must be positive");
        }
        final long t0 = System.nanoTime();
        // everything a user can get wrong is checked before Spark starts
        final SweepSpec sweep = SweepSpec.read(spec);
        final BenchFile local = new BenchFile(file, false);
        final NasBench bench = local.open();
        sweep.check(bench, file);
        if (SweepOutput.isLocal(out))
        {
            // other file systems may need the job's Hadoop settings: checked once Spark is up, before any task
            SweepOutput.check(out, overwrite, new Configuration());
        }

        final SparkSession.Builder builder = SparkSession.builder()
            .appName("nasmap sweep" + (sweep.name() == null ? "" : " " + sweep.name()));
        final String m = master != null ? master : System.getProperty("spark.master", "local[*]");
        builder.master(m);
        if (m.startsWith("local"))
        {
            // in-process: no web UI, nothing listens beyond this machine
            builder.config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1");
        }
        final String appJar = System.getProperty("nasmap.spark.app.jar");
        if (!m.startsWith("local") && appJar != null && !conf.containsKey("spark.jars"))
        {
            // run by tools/nasmap against a cluster: the executors fetch this application from the driver
            builder.config("spark.jars", appJar);
        }
        conf.forEach(builder::config);
        if (System.getProperty("nasmap.sweep.cds.recording") != null)
        {
            System.err.println("nasmap sweep: recording a class-data archive of Spark for later sweeps (once after each " +
                "build: this run takes longer to exit; NASMAP_SWEEP_CDS=0 turns it off)");
        }
        final SparkSession spark = builder.getOrCreate();
        try
        {
            return sweep(spark, sweep, t0);
        }
        finally
        {
            spark.stop();
        }
    }

    private int sweep(final SparkSession spark, final SweepSpec sweep, final long t0) throws IOException
    {
        final double startup = (System.nanoTime() - t0) / 1e9;
        final BenchFile onExecutors;
        if (ship)
        {
            final Path p = Path.of(file).toAbsolutePath();
            spark.sparkContext().addFile(p.toString());
            onExecutors = new BenchFile(p.getFileName().toString(), true);
        }
        else
        {
            onExecutors = new BenchFile(executorFile != null ? executorFile : file, false);
        }
        final int tasks = partitions > 0 ? partitions : 4 * spark.sparkContext().defaultParallelism();
        final SweepOutput output = SweepOutput.begin(out, overwrite, spark.sparkContext().hadoopConfiguration());
        // a signal or exit mid-job removes the temporary directory (before Hadoop closes its file systems)
        final PrintWriter err = command.commandLine().getErr();
        final Runnable cleanup = () ->
        {
            if (!output.committed())
            {
                err.println("nasmap sweep: stopped before the end; removing " + output.temporary() + ", nothing written to " +
                    output.dir());
                err.flush();
            }
            closeQuietly(output);
        };
        ShutdownHookManager.get().addShutdownHook(cleanup, FileSystem.SHUTDOWN_HOOK_PRIORITY + 20);
        try (output)
        {
            final SweepJob.Result r = SweepJob.run(spark, sweep, onExecutors, tasks, output.path("runs"));
            output.write("summary.csv", r.summaryCsv());
            output.write("spec.json", Files.readString(spec, StandardCharsets.UTF_8));
            final double total = (System.nanoTime() - t0) / 1e9;
            final Map<String, Object> timing = new LinkedHashMap<>();
            timing.put("finished", Instant.now().toString());
            timing.put("master", spark.sparkContext().master());
            timing.put("default_parallelism", spark.sparkContext().defaultParallelism());
            timing.put("partitions", r.partitions());
            timing.put("runs", r.runs());
            timing.put("wall_seconds", r.runSeconds());
            timing.put("runs_per_second", r.runs() / r.runSeconds());
            timing.put("sum_of_run_seconds", r.sumOfRunSeconds());
            timing.put("startup_seconds", startup);
            timing.put("total_seconds", total);
            output.write(SweepOutput.MARKER, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(timing) + "\n");
            output.commit();
            command.commandLine().getOut().printf("%,d runs in %.2f s (%,.1f runs/s) on %s, %d partitions; Spark started in %.1f s, %.1f s in " +
                    "all; wrote %s%n", r.runs(), r.runSeconds(), r.runs() / r.runSeconds(), spark.sparkContext().master(),
                r.partitions(), startup, total, output.dir());
            command.commandLine().getOut().flush();
            return 0;
        }
        finally
        {
            ShutdownHookManager.get().removeShutdownHook(cleanup);
        }
    }

    private static void closeQuietly(final SweepOutput output)
    {
        try
        {
            output.close();
        }
        catch (final IOException | RuntimeException e)
        {
            // shutting down: nothing more to do
        }
    }
}
