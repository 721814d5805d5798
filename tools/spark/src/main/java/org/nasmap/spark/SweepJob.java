package org.nasmap.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.nasmap.reader.NasBench;

/**
 * The Spark side of a sweep: the run ids are cut into contiguous ranges, one per partition; each task rebuilds
 * its runs from the specification, makes them with the search API over its executor's shared {@link NasBench}
 * and yields one row per run. The rows are written as Parquet and summed per group for the summary.
 */
public final class SweepJob
{
    /** What a job produced. */
    public record Result(long runs, int partitions, double runSeconds, String summaryCsv, double sumOfRunSeconds)
    {
    }

    private SweepJob()
    {
    }

    /** @return {@code partitions} contiguous ranges {start, end} covering 0 .. runs - 1, in order. */
    static List<long[]> ranges(final long runs, final int partitions)
    {
        final List<long[]> out = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++)
        {
            out.add(new long[] {runs * p / partitions, runs * (p + 1) / partitions});
        }
        return out;
    }

    /**
     * Runs every run of {@code spec} over {@code file} and writes them to {@code runsPath} as Parquet.
     *
     * @param partitions the number of tasks (at most one per run).
     */
    public static Result run(final SparkSession spark, final SweepSpec spec, final BenchFile file, final int partitions,
        final String runsPath)
    {
        final JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        final int slices = (int)Math.max(1, Math.min(partitions, spec.runCount()));
        final JavaRDD<Row> rows = jsc.parallelize(ranges(spec.runCount(), slices), slices)
            .mapPartitions(ranges -> runs(spec, file, ranges))
            .persist(StorageLevel.MEMORY_AND_DISK());
        try
        {
            final long start = System.nanoTime();
            spark.createDataFrame(rows, RunRows.SCHEMA).write().mode(SaveMode.ErrorIfExists).parquet(runsPath);
            final double seconds = (System.nanoTime() - start) / 1e9;
            final int wall = RunRows.SCHEMA.fieldIndex(RunRows.WALL_SECONDS);
            final SummaryTable summary = rows.mapPartitions(it -> List.of(SummaryTable.of(it, spec)).iterator())
                .collect().stream().reduce(new SummaryTable(), SummaryTable::merge);
            final double runSeconds = rows.map(r -> r.getDouble(wall)).reduce(Double::sum);
            return new Result(spec.runCount(), slices, seconds, summary.csv(spec), runSeconds);
        }
        finally
        {
            rows.unpersist(false);
        }
    }

    /** The rows of a partition's runs, each made when the writer asks for it. */
    private static Iterator<Row> runs(final SweepSpec spec, final BenchFile file, final Iterator<long[]> ranges)
    {
        final NasBench bench = file.open();
        return new Iterator<>()
        {
            private long next;
            private long end;

            @Override
            public boolean hasNext()
            {
                while (next == end && ranges.hasNext())
                {
                    final long[] r = ranges.next();
                    next = r[0];
                    end = r[1];
                }
                return next < end;
            }

            @Override
            public Row next()
            {
                if (!hasNext())
                {
                    throw new java.util.NoSuchElementException();
                }
                return RunRows.run(bench, spec.run(next++));
            }
        };
    }
}
