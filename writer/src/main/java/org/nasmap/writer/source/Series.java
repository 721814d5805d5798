package org.nasmap.writer.source;

import java.util.Arrays;

/**
 * One per-epoch series of a trial as the source holds it: the epochs that have a value, ascending,
 * and the values at full (float64) precision. An epoch not listed is absent in the source.
 */
public final class Series
{
    private final int[] epochs;
    private final double[] values;

    /**
     * @param epochs ascending, distinct, non-negative epochs.
     * @param values one value per epoch.
     */
    public Series(final int[] epochs, final double[] values)
    {
        if (epochs.length != values.length)
        {
            throw new IllegalArgumentException("epochs and values differ in length: " + epochs.length + " vs " + values.length);
        }
        for (int i = 0; i < epochs.length; i++)
        {
            if (epochs[i] < 0 || (i > 0 && epochs[i] <= epochs[i - 1]))
            {
                throw new IllegalArgumentException("epochs must be ascending and non-negative: " + Arrays.toString(epochs));
            }
        }
        this.epochs = epochs;
        this.values = values;
    }

    /** @return the number of epochs with a value. */
    public int size()
    {
        return epochs.length;
    }

    /** @return the i-th epoch that has a value. */
    public int epochAt(final int i)
    {
        return epochs[i];
    }

    /** @return the i-th value. */
    public double valueAt(final int i)
    {
        return values[i];
    }

    /** @return true when every epoch 0..epochCount-1 has a value and no other does. */
    public boolean isDense(final int epochCount)
    {
        return epochs.length == epochCount && (epochCount == 0 || epochs[epochCount - 1] == epochCount - 1);
    }

    /** @return true when all values are equal as float32 (what the file stores). */
    public boolean isConstantAsFloat()
    {
        for (int i = 1; i < values.length; i++)
        {
            if (Float.floatToIntBits((float)values[i]) != Float.floatToIntBits((float)values[0]))
            {
                return false;
            }
        }
        return values.length > 0;
    }

    /** @return the value at that epoch, or NaN when absent. */
    public double valueAtEpoch(final int epoch)
    {
        final int i = Arrays.binarySearch(epochs, epoch);
        return i >= 0 ? values[i] : Double.NaN;
    }

    /** @return true when that epoch has a value. */
    public boolean hasEpoch(final int epoch)
    {
        return Arrays.binarySearch(epochs, epoch) >= 0;
    }

    /** @return a copy of the epochs. */
    public int[] epochs()
    {
        return epochs.clone();
    }
}
