package org.nasmap.reader;

import java.util.ArrayList;
import java.util.List;

import net.openhft.hashing.LongHashFunction;
import org.agrona.concurrent.UnsafeBuffer;
import org.nasmap.format.Dataset;
import org.nasmap.format.Layout;
import org.nasmap.format.SeriesKind;
import org.nasmap.format.ShapeDecoder;
import org.nasmap.format.Split;

/**
 * Full verification of an open file: the xxHash64 of the head and of every section against the footer,
 * then every structural invariant that {@link NasmapFile#open} leaves to use time (trial, value, string,
 * latency and lookup references, valid UTF-8, epoch lists). Reads the whole file once.
 */
public final class NasmapVerifier
{
    /** What verification found. */
    public record Report(List<String> problems, long bytesHashed, int sectionsChecked, long referencesChecked)
    {
        /** @return true when nothing is wrong. */
        public boolean ok()
        {
            return problems.isEmpty();
        }
    }

    private static final int MAX_PROBLEMS = 100;

    private NasmapVerifier()
    {
    }

    /**
     * @param file an open file.
     * @return the report; {@link Report#ok()} when every checksum and invariant holds.
     */
    public static Report verify(final NasmapFile file)
    {
        final List<String> problems = new ArrayList<>();
        final UnsafeBuffer whole = file.whole();
        final LongHashFunction xx = LongHashFunction.xx();
        final int sectionCount = file.sectionCount();
        final long footer = file.fileLength() - Layout.footerLength(sectionCount);
        long hashed = 0;
        final long headLength = Layout.headEnd(sectionCount);
        final long headHash = xx.hashMemory(whole.addressOffset(), headLength);
        hashed += headLength;
        final long storedHead = whole.getLong((int)(footer + Layout.footerHeadHashOffset(sectionCount)));
        if (headHash != storedHead)
        {
            problems.add(String.format("header/section table checksum mismatch: stored %016x, computed %016x",
                storedHead, headHash));
        }
        for (int id = 1; id <= sectionCount; id++)
        {
            final long offset = file.sectionOffset(id);
            final long length = file.sectionLength(id);
            final long h = xx.hashMemory(whole.addressOffset() + offset, length);
            hashed += length;
            final long stored = whole.getLong((int)(footer + (long)(id - 1) * Long.BYTES));
            if (h != stored)
            {
                problems.add(String.format("section %d checksum mismatch: stored %016x, computed %016x", id, stored, h));
            }
        }
        // bytes between sections (alignment padding) must be zero so that no byte escapes the checksums
        final long[][] spans = new long[sectionCount + 1][];
        spans[0] = new long[] {0, headLength};
        for (int id = 1; id <= sectionCount; id++)
        {
            spans[id] = new long[] {file.sectionOffset(id), file.sectionOffset(id) + file.sectionLength(id)};
        }
        java.util.Arrays.sort(spans, (a, b) -> Long.compare(a[0], b[0]));
        for (int i = 0; i < spans.length; i++)
        {
            final long from = spans[i][1];
            final long to = i + 1 < spans.length ? spans[i + 1][0] : footer;
            for (long p = from; p < to; p++)
            {
                if (whole.getByte((int)p) != 0)
                {
                    problems.add("non-zero padding byte at offset " + p);
                    break;
                }
            }
        }
        long refs = 0;
        try
        {
            refs = structure(file, problems);
        }
        catch (final NasmapFormatException | NasmapQueryException e)
        {
            problems.add(e.getMessage());
        }
        // every problem names the file, as every exception of the reader does
        final String prefix = file.path() + ": ";
        problems.replaceAll(p -> p.startsWith(prefix) ? p : prefix + p);
        return new Report(problems, hashed, sectionCount, refs);
    }

