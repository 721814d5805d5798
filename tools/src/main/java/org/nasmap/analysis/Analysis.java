package org.nasmap.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Whole-space analyses over {@link Table} columns: top-k under cost limits and the accuracy/cost front. */
public final class Analysis
{
    private Analysis()
    {
    }

    /**
     * @return up to {@code k} architecture indexes with the highest accuracy whose costs are within the limits
     * (NaN = no limit; an architecture with a NaN cost passes no limit on it), best first, ties by index.
     */
    public static int[] top(final Table t, final double flopsMax, final double paramsMax, final double latencyMax, final int k)
    {
        final List<Integer> ok = new ArrayList<>();
        for (int arch = 0; arch < t.accuracy.length; arch++)
        {
            if (Double.isNaN(t.accuracy[arch]) || exceeds(t.flops[arch], flopsMax) || exceeds(t.params[arch], paramsMax) ||
                exceeds(t.latency[arch], latencyMax))
            {
                continue;
            }
            ok.add(arch);
        }
        ok.sort((a, b) -> t.accuracy[a] != t.accuracy[b] ? Double.compare(t.accuracy[b], t.accuracy[a]) : Integer.compare(a, b));
        return ok.stream().limit(Math.max(0, k)).mapToInt(Integer::intValue).toArray();
    }

    private static boolean exceeds(final double value, final double max)
    {
        return !Double.isNaN(max) && (Double.isNaN(value) || value > max);
    }

    /**
     * The Pareto front of (higher accuracy, lower cost): the architectures that no other beats on both,
     * ordered by increasing cost. Of equal (cost, accuracy) points the lowest index stands for all.
     */
    public static int[] pareto(final Table t, final double[] cost)
    {
        final List<Integer> ok = new ArrayList<>();
        for (int arch = 0; arch < cost.length; arch++)
        {
            if (!Double.isNaN(t.accuracy[arch]) && !Double.isNaN(cost[arch]))
            {
                ok.add(arch);
            }
        }
        // by cost ascending, then accuracy descending, then index
        ok.sort((a, b) -> cost[a] != cost[b] ? Double.compare(cost[a], cost[b]) :
            t.accuracy[a] != t.accuracy[b] ? Double.compare(t.accuracy[b], t.accuracy[a]) : Integer.compare(a, b));
        final int[] front = new int[ok.size()];
        int n = 0;
        double best = Double.NEGATIVE_INFINITY;
        for (final int arch : ok)
        {
            if (t.accuracy[arch] > best)
            {
                front[n++] = arch;
                best = t.accuracy[arch];
            }
        }
        return Arrays.copyOf(front, n);
    }
}
