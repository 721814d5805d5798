/**
 * A safe, streaming reader of Python pickles (protocols 0 to 5) and of the files {@code torch.save}
 * writes, for the NAS-Bench-201 and NATS-Bench sources.
 *
 * <p>Safety: {@link org.nasmap.writer.pickle.Unpickler} builds plain Java values only and accepts
 * only the globals of {@link org.nasmap.writer.pickle.PickleGlobal}; nothing a pickle names is ever
 * looked up or executed. Every failure is a {@link org.nasmap.writer.pickle.PickleException} naming
 * the file (and usually the byte position).
 *
 * <p>Limits: strings and bytes up to {@link org.nasmap.writer.pickle.PickleInput#MAX_LENGTH}
 * (checked before anything is allocated); {@value org.nasmap.writer.pickle.Unpickler#MAX_MARKS} open
 * MARKs; {@value org.nasmap.writer.pickle.Unpickler#MAX_STACK} stack entries; containers nested
 * {@value org.nasmap.writer.pickle.Unpickler#MAX_NESTING} deep; memo indices below 2^31 and at most
 * 4 Mi beyond the highest in use; tensors of at most 16 Mi elements; protocol at most 5.
 *
 * <p>Memory: {@link org.nasmap.writer.pickle.Unpickler#stream} hands the entries of one big dict
 * over one at a time, so a multi-gigabyte file is read within the memory of one entry.
 */
package org.nasmap.writer.pickle;
