package org.nasmap.writer.source;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.nasmap.format.Space;
import org.nasmap.writer.pickle.Values;

/**
 * The {@code meta_archs} list of a source and the search space it reveals: topology strings look
 * like {@code |nor_conv_3x3~0|+|...|}, size strings like {@code 8:16:32:64:64}.
 */
final class Meta
{
    private final List<String> archs;
    private final Space space;

    private Meta(final List<String> archs, final Space space)
    {
        this.archs = archs;
        this.space = space;
    }

    /** @return the architecture strings, unmodifiable, in index order. */
    List<String> archs()
    {
        return archs;
    }

    /** @return the space the strings belong to. */
    Space space()
    {
        return space;
    }

    /**
     * @param top  the top-level dict of a meta, single or .pth file (or the entries before arch2infos).
     * @param file the file, for messages.
     * @return its meta list and space.
     * @throws SourceException when meta_archs is missing, not a list of strings, or mixes spaces.
     */
    static Meta of(final Map<?, ?> top, final String file) throws SourceException
    {
        final Object archs = top.get("meta_archs");
        if (!(archs instanceof List))
        {
            throw new SourceException((archs == null ? "no meta_archs" : "meta_archs is a " + Values.typeName(archs)) +
                " in " + file + " (keys: " + Values.describe(top.keySet()) + ")");
        }
        final List<?> list = (List<?>)archs;
        if (list.isEmpty())
        {
            throw new SourceException("meta_archs is empty in " + file);
        }
        final Object total = top.get("total_archs");
        if (total != null && !Long.valueOf(list.size()).equals(total))
        {
            throw new SourceException("total_archs " + Values.describe(total) + " disagrees with the " + list.size() +
                " meta_archs in " + file);
        }
        final List<String> out = new ArrayList<>(list.size());
        Space space = null;
        for (int i = 0; i < list.size(); i++)
        {
            final Object o = list.get(i);
            if (!(o instanceof String))
            {
                throw new SourceException("meta_archs[" + i + "] is a " + Values.typeName(o) + ", not a string, in " + file);
            }
            final String s = (String)o;
            final Space sp = spaceOf(s);
            if (sp == null)
            {
                throw new SourceException("meta_archs[" + i + "] = '" + s + "' is neither a topology nor a size architecture, in " + file);
            }
            if (space == null)
            {
                space = sp;
            }
            else if (sp != space)
            {
                throw new SourceException("meta_archs mixes spaces: [0] is " + space.shortName() + " but [" + i + "] = '" + s +
                    "' is " + sp.shortName() + ", in " + file);
            }
            out.add(s);
        }
        return new Meta(Collections.unmodifiableList(out), space);
    }

    /**
     * @param arch an architecture string.
     * @return TOPOLOGY for {@code |op~i|+|...|}, SIZE for {@code c:c:c:c:c} (digits and colons), else null.
     */
    static Space spaceOf(final String arch)
    {
        final int n = arch.length();
        if (n >= 2 && arch.charAt(0) == '|' && arch.charAt(n - 1) == '|')
        {
            return Space.TOPOLOGY;
        }
        if (n == 0 || arch.charAt(0) == ':' || arch.charAt(n - 1) == ':')
        {
            return null;
        }
        boolean colon = false;
        for (int i = 0; i < n; i++)
        {
            final char c = arch.charAt(i);
            if (c == ':')
            {
                if (arch.charAt(i - 1) == ':')
                {
                    return null;
                }
                colon = true;
            }
            else if (c < '0' || c > '9')
            {
                return null;
            }
        }
        return colon ? Space.SIZE : null;
    }
}