    private static long structure(final NasmapFile file, final List<String> problems)
    {
        long refs = 0;
        // strings: offsets monotonic, valid UTF-8 (decoding throws on invalid input)
        final int strings = file.stringCount();
        long previous = 0;
        for (int i = 0; i <= strings && problems.size() < MAX_PROBLEMS; i++)
        {
            final long o = file.names().pool().offsets().getLong(i * Long.BYTES);
            if (o < previous || o > file.names().pool().bytes().capacity())
            {
                problems.add("string offset " + i + " = " + o + " is not monotonic within the string bytes");
            }
            previous = o;
            refs++;
        }
        if (!problems.isEmpty())
        {
            return refs;
        }
        final StringBuilder sb = new StringBuilder(128);
        for (int i = 0; i < strings; i++)
        {
            sb.setLength(0);
            file.names().pool().append(i, sb);
        }
        // lookup: every architecture is found at its own index; slot values in range
        final int archCount = file.size();
        int used = 0;
        for (int s = 0; s < file.names().lookupCapacity(); s++)
        {
            final int v = file.names().lookupSlot(s);
            if (v < 0 || v > archCount)
            {
                problems.add("architecture lookup slot " + s + " holds " + v + ", outside 0.." + archCount);
            }
            else if (v != 0)
            {
                used++;
            }
        }
        if (used != archCount)
        {
            problems.add("architecture lookup holds " + used + " entries for " + archCount + " architectures");
        }
        for (int a = 0; a < archCount && problems.size() < MAX_PROBLEMS; a++)
        {
            sb.setLength(0);
            file.names().pool().append(a, sb);
            final int found = file.names().lookup(sb);
            if (found != a)
            {
                problems.add("architecture " + a + " is found at " + found + " by the lookup");
            }
            refs++;
        }
        // groups and trials
        final int hpSlots = file.hpSlots();
        final long groupCount = (long)file.heldCount() * hpSlots * Dataset.count();
        int held = 0;
        final int hpMask = file.hpMask();
        for (int a = 0; a < archCount; a++)
        {
            final int bits = file.archHp.getByte(a) & 0xFF;
            final int row = file.archRows.getInt(a * Integer.BYTES);
            if (bits != 0)
            {
                held++;
                if (row != held - 1)
                {
                    problems.add("held architecture " + a + " has row " + row + ", expected " + (held - 1) +
                        " (rows follow the index order)");
                }
            }
            else if (row != -1)
            {
                problems.add("architecture " + a + " is not held but has row " + row);
            }
            if ((bits & ~hpMask) != 0)
            {
                problems.add("architecture " + a + " claims hp bits 0x" + Integer.toHexString(bits) + " outside the mask");
            }
        }
        if (held != file.heldCount())
        {
            problems.add("header says " + file.heldCount() + " architectures are held, the hp table says " + held);
        }
        final boolean[] trialUsed = new boolean[file.trialCount()];
        for (int g = 0; g < groupCount && problems.size() < MAX_PROBLEMS; g++)
        {
            final int first = file.groupFirstTrial(g);
            if (first < 0)
            {
                continue;
            }
            final int n = file.groupSeedCount(g);
            for (int i = 0; i < n; i++)
            {
                if (trialUsed[first + i])
                {
                    problems.add("trial " + (first + i) + " belongs to two groups");
                }
                trialUsed[first + i] = true;
            }
            refs++;
        }
        for (int t = 0; t < file.trialCount() && problems.size() < MAX_PROBLEMS; t++)
        {
            if (!trialUsed[t])
            {
                problems.add("trial " + t + " belongs to no group");
            }
            file.trialValues(t, file.trialShape(t));
            final int latCount = file.trialLatencyCount(t);
            final int latIndex = file.trialLatencyIndex(t);
            if (latCount < -1 || (latCount > 0 && (latIndex < 0 || (long)latIndex + latCount > file.latencyCount)))
            {
                problems.add("trial " + t + " latency list [" + latIndex + ", +" + latCount + ") is out of range");
            }
            refs += 3;
        }
        // epoch lists sorted within each sparse slot
        for (int s = 0; s < file.shapeCount(); s++)
        {
            final int shape = s * ShapeDecoder.LENGTH;
            for (int slot = 0; slot < ShapeDecoder.SLOT_COUNT; slot++)
            {
                if (file.slotKind(shape, slot) == SeriesKind.SPARSE_CODE)
                {
                    int last = -1;
                    for (int i = 0; i < file.slotValueCount(shape, slot); i++)
                    {
                        final int e = file.epochListEntry(file.slotEpochsIndex(shape, slot) + i);
                        if (e <= last || e >= file.shapeEpochs(shape))
                        {
                            problems.add("shape " + s + " slot " + slot + " epoch list is not ascending within " +
                                file.shapeEpochs(shape) + " epochs");
                            break;
                        }
                        last = e;
                    }
                }
            }
        }
        refs += DerivedChecks.check(file, groupCount, problems, MAX_PROBLEMS);
        // configs reference strings in range
        for (int i = 0; i < file.heldCount() * Dataset.count(); i++)
        {
            final int c = i * Layout.CONFIG_LENGTH;
            final int kind = file.configs.getInt(c + Layout.CONFIG_KIND_OFFSET);
            if (kind == Layout.CONFIG_KIND_TINY)
            {
                checkString(file, file.configs.getInt(c + Layout.CONFIG_C_OFFSET), problems, i);
            }
            else if (kind == Layout.CONFIG_KIND_SHAPE_TINY)
            {
                checkString(file, file.configs.getInt(c + Layout.CONFIG_A_OFFSET), problems, i);
                checkString(file, file.configs.getInt(c + Layout.CONFIG_B_OFFSET), problems, i);
            }
            else if (kind != Layout.CONFIG_KIND_ABSENT)
            {
                problems.add("config " + i + " has unknown kind " + kind);
            }
        }
        if (Split.count() * groupCount * Double.BYTES != file.finalMeans.capacity())
        {
            problems.add("final means do not cover every group and split");
        }
        return refs;
    }

    private static void checkString(final NasmapFile file, final int id, final List<String> problems, final int config)
    {
        if (id < 0 || id >= file.stringCount())
        {
            problems.add("config " + config + " refers to string " + id + ", outside the pool of " + file.stringCount());
        }
    }
}
