package org.nasmap.writer.pickle;

/**
 * Fills the unpickler's containers, refusing unhashable keys and set members (as Python does) and
 * nesting deeper than {@link Unpickler#MAX_NESTING}.
 */
final class Containers
{
    private Containers()
    {
    }

    static PyTuple checkedTuple(final Object[] items, final Failure failure) throws PickleException
    {
        final PyTuple t = new PyTuple(items, true);
        if (t.depth() > Unpickler.MAX_NESTING)
        {
            throw nestingTooDeep(failure);
        }
        return t;
    }

    static PickleException nestingTooDeep(final Failure failure)
    {
        return failure.fail("containers nested deeper than " + Unpickler.MAX_NESTING);
    }

    static void addToList(final PyList list, final Object item, final Failure failure) throws PickleException
    {
        final int d = Values.depthOf(item) + 1;
        if (d > list.depth)
        {
            if (d > Unpickler.MAX_NESTING)
            {
                throw nestingTooDeep(failure);
            }
            list.depth = d;
        }
        list.add(item);
    }

    static void putInDict(final PyDict dict, final Object key, final Object value, final Failure failure) throws PickleException
    {
        if (!Values.isHashable(key))
        {
            throw failure.fail("unhashable " + Values.typeName(key) + " used as a dict key");
        }
        final int d = Math.max(Values.depthOf(key), Values.depthOf(value)) + 1;
        if (d > dict.depth)
        {
            if (d > Unpickler.MAX_NESTING)
            {
                throw nestingTooDeep(failure);
            }
            dict.depth = d;
        }
        dict.put(key, value);
    }

    static void addToSet(final PySet set, final Object item, final Failure failure) throws PickleException
    {
        if (!Values.isHashable(item))
        {
            throw failure.fail("unhashable " + Values.typeName(item) + " added to a set");
        }
        final int d = Values.depthOf(item) + 1;
        if (d > set.depth)
        {
            if (d > Unpickler.MAX_NESTING)
            {
                throw nestingTooDeep(failure);
            }
            set.depth = d;
        }
        set.add(item);
    }
}
