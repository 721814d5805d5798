package org.nasmap.writer.source;

import java.io.IOException;

/**
 * A benchmark source is readable but does not hold what the schema says: an unknown hp, dataset
 * or evaluation name, a record that disagrees with the meta list, a misnamed archive member, ...
 * The message names the file and, where it applies, the architecture.
 */
public class SourceException extends IOException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the file.
     */
    public SourceException(final String message)
    {
        super(message);
    }

    /**
     * @param message what is wrong, naming the file.
     * @param cause   the underlying failure.
     */
    public SourceException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
