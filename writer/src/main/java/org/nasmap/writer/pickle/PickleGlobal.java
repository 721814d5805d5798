package org.nasmap.writer.pickle;

/**
 * The only globals ({@code GLOBAL}/{@code STACK_GLOBAL}) a pickle may name. Each stands for a fixed,
 * side-effect-free Java rebuild; nothing named by a pickle is ever looked up or executed. Any other
 * global is refused with a {@link PickleException} that names it.
 */
public enum PickleGlobal
{
    /** {@code collections.OrderedDict}. */
    ORDERED_DICT("collections", "OrderedDict", null),
    /** {@code builtins.set} ({@code __builtin__.set} in protocol 2). */
    SET("builtins", "set", null),
    /** {@code builtins.frozenset}. */
    FROZENSET("builtins", "frozenset", null),
    /** {@code _codecs.encode}, only with the latin-1 encoding (protocol 2 bytes). */
    CODECS_ENCODE("_codecs", "encode", null),
    /** {@code numpy.dtype}. */
    NUMPY_DTYPE("numpy", "dtype", null),
    /** {@code numpy.core.multiarray.scalar} (numpy 1) or {@code numpy._core.multiarray.scalar} (numpy 2). */
    NUMPY_SCALAR("numpy.core.multiarray", "scalar", null),
    /** {@code torch._utils._rebuild_tensor_v2}, only when a persistent loader is installed. */
    TORCH_REBUILD_TENSOR_V2("torch._utils", "_rebuild_tensor_v2", null),
    /** {@code torch.FloatStorage}. */
    TORCH_FLOAT_STORAGE("torch", "FloatStorage", StorageType.FLOAT),
    /** {@code torch.DoubleStorage}. */
    TORCH_DOUBLE_STORAGE("torch", "DoubleStorage", StorageType.DOUBLE),
    /** {@code torch.HalfStorage}. */
    TORCH_HALF_STORAGE("torch", "HalfStorage", StorageType.HALF),
    /** {@code torch.LongStorage}. */
    TORCH_LONG_STORAGE("torch", "LongStorage", StorageType.LONG),
    /** {@code torch.IntStorage}. */
    TORCH_INT_STORAGE("torch", "IntStorage", StorageType.INT),
    /** {@code torch.ShortStorage}. */
    TORCH_SHORT_STORAGE("torch", "ShortStorage", StorageType.SHORT),
    /** {@code torch.CharStorage}. */
    TORCH_CHAR_STORAGE("torch", "CharStorage", StorageType.CHAR),
    /** {@code torch.ByteStorage}. */
    TORCH_BYTE_STORAGE("torch", "ByteStorage", StorageType.BYTE),
    /** {@code torch.BoolStorage}. */
    TORCH_BOOL_STORAGE("torch", "BoolStorage", StorageType.BOOL);

    private final String module;
    private final String name;
    private final StorageType storageType;

    PickleGlobal(final String module, final String name, final StorageType storageType)
    {
        this.module = module;
        this.name = name;
        this.storageType = storageType;
    }

    /** @return the storage type when this is a torch storage class, else null. */
    public StorageType storageType()
    {
        return storageType;
    }

    /** @return true for the globals that only torch files may use. */
    public boolean isTorch()
    {
        return module.startsWith("torch");
    }

    /**
     * @param module the module the pickle names.
     * @param name   the attribute the pickle names.
     * @return the allowed global, or null when that pair is not allowed.
     */
    public static PickleGlobal resolve(final String module, final String name)
    {
        switch (module)
        {
            case "collections":
                return "OrderedDict".equals(name) ? ORDERED_DICT : null;
            case "builtins":
            case "__builtin__":
                return "set".equals(name) ? SET : "frozenset".equals(name) ? FROZENSET : null;
            case "_codecs":
                return "encode".equals(name) ? CODECS_ENCODE : null;
            case "numpy":
                return "dtype".equals(name) ? NUMPY_DTYPE : null;
            case "numpy.core.multiarray":
            case "numpy._core.multiarray":
                return "scalar".equals(name) ? NUMPY_SCALAR : null;
            case "torch._utils":
                return "_rebuild_tensor_v2".equals(name) ? TORCH_REBUILD_TENSOR_V2 : null;
            case "torch":
                final StorageType t = StorageType.ofClassName(name);
                return t == null ? null : values()[TORCH_FLOAT_STORAGE.ordinal() + t.ordinal()];
            default:
                return null;
        }
    }

    @Override
    public String toString()
    {
        return module + "." + name;
    }
}
