package org.nasmap.writer.pickle;

import java.util.LinkedHashSet;

/** A Python set or frozenset, insertion-ordered, with the nesting depth the unpickler tracks. */
final class PySet extends LinkedHashSet<Object>
{
    private static final long serialVersionUID = 1L;

    final boolean frozen;
    int depth = 1;

    PySet(final boolean frozen)
    {
        this.frozen = frozen;
    }
}
