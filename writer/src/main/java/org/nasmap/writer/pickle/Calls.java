package org.nasmap.writer.pickle;

/**
 * What REDUCE, NEWOBJ and BUILD do with the allowed globals of {@link PickleGlobal}: fixed Java
 * rebuilds of OrderedDict, set, frozenset, latin-1 bytes, numpy dtypes and scalars, and torch
 * tensors. Nothing named by a pickle is looked up or run.
 */
final class Calls
{
    private Calls()
    {
    }

    static Object call(final Object callable, final Object args, final Failure failure) throws PickleException
    {
        if (!(callable instanceof PickleGlobal))
        {
            throw failure.fail("REDUCE on a " + Values.typeName(callable) + ", which is not callable");
        }
        if (!(args instanceof PyTuple))
        {
            throw failure.fail("REDUCE arguments must be a tuple, got " + Values.typeName(args));
        }
        final PyTuple a = (PyTuple)args;
        final PickleGlobal g = (PickleGlobal)callable;
        switch (g)
        {
            case ORDERED_DICT:
                return orderedDict(a, failure);
            case SET:
            case FROZENSET:
                return set(g == PickleGlobal.FROZENSET, a, failure);
            case CODECS_ENCODE:
                return codecsEncode(a, failure);
            case NUMPY_DTYPE:
                return dtype(a, failure);
            case NUMPY_SCALAR:
                return scalar(a, failure);
            case TORCH_REBUILD_TENSOR_V2:
                return Tensors.rebuild(a, failure);
            default:
                throw failure.fail("pickle global " + g + " cannot be called");
        }
    }

    static Object newObject(final Object cls, final Object args, final Failure failure) throws PickleException
    {
        if (cls == PickleGlobal.ORDERED_DICT || cls == PickleGlobal.SET || cls == PickleGlobal.FROZENSET)
        {
            return call(cls, args, failure);
        }
        throw failure.fail("NEWOBJ of " + Values.typeName(cls) + " is not supported");
    }

    static PyDict orderedDict(final PyTuple a, final Failure failure) throws PickleException
    {
        final PyDict dict = new PyDict();
        if (a.size() == 0)
        {
            return dict;
        }
        if (a.size() == 1 && a.get(0) instanceof PyList)
        {
            for (final Object pair : (PyList)a.get(0))
            {
                final Object[] kv = pair(pair);
                if (kv == null)
                {
                    throw failure.fail("OrderedDict items must be pairs, got " + Values.typeName(pair));
                }
                Containers.putInDict(dict, kv[0], kv[1], failure);
            }
            return dict;
        }
        throw failure.fail("OrderedDict arguments " + Values.describe(a) + " are not supported");
    }

    private static Object[] pair(final Object o)
    {
        if (o instanceof PyTuple && ((PyTuple)o).size() == 2)
        {
            return new Object[]{((PyTuple)o).get(0), ((PyTuple)o).get(1)};
        }
        if (o instanceof PyList && ((PyList)o).size() == 2)
        {
            return new Object[]{((PyList)o).get(0), ((PyList)o).get(1)};
        }
        return null;
    }

    static PySet set(final boolean frozen, final PyTuple a, final Failure failure) throws PickleException
    {
        final PySet set = new PySet(frozen);
        if (a.size() == 0)
        {
            return set;
        }
        if (a.size() == 1 && (a.get(0) instanceof PyList || a.get(0) instanceof PyTuple || a.get(0) instanceof PySet))
        {
            final Object src = a.get(0);
            if (src instanceof PyTuple)
            {
                final PyTuple t = (PyTuple)src;
                for (int i = 0; i < t.size(); i++)
                {
                    Containers.addToSet(set, t.get(i), failure);
                }
            }
            else
            {
                for (final Object o : (java.util.Collection<?>)src)
                {
                    Containers.addToSet(set, o, failure);
                }
            }
            return set;
        }
        throw failure.fail((frozen ? "frozenset" : "set") + " arguments " + Values.describe(a) + " are not supported");
    }

    static byte[] codecsEncode(final PyTuple a, final Failure failure) throws PickleException
    {
        if (a.size() != 2 || !(a.get(0) instanceof String) || !(a.get(1) instanceof String))
        {
            throw failure.fail("_codecs.encode expects (str, encoding), got " + Values.describe(a));
        }
        final String encoding = (String)a.get(1);
        if (!"latin1".equals(encoding) && !"latin-1".equals(encoding))
        {
            throw failure.fail("_codecs.encode with encoding '" + encoding + "' is not allowed (only latin1)");
        }
        final String s = (String)a.get(0);
        final byte[] out = new byte[s.length()];
        for (int i = 0; i < out.length; i++)
        {
            final char c = s.charAt(i);
            if (c > 0xFF)
            {
                throw failure.fail("_codecs.encode: character U+" + Integer.toHexString(c) + " is not latin-1");
            }
            out[i] = (byte)c;
        }
        return out;
    }

    static NumpyDtype dtype(final PyTuple a, final Failure failure) throws PickleException
    {
        if (a.size() < 1 || a.size() > 3 || !(a.get(0) instanceof String))
        {
            throw failure.fail("numpy.dtype arguments " + Values.describe(a) + " are not supported");
        }
        final NumpyDtype d = NumpyDtype.parse((String)a.get(0));
        if (d == null)
        {
            throw failure.fail("numpy dtype '" + a.get(0) + "' is not supported (only bool, int, uint and float scalars)");
        }
        return d;
    }

    static Object scalar(final PyTuple a, final Failure failure) throws PickleException
    {
        if (a.size() != 2 || !(a.get(0) instanceof NumpyDtype) || !(a.get(1) instanceof byte[]))
        {
            throw failure.fail("numpy scalar arguments " + Values.describe(a) + " are not supported");
        }
        final NumpyDtype d = (NumpyDtype)a.get(0);
        final byte[] data = (byte[])a.get(1);
        if (data.length != d.size())
        {
            throw failure.fail("numpy scalar of " + d + " has " + data.length + " bytes instead of " + d.size());
        }
        return d.decode(data);
    }

    static void build(final Object target, final Object state, final Failure failure) throws PickleException
    {
        if (target instanceof NumpyDtype)
        {
            if (!(state instanceof PyTuple) || ((PyTuple)state).size() < 5 || !(((PyTuple)state).get(1) instanceof String))
            {
                throw failure.fail("numpy dtype state " + Values.describe(state) + " is not supported");
            }
            final PyTuple t = (PyTuple)state;
            if (t.get(2) != null || t.get(3) != null || t.get(4) != null)
            {
                throw failure.fail("structured or sub-array numpy dtypes are not supported");
            }
            if (!((NumpyDtype)target).byteOrder((String)t.get(1)))
            {
                throw failure.fail("numpy dtype byte order '" + t.get(1) + "' is not supported");
            }
            return;
        }
        if (state == null)
        {
            return;
        }
        throw failure.fail("BUILD of a " + Values.typeName(target) + " with state " + Values.typeName(state) + " is not supported");
    }
}
