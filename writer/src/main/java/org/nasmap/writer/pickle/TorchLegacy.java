package org.nasmap.writer.pickle;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * torch's legacy serialization: pickles of the magic number, the protocol version (1001) and
 * sys_info, then the main object, then the list of storage keys, then for each key in that order the
 * storage: an 8-byte element count and the raw elements.
 *
 * <p>Storages are located lazily: only when the main pickle holds a persistent id is the file read
 * a second time, on its own channel, to learn each storage's element type (from the ids) and to
 * walk the storage region; a file without tensors is read once.
 */
final class TorchLegacy
{
    /** The magic number torch pickles first. */
    static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    /** The protocol version torch pickles second. */
    static final long PROTOCOL_VERSION = 1001;

    private TorchLegacy()
    {
    }

    static Object load(final Path path, final String streamKey, final EntryStreamer streamer) throws IOException
    {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ); InputStream is = Channels.newInputStream(ch))
        {
            final PickleInput in = PickleInput.of(is, ch.size(), path.toString());
            final boolean littleEndian = header(in, path);
            final Storages storages = new Storages(path, in.position(), littleEndian, streamKey);
            return TorchFile.unpickler(in, storages::load, streamKey, streamer).load();
        }
    }

    /**
     * Reads magic, protocol version and sys_info.
     *
     * @return the byte order sys_info declares.
     */
    private static boolean header(final PickleInput in, final Path path) throws IOException
    {
        final Object magic = new Unpickler(in).load();
        if (!MAGIC.equals(magic))
        {
            throw new PickleException("invalid torch magic number " + Values.describe(magic) + " (file: " + path + ")");
        }
        final Object version = new Unpickler(in).load();
        if (!Long.valueOf(PROTOCOL_VERSION).equals(version))
        {
            throw new PickleException("unsupported torch protocol version " + Values.describe(version) + " (file: " + path + ")");
        }
        final Object sysInfo = new Unpickler(in).load();
        if (!(sysInfo instanceof Map))
        {
            throw new PickleException("torch sys_info is a " + Values.typeName(sysInfo) + ", not a dict (file: " + path + ")");
        }
        final Object little = ((Map<?, ?>)sysInfo).get("little_endian");
        return !Boolean.FALSE.equals(little);
    }

    /** Drops streamed entries: the locating pass only wants the storage ids. */
    private static final EntryStreamer DISCARD = new EntryStreamer()
    {
        @Override
        public boolean begin(final Map<Object, Object> preceding)
        {
            return true;
        }

        @Override
        public void entry(final Object key, final Object value)
        {
        }
    };

    /** The storage region, located on first use. */
    private static final class Storages
    {
        private final Path path;
        private final String file;
        private final long mainStart;
        private final boolean littleEndian;
        private final String streamKey;
        private Map<String, long[]> located;
        private final Map<String, TorchStorage> loaded = new HashMap<>();

        Storages(final Path path, final long mainStart, final boolean littleEndian, final String streamKey)
        {
            this.streamKey = streamKey;
            this.path = path;
            this.file = path.toString();
            this.mainStart = mainStart;
            this.littleEndian = littleEndian;
        }

        Object load(final Object pid) throws IOException
        {
            final PyTuple id = TorchFile.storageId(pid, 6, file);
            final StorageType type = ((PickleGlobal)id.get(1)).storageType();
            final String key = (String)id.get(2);
            TorchStorage root = loaded.get(key);
            if (root == null)
            {
                if (located == null)
                {
                    located = locate();
                }
                final long[] where = located.get(key);
                if (where == null)
                {
                    throw new PickleException("torch storage '" + key + "' is not in the storage list (file: " + file + ")");
                }
                root = read(key, type, where[0], where[1]);
                loaded.put(key, root);
            }
            else if (root.type() != type)
            {
                throw new PickleException("torch storage '" + key + "' used as " + type + " and " + root.type() + " (file: " + file + ")");
            }
            final Object view = id.get(5);
            if (view == null)
            {
                return root;
            }
            if (!(view instanceof PyTuple) || ((PyTuple)view).size() != 3 || !(((PyTuple)view).get(1) instanceof Long) ||
                !(((PyTuple)view).get(2) instanceof Long))
            {
                throw new PickleException("malformed torch storage view " + Values.describe(view) + " (file: " + file + ")");
            }
            final long offset = (Long)((PyTuple)view).get(1);
            final long size = (Long)((PyTuple)view).get(2);
            if (offset < 0 || size < 0 || offset + size > root.elementCount())
            {
                throw new PickleException("torch storage view " + Values.describe(view) + " exceeds storage '" + key + "' of " +
                    root.elementCount() + " elements (file: " + file + ")");
            }
            return root.view((int)offset, (int)size);
        }

        /**
         * Parses the main pickle again (entries dropped as they complete) to learn each storage's type,
         * then walks the storage region.
         *
         * @return key -> {element count, offset of the first element}.
         */
        private Map<String, long[]> locate() throws IOException
        {
            final Map<String, StorageType> types = new HashMap<>();
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ))
            {
                ch.position(mainStart);
                final PickleInput in = PickleInput.of(Channels.newInputStream(ch), ch.size() - mainStart, file);
                final PersistentLoader recorder = pid ->
                {
                    final PyTuple id = TorchFile.storageId(pid, 6, file);
                    final StorageType t = ((PickleGlobal)id.get(1)).storageType();
                    final StorageType before = types.putIfAbsent((String)id.get(2), t);
                    if (before != null && before != t)
                    {
                        throw new PickleException("torch storage '" + id.get(2) + "' used as " + t + " and " + before + " (file: " + file + ")");
                    }
                    final long numel = (Long)id.get(4);
                    return TorchStorage.placeholder(t, (int)Math.min(numel, Integer.MAX_VALUE));
                };
                final Unpickler main = new Unpickler(in).persistentLoader(recorder);
                if (streamKey != null)
                {
                    main.stream(streamKey, DISCARD);
                }
                main.load();
                final Object keys = new Unpickler(in).load();
                if (!(keys instanceof List))
                {
                    throw new PickleException("torch storage key list is a " + Values.typeName(keys) + " (file: " + file + ")");
                }
                long at = mainStart + in.position();
                final long end = ch.size();
                final Map<String, long[]> out = new HashMap<>();
                final ByteBuffer count = ByteBuffer.allocate(8).order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
                for (final Object k : (List<?>)keys)
                {
                    if (!(k instanceof String))
                    {
                        throw new PickleException("torch storage key " + Values.describe(k) + " is not a string (file: " + file + ")");
                    }
                    final StorageType t = types.get(k);
                    if (t == null)
                    {
                        throw new PickleException("torch storage '" + k + "' has no persistent id, so its element size is unknown (file: " +
                            file + ")");
                    }
                    count.clear();
                    if (at + 8 > end || ch.read(count, at) != 8)
                    {
                        throw new PickleException("torch storage region ends before storage '" + k + "' (file: " + file + ")");
                    }
                    final long numel = count.getLong(0);
                    if (numel < 0 || numel > (end - at - 8) / t.elementSize())
                    {
                        throw new PickleException("torch storage '" + k + "' claims " + numel + " elements beyond the end of the file (file: " +
                            file + ")");
                    }
                    out.put((String)k, new long[]{numel, at + 8});
                    at += 8 + numel * t.elementSize();
                }
                return out;
            }
        }

        private TorchStorage read(final String key, final StorageType type, final long numel, final long offset) throws IOException
        {
            if (numel > PickleInput.MAX_LENGTH / type.elementSize())
            {
                throw new PickleException("torch storage '" + key + "' of " + numel + " elements is too large (file: " + file + ")");
            }
            final ByteBuffer data = ByteBuffer.allocate((int)(numel * type.elementSize()));
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ))
            {
                long at = offset;
                while (data.hasRemaining())
                {
                    final int r = ch.read(data, at);
                    if (r < 0)
                    {
                        throw new PickleException("torch storage '" + key + "' is truncated (file: " + file + ")");
                    }
                    at += r;
                }
            }
            return new TorchStorage(type, data.array(), 0, (int)numel, littleEndian);
        }
    }
}
