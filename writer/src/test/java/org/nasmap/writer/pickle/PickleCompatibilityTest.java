package org.nasmap.writer.pickle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.nasmap.writer.pickle.Py.assertPy;
import static org.nasmap.writer.pickle.Py.big;
import static org.nasmap.writer.pickle.Py.dict;
import static org.nasmap.writer.pickle.Py.list;
import static org.nasmap.writer.pickle.Py.set;
import static org.nasmap.writer.pickle.Py.tuple;

/**
 * What CPython's own pickler writes, at every protocol, with numpy 1 ({@code numpy.core}) and
 * numpy 2 ({@code numpy._core}), decodes to the values Python started from. The pickles were made
 * by {@code representative()} in src/test/python/make_fixtures.py; {@link #expected} mirrors it.
 */
class PickleCompatibilityTest
{
    @ParameterizedTest
    @ValueSource(strings = {"cpython-np1.txt", "cpython-np2.txt"})
    void everyProtocolDecodesToWhatPythonPickled(final String resource) throws IOException
    {
        final List<String[]> lines = lines(resource);
        assertEquals(6, lines.size());
        for (final String[] line : lines)
        {
            final int protocol = Integer.parseInt(line[0]);
            final byte[] pickle = Base64.getDecoder().decode(line[1]);
            final Unpickler u = new Unpickler(PickleInput.of(pickle, 0, pickle.length, resource + "#" + protocol));
            final Object actual = u.load();
            assertEquals(protocol < 2 ? 0 : protocol, u.protocol(), "protocol");
            assertPy(expected(protocol), actual, resource + " protocol " + protocol);
            final List<?> shared = (List<?>)((Map<?, ?>)actual).get("shared");
            assertSame(shared.get(0), shared.get(1), "a memoized list is one object");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpython-np1.txt", "cpython-np2.txt"})
    void streamedInputReadsTheSameAsAnArray(final String resource) throws IOException
    {
        for (final String[] line : lines(resource))
        {
            final byte[] pickle = Base64.getDecoder().decode(line[1]);
            // a stream that returns one byte at a time exercises every refill path
            final InputStream trickle = new InputStream()
            {
                private int pos;

                @Override
                public int read()
                {
                    return pos < pickle.length ? pickle[pos++] & 0xFF : -1;
                }

                @Override
                public int read(final byte[] b, final int off, final int len)
                {
                    if (pos >= pickle.length)
                    {
                        return -1;
                    }
                    b[off] = pickle[pos++];
                    return 1;
                }
            };
            final Object actual = new Unpickler(PickleInput.of(trickle, -1, resource)).load();
            assertPy(expected(Integer.parseInt(line[0])), actual, resource + " protocol " + line[0] + " (stream)");
        }
    }

    private static List<String[]> lines(final String resource) throws IOException
    {
        final List<String[]> out = new ArrayList<>();
        try (InputStream in = PickleCompatibilityTest.class.getResourceAsStream("/pickle/" + resource))
        {
            for (final String l : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n"))
            {
                if (!l.isEmpty() && !l.startsWith("#"))
                {
                    out.add(l.split(" "));
                }
            }
        }
        return out;
    }

    /** Mirrors representative(protocol) of make_fixtures.py. */
    static Map<Object, Object> expected(final int protocol)
    {
        final List<Object> shared = list("s");
        final List<Object> bytes = list(new byte[]{0, (byte)0xFF}, "y".repeat(300).getBytes(StandardCharsets.US_ASCII));
        if (protocol >= 3)
        {
            bytes.add(new byte[0]);
        }
        final Map<Object, Object> d = dict(
            "ints", list(0L, 1L, -1L, 255L, 256L, 65535L, 65536L, -2147483648L, 2147483647L, 2147483648L, Long.MAX_VALUE,
                big("9223372036854775808"), big("-9223372036854775809"), big("1267650600228229401496703205376"),
                big("-1267650600228229401496703205376")),
            "floats", list(0.0, -0.0, 1.5, 0.1, 1e300, -2.5e-308, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY),
            "nan", Double.NaN,
            "consts", list(true, false, null),
            "strs", list("", "a", "h\u00e9llo w\u00f6rld \u2713 \uD834\uDD1E", "x".repeat(300), "line\nbreak\\back"),
            "bytes", bytes,
            "tuples", list(tuple(), tuple(1L), tuple(1L, 2L), tuple(1L, 2L, 3L), tuple(1L, 2L, 3L, 4L), tuple(tuple(1L, 2L), tuple("a"))),
            "tuple_keys", dict(tuple("cifar10-valid", 777L), 1L, tuple("cifar10", 888L), 2L),
            "set", set(1L, 2L, 3L),
            "frozenset", set("a"),
            "empty_set", set(),
            "od", dict("z", 1L, "a", 2L),
            "nested", list(list(list()), dict()),
            "shared", list(shared, shared),
            "np_f8", 0.1,
            "np_f4", 1.5,
            "np_f2", -2.5,
            "np_i8", -3L,
            "np_i4", 7L,
            "np_u1", 200L,
            "np_u8", big("18446744073709551615"),
            "np_b", 1L);
        if (protocol == 4)
        {
            final Map<Object, Object> intKeys = dict();
            final List<Object> longList = list();
            for (long i = 0; i < 1003; i++)
            {
                intKeys.put(i, i * 0.5);
                longList.add(i);
            }
            d.put("int_keys", intKeys);
            d.put("long_list", longList);
        }
        if (protocol >= 5)
        {
            d.put("bytearray", new byte[]{'a', 'b'});
        }
        return d;
    }
}
