package org.nasmap.spark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Row;
import org.nasmap.reader.NasBench;

/**
 * The single-threaded baseline of a sweep, without Spark: every run of a specification, one after another in
 * this thread, over one open file, with the same code as the executors; prints the wall time and runs/s and
 * writes the summary, which equals the Spark sweep's {@code summary.csv} byte for byte.
 * <pre>
 * java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -cp 'tools/spark/target/nasmap-spark.jar:tools/spark/target/lib/*' \
 *     org.nasmap.spark.SweepLoop FILE SPEC [SUMMARY.csv]
 * </pre>
 */
public final class SweepLoop
{
    private SweepLoop()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length < 2 || args.length > 3)
        {
            System.err.println("usage: SweepLoop FILE SPEC [SUMMARY.csv]");
            System.exit(2);
        }
        try
        {
            final SweepSpec spec = SweepSpec.read(Path.of(args[1]));
            final NasBench bench = new BenchFile(args[0], false).open();
            spec.check(bench, args[0]);
            final List<Row> rows = new ArrayList<>();
            final long start = System.nanoTime();
            for (long id = 0; id < spec.runCount(); id++)
            {
                rows.add(RunRows.run(bench, spec.run(id)));
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%,d runs in %.2f s (%,.1f runs/s), one thread, no Spark%n", spec.runCount(), seconds,
                spec.runCount() / seconds);
            if (args.length == 3)
            {
                Files.writeString(Path.of(args[2]), SummaryTable.of(rows.iterator(), spec).csv(spec), StandardCharsets.UTF_8);
            }
        }
        catch (final SweepException e)
        {
            System.err.println("SweepLoop: " + e.getMessage());
            System.exit(1);
        }
    }
}
