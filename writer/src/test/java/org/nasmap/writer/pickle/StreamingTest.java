package org.nasmap.writer.pickle;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nasmap.writer.pickle.Opcodes.*;
import static org.nasmap.writer.pickle.PickleBytes.proto;

/**
 * The streaming hook hands each arch2infos entry over while the parse is still mid-stream, leaves
 * the dict empty, keeps no reference to emitted entries, and keeps the memo bounded.
 */
class StreamingTest
{
    /** Records what it is given and where the parser was. */
    static final class Recorder implements EntryStreamer
    {
        final PickleInput input;
        Map<Object, Object> preceding;
        final List<Object> keys = new ArrayList<>();
        final List<Long> positions = new ArrayList<>();

        Recorder(final PickleInput input)
        {
            this.input = input;
        }

        @Override
        public boolean begin(final Map<Object, Object> preceding)
        {
            this.preceding = preceding;
            return true;
        }

        @Override
        public void entry(final Object key, final Object value)
        {
            keys.add(key);
            positions.add(input.position());
            assertInstanceOf(Map.class, value);
        }
    }

    static Path resource(final String name) throws Exception
    {
        return Path.of(StreamingTest.class.getResource("/" + name).toURI());
    }

    @Test
    void singleFileEntriesArriveMidStreamAndTheDictStaysEmpty() throws Exception
    {
        for (final String name : new String[]{"single/sss-sample-single.pickle.pbz2", "single/tss-mkbench-single.pickle.pbz2"})
        {
            final long total;
            try (InputStream in = new BZip2CompressorInputStream(Files.newInputStream(resource(name))))
            {
                total = in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            try (InputStream in = new BZip2CompressorInputStream(Files.newInputStream(resource(name))))
            {
                final PickleInput input = PickleInput.of(in, -1, name);
                final Recorder r = new Recorder(input);
                final Unpickler u = new Unpickler(input).stream("arch2infos", r);
                final Map<?, ?> top = (Map<?, ?>)u.load();
                assertEquals(3, u.streamedCount());
                assertEquals(3, r.keys.size());
                assertTrue(r.preceding.containsKey("meta_archs") && r.preceding.containsKey("total_archs"), "meta precedes");
                assertEquals(Map.of(), top.get("arch2infos"), "nothing was inserted into arch2infos");
                assertEquals(Set.copyOf(r.keys), top.get("evaluated_indexes"));
                // each entry was handed over as soon as the next one began: a whole record (84 KB or
                // more of pickle) was read between two hand-overs, and the first came two records
                // before the end
                assertTrue(r.positions.get(0) < total - 2 * 80_000, name + ": first entry at " + r.positions.get(0) + " of " + total);
                for (int i = 0; i < 2; i++)
                {
                    assertTrue(r.positions.get(i + 1) - r.positions.get(i) > 80_000, name + ": entries at " + r.positions);
                }
            }
        }
    }

    @Test
    void nb201LegacyFileStreamsAfterItsHeaderPickles() throws Exception
    {
        final byte[] file = Files.readAllBytes(resource("nb201-sample/NAS-Bench-201-sample-legacy.pth"));
        final PickleInput input = PickleInput.of(file, 0, file.length, "legacy.pth");
        for (int i = 0; i < 3; i++)
        {
            new Unpickler(input).load();
        }
        final Recorder r = new Recorder(input);
        final Map<?, ?> top = (Map<?, ?>)new Unpickler(input).stream("arch2infos", r).load();
        assertEquals(List.of(0L, 11L, 284L), r.keys);
        // records are ~400 KB of pickle each: entry 0 comes as entry 11 begins, two records before the end
        assertTrue(r.positions.get(0) < file.length - 2 * 400_000, "first entry at " + r.positions.get(0) + " of " + file.length);
        assertTrue(r.positions.get(1) < file.length - 400_000, "second entry at " + r.positions.get(1) + " of " + file.length);
        assertEquals(Map.of(), top.get("arch2infos"));
        assertEquals(List.of(), new Unpickler(input).load(), "the storage key list follows");
    }

    @Test
    void beginMayStopTheParse() throws Exception
    {
        final byte[] file = Files.readAllBytes(resource("nb201-sample/NAS-Bench-201-sample-zip.pth"));
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(resource("nb201-sample/NAS-Bench-201-sample-zip.pth").toFile()))
        {
            final var entry = zip.getEntry("NAS-Bench-201-sample-zip/data.pkl");
            final PickleInput input = PickleInput.of(zip.getInputStream(entry), entry.getSize(), "zip");
            final Map<?, ?>[] seen = new Map<?, ?>[1];
            final Unpickler u = new Unpickler(input).stream("arch2infos", new EntryStreamer()
            {
                @Override
                public boolean begin(final Map<Object, Object> preceding)
                {
                    seen[0] = preceding;
                    return false;
                }

                @Override
                public void entry(final Object key, final Object value)
                {
                    throw new AssertionError("stopped before any entry");
                }
            });
            assertNull(u.load());
            assertTrue(u.stopped());
            assertEquals(15_625, ((List<?>)seen[0].get("meta_archs")).size());
            // the meta list is 1.49 MB of pickle, the three records after it 1.2 MB more
            assertTrue(input.position() < file.length - 1_000_000, "stopped early, at " + input.position());
        }
    }

