package org.nasmap.writer.pickle;

import java.util.Arrays;

/**
 * The unpickler's memo: a window of pages of 4,096 slots covering the recent indices, and a sparse
 * map of older entries worth keeping. Streaming uses two sweeps: {@link #releaseContainers} forgets
 * the mutable containers an emitted entry created, and {@link #releaseBefore} later moves the
 * leaves of old pages to the map or forgets them. Forgotten indices are remembered (a sentinel in
 * the window, a bitmap below it) so that a later reference to one is told apart from a reference
 * that was never stored.
 */
final class Memo
{
    /** Stands for a stored Python None. */
    static final Object NONE = new Object();
    /** Stands for an entry that was stored and then released. */
    static final Object RELEASED = new Object();
    /** A memo index may not lie further than this beyond the highest index in use. */
    static final int MAX_JUMP = 1 << 22;

    private static final int PAGE_BITS = 12;
    private static final int PAGE = 1 << PAGE_BITS;
    private static final int MASK = PAGE - 1;

    /** Decides, at a sweep, whether an entry stays referable. */
    interface Retainer
    {
        boolean retain(Object value, boolean referenced);
    }

    private Object[][] pages = new Object[8][];
    private long[][] gots = new long[8][];
    private int firstPage;
    private int pageCount;
    private long high;
    private int size;
    private final IntObjectMap old = new IntObjectMap();
    private int[] backfilled = new int[8];
    private int backfilledCount;
    private long[][] releasedPages;

    /** @return the number of distinct indices ever stored (the index {@code MEMOIZE} uses next). */
    int size()
    {
        return size;
    }

    /** @return one past the highest index stored in the window. */
    long high()
    {
        return high;
    }

