package org.nasmap.writer.pickle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * torch's zip serialization: {@code <name>/data.pkl}, {@code <name>/data/<key>},
 * {@code <name>/version} and, since torch 2.1, {@code <name>/byteorder}. Every member must stay in
 * the one top folder: a member whose path leaves it is refused.
 */
final class TorchZip
{
    private TorchZip()
    {
    }

    /**
     * @return the top folder, checking that every member lies inside it.
     */
    static String validate(final Path path) throws IOException
    {
        try (ZipFile zip = new ZipFile(path.toFile()))
        {
            return prefix(zip, path);
        }
    }

    private static String prefix(final ZipFile zip, final Path path) throws IOException
    {
        String prefix = null;
        final Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements())
        {
            final String name = entries.nextElement().getName();
            checkMemberName(name, path);
            if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length())
            {
                if (prefix != null)
                {
                    throw new PickleException("torch zip file has two data.pkl members: " + prefix + "/data.pkl and " + name + " (file: " + path + ")");
                }
                prefix = name.substring(0, name.indexOf('/'));
            }
        }
        if (prefix == null)
        {
            throw new PickleException("torch zip file has no <name>/data.pkl member (file: " + path + ")");
        }
        final Enumeration<? extends ZipEntry> again = zip.entries();
        while (again.hasMoreElements())
        {
            final String name = again.nextElement().getName();
            if (!name.startsWith(prefix + "/"))
            {
                throw new PickleException("torch zip member '" + name + "' lies outside the archive folder '" + prefix + "/' (file: " + path + ")");
            }
        }
        return prefix;
    }

    /** Refuses absolute paths, drive letters, backslashes and ".." segments. */
    static void checkMemberName(final String name, final Path path) throws PickleException
    {
        boolean bad = name.isEmpty() || name.startsWith("/") || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0 ||
            (name.length() >= 2 && name.charAt(1) == ':');
        for (final String segment : name.split("/", -1))
        {
            bad |= "..".equals(segment) || ".".equals(segment);
        }
        if (bad)
        {
            throw new PickleException("torch zip member path '" + name + "' tries to leave its folder (file: " + path + ")");
        }
    }

    static Object load(final Path path, final String streamKey, final EntryStreamer streamer) throws IOException
    {
        final String file = path.toString();
        try (ZipFile zip = new ZipFile(path.toFile()))
        {
            final String prefix = prefix(zip, path);
            final boolean littleEndian = littleEndian(zip, prefix, file);
            final ZipEntry data = zip.getEntry(prefix + "/data.pkl");
            final Map<String, TorchStorage> storages = new HashMap<>();
            final PersistentLoader loader = pid ->
            {
                final PyTuple id = TorchFile.storageId(pid, 5, file);
                final StorageType type = ((PickleGlobal)id.get(1)).storageType();
                final String key = (String)id.get(2);
                final long numel = (Long)id.get(4);
                TorchStorage s = storages.get(key);
                if (s == null)
                {
                    s = readStorage(zip, prefix, key, type, numel, littleEndian, path);
                    storages.put(key, s);
                }
                else if (s.type() != type)
                {
                    throw new PickleException("torch storage '" + key + "' used as " + type + " and " + s.type() + " (file: " + file + ")");
                }
                return s;
            };
            try (InputStream in = zip.getInputStream(data))
            {
                final PickleInput input = PickleInput.of(in, data.getSize(), file + "!" + data.getName());
                return TorchFile.unpickler(input, loader, streamKey, streamer).load();
            }
        }
    }

    private static boolean littleEndian(final ZipFile zip, final String prefix, final String file) throws IOException
    {
        final ZipEntry e = zip.getEntry(prefix + "/byteorder");
        if (e == null)
        {
            return true;
        }
        if (e.getSize() > 16)
        {
            throw new PickleException("torch zip byteorder member is too long (file: " + file + ")");
        }
        try (InputStream in = zip.getInputStream(e))
        {
            final String order = new String(in.readNBytes(16), StandardCharsets.US_ASCII).trim();
            if ("little".equals(order))
            {
                return true;
            }
            if ("big".equals(order))
            {
                return false;
            }
            throw new PickleException("torch zip byteorder '" + order + "' is unknown (file: " + file + ")");
        }
    }

    private static TorchStorage readStorage(final ZipFile zip, final String prefix, final String key, final StorageType type,
        final long numel, final boolean littleEndian, final Path path) throws IOException
    {
        final String file = path.toString();
        if (key.isEmpty() || key.indexOf('/') >= 0 || key.indexOf('\\') >= 0 || "..".equals(key) || ".".equals(key))
        {
            throw new PickleException("torch storage key '" + key + "' is not a plain member name (file: " + file + ")");
        }
        final long bytes = numel * type.elementSize();
        if (numel > PickleInput.MAX_LENGTH / type.elementSize())
        {
            throw new PickleException("torch storage '" + key + "' of " + numel + " elements is too large (file: " + file + ")");
        }
        final String name = prefix + "/data/" + key;
        final ZipEntry e = zip.getEntry(name);
        if (e == null)
        {
            throw new PickleException("torch zip file lacks storage member " + name + " (file: " + file + ")");
        }
        if (e.getSize() >= 0 && e.getSize() < bytes)
        {
            throw new PickleException("torch storage member " + name + " holds " + e.getSize() + " bytes, " + bytes +
                " expected (file: " + file + ")");
        }
        try (InputStream in = zip.getInputStream(e))
        {
            final byte[] data = in.readNBytes((int)bytes);
            if (data.length < bytes)
            {
                throw new PickleException("torch storage member " + name + " ends after " + data.length + " of " + bytes +
                    " bytes (file: " + file + ")");
            }
            return new TorchStorage(type, data, 0, (int)numel, littleEndian);
        }
    }
}
