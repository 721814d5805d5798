package org.nasmap.reader;

import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;
import org.nasmap.format.Layout;
import org.nasmap.format.Section;

/**
 * The section table of a file, read from its head and checked before any section is mapped: each entry's id is its
 * position + 1, its element size is its {@link Section}'s, its offset is aligned and lies between the head and the
 * footer, its length is its element count times the element size and ends before the footer, its count is the one
 * the header's counts imply (GROUP_ANSWERS may be empty), and no two sections overlap. A view of a section made from
 * these offsets and lengths therefore lies inside the mapping. Immutable.
 */
final class SectionTable
{
    /** Per section id (index 0 unused). */
    private final long[] offset = new long[Section.count() + 1];
    private final long[] length = new long[Section.count() + 1];
    private final long[] count = new long[Section.count() + 1];

    /**
     * @param whole        the whole mapped file, at least {@code footerStart} bytes long.
     * @param sectionCount the header's section count, checked against {@link Section#MIN_COUNT} and
     *                     {@link Section#count()}.
     * @param headEnd      where the head (header and table) ends.
     * @param footerStart  where the footer starts, at or after {@code headEnd}.
     * @param header       the header's counts, from which each section's element count follows.
     * @throws NasmapFormatException naming the file and the entry at the first check that fails.
     */
    SectionTable(final Path path, final UnsafeBuffer whole, final int sectionCount, final long headEnd,
        final long footerStart, final Counts header)
    {
        for (int i = 0; i < sectionCount; i++)
        {
            final int e = Layout.entryOffset(i + 1);
            final int id = whole.getInt(e + Layout.ENTRY_ID_OFFSET);
            if (id != i + 1)
            {
                throw corrupt(path, "section table entry " + i + " has id " + id + ", expected " + (i + 1));
            }
            final Section section = Section.ofId(id);
            final int elementSize = whole.getInt(e + Layout.ENTRY_ELEMENT_SIZE_OFFSET);
            final long at = whole.getLong(e + Layout.ENTRY_OFFSET_OFFSET);
            final long bytes = whole.getLong(e + Layout.ENTRY_LENGTH_OFFSET);
            final long elements = whole.getLong(e + Layout.ENTRY_ELEMENT_COUNT_OFFSET);
            if (elementSize != section.elementSize())
            {
                throw corrupt(path, "section " + id + " (" + section + ") element size: expected " +
                    section.elementSize() + ", actual " + elementSize);
            }
            if (at < headEnd || at > footerStart || (at & (Layout.ALIGNMENT - 1)) != 0)
            {
                throw corrupt(path, "section " + id + " offset " + at + " is misaligned or outside [" + headEnd + ", " +
                    footerStart + "]");
            }
            if (bytes < 0 || bytes > footerStart - at)
            {
                throw corrupt(path, "section " + id + " [" + at + ", +" + bytes + ") runs past the data end " +
                    footerStart);
            }
            if (elements < 0 || elements > bytes || elements * elementSize != bytes)
            {
                throw corrupt(path, "section " + id + " length " + bytes + " is not " + elements + " elements of " +
                    elementSize);
            }
            final long expected = section.expectedCount(header.archCount, header.heldCount, header.hpMask,
                header.trialCount, header.shapeCount, header.stringCount);
            if (expected >= 0 && elements != expected &&
                !(section.rule() == Section.Rule.ANSWER_GROUPS_OR_NONE && elements == 0))
            {
                throw corrupt(path, "section " + id + " has " + elements + " elements, expected " + expected + " (" +
                    section + ")");
            }
            offset[id] = at;
            length[id] = bytes;
            count[id] = elements;
        }
        // no two sections overlap (at most 17 entries: a quadratic check is cheaper than sorting)
        for (int a = 1; a <= sectionCount; a++)
        {
            for (int b = a + 1; b <= sectionCount; b++)
            {
                if (offset[a] < offset[b] + length[b] && offset[b] < offset[a] + length[a])
                {
                    throw corrupt(path, "sections " + a + " and " + b + " overlap");
                }
            }
        }
    }

    /** @return the offset of section {@code id} in the file (0 for a section the table does not list). */
    long offset(final int id)
    {
        return offset[id];
    }

    /** @return the length in bytes of section {@code id} (0 for a section the table does not list). */
    long length(final int id)
    {
        return length[id];
    }

    /** @return the element count of section {@code id} (0 for a section the table does not list). */
    long count(final int id)
    {
        return count[id];
    }

    private static NasmapFormatException corrupt(final Path path, final String message)
    {
        return new NasmapFormatException(path, message);
    }

    /** The header's counts that {@link Section#expectedCount} turns into each section's element count. */
    record Counts(int archCount, int heldCount, int hpMask, int trialCount, int shapeCount, int stringCount)
    {
    }
}
