package org.nasmap.writer.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.nasmap.format.SourceKind;
import org.nasmap.format.Space;
import org.nasmap.writer.pickle.PickleInput;
import org.nasmap.writer.pickle.Unpickler;

/**
 * A NATS-Bench single file ({@code *.pickle.pbz2}, or an uncompressed pickle): one pickle of
 * {@code {meta_archs, total_archs, arch2infos: {index: {hp: ArchResults state}}, evaluated_indexes}}.
 * The {@code arch2infos} entries are streamed (see {@link Unpickler#stream}), so memory stays
 * bounded by one architecture's record. Records come in file order.
 */
public final class NatsSingleSource implements Source
{
    private final Path file;
    private final List<String> meta;
    private final Space space;
    private final int held;

    private NatsSingleSource(final Path file, final Meta meta, final int held)
    {
        this.file = file;
        this.meta = meta.archs();
        this.space = meta.space();
        this.held = held;
    }

    /**
     * Reads the file up to the start of {@code arch2infos} to learn the meta list and space.
     *
     * @param file the file.
     * @return the source.
     * @throws IOException when the file is unreadable or malformed.
     */
    public static NatsSingleSource open(final Path file) throws IOException
    {
        final ArchStreamer.MetaGrab grab = new ArchStreamer.MetaGrab();
        final Object top;
        try (InputStream in = input(file))
        {
            top = new Unpickler(PickleInput.of(in, knownLength(file), file.toString())).stream(ArchStreamer.KEY, grab).load();
        }
        return new NatsSingleSource(file, grab.meta(top, file.toString()), grab.heldCount(top));
    }

    /**
     * @return true when the file starts with a pickle PROTO opcode (an uncompressed pickle).
     */
    static boolean isPlainPickle(final Path file) throws IOException
    {
        try (InputStream in = Files.newInputStream(file))
        {
            return in.read() == 0x80;
        }
    }

    /** @return the pickle's length for an uncompressed file, else -1. */
    private static long knownLength(final Path file) throws IOException
    {
        return Bz2.isBz2(file) ? -1 : Files.size(file);
    }

    private static InputStream input(final Path file) throws IOException
    {
        if (Bz2.isBz2(file))
        {
            return new ReadAheadInputStream(Bz2.open(file), file.toString());
        }
        if (isPlainPickle(file))
        {
            return new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16);
        }
        throw new SourceException("neither bzip2 nor a pickle: " + file);
    }

    @Override
    public SourceKind kind()
    {
        return SourceKind.NATS_SINGLE;
    }

    @Override
    public Space space()
    {
        return space;
    }

    @Override
    public List<String> metaArchs()
    {
        return meta;
    }

    /** @return -1: the number of records is only known once the file has been read. */
    @Override
    public int heldCountHint()
    {
        return held;
    }

    @Override
    public void forEach(final ArchConsumer consumer) throws IOException
    {
        final String name = file.toString();
        final ArchStreamer streamer = new ArchStreamer(meta, new RecordDecoder(space, meta, RecordDecoder.HpNaming.NATS), consumer, name);
        final Object top;
        try (InputStream in = input(file))
        {
            top = new Unpickler(PickleInput.of(in, knownLength(file), name)).stream(ArchStreamer.KEY, streamer).load();
        }
        streamer.finish(top);
    }

    @Override
    public void close()
    {
    }

    @Override
    public String toString()
    {
        return "NATS-Bench single file " + file + " (" + space.shortName() + ")";
    }
}
