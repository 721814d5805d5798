package org.nasmap.writer.pickle;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Builds expected Python values in tests and compares them with what the unpickler built: exact
 * doubles (by bits, NaN equal to NaN), byte arrays by content, dict order, tuples as tuples.
 */
final class Py
{
    private Py()
    {
    }

    static Map<Object, Object> dict(final Object... kv)
    {
        final Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2)
        {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static List<Object> list(final Object... items)
    {
        return new ArrayList<>(Arrays.asList(items));
    }

    static PyTuple tuple(final Object... items)
    {
        return new PyTuple(items);
    }

    static Set<Object> set(final Object... items)
    {
        return new LinkedHashSet<>(Arrays.asList(items));
    }

    static BigInteger big(final String decimal)
    {
        return new BigInteger(decimal);
    }

    static void assertPy(final Object expected, final Object actual, final String path)
    {
        if (expected == null)
        {
            assertNull(actual, path);
        }
        else if (expected instanceof Double)
        {
            assertInstanceOf(Double.class, actual, path);
            final double e = (Double)expected;
            final double a = (Double)actual;
            assertTrue(Double.isNaN(e) ? Double.isNaN(a) : Double.doubleToRawLongBits(e) == Double.doubleToRawLongBits(a),
                path + ": expected " + e + " got " + a);
        }
        else if (expected instanceof byte[])
        {
            assertInstanceOf(byte[].class, actual, path);
            assertArrayEquals((byte[])expected, (byte[])actual, path);
        }
        else if (expected instanceof PyTuple)
        {
            assertInstanceOf(PyTuple.class, actual, path);
            final PyTuple e = (PyTuple)expected;
            final PyTuple a = (PyTuple)actual;
            assertEquals(e.size(), a.size(), path + " size");
            for (int i = 0; i < e.size(); i++)
            {
                assertPy(e.get(i), a.get(i), path + "[" + i + "]");
            }
        }
        else if (expected instanceof Map)
        {
            assertInstanceOf(LinkedHashMap.class, actual, path);
            final Map<?, ?> e = (Map<?, ?>)expected;
            final Map<?, ?> a = (Map<?, ?>)actual;
            assertEquals(e.size(), a.size(), path + " size");
            final Iterator<? extends Map.Entry<?, ?>> ai = a.entrySet().iterator();
            for (final Map.Entry<?, ?> ee : e.entrySet())
            {
                final Map.Entry<?, ?> ae = ai.next();
                assertPy(ee.getKey(), ae.getKey(), path + " key");
                assertPy(ee.getValue(), ae.getValue(), path + "[" + ee.getKey() + "]");
            }
        }
        else if (expected instanceof Set)
        {
            assertInstanceOf(LinkedHashSet.class, actual, path);
            assertEquals(expected, actual, path);
        }
        else if (expected instanceof List)
        {
            assertInstanceOf(ArrayList.class, actual, path);
            final List<?> e = (List<?>)expected;
            final List<?> a = (List<?>)actual;
            assertEquals(e.size(), a.size(), path + " size");
            for (int i = 0; i < e.size(); i++)
            {
                assertPy(e.get(i), a.get(i), path + "[" + i + "]");
            }
        }
        else if (expected instanceof Long || expected instanceof BigInteger || expected instanceof String || expected instanceof Boolean)
        {
            assertEquals(expected.getClass(), actual == null ? null : actual.getClass(), path + " type");
            assertEquals(expected, actual, path);
        }
        else
        {
            fail("cannot compare " + expected.getClass());
        }
    }
}
