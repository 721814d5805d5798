package org.nasmap.writer.pickle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file written by {@code torch.save}, in either serialization: the legacy one (a run of pickles:
 * magic number, protocol version, sys_info, the main object, the storage keys, then the raw
 * storages) or the zip one ({@code <name>/data.pkl} plus one {@code <name>/data/<key>} member per
 * storage). Only the main object is of interest; tensors in it are rebuilt from the file's own
 * storage records as plain Java values (see {@link Unpickler}).
 */
public final class TorchFile
{
    /** The two serializations of {@code torch.save}. */
    public enum Format
    {
        /** {@code _use_new_zipfile_serialization=False}: pickles back to back, then raw storages. */
        LEGACY,
        /** The zip archive of torch 1.6 and later. */
        ZIP
    }

    private final Path path;
    private final Format format;

    private TorchFile(final Path path, final Format format)
    {
        this.path = path;
        this.format = format;
    }

    /**
     * @param path a {@code .pth} file.
     * @return the file, with its format detected from its first bytes.
     * @throws IOException when it is neither serialization (for example the tar format of torch
     *                     before 0.1.10) or cannot be read.
     */
    public static TorchFile open(final Path path) throws IOException
    {
        final Format format = detect(path);
        if (format == null)
        {
            throw new PickleException("not a torch file (neither a zip archive nor a legacy pickle run): " + path);
        }
        final TorchFile f = new TorchFile(path, format);
        if (format == Format.ZIP)
        {
            TorchZip.validate(path);
        }
        return f;
    }

    /**
     * @param path a file.
     * @return its torch serialization judging by the first bytes, or null.
     * @throws IOException when it cannot be read.
     */
    public static Format detect(final Path path) throws IOException
    {
        final byte[] head = new byte[4];
        int n = 0;
        try (InputStream in = Files.newInputStream(path))
        {
            while (n < head.length)
            {
                final int r = in.read(head, n, head.length - n);
                if (r < 0)
                {
                    break;
                }
                n += r;
            }
        }
        if (n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4)
        {
            return Format.ZIP;
        }
        // torch.save's legacy format starts with the pickled magic number: PROTO 2, LONG1 of 10 bytes
        if (n == 4 && (head[0] & 0xFF) == Opcodes.PROTO && head[1] == 2 && (head[2] & 0xFF) == Opcodes.LONG1 && head[3] == 10)
        {
            return Format.LEGACY;
        }
        return null;
    }

    /** @return the serialization. */
    public Format format()
    {
        return format;
    }

    /** @return the file. */
    public Path path()
    {
        return path;
    }

    /**
     * Parses the main object, from the start of the file each time.
     *
     * @param streamKey a top-level key whose dict value is streamed (see
     *                  {@link Unpickler#stream(String, EntryStreamer)}), or null.
     * @param streamer  receives the streamed entries, or null.
     * @return the main object; null when the streamer stopped the parse.
     * @throws IOException when the file is malformed or refused, naming the file.
     */
    public Object load(final String streamKey, final EntryStreamer streamer) throws IOException
    {
        return format == Format.ZIP ? TorchZip.load(path, streamKey, streamer) : TorchLegacy.load(path, streamKey, streamer);
    }

    /** Starts a streaming parse when asked to. */
    static Unpickler unpickler(final PickleInput in, final PersistentLoader loader, final String streamKey, final EntryStreamer streamer)
    {
        final Unpickler u = new Unpickler(in).persistentLoader(loader);
        if (streamKey != null)
        {
            u.stream(streamKey, streamer);
        }
        return u;
    }

    /**
     * Checks a persistent id of the form {@code ('storage', storage_type, key, location, numel, ...)}.
     *
     * @return the id as a tuple of at least 5 items.
     */
    static PyTuple storageId(final Object pid, final int size, final String file) throws PickleException
    {
        if (!(pid instanceof PyTuple) || ((PyTuple)pid).size() < 1)
        {
            throw new PickleException("torch persistent id " + Values.describe(pid) + " is not a tuple (file: " + file + ")");
        }
        final PyTuple t = (PyTuple)pid;
        final Object typename = t.get(0) instanceof byte[] ? new String((byte[])t.get(0), java.nio.charset.StandardCharsets.US_ASCII) : t.get(0);
        if (!"storage".equals(typename))
        {
            throw new PickleException("torch persistent id of type " + Values.describe(typename) + " is not supported, only storages (file: " +
                file + ")");
        }
        if (t.size() != size || !(t.get(1) instanceof PickleGlobal) || ((PickleGlobal)t.get(1)).storageType() == null ||
            !(t.get(2) instanceof String) || !(t.get(4) instanceof Long) || (Long)t.get(4) < 0)
        {
            throw new PickleException("malformed torch storage id " + Values.describe(pid) + " (file: " + file + ")");
        }
        return t;
    }
}
