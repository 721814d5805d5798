package org.nasmap.analysis;

import java.util.Arrays;

/**
 * Rank correlations: Kendall's tau-b in O(n log n) (Knight's algorithm, ties handled) and Spearman's rho
 * (Pearson correlation of average ranks). Pairs where either value is NaN are dropped first.
 */
public final class Ranks
{
    private Ranks()
    {
    }

    /** @return Kendall's tau-b of x and y, NaN when fewer than 2 pairs remain or one side is constant. */
    public static double kendallTau(final double[] xIn, final double[] yIn)
    {
        final double[][] xy = dropNaN(xIn, yIn);
        final double[] x = xy[0];
        final double[] y = xy[1];
        final int n = x.length;
        if (n < 2)
        {
            return Double.NaN;
        }
        // sort by (x, y) as one primitive long key of dense ranks: no boxing
        final int[] rx = denseRanks(x);
        final int[] ry = denseRanks(y);
        final long[] keys = new long[n];
        for (int i = 0; i < n; i++)
        {
            keys[i] = ((long)rx[i] << 32) | ry[i];
        }
        Arrays.sort(keys);
        final double[] xs = new double[n];
        final double[] ys = new double[n];
        for (int i = 0; i < n; i++)
        {
            xs[i] = keys[i] >>> 32;
            ys[i] = (int)keys[i];
        }
        final long n0 = (long)n * (n - 1) / 2;
        long n1 = 0; // ties in x
        long n3 = 0; // joint ties
        for (int i = 0; i < n; )
        {
            int j = i;
            while (j < n && xs[j] == xs[i])
            {
                j++;
            }
            final long t = j - i;
            n1 += t * (t - 1) / 2;
            for (int k = i; k < j; )
            {
                int l = k;
                while (l < j && ys[l] == ys[k])
                {
                    l++;
                }
                final long u = l - k;
                n3 += u * (u - 1) / 2;
                k = l;
            }
            i = j;
        }
        // count swaps of a merge sort of ys (discordant pairs)
        final long swaps = mergeSortSwaps(ys, new double[n], 0, n);
        long n2 = 0; // ties in y
        for (int i = 0; i < n; )
        {
            int j = i;
            while (j < n && ys[j] == ys[i])
            {
                j++;
            }
            final long t = j - i;
            n2 += t * (t - 1) / 2;
            i = j;
        }
        final double num = (double)(n0 - n1 - n2 + n3) - 2.0 * swaps;
        final double den = Math.sqrt((double)(n0 - n1) * (double)(n0 - n2));
        return den == 0 ? Double.NaN : num / den;
    }

    private static long mergeSortSwaps(final double[] a, final double[] tmp, final int from, final int to)
    {
        if (to - from < 2)
        {
            return 0;
        }
        final int mid = (from + to) >>> 1;
        long swaps = mergeSortSwaps(a, tmp, from, mid) + mergeSortSwaps(a, tmp, mid, to);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to)
        {
            if (a[j] < a[i])
            {
                tmp[k++] = a[j++];
                swaps += mid - i;
            }
            else
            {
                tmp[k++] = a[i++];
            }
        }
        while (i < mid)
        {
            tmp[k++] = a[i++];
        }
        while (j < to)
        {
            tmp[k++] = a[j++];
        }
        System.arraycopy(tmp, from, a, from, to - from);
        return swaps;
    }

    /** @return Spearman's rho of x and y (average ranks for ties), NaN when undefined. */
    public static double spearman(final double[] xIn, final double[] yIn)
    {
        final double[][] xy = dropNaN(xIn, yIn);
        if (xy[0].length < 2)
        {
            return Double.NaN;
        }
        return pearson(ranks(xy[0]), ranks(xy[1]));
    }

    /** @return average ranks (1-based) of the values. */
    public static double[] ranks(final double[] v)
    {
        final double[] sorted = v.clone();
        Arrays.sort(sorted);
        final double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++)
        {
            final int lo = lowerBound(sorted, v[i]);
            final int hi = lowerBound(sorted, Math.nextUp(v[i]));
            r[i] = (lo + 1 + hi) / 2.0;
        }
        return r;
    }

    /** @return 0-based dense ranks: equal values share a rank, ranks have no gaps. */
    static int[] denseRanks(final double[] v)
    {
        final double[] sorted = v.clone();
        Arrays.sort(sorted);
        int u = 0;
        for (int i = 0; i < sorted.length; i++)
        {
            if (i == 0 || sorted[i] != sorted[u - 1])
            {
                sorted[u++] = sorted[i];
            }
        }
        final int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++)
        {
            r[i] = Arrays.binarySearch(sorted, 0, u, v[i]);
        }
        return r;
    }

    /** @return the first index whose value is not below {@code key}. */
    private static int lowerBound(final double[] a, final double key)
    {
        int lo = 0;
        int hi = a.length;
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (a[mid] < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /** @return Pearson's correlation, NaN when a side is constant. */
    public static double pearson(final double[] x, final double[] y)
    {
        final int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++)
        {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    private static double[][] dropNaN(final double[] x, final double[] y)
    {
        if (x.length != y.length)
        {
            throw new IllegalArgumentException("lengths differ: " + x.length + " vs " + y.length);
        }
        int n = 0;
        for (int i = 0; i < x.length; i++)
        {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i]))
            {
                n++;
            }
        }
        final double[] a = new double[n];
        final double[] b = new double[n];
        int k = 0;
        for (int i = 0; i < x.length; i++)
        {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i]))
            {
                a[k] = x[i];
                b[k++] = y[i];
            }
        }
        return new double[][] {a, b};
    }
}
