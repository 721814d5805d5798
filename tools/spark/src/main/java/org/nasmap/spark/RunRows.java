package org.nasmap.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.nasmap.reader.NasBench;
import org.nasmap.search.SearchAlgorithm;
import org.nasmap.search.SearchContext;

/**
 * A run made with the search API, and its row of {@code DIR/runs}: one column per field of the run, one per
 * hyperparameter of any algorithm (null where the run's algorithm has no such parameter), then the outcome.
 * Accuracies are percentages; those of the best architecture "after full training" are upstream's means over
 * seeds at hp 200 (topology) or 90 (size): x-valid (of cifar10-valid for cifar10) and the test split
 * (ori-test for cifar10, x-test otherwise). Null where there is no best architecture or the file has no value.
 */
public final class RunRows
{
    /** Column names. */
    public static final String RUN = "run";
    public static final String ALGORITHM = "algorithm";
    public static final String PARAMS = "params";
    public static final String DATASET = "dataset";
    public static final String HP = "hp";
    public static final String BUDGET = "budget";
    public static final String SEED = "seed";
    public static final String BEST_ARCH = "best_arch";
    public static final String BEST_ARCH_STR = "best_arch_str";
    public static final String SEARCH_VALID_ACCURACY = "search_valid_accuracy";
    public static final String VALID_ACCURACY = "valid_accuracy";
    public static final String TEST_ACCURACY = "test_accuracy";
    public static final String SIMULATED_TIME = "simulated_time";
    public static final String QUERIES = "queries";
    public static final String WALL_SECONDS = "wall_seconds";

    /** Every hyperparameter of every algorithm, one column each, in declaration order. */
    private static final Map<String, Algorithm.Parameter> PARAMETERS = new LinkedHashMap<>();

    static
    {
        for (final Algorithm a : Algorithm.values())
        {
            for (final Algorithm.Parameter p : a.parameters())
            {
                final Algorithm.Parameter old = PARAMETERS.putIfAbsent(p.name(), p);
                if (old != null && old.integer() != p.integer())
                {
                    throw new IllegalStateException("parameter " + p.name() + " has two types");
                }
            }
        }
    }

    /** The schema of {@code DIR/runs}. */
    public static final StructType SCHEMA = schema();

    private RunRows()
    {
    }

    private static StructType schema()
    {
        final List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField(RUN, DataTypes.LongType, false));
        f.add(DataTypes.createStructField(ALGORITHM, DataTypes.StringType, false));
        f.add(DataTypes.createStructField(PARAMS, DataTypes.StringType, false));
        for (final Algorithm.Parameter p : PARAMETERS.values())
        {
            f.add(DataTypes.createStructField(p.name(), p.integer() ? DataTypes.IntegerType : DataTypes.DoubleType, true));
        }
        f.add(DataTypes.createStructField(DATASET, DataTypes.StringType, false));
        f.add(DataTypes.createStructField(HP, DataTypes.StringType, false));
        f.add(DataTypes.createStructField(BUDGET, DataTypes.DoubleType, false));
        f.add(DataTypes.createStructField(SEED, DataTypes.LongType, false));
        f.add(DataTypes.createStructField(BEST_ARCH, DataTypes.IntegerType, true));
        f.add(DataTypes.createStructField(BEST_ARCH_STR, DataTypes.StringType, true));
        f.add(DataTypes.createStructField(SEARCH_VALID_ACCURACY, DataTypes.DoubleType, true));
        f.add(DataTypes.createStructField(VALID_ACCURACY, DataTypes.DoubleType, true));
        f.add(DataTypes.createStructField(TEST_ACCURACY, DataTypes.DoubleType, true));
        f.add(DataTypes.createStructField(SIMULATED_TIME, DataTypes.DoubleType, false));
        f.add(DataTypes.createStructField(QUERIES, DataTypes.LongType, false));
        f.add(DataTypes.createStructField(WALL_SECONDS, DataTypes.DoubleType, false));
        return DataTypes.createStructType(f);
    }

    private static int indexOf(final Algorithm algorithm, final String parameter)
    {
        final List<Algorithm.Parameter> params = algorithm.parameters();
        for (int i = 0; i < params.size(); i++)
        {
            if (params.get(i).name().equals(parameter))
            {
                return i;
            }
        }
        return -1;
    }

    /** Makes one run with the search API over {@code bench} and returns its row. */
    public static Row run(final NasBench bench, final SweepSpec.Run run)
    {
        final long start = System.nanoTime();
        final SweepSpec.Config config = run.config();
        final SearchAlgorithm algorithm = config.algorithm().create(config.values());
        final SearchContext context = new SearchContext(bench, run.dataset(), run.hp(), run.budget(), run.seed());
        algorithm.run(context);
        final double[] fin = context.finalAccuracies();
        final int best = context.bestArch();
        final String bestStr = best < 0 ? null : bench.arch(best);
        final double wall = (System.nanoTime() - start) / 1e9;

        final Object[] v = new Object[SCHEMA.size()];
        int i = 0;
        v[i++] = run.id();
        v[i++] = config.algorithm().key();
        v[i++] = config.algorithm().describe(config.values());
        for (final Algorithm.Parameter p : PARAMETERS.values())
        {
            final int at = indexOf(config.algorithm(), p.name());
            final double value = at < 0 ? Double.NaN : config.values()[at];
            v[i++] = at < 0 ? null : p.integer() ? (Object)(int)value : (Object)value;
        }
        v[i++] = run.dataset().upstreamName();
        v[i++] = run.hp().upstreamKey();
        v[i++] = run.budget();
        v[i++] = run.seed();
        v[i++] = best < 0 ? null : best;
        v[i++] = bestStr;
        v[i++] = best < 0 ? null : context.bestValid();
        v[i++] = Double.isNaN(fin[0]) ? null : fin[0];
        v[i++] = Double.isNaN(fin[1]) ? null : fin[1];
        v[i++] = context.usedTime();
        v[i++] = context.queries();
        v[i] = wall;
        return RowFactory.create(v);
    }
}
