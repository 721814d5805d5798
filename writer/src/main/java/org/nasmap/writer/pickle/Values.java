package org.nasmap.writer.pickle;

import java.math.BigInteger;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Helpers over the plain Java values an {@link Unpickler} builds: Python type names and short,
 * bounded descriptions for error messages.
 */
public final class Values
{
    private static final int DESCRIBE_CHARS = 120;
    private static final int DESCRIBE_DEPTH = 4;

    private Values()
    {
    }

    /**
     * @param o a value built by the unpickler.
     * @return its Python type name: {@code dict}, {@code list}, {@code str}, {@code int}, ...
     */
    public static String typeName(final Object o)
    {
        if (o == null)
        {
            return "NoneType";
        }
        if (o instanceof String)
        {
            return "str";
        }
        if (o instanceof Long || o instanceof BigInteger)
        {
            return "int";
        }
        if (o instanceof Double)
        {
            return "float";
        }
        if (o instanceof Boolean)
        {
            return "bool";
        }
        if (o instanceof byte[])
        {
            return "bytes";
        }
        if (o instanceof PyTuple)
        {
            return "tuple";
        }
        if (o instanceof Map)
        {
            return "dict";
        }
        if (o instanceof List)
        {
            return "list";
        }
        if (o instanceof PySet)
        {
            return ((PySet)o).frozen ? "frozenset" : "set";
        }
        if (o instanceof Set)
        {
            return "set";
        }
        if (o instanceof double[])
        {
            return "tensor";
        }
        if (o instanceof PickleGlobal)
        {
            return "global " + o;
        }
        if (o instanceof NumpyDtype)
        {
            return "numpy.dtype";
        }
        if (o instanceof TorchStorage)
        {
            return "torch storage";
        }
        return o.getClass().getSimpleName();
    }

    /**
     * @param o a value built by the unpickler.
     * @return a Python-like representation cut to about {@value #DESCRIBE_CHARS} characters, safe
     *         on deep or huge values.
     */
    public static String describe(final Object o)
    {
        final StringBuilder sb = new StringBuilder();
        describe(o, sb, 0);
        if (sb.length() > DESCRIBE_CHARS)
        {
            sb.setLength(DESCRIBE_CHARS);
            sb.append("...");
        }
        return sb.toString();
    }

    private static void describe(final Object o, final StringBuilder sb, final int depth)
    {
        if (sb.length() > DESCRIBE_CHARS)
        {
            return;
        }
        if (o == null)
        {
            sb.append("None");
        }
        else if (o instanceof String)
        {
            final String s = (String)o;
            sb.append('\'').append(s, 0, Math.min(s.length(), DESCRIBE_CHARS)).append('\'');
        }
        else if (o instanceof Boolean)
        {
            sb.append((Boolean)o ? "True" : "False");
        }
        else if (o instanceof Long || o instanceof BigInteger || o instanceof Double)
        {
            sb.append(o);
        }
        else if (o instanceof byte[])
        {
            sb.append("b<").append(((byte[])o).length).append(" bytes>");
        }
        else if (depth >= DESCRIBE_DEPTH)
        {
            sb.append(typeName(o)).append("(...)");
        }
        else if (o instanceof PyTuple)
        {
            final PyTuple t = (PyTuple)o;
            sb.append('(');
            for (int i = 0; i < t.size() && sb.length() <= DESCRIBE_CHARS; i++)
            {
                if (i > 0)
                {
                    sb.append(", ");
                }
                describe(t.get(i), sb, depth + 1);
            }
            sb.append(t.size() == 1 ? ",)" : ")");
        }
        else if (o instanceof Map)
        {
            sb.append('{');
            final Iterator<? extends Map.Entry<?, ?>> it = ((Map<?, ?>)o).entrySet().iterator();
            for (int i = 0; it.hasNext() && sb.length() <= DESCRIBE_CHARS; i++)
            {
                final Map.Entry<?, ?> e = it.next();
                if (i > 0)
                {
                    sb.append(", ");
                }
                describe(e.getKey(), sb, depth + 1);
                sb.append(": ");
                describe(e.getValue(), sb, depth + 1);
            }
            sb.append('}');
        }
        else if (o instanceof Collection)
        {
            final boolean list = o instanceof List;
            sb.append(list ? '[' : '{');
            final Iterator<?> it = ((Collection<?>)o).iterator();
            for (int i = 0; it.hasNext() && sb.length() <= DESCRIBE_CHARS; i++)
            {
                if (i > 0)
                {
                    sb.append(", ");
                }
                describe(it.next(), sb, depth + 1);
            }
            sb.append(list ? ']' : '}');
        }
        else if (o instanceof double[])
        {
            sb.append("tensor<").append(((double[])o).length).append(" elements>");
        }
        else
        {
            sb.append(o);
        }
    }

    /** @return the nesting depth of a container (0 for leaves). */
    static int depthOf(final Object o)
    {
        if (o instanceof PyDict)
        {
            return ((PyDict)o).depth;
        }
        if (o instanceof PyList)
        {
            return ((PyList)o).depth;
        }
        if (o instanceof PyTuple)
        {
            return ((PyTuple)o).depth();
        }
        if (o instanceof PySet)
        {
            return ((PySet)o).depth;
        }
        return 0;
    }

    /** @return true for immutable values: None, str, int, float, bool, bytes and tuples of those. */
    static boolean isLeaf(final Object o)
    {
        return o == null || o instanceof String || o instanceof Long || o instanceof Double || o instanceof Boolean ||
            o instanceof BigInteger || o instanceof byte[] || (o instanceof PyTuple && ((PyTuple)o).isLeaf());
    }

    /** @return true when Python could use it as a dict key or set member. */
    static boolean isHashable(final Object o)
    {
        if (o instanceof PyTuple)
        {
            return ((PyTuple)o).isHashable();
        }
        if (o instanceof PySet)
        {
            return ((PySet)o).frozen;
        }
        return !(o instanceof PyDict || o instanceof PyList || o instanceof double[] || o instanceof TorchStorage);
    }
}