    /** @return entries currently referable (for tests of bounded memory). */
    int liveCount()
    {
        int n = old.size();
        for (int p = 0; p < pageCount; p++)
        {
            for (final Object o : pages[p])
            {
                if (o != null && o != RELEASED)
                {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * @param index the memo index, below 2^31.
     * @param value the value (null for None).
     * @return false when the index is too far ahead of the indices in use.
     */
    boolean put(final long index, final Object value)
    {
        final Object v = value == null ? NONE : value;
        final int page = (int)(index >>> PAGE_BITS);
        final int rel = page - firstPage;
        if (rel < 0)
        {
            backfill((int)index, v);
            return true;
        }
        if (rel >= pageCount)
        {
            if (index > Math.max(high, (long)firstPage << PAGE_BITS) + MAX_JUMP)
            {
                return false;
            }
            addPages(rel + 1);
        }
        final Object[] slots = pages[rel];
        final int slot = (int)index & MASK;
        final Object before = slots[slot];
        if (before == null)
        {
            size++;
        }
        else
        {
            gots[rel][slot >>> 6] &= ~(1L << slot);
        }
        slots[slot] = v;
        if (index >= high)
        {
            high = index + 1;
        }
        return true;
    }

    /**
     * @return the entry ({@link #NONE} for a stored None, {@link #RELEASED} for a released one), or
     *         null when the index was never stored.
     */
    Object get(final long index)
    {
        final int rel = (int)(index >>> PAGE_BITS) - firstPage;
        if (rel >= 0)
        {
            if (rel >= pageCount)
            {
                return null;
            }
            final int slot = (int)index & MASK;
            final Object v = pages[rel][slot];
            if (v != null)
            {
                gots[rel][slot >>> 6] |= 1L << slot;
            }
            return v;
        }
        final Object v = old.get((int)index);
        if (v != null)
        {
            return v;
        }
        return released(index) ? RELEASED : null;
    }

    /**
     * Forgets the entries of {@code [from, high())} the retainer refuses (streaming: the containers
     * of the entry just emitted); the others stay in the window.
     */
    void releaseContainers(final long from, final Retainer retainer)
    {
        for (long i = Math.max(from, (long)firstPage << PAGE_BITS); i < high; i++)
        {
            final int rel = (int)(i >>> PAGE_BITS) - firstPage;
            final Object[] slots = pages[rel];
            final int slot = (int)i & MASK;
            final Object v = slots[slot];
            if (v != null && v != RELEASED && !retainer.retain(v, false))
            {
                slots[slot] = RELEASED;
            }
        }
        for (int k = 0; k < backfilledCount; k++)
        {
            final Object v = old.get(backfilled[k]);
            if (v != null && !retainer.retain(v, false))
            {
                old.remove(backfilled[k]);
                markReleased(backfilled[k]);
            }
        }
        backfilledCount = 0;
    }

    /**
     * Sweeps the pages that lie wholly below {@code bound}: entries the retainer keeps move to the
     * map, the others are forgotten. A null retainer keeps everything.
     */
    void releaseBefore(final long bound, final Retainer retainer)
    {
        int drop = 0;
        while (drop < pageCount && ((long)(firstPage + drop + 1) << PAGE_BITS) <= bound)
        {
            final Object[] slots = pages[drop];
            final long[] got = gots[drop];
            final int base = (firstPage + drop) << PAGE_BITS;
            for (int s = 0; s < PAGE; s++)
            {
                final Object v = slots[s];
                if (v == null)
                {
                    continue;
                }
                if (v != RELEASED && (retainer == null || retainer.retain(v, (got[s >>> 6] & (1L << s)) != 0)))
                {
                    old.put(base + s, v);
                }
                else
                {
                    markReleased(base + s);
                }
            }
            drop++;
        }
        if (drop > 0)
        {
            System.arraycopy(pages, drop, pages, 0, pageCount - drop);
            System.arraycopy(gots, drop, gots, 0, pageCount - drop);
            Arrays.fill(pages, pageCount - drop, pageCount, null);
            Arrays.fill(gots, pageCount - drop, pageCount, null);
            pageCount -= drop;
            firstPage += drop;
        }
    }

    /** Moves every entry to the map (everything stored so far stays referable). */
    void freeze()
    {
        releaseBefore(((long)(firstPage + pageCount)) << PAGE_BITS, null);
    }

    private void backfill(final int index, final Object v)
    {
        if (old.get(index) == null && !released(index))
        {
            size++;
        }
        old.put(index, v);
        if (backfilledCount == backfilled.length)
        {
            backfilled = Arrays.copyOf(backfilled, backfilledCount * 2);
        }
        backfilled[backfilledCount++] = index;
    }

    private void addPages(final int count)
    {
        if (count > pages.length)
        {
            final int n = Math.max(count, pages.length * 2);
            pages = Arrays.copyOf(pages, n);
            gots = Arrays.copyOf(gots, n);
        }
        while (pageCount < count)
        {
            pages[pageCount] = new Object[PAGE];
            gots[pageCount] = new long[PAGE / 64];
            pageCount++;
        }
    }

    private boolean released(final long index)
    {
        if (releasedPages == null || index < 0)
        {
            return false;
        }
        final int page = (int)(index >>> 16);
        if (page >= releasedPages.length || releasedPages[page] == null)
        {
            return false;
        }
        final int bit = (int)index & 0xFFFF;
        return (releasedPages[page][bit >>> 6] & (1L << bit)) != 0;
    }

    private void markReleased(final int index)
    {
        final int page = index >>> 16;
        if (releasedPages == null)
        {
            releasedPages = new long[Math.max(16, page + 1)][];
        }
        else if (page >= releasedPages.length)
        {
            releasedPages = Arrays.copyOf(releasedPages, Math.max(page + 1, releasedPages.length * 2));
        }
        long[] bits = releasedPages[page];
        if (bits == null)
        {
            bits = new long[1 << 10];
            releasedPages[page] = bits;
        }
        final int bit = index & 0xFFFF;
        bits[bit >>> 6] |= 1L << bit;
    }
}
