package org.nasmap.writer.source;

import java.io.IOException;
import java.util.List;

import org.nasmap.format.Space;
import org.nasmap.format.SourceKind;

/**
 * A benchmark source, read as a stream of architectures so that memory stays bounded by one
 * architecture's record whatever the size of the benchmark.
 */
public interface Source extends AutoCloseable
{
    /** Receives architectures one at a time; the record may be dropped once the call returns. */
    @FunctionalInterface
    interface ArchConsumer
    {
        void accept(ArchRecord record) throws IOException;
    }

    /** @return what kind of source this is. */
    SourceKind kind();

    /** @return the search space, detected from the source. */
    Space space();

    /** @return every architecture string of the space, in index order ({@code meta_archs}). */
    List<String> metaArchs();

    /** @return how many architectures {@link #forEach} will deliver, or -1 when not known ahead. */
    int heldCountHint();

    /**
     * Delivers every evaluated architecture, each once, in a deterministic order.
     *
     * @param consumer receives each record.
     * @throws IOException when the source cannot be read or is malformed (the message names the file).
     */
    void forEach(ArchConsumer consumer) throws IOException;

    @Override
    void close() throws IOException;
}
