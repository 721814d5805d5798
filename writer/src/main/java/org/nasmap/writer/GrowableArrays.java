package org.nasmap.writer;

import java.util.Arrays;

/** Minimal growable primitive arrays for the writer's in-memory index (no boxing). */
final class GrowableArrays
{
    private GrowableArrays()
    {
    }

    /** A growable int array. */
    static final class Ints
    {
        private int[] data = new int[1024];
        private int size;

        void add(final int v)
        {
            if (size == data.length)
            {
                data = Arrays.copyOf(data, data.length * 2);
            }
            data[size++] = v;
        }

        int get(final int i)
        {
            return data[i];
        }

        void set(final int i, final int v)
        {
            data[i] = v;
        }

        int size()
        {
            return size;
        }
    }

    /** A growable long array. */
    static final class Longs
    {
        private long[] data = new long[1024];
        private int size;

        void add(final long v)
        {
            if (size == data.length)
            {
                data = Arrays.copyOf(data, data.length * 2);
            }
            data[size++] = v;
        }

        long get(final int i)
        {
            return data[i];
        }

        int size()
        {
            return size;
        }
    }

    /** A growable double array. */
    static final class Doubles
    {
        private double[] data = new double[1024];
        private int size;

        void add(final double v)
        {
            if (size == data.length)
            {
                data = Arrays.copyOf(data, data.length * 2);
            }
            data[size++] = v;
        }

        double get(final int i)
        {
            return data[i];
        }

        void set(final int i, final double v)
        {
            data[i] = v;
        }

        int size()
        {
            return size;
        }
    }
}
