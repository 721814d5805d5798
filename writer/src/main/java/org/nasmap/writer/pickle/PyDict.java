package org.nasmap.writer.pickle;

import java.util.LinkedHashMap;

/** A Python dict or OrderedDict: insertion-ordered, with the nesting depth the unpickler tracks. */
final class PyDict extends LinkedHashMap<Object, Object>
{
    private static final long serialVersionUID = 1L;

    int depth = 1;
}
