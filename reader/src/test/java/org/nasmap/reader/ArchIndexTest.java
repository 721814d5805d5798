package org.nasmap.reader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nasmap.format.ArchGrammar;
import org.nasmap.format.Layout;
import org.nasmap.format.Space;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.Source;
import org.nasmap.writer.source.SyntheticSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NasmapFile#indexOf} with a {@link String} key, answered by the heap {@link ArchIndex} (and by the mapped
 * tables before it is built), answers what the meta list the file was written from says, for every canonical string of both spaces and near misses, on files with ARCH_CODES (in the
 * synthetic order and shuffled) and without (a reduced space, another spelling), with keys whose
 * {@link String#hashCode()} collides; and a damaged file keeps the mapped tables' answers.
 */
class ArchIndexTest
{
    @TempDir
    static Path dir;

    /** Full spaces (ARCH_CODES), a shuffled full topology space (ARCH_CODES not the identity), reduced spaces. */
    static Path tssFull;
    static Path sssFull;
    static Path tssShuffled;
    static Path tssReduced;
    static Path sssReduced;
    /** Strings of no grammar, some colliding in {@code String.hashCode()}; no ARCH_CODES. */
    static Path spelled;

    static final List<String> SPELLED = List.of("Aa", "BB", "AaBB", "BBAa", "x\u00e9y", "\u4e2d\u6587~0|",
        "\uD834\uDD1E", "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", "", "|NONE~0|");

    static final Map<Path, List<String>> META = new HashMap<>();

    private static Path write(final String name, final Source source) throws IOException
    {
        final Path p = dir.resolve(name);
        NasmapWriter.convert(source, p, null);
        META.put(p, List.copyOf(source.metaArchs()));
        return p;
    }

    @BeforeAll
    static void build() throws IOException
    {
        tssFull = write("tss.nasmap", new SyntheticSource(Space.TOPOLOGY, 4, 3));
        sssFull = write("sss.nasmap", new SyntheticSource(Space.SIZE, 4, 5));
        final List<String> shuffled = new ArrayList<>(SyntheticSource.metaOf(Space.TOPOLOGY));
        Collections.shuffle(shuffled, new Random(11));
        tssShuffled = write("tss-shuffled.nasmap", new TinySource(Space.TOPOLOGY, 3, shuffled));
        tssReduced = write("tss-reduced.nasmap", new SyntheticSource(Space.TOPOLOGY, 300, 20, 7));
        sssReduced = write("sss-reduced.nasmap", new TinySource(Space.SIZE, 9));
        spelled = write("spelled.nasmap", new TinySource(Space.TOPOLOGY, 3, SPELLED));
    }

    /** @return the answer the meta list gives: the position of {@code s}, or -1. */
    private static Map<String, Integer> expected(final Path p)
    {
        final Map<String, Integer> m = new HashMap<>();
        final List<String> meta = META.get(p);
        for (int i = 0; i < meta.size(); i++)
        {
            m.put(meta.get(i), i);
        }
        return m;
    }

    /** Asks for {@code s}, a copy of it (not the same object), the heap index directly, and as a builder. */
    private static void same(final NasBench b, final Map<String, Integer> expected, final String s)
    {
        final int want = expected.getOrDefault(s, -1);
        assertEquals(want, b.indexOf(s), () -> "'" + s + "'");
        assertEquals(want, b.indexOf(new String(s.toCharArray())), () -> "again, '" + s + "'");
        assertEquals(want, b.file().names().archIndex().indexOf(new String(s.toCharArray())), () -> "heap index, '" + s + "'");
        assertEquals(want, b.indexOf(new StringBuilder(s)), () -> "builder '" + s + "'");
    }

    private static String canonical(final Space space, final int code)
    {
        return space == Space.TOPOLOGY ? ArchParserTest.topology(code) : ArchParserTest.size(code);
    }

    private static void everyCanonicalString(final Path p, final boolean codes) throws IOException
    {
        final Map<String, Integer> expected = expected(p);
        final SplittableRandom random = new SplittableRandom(p.getFileName().toString().hashCode());
        try (NasBench b = NasBench.open(p))
        {
            final Space space = b.file().space();
            assertEquals(codes, b.file().names().codeCount() != 0, "ARCH_CODES present");
            assertEquals(null, b.file().names().builtArchIndex());
            // built now: the answers below come from the heap index, which holds every architecture
            assertEquals(b.size(), b.file().names().archIndex().size());
            for (int code = 0; code < ArchGrammar.codeCount(space); code++)
            {
                final String s = canonical(space, code);
                same(b, expected, s);
                if (code % 53 == 0)
                {
                    for (final String m : ArchParserTest.mutations(s, random))
                    {
                        same(b, expected, m);
                    }
                    same(b, expected, canonical(space == Space.TOPOLOGY ? Space.SIZE : Space.TOPOLOGY, code));
                }
            }
            for (final String s : META.get(p))
            {
                same(b, expected, s);
            }
            final ArchIndex index = b.file().names().builtArchIndex();
            assertEquals(b.size(), index.size());
            assertTrue(index.capacity() >= 2 * b.size() && index.capacity() < 4 * b.size() + 2, "capacity " + index.capacity());
            for (int i = 0; i < b.size(); i++)
            {
                assertEquals(i, index.indexOf(META.get(p).get(i)));
            }
        }
    }

    @Test
    void fullTopologySpace() throws IOException
    {
        everyCanonicalString(tssFull, true);
    }

    @Test
    void fullSizeSpace() throws IOException
    {
        everyCanonicalString(sssFull, true);
    }

    @Test
    void shuffledTopologySpace() throws IOException
    {
        everyCanonicalString(tssShuffled, true);
    }

    @Test
    void reducedSpacesWithoutCodeTable() throws IOException
    {
        everyCanonicalString(tssReduced, false);
        everyCanonicalString(sssReduced, false);
    }

    @Test
    void stringsOfAnotherSpellingWithEqualHashCodes() throws IOException
    {
        assertEquals("Aa".hashCode(), "BB".hashCode());
        assertEquals("AaAa".hashCode(), "AaBB".hashCode());
        final Map<String, Integer> expected = expected(spelled);
        try (NasBench b = NasBench.open(spelled))
        {
            assertEquals(0, b.file().names().codeCount());
            assertEquals(SPELLED.size(), b.file().names().archIndex().size());
            for (int i = 0; i < SPELLED.size(); i++)
            {
                assertEquals(i, b.indexOf(SPELLED.get(i)), SPELLED.get(i));
            }
            for (final String s : new String[] {"AaAa", "BBBB", "Ab", "BC", "aA", "x\u00e9", "x\u00e9yz", "\u4e2d\u6587~0",
                "\uD834", "\uDD1E", "\uDD1E\uD834", "|none~0|", "|none~0|+|none~0|none~1|+|none~0|none~1|none~1|"})
            {
                same(b, expected, s);
            }
            final SplittableRandom random = new SplittableRandom(5);
            for (final String s : SPELLED)
            {
                for (final String m : ArchParserTest.mutations(s, random))
                {
                    same(b, expected, m);
                }
            }
            assertEquals(SPELLED.size(), b.file().names().archIndex().size());
        }
    }

    /** @return {@code s} with the characters at {@code i} and {@code i + 1} changed but the same hash code. */
    private static String collide(final String s, final int i)
    {
        final char[] c = s.toCharArray();
        c[i]++;
        c[i + 1] -= 31;
        final String t = new String(c);
        assertEquals(s.hashCode(), t.hashCode());
        assertNotEquals(s, t);
        return t;
    }

    @Test
    void nonCanonicalStringsWithTheHashCodeOfACanonicalOne() throws IOException
    {
        for (final Path p : new Path[] {tssFull, sssFull, tssReduced})
        {
            final Map<String, Integer> expected = expected(p);
            try (NasBench b = NasBench.open(p))
            {
                for (int arch = 0; arch < b.size(); arch += 97)
                {
                    final String s = b.arch(arch);
                    assertEquals(arch, b.indexOf(s));
                    assertEquals(arch, b.file().names().archIndex().indexOf(s));
                    for (int i = 0; i + 1 < s.length(); i += 3)
                    {
                        final String t = collide(s, i);
                        assertEquals(-1, b.indexOf(t), t);
                        same(b, expected, t);
                    }
                }
            }
        }
    }

    @Test
    void closedFileThrows() throws IOException
    {
        final NasBench fresh = NasBench.open(tssFull);
        final String s = fresh.arch(7);
        fresh.close();
        assertThrows(IllegalStateException.class, () -> fresh.indexOf(s));
        assertThrows(IllegalStateException.class, () -> fresh.indexOf("nothing"));
        final NasBench used = NasBench.open(tssFull);
        assertEquals(7, used.indexOf(s));
        assertEquals(7, used.indexOf(s));
        used.close();
        assertThrows(IllegalStateException.class, () -> used.indexOf(s));
        assertThrows(IllegalStateException.class, () -> used.indexOf(new StringBuilder(s)));
    }

    @Test
    void builtAfterManyStringLookups() throws IOException
    {
        final Map<String, Integer> expected = expected(tssFull);
        final List<String> meta = META.get(tssFull);
        try (NasBench b = NasBench.open(tssFull))
        {
            for (int k = 0; k < NasmapFile.ARCH_INDEX_AFTER - 1; k++)
            {
                final String s = k % 5 == 0 ? collide(meta.get(k % meta.size()), 1) : meta.get(k * 7 % meta.size());
                assertEquals(expected.getOrDefault(s, -1), b.indexOf(s));
                assertEquals(expected.getOrDefault(s, -1), b.indexOf(new StringBuilder(s))); // not counted
            }
            assertEquals(null, b.file().names().builtArchIndex(), "not built before " + NasmapFile.ARCH_INDEX_AFTER + " lookups");
            assertEquals(9, b.indexOf(meta.get(9)));
            assertEquals(meta.size(), b.file().names().builtArchIndex().size());
            assertEquals(10, b.indexOf(meta.get(10)));
            assertEquals(-1, b.indexOf(collide(meta.get(10), 3)));
        }
    }

    @Test
    void concurrentFirstUse() throws Exception
    {
        final Map<String, Integer> expected = expected(sssFull);
        final int codes = ArchGrammar.codeCount(Space.SIZE);
        final String[] keys = new String[codes + 3];
        final int[] answers = new int[keys.length];
        for (int code = 0; code < codes; code++)
        {
            keys[code] = canonical(Space.SIZE, code);
        }
        keys[codes] = "8:8:8:8:08";
        keys[codes + 1] = collide(keys[0], 0);
        keys[codes + 2] = "";
        for (int k = 0; k < keys.length; k++)
        {
            answers[k] = expected.getOrDefault(keys[k], -1);
        }
        final int threads = 6;
        assertTrue(2L * keys.length * threads > NasmapFile.ARCH_INDEX_AFTER + keys.length);
        // even rounds: every thread builds at once; odd rounds: the lookups reach ARCH_INDEX_AFTER while others read
        for (int round = 0; round < 4; round++)
        {
            final boolean force = round % 2 == 0;
            try (NasBench b = NasBench.open(sssFull))
            {
                final CountDownLatch start = new CountDownLatch(1);
                final AtomicReference<Throwable> failure = new AtomicReference<>();
                final List<Thread> running = new ArrayList<>();
                for (int t = 0; t < threads; t++)
                {
                    final int first = t * (keys.length / threads);
                    final Thread thread = new Thread(() ->
                    {
                        try
                        {
                            start.await();
                            if (force && b.file().names().archIndex().size() != codes)
                            {
                                throw new AssertionError("an index of " + b.file().names().archIndex().size() + " strings");
                            }
                            for (int j = 0; j < 2 * keys.length; j++)
                            {
                                final int k = (first + j) % keys.length;
                                final int got = b.indexOf(keys[k]);
                                if (got != answers[k])
                                {
                                    throw new AssertionError("'" + keys[k] + "': expected " + answers[k] + ", got " + got);
                                }
                            }
                        }
                        catch (final Throwable e)
                        {
                            failure.compareAndSet(null, e);
                        }
                    });
                    thread.start();
                    running.add(thread);
                }
                start.countDown();
                for (final Thread thread : running)
                {
                    thread.join();
                }
                if (failure.get() != null)
                {
                    throw new AssertionError("round " + round, failure.get());
                }
                assertEquals(codes, b.file().names().builtArchIndex().size());
                for (int k = 0; k < keys.length; k++)
                {
                    assertEquals(answers[k], b.file().names().builtArchIndex().indexOf(keys[k]), keys[k]);
                }
            }
        }
    }

    // ================================================================================= damaged files

    private static Path patched(final Path p, final String name, final java.util.function.Consumer<byte[]> patch)
        throws IOException
    {
        final byte[] b = Files.readAllBytes(p);
        patch.accept(b);
        return FileBytes.write(dir.resolve(name), b);
    }

    @Test
    void codeTableThatDisagreesWithTheStrings() throws IOException
    {
        final int code = 1234;
        final String key = canonical(Space.TOPOLOGY, code);
        assertNotEquals(5, expected(tssFull).get(key));
        final long entry = FileBytes.sectionOffset(Files.readAllBytes(tssFull), Layout.SECTION_ARCH_CODES) + 4L * code;
        // the entry of a code points at another architecture: the file answers what its table says
        try (NasBench b = NasBench.open(patched(tssFull, "codes-other.nasmap", bytes -> FileBytes.putInt(bytes, entry, 5))))
        {
            // what the table says, before and past the lookup that builds the index (which finds the damage)
            for (int k = 0; k < NasmapFile.ARCH_INDEX_AFTER + 10; k++)
            {
                assertEquals(5, b.indexOf(key));
            }
            assertEquals(null, b.file().names().builtArchIndex(), "a damaged file keeps no index");
            assertSame(ArchIndex.UNUSABLE, b.file().names().archIndex());
            assertEquals(5, b.indexOf(b.arch(5)));
            assertEquals(-1, b.indexOf("|none~0|"));
            assertEquals(expected(tssFull).get(canonical(Space.TOPOLOGY, 77)), b.indexOf(canonical(Space.TOPOLOGY, 77)));
        }
        // an entry out of range: that key reports the damage, others answer
        try (NasBench b = NasBench.open(patched(tssFull, "codes-range.nasmap", bytes -> FileBytes.putInt(bytes, entry, 1 << 20))))
        {
            for (int k = 0; k < 2; k++)
            {
                final NasmapFormatException e = assertThrows(NasmapFormatException.class, () -> b.indexOf(key));
                assertTrue(e.getMessage().contains("architecture code " + code), e.getMessage());
            }
            final String other = canonical(Space.TOPOLOGY, code + 1);
            assertEquals(expected(tssFull).get(other), b.indexOf(other));
        }
        // an entry erased: that architecture is not found through the table, as the file says
        try (NasBench b = NasBench.open(patched(tssFull, "codes-erased.nasmap", bytes -> FileBytes.putInt(bytes, entry, -1))))
        {
            assertEquals(-1, b.indexOf(key));
            assertEquals(-1, b.indexOf(key));
            assertEquals(expected(tssFull).get(canonical(Space.TOPOLOGY, 77)), b.indexOf(canonical(Space.TOPOLOGY, 77)));
        }
    }

    @Test
    void lookupThatDisagreesWithTheStrings() throws IOException
    {
        final byte[] good = Files.readAllBytes(tssReduced);
        final long lookup = FileBytes.sectionOffset(good, Layout.SECTION_ARCH_LOOKUP);
        final long capacity = FileBytes.elementCount(good, Layout.SECTION_ARCH_LOOKUP);
        int s0 = -1;
        int s3 = -1;
        for (int s = 0; s < capacity; s++)
        {
            final int v = FileBytes.getInt(good, lookup + 4L * s);
            s0 = v == 1 ? s : s0;
            s3 = v == 4 ? s : s3;
        }
        final long at0 = lookup + 4L * s0;
        final long at3 = lookup + 4L * s3;
        try (NasBench b = NasBench.open(patched(tssReduced, "lookup-swapped.nasmap", bytes ->
        {
            FileBytes.putInt(bytes, at0, 4);
            FileBytes.putInt(bytes, at3, 1);
        })))
        {
            for (int k = 0; k < 2; k++)
            {
                for (int a = 0; a < b.size(); a++)
                {
                    final String s = b.arch(a);
                    assertEquals(b.file().names().lookup(s), b.indexOf(s), s);
                    assertTrue(b.indexOf(s) == a || b.indexOf(s) == -1, s);
                }
            }
            assertSame(ArchIndex.UNUSABLE, b.file().names().archIndex());
        }
    }
}
