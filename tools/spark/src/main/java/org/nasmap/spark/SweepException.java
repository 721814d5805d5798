package org.nasmap.spark;

/**
 * A user's error: a bad specification, a bad or missing file, an output that exists. The command prints its
 * message, which names what is wrong, without a stack trace. Serializable as every exception is, so a task
 * that fails with one reports the same message to the driver.
 */
public final class SweepException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public SweepException(final String message)
    {
        super(message, null, false, false);
    }

    public SweepException(final String message, final Throwable cause)
    {
        super(message, cause, false, false);
    }

    /** @return the first {@link SweepException} in a chain of causes, or null. */
    public static SweepException find(final Throwable t)
    {
        for (Throwable c = t; c != null; c = c.getCause())
        {
            if (c instanceof SweepException)
            {
                return (SweepException)c;
            }
            if (c.getCause() == c)
            {
                break;
            }
        }
        return null;
    }
}
