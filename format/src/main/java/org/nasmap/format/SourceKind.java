package org.nasmap.format;

/** What a file was converted from; recorded in the header for {@code info}. */
public enum SourceKind
{
    /** Not recorded. */
    UNKNOWN,
    /** A NATS-Bench {@code -simple} archive folder (meta plus one pickle per architecture). */
    NATS_ARCHIVE,
    /** A NATS-Bench single {@code .pickle.pbz2} file. */
    NATS_SINGLE,
    /** A NAS-Bench-201 {@code .pth} torch file (legacy or zip serialization). */
    NB201_PTH
}