    /**
     * {'meta_archs': ['a'], 'arch2infos': {i: {'name': 'shared', 0: 0.5, ..., n-1: ...}},
     * 'evaluated_indexes': 0} with entries batched by 1,000 as CPython's pickler does, produced
     * on the fly: 'shared' is memoized in entry 0 and referenced by every later entry.
     */
    static final class SyntheticStream extends InputStream
    {
        private final int entries;
        private final int pairs;
        private byte[] chunk;
        private int pos;
        private int next = -1;

        SyntheticStream(final int entries, final int pairs)
        {
            this.entries = entries;
            this.pairs = pairs;
            this.chunk = proto(4).op(EMPTY_DICT).op(MEMOIZE).op(MARK)
                .str("meta_archs").op(MEMOIZE).op(EMPTY_LIST).op(MEMOIZE).str("a").op(MEMOIZE).op(APPEND)
                .str("arch2infos").op(MEMOIZE).op(EMPTY_DICT).op(MEMOIZE).op(MARK).bytes();
        }

        private byte[] body;

        /** Entry i: the key, then a body that is the same for all entries but the first, so that generating costs nothing. */
        private byte[] entry(final int i)
        {
            final PickleBytes b = new PickleBytes();
            if (i > 0 && i % 1000 == 0)
            {
                b.op(SETITEMS).op(MARK);
            }
            b.integer(i).op(EMPTY_DICT).op(MEMOIZE).op(MARK);
            if (i == 0)
            {
                b.str("name").op(LONG_BINPUT).le4(1_000_000).str("shared").op(LONG_BINPUT).le4(1_000_001);
            }
            else
            {
                if (body == null)
                {
                    body = body();
                }
                b.op(LONG_BINGET).le4(1_000_000).op(LONG_BINGET).le4(1_000_001).raw(body);
            }
            if (i == 0)
            {
                b.raw(body());
            }
            if (i == entries - 1)
            {
                b.op(SETITEMS).str("evaluated_indexes").op(BININT1).u8(0).op(SETITEMS).stop();
            }
            return b.bytes();
        }

        private byte[] body()
        {
            final PickleBytes b = new PickleBytes();
            for (int k = 0; k < pairs; k++)
            {
                if (k > 0 && k % 1000 == 0)
                {
                    b.op(SETITEMS).op(MARK);
                }
                b.op(BININT2).u8(k & 0xFF).u8(k >>> 8).binfloat(k * 0.5);
            }
            return b.op(SETITEMS).bytes();
        }

