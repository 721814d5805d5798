package org.nasmap.writer.pickle;

import java.util.Arrays;

/**
 * An immutable Python tuple, usable as a map key (for example {@code ('cifar10-valid', 777)} in
 * {@code all_results}). Equality and hash code are element-wise; byte arrays compare by content.
 */
public final class PyTuple
{
    /** The empty tuple. */
    public static final PyTuple EMPTY = new PyTuple(new Object[0], true);

    private final Object[] items;
    private final int depth;
    private final boolean leaf;
    private final boolean hashable;
    private int hash;

    /**
     * @param items the elements, copied.
     */
    public PyTuple(final Object... items)
    {
        this(items.clone(), true);
    }

    PyTuple(final Object[] items, final boolean owned)
    {
        this.items = items;
        int d = 0;
        boolean allLeaves = true;
        boolean allHashable = true;
        for (final Object o : items)
        {
            d = Math.max(d, Values.depthOf(o));
            allLeaves &= Values.isLeaf(o);
            allHashable &= Values.isHashable(o);
        }
        this.depth = d + 1;
        this.leaf = allLeaves;
        this.hashable = allHashable;
    }

    /** @return the number of elements. */
    public int size()
    {
        return items.length;
    }

    /** @return the element at {@code i}. */
    public Object get(final int i)
    {
        return items[i];
    }

    /** @return nesting depth: 1 plus the deepest element's depth. */
    int depth()
    {
        return depth;
    }

    /** @return true when every element is an immutable leaf (strings, numbers, leaf tuples...). */
    boolean isLeaf()
    {
        return leaf;
    }

    /** @return true when Python could hash it (no list, dict or set inside). */
    boolean isHashable()
    {
        return hashable;
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof PyTuple))
        {
            return false;
        }
        final PyTuple t = (PyTuple)o;
        return hashCode() == t.hashCode() && Arrays.deepEquals(items, t.items);
    }

    @Override
    public int hashCode()
    {
        int h = hash;
        if (h == 0)
        {
            h = Arrays.deepHashCode(items) | 1;
            hash = h;
        }
        return h;
    }

    @Override
    public String toString()
    {
        return Values.describe(this);
    }
}
