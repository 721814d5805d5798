package org.nasmap.writer.pickle;

/**
 * Rebuilds {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad,
 * backward_hooks[, metadata])} as a plain Java value: a Double for a 0-d tensor, otherwise a double[]
 * of the elements in row-major order.
 */
final class Tensors
{
    /** Most elements a rebuilt tensor may have (16 Mi doubles, 128 MiB). */
    static final int MAX_ELEMENTS = 1 << 24;

    private Tensors()
    {
    }

    static Object rebuild(final PyTuple args, final Failure failure) throws PickleException
    {
        if (args.size() < 6 || args.size() > 7)
        {
            throw failure.fail("_rebuild_tensor_v2 expects 6 or 7 arguments, got " + args.size());
        }
        if (!(args.get(0) instanceof TorchStorage))
        {
            throw failure.fail("_rebuild_tensor_v2 needs a storage from a persistent id, got " +
                Values.typeName(args.get(0)));
        }
        final TorchStorage storage = (TorchStorage)args.get(0);
        final long offset = integer(args.get(1), "storage_offset", failure);
        final long[] size = dims(args.get(2), "size", failure);
        final long[] stride = dims(args.get(3), "stride", failure);
        if (size.length != stride.length)
        {
            throw failure.fail("tensor size " + args.get(2) + " and stride " + args.get(3) + " differ in rank");
        }
        final Object hooks = args.get(5);
        if (hooks != null && !(hooks instanceof PyDict && ((PyDict)hooks).isEmpty()))
        {
            throw failure.fail("tensor backward hooks are not supported");
        }
        long count = 1;
        long maxIndex = offset;
        for (int d = 0; d < size.length; d++)
        {
            if (size[d] < 0 || stride[d] < 0)
            {
                throw failure.fail("negative tensor size or stride " + args.get(2) + "/" + args.get(3));
            }
            count *= size[d];
            if (count > MAX_ELEMENTS)
            {
                throw failure.fail("tensor of size " + args.get(2) + " exceeds " + MAX_ELEMENTS + " elements");
            }
            if (size[d] > 0 && stride[d] > 0)
            {
                maxIndex = size[d] - 1 > (Long.MAX_VALUE - maxIndex) / stride[d] ?
                    Long.MAX_VALUE : maxIndex + (size[d] - 1) * stride[d];
            }
        }
        if (offset < 0 || (count > 0 && maxIndex >= storage.elementCount()))
        {
            throw failure.fail("tensor of size " + args.get(2) + ", stride " + args.get(3) + " and offset " + offset +
                " reaches beyond its storage of " + storage.elementCount() + " elements");
        }
        if (storage.isPlaceholder())
        {
            return size.length == 0 ? (Object)0.0 : new double[0];
        }
        if (size.length == 0)
        {
            return storage.element((int)offset);
        }
        final double[] out = new double[(int)count];
        final int rank = size.length;
        final long[] index = new long[rank];
        long at = offset;
        for (int i = 0; i < out.length; i++)
        {
            out[i] = storage.element((int)at);
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < size[d])
                {
                    at += stride[d];
                    break;
                }
                at -= (size[d] - 1) * stride[d];
                index[d] = 0;
            }
        }
        return out;
    }

    private static long integer(final Object o, final String what, final Failure failure) throws PickleException
    {
        if (!(o instanceof Long))
        {
            throw failure.fail("tensor " + what + " must be an int, got " + Values.typeName(o));
        }
        return (Long)o;
    }

    private static long[] dims(final Object o, final String what, final Failure failure) throws PickleException
    {
        if (!(o instanceof PyTuple))
        {
            throw failure.fail("tensor " + what + " must be a tuple, got " + Values.typeName(o));
        }
        final PyTuple t = (PyTuple)o;
        final long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = integer(t.get(i), what, failure);
        }
        return out;
    }
}
