package org.nasmap.writer.pickle;

import java.io.IOException;

/**
 * A pickle stream (or the container around it) is malformed, hostile or uses something this reader
 * refuses. The message always names the file and, where it helps, the byte position in the stream.
 */
public class PickleException extends IOException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the file.
     */
    public PickleException(final String message)
    {
        super(message);
    }

    /**
     * @param message what is wrong, naming the file.
     * @param cause   the underlying failure.
     */
    public PickleException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
