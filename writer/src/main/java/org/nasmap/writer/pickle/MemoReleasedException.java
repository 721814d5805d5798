package org.nasmap.writer.pickle;

/**
 * A memo reference points at an object that the streaming reader released after handing an
 * earlier entry of the streamed dict to its {@link EntryStreamer}: the pickle shares a mutable
 * object (or a duplicate leaf) between streamed entries, which bounded-memory streaming does not
 * support.
 */
public final class MemoReleasedException extends PickleException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the file and the memo index.
     */
    public MemoReleasedException(final String message)
    {
        super(message);
    }
}
