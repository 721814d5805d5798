package org.nasmap.writer.pickle;

/** Makes the unpickler's exception for a message: it adds the file and the stream position. */
@FunctionalInterface
interface Failure
{
    /**
     * @param message what is wrong.
     * @return the exception to throw.
     */
    PickleException fail(String message);
}
