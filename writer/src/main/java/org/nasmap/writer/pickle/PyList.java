package org.nasmap.writer.pickle;

import java.util.ArrayList;

/** A Python list, with the nesting depth the unpickler tracks. */
final class PyList extends ArrayList<Object>
{
    private static final long serialVersionUID = 1L;

    int depth = 1;

    PyList()
    {
    }

    PyList(final int capacity)
    {
        super(capacity);
    }
}
