package org.nasmap.writer.pickle;

import java.io.IOException;

/**
 * Resolves the persistent ids of a pickle ({@code PERSID}/{@code BINPERSID}), as torch uses them for
 * tensor storages. Without a loader, a persistent id is an error.
 */
@FunctionalInterface
public interface PersistentLoader
{
    /**
     * @param pid the persistent id as built by the unpickler (a {@link PyTuple} for torch, a String
     *            for the text form).
     * @return the object that stands for it.
     * @throws IOException when the id is unknown or its data cannot be read.
     */
    Object load(Object pid) throws IOException;
}
