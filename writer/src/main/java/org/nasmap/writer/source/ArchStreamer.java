package org.nasmap.writer.source;

import java.io.IOException;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.nasmap.writer.pickle.EntryStreamer;
import org.nasmap.writer.pickle.Values;

/**
 * Receives the {@code arch2infos} entries of a single-file source (NATS-Bench single file or
 * NAS-Bench-201 .pth) as the unpickler completes them, decodes each into an {@link ArchRecord} and
 * hands it on. Afterwards, {@link #finish} checks {@code evaluated_indexes} against what was
 * delivered.
 */
final class ArchStreamer implements EntryStreamer
{
    /** The top-level key whose dict is streamed. */
    static final String KEY = "arch2infos";

    private final List<String> meta;
    private final RecordDecoder decoder;
    private final Source.ArchConsumer consumer;
    private final String file;
    private final BitSet delivered = new BitSet();
    private int count;

    ArchStreamer(final List<String> meta, final RecordDecoder decoder, final Source.ArchConsumer consumer, final String file)
    {
        this.meta = meta;
        this.decoder = decoder;
        this.consumer = consumer;
        this.file = file;
    }

    @Override
    public boolean begin(final Map<Object, Object> preceding) throws IOException
    {
        final Meta m = Meta.of(preceding, file);
        if (!m.archs().equals(meta))
        {
            throw new SourceException("meta_archs changed since the source was opened: " + file);
        }
        return true;
    }

    @Override
    public void entry(final Object key, final Object value) throws IOException
    {
        if (!(key instanceof Long) || (Long)key < 0 || (Long)key >= meta.size())
        {
            throw new SourceException("arch2infos key " + Values.describe(key) + " is not an index of the meta list of " +
                meta.size() + " (file: " + file + ")");
        }
        final int index = (int)(long)(Long)key;
        if (delivered.get(index))
        {
            throw new SourceException("arch2infos holds architecture " + index + " twice (file: " + file + ")");
        }
        delivered.set(index);
        count++;
        consumer.accept(decoder.decode(index, value, file));
    }

    /** @return the number of records delivered. */
    int count()
    {
        return count;
    }

    /**
     * Delivers what the parse did not stream (a pickle whose arch2infos could not be streamed) and
     * checks that evaluated_indexes lists exactly the delivered architectures.
     *
     * @param top the parsed top-level object.
     * @throws IOException when the two disagree or the top level is malformed.
     */
    void finish(final Object top) throws IOException
    {
        if (!(top instanceof Map))
        {
            throw new SourceException("top level of " + file + " is a " + Values.typeName(top) + ", not a dict");
        }
        final Map<?, ?> map = (Map<?, ?>)top;
        final Object rest = map.get(KEY);
        if (rest instanceof Map)
        {
            for (final Map.Entry<?, ?> e : ((Map<?, ?>)rest).entrySet())
            {
                entry(e.getKey(), e.getValue());
            }
        }
        else if (rest != null)
        {
            throw new SourceException(KEY + " is a " + Values.typeName(rest) + ", not a dict, in " + file);
        }
        final Object evaluated = map.get("evaluated_indexes");
        if (evaluated == null)
        {
            return;
        }
        if (!(evaluated instanceof Collection))
        {
            throw new SourceException("evaluated_indexes is a " + Values.typeName(evaluated) + " in " + file);
        }
        final BitSet listed = new BitSet();
        for (final Object o : (Collection<?>)evaluated)
        {
            if (!(o instanceof Long) || (Long)o < 0 || (Long)o >= meta.size())
            {
                throw new SourceException("evaluated_indexes holds " + Values.describe(o) + ", not an index of the meta list, in " + file);
            }
            listed.set((int)(long)(Long)o);
        }
        if (!listed.equals(delivered))
        {
            final BitSet missing = (BitSet)listed.clone();
            missing.andNot(delivered);
            final BitSet extra = (BitSet)delivered.clone();
            extra.andNot(listed);
            throw new SourceException("evaluated_indexes disagrees with arch2infos in " + file + ": " + missing.cardinality() +
                " listed without a record" + (missing.isEmpty() ? "" : " (first " + missing.nextSetBit(0) + ")") + ", " +
                extra.cardinality() + " records not listed" + (extra.isEmpty() ? "" : " (first " + extra.nextSetBit(0) + ")"));
        }
    }

    /** Stops the parse when the streamed dict starts, keeping the entries before it (the meta list). */
    static final class MetaGrab implements EntryStreamer
    {
        private Map<Object, Object> preceding;

        @Override
        public boolean begin(final Map<Object, Object> preceding)
        {
            this.preceding = preceding;
            return false;
        }

        @Override
        public void entry(final Object key, final Object value)
        {
            throw new IllegalStateException("MetaGrab stops at begin");
        }

        /**
         * @param top  what the parse returned (null when it stopped).
         * @param file the file, for messages.
         * @return the meta list and space.
         */
        Meta meta(final Object top, final String file) throws SourceException
        {
            if (preceding != null)
            {
                return Meta.of(preceding, file);
            }
            if (!(top instanceof Map))
            {
                throw new SourceException("top level of " + file + " is a " + Values.typeName(top) + ", not a dict");
            }
            return Meta.of((Map<?, ?>)top, file);
        }

        /**
         * @return the number of architectures when the whole file was parsed (no arch2infos dict
         *         to stream), else -1.
         */
        int heldCount(final Object top)
        {
            if (preceding != null || !(top instanceof Map))
            {
                return -1;
            }
            final Object a = ((Map<?, ?>)top).get(KEY);
            return a instanceof Map ? ((Map<?, ?>)a).size() : 0;
        }
    }
}
