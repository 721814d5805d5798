package org.nasmap.writer.pickle;

/**
 * A small open-addressing map from int to non-null Object (linear probing, backward-shift removal).
 */
final class IntObjectMap
{
    private int[] keys = new int[64];
    private Object[] values = new Object[64];
    private int size;

    int size()
    {
        return size;
    }

    Object get(final int key)
    {
        final int mask = keys.length - 1;
        int i = mix(key) & mask;
        Object v;
        while ((v = values[i]) != null)
        {
            if (keys[i] == key)
            {
                return v;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    void put(final int key, final Object value)
    {
        if (value == null)
        {
            throw new IllegalArgumentException("null value");
        }
        if ((size + 1) * 2L > keys.length)
        {
            grow();
        }
        final int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (values[i] != null)
        {
            if (keys[i] == key)
            {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
    }

    void remove(final int key)
    {
        final int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (values[i] != null)
        {
            if (keys[i] == key)
            {
                values[i] = null;
                size--;
                int j = (i + 1) & mask;
                while (values[j] != null)
                {
                    final int home = mix(keys[j]) & mask;
                    // move j back to the hole i unless its home lies cyclically in (i, j]
                    if (((j - home) & mask) >= ((j - i) & mask))
                    {
                        keys[i] = keys[j];
                        values[i] = values[j];
                        values[j] = null;
                        i = j;
                    }
                    j = (j + 1) & mask;
                }
                return;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow()
    {
        final int[] oldKeys = keys;
        final Object[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new Object[oldValues.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++)
        {
            if (oldValues[i] != null)
            {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int mix(final int key)
    {
        final int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