        @Override
        public int read() throws IOException
        {
            final byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(final byte[] b, final int off, final int len)
        {
            while (pos == chunk.length)
            {
                if (next + 1 >= entries)
                {
                    return -1;
                }
                chunk = entry(++next);
                pos = 0;
            }
            final int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    @Test
    void memoryStaysBoundedOverManyLargeEntries() throws Exception
    {
        // 3,500 entries of 4,000 floats: ~170 MB of pickle, ~1.1 GB as a plain tree (tests run with -Xmx1g)
        final int entries = 3_500;
        final int pairs = 4_000;
        final List<WeakReference<Object>> early = new ArrayList<>();
        final int[] maxLive = new int[1];
        final Unpickler[] self = new Unpickler[1];
        final EntryStreamer check = new EntryStreamer()
        {
            @Override
            public boolean begin(final Map<Object, Object> preceding)
            {
                return true;
            }

            @Override
            public void entry(final Object key, final Object value)
            {
                final int i = (int)(long)(Long)key;
                final Map<?, ?> m = (Map<?, ?>)value;
                assertEquals(pairs + 1, m.size());
                assertEquals("shared", m.get("name"));
                assertEquals(0.5 * (pairs - 1), m.get((long)(pairs - 1)));
                if (i < 10)
                {
                    early.add(new WeakReference<>(value));
                }
                if (i == 300)
                {
                    System.gc();
                    for (final WeakReference<Object> w : early)
                    {
                        assertNull(w.get(), "an emitted entry is still referenced by the unpickler");
                    }
                }
                maxLive[0] = Math.max(maxLive[0], self[0].liveMemoCount());
            }
        };
        final Unpickler u = new Unpickler(PickleInput.of(new SyntheticStream(entries, pairs), -1, "synthetic")).stream("arch2infos", check);
        self[0] = u;
        final Map<?, ?> top = (Map<?, ?>)u.load();
        assertEquals(entries, u.streamedCount());
        assertEquals(Map.of(), top.get("arch2infos"));
        assertTrue(maxLive[0] < 100, "memo entries kept: " + maxLive[0]);
    }

    private static PickleBytes head()
    {
        return proto(4).op(EMPTY_DICT).op(MEMOIZE).op(MARK).str("meta_archs").op(MEMOIZE).op(EMPTY_LIST).op(MEMOIZE)
            .str("arch2infos").op(MEMOIZE).op(EMPTY_DICT).op(MEMOIZE).op(MARK);
    }

    /** Entry i: {'v': <value>}; the value is written by {@code body}. */
    private static void entry(final PickleBytes b, final int i, final Runnable body)
    {
        b.integer(i).op(EMPTY_DICT).op(MARK).str("v");
        body.run();
        b.op(SETITEMS);
    }

    private static Map<Object, Object> stream(final byte[] pickle, final int retain, final List<Object> values) throws IOException
    {
        final Unpickler u = new Unpickler(PickleInput.of(pickle, 0, pickle.length, "test.pkl")).retainRecords(retain);
        u.stream("arch2infos", new EntryStreamer()
        {
            @Override
            public boolean begin(final Map<Object, Object> preceding)
            {
                return true;
            }

            @Override
            public void entry(final Object key, final Object value)
            {
                values.add(((Map<?, ?>)value).get("v"));
            }
        });
        @SuppressWarnings("unchecked")
        final Map<Object, Object> top = (Map<Object, Object>)u.load();
        return top;
    }

    /** Memo index of entry i's value: one memo page (4,096 indices) per entry, as in real files. */
    private static int at(final int entry)
    {
        return 4096 * (entry + 1);
    }

    @Test
    void leavesSharedAcrossEntriesStayReferable() throws Exception
    {
        // entry 0 memoizes 'cifar10-valid'; entries 1 to 40 each make a fresh copy of the value
        // that nothing references; entry 41 references entry 0's: the first of a value stays
        final PickleBytes b = head();
        for (int i = 0; i <= 40; i++)
        {
            final int at = at(i);
            entry(b, i, () -> b.str("cifar10-valid").op(LONG_BINPUT).le4(at));
        }
        entry(b, 41, () -> b.op(LONG_BINGET).le4(at(0)));
        // entry 42 references entry 40's copy: within the window of 32 entries
        entry(b, 42, () -> b.op(LONG_BINGET).le4(at(40)));
        // entry 43 references entry 5's copy, referenced by entry 6 (so kept) and then by nobody
        // for 37 entries
        entry(b, 43, () -> b.op(LONG_BINGET).le4(at(5)));
        final List<Object> values = new ArrayList<>();
        final byte[] pickle = b.op(SETITEMS).op(SETITEMS).stop().bytes();
        assertThrows(MemoReleasedException.class, () -> stream(pickle, 32, new ArrayList<>()), "entry 5's copy is gone");
        final PickleBytes c = head();
        for (int i = 0; i <= 40; i++)
        {
            final int at = at(i);
            entry(c, i, () -> c.str("cifar10-valid").op(LONG_BINPUT).le4(at));
            if (i == 6)
            {
                c.integer(1000).op(EMPTY_DICT).op(MARK).str("v").op(LONG_BINGET).le4(at(5)).op(SETITEMS);
            }
        }
        entry(c, 41, () -> c.op(LONG_BINGET).le4(at(0)));
        entry(c, 42, () -> c.op(LONG_BINGET).le4(at(40)));
        entry(c, 43, () -> c.op(LONG_BINGET).le4(at(5)));
        stream(c.op(SETITEMS).op(SETITEMS).stop().bytes(), 32, values);
        assertEquals(45, values.size());
        assertEquals("cifar10-valid", values.get(42));
        assertEquals("cifar10-valid", values.get(43));
        assertEquals("cifar10-valid", values.get(44));
    }

    @Test
    void aDuplicateLeafReferencedOnlyBeyondTheWindowIsAClearError() throws Exception
    {
        // entry 1 makes a second 'x' that nothing references until entry 40
        final PickleBytes b = head();
        entry(b, 0, () -> b.str("x").op(LONG_BINPUT).le4(at(0)));
        entry(b, 1, () -> b.str("x").op(LONG_BINPUT).le4(at(1)));
        for (int i = 2; i < 40; i++)
        {
            final int at = at(i);
            entry(b, i, () -> b.op(NONE).op(LONG_BINPUT).le4(at));
        }
        entry(b, 40, () -> b.op(LONG_BINGET).le4(at(1)));
        final byte[] pickle = b.op(SETITEMS).op(SETITEMS).stop().bytes();
        final MemoReleasedException ex = assertThrows(MemoReleasedException.class, () -> stream(pickle, 32, new ArrayList<>()));
        assertTrue(ex.getMessage().contains("memo entry " + at(1) + " was released") && ex.getMessage().contains("test.pkl"),
            ex.getMessage());
        // a wider window follows it
        final List<Object> values = new ArrayList<>();
        stream(pickle, 64, values);
        assertEquals("x", values.get(40));
    }

    @Test
    void aContainerSharedBetweenEntriesIsAClearError()
    {
        final PickleBytes b = head();
        entry(b, 0, () -> b.op(EMPTY_LIST).op(LONG_BINPUT).le4(300));
        entry(b, 1, () -> b.op(LONG_BINGET).le4(300));
        final byte[] pickle = b.op(SETITEMS).op(SETITEMS).stop().bytes();
        final MemoReleasedException ex = assertThrows(MemoReleasedException.class, () -> stream(pickle, 32, new ArrayList<>()));
        assertTrue(ex.getMessage().contains("memo entry 300 was released"), ex.getMessage());
    }

    @Test
    void anEntryWhoseDictGetsASingleIntKeyLaterFailsLoudly()
    {
        // {5: 1.5} pickled as EMPTY_DICT, 5, 1.5, SETITEM: the int 5 looks like the next entry's key
        final PickleBytes b = head();
        b.integer(0).op(EMPTY_DICT).op(BININT1).u8(5).binfloat(1.5).op(SETITEM);
        final byte[] pickle = b.op(SETITEMS).op(SETITEMS).stop().bytes();
        final PickleException ex = assertThrows(PickleException.class, () -> stream(pickle, 32, new ArrayList<>()));
        assertTrue(ex.getMessage().contains("stack underflow") && ex.getMessage().contains("taken as complete too early"), ex.getMessage());
    }
}
