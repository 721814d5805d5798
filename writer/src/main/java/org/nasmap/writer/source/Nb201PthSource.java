package org.nasmap.writer.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.nasmap.format.SourceKind;
import org.nasmap.format.Space;
import org.nasmap.writer.pickle.TorchFile;
import org.nasmap.writer.pickle.Unpickler;

/**
 * A NAS-Bench-201 {@code .pth} file ({@code torch.save} output, legacy or zip serialization) of
 * {@code {meta_archs, total_archs, arch2infos: {index: {'less': state, 'full': state}},
 * evaluated_indexes}}. 'less' is hp 12 and 'full' hp 200. The {@code arch2infos} entries are
 * streamed (see {@link Unpickler#stream}), so memory stays bounded by one architecture's record.
 * Records come in file order. The space must be topology.
 */
public final class Nb201PthSource implements Source
{
    private final TorchFile torch;
    private final List<String> meta;
    private final int held;

    private Nb201PthSource(final TorchFile torch, final Meta meta, final int held)
    {
        this.torch = torch;
        this.meta = meta.archs();
        this.held = held;
    }

    /**
     * Reads the file up to the start of {@code arch2infos} to learn the meta list.
     *
     * @param file the .pth file.
     * @return the source.
     * @throws IOException when the file is not a torch file, is malformed, or is not topology.
     */
    public static Nb201PthSource open(final Path file) throws IOException
    {
        final TorchFile torch = TorchFile.open(file);
        final ArchStreamer.MetaGrab grab = new ArchStreamer.MetaGrab();
        final Object top = torch.load(ArchStreamer.KEY, grab);
        final Meta meta = grab.meta(top, file.toString());
        if (meta.space() != Space.TOPOLOGY)
        {
            throw new SourceException("a NAS-Bench-201 file must hold topology architectures, but " + file + " holds " +
                meta.space().shortName() + " ones");
        }
        return new Nb201PthSource(torch, meta, grab.heldCount(top));
    }

    /** @return the torch serialization of the file. */
    public TorchFile.Format format()
    {
        return torch.format();
    }

    @Override
    public SourceKind kind()
    {
        return SourceKind.NB201_PTH;
    }

    @Override
    public Space space()
    {
        return Space.TOPOLOGY;
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
        final String name = torch.path().toString();
        final ArchStreamer streamer =
            new ArchStreamer(meta, new RecordDecoder(Space.TOPOLOGY, meta, RecordDecoder.HpNaming.NB201), consumer, name);
        streamer.finish(torch.load(ArchStreamer.KEY, streamer));
    }

    @Override
    public void close()
    {
    }

    @Override
    public String toString()
    {
        return "NAS-Bench-201 file " + torch.path() + " (" + torch.format().name().toLowerCase(java.util.Locale.ROOT) + " serialization)";
    }
}
