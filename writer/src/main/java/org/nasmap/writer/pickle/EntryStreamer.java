package org.nasmap.writer.pickle;

import java.io.IOException;
import java.util.Map;

/**
 * Receives, one at a time, the entries of one large dict of a pickle instead of the dict holding
 * them: the value of a given key of the top-level dict (for example {@code arch2infos}). See
 * {@link Unpickler#stream(String, EntryStreamer)} for when an entry counts as complete.
 */
public interface EntryStreamer
{
    /**
     * Called once, when the streamed dict is created.
     *
     * @param preceding the entries of the top-level dict that precede the streamed key, in order.
     * @return true to go on parsing; false to stop right there ({@link Unpickler#load()} then returns
     *         null and {@link Unpickler#stopped()} is true).
     * @throws IOException to abort the parse.
     */
    boolean begin(Map<Object, Object> preceding) throws IOException;

    /**
     * Called for each complete entry, in stream order. The entry is not inserted into the dict, and
     * the unpickler keeps no reference to its mutable parts afterwards.
     *
     * @param key   the entry's key.
     * @param value the entry's value.
     * @throws IOException to abort the parse.
     */
    void entry(Object key, Object value) throws IOException;
}
