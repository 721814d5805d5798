package org.nasmap.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nasmap.reader.NasBench;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.Source;
import org.nasmap.writer.source.Sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every parity fixture (queries and the upstream NATS-Bench 1.8 API's answers on the real samples) must
 * match 100% by the rule of {@code parity-compare.py}: same keys, numbers within 2e-6 relative or 1e-9
 * absolute, and an error where upstream raises. Each source kind is converted, then queried through the
 * {@code query} protocol.
 */
class ParityTest
{
    static final Path SAMPLES = Path.of("../writer/src/test/resources");
    static final Path PARITY = Path.of("src/test/resources/parity");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Stream<Arguments> fixtures()
    {
        return Stream.of(
            Arguments.of("tss-sample", SAMPLES.resolve("nats-sample/NATS-tss-v1_0-3ffb9-simple")),
            Arguments.of("sss-sample", SAMPLES.resolve("nats-sample/NATS-sss-v1_0-50262-simple")),
            Arguments.of("nb201-legacy", SAMPLES.resolve("nb201-sample/NAS-Bench-201-sample-legacy.pth")),
            Arguments.of("nb201-zip", SAMPLES.resolve("nb201-sample/NAS-Bench-201-sample-zip.pth")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void matchesUpstream(final String name, final Path source) throws IOException
    {
        final Path file = dir.resolve(name + ".nasmap");
        try (Source s = Sources.open(source))
        {
            NasmapWriter.convert(s, file, null);
        }
        final List<String> queries = Files.readAllLines(PARITY.resolve(name + ".queries.jsonl"));
        final List<String> expected = Files.readAllLines(PARITY.resolve(name + ".expected.jsonl"));
        final StringWriter out = new StringWriter();
        try (NasBench bench = NasBench.open(file))
        {
            new QueryEngine(bench, QueryCommand.DEFAULT_RANDOM_SEED)
                .run(new BufferedReader(new StringReader(String.join("\n", queries))), out);
        }
        final String[] got = out.toString().split("\n");
        assertEquals(expected.size(), got.length, "one answer per query");
        final List<String> mismatches = new ArrayList<>();
        int errorsExpected = 0;
        for (int i = 0; i < expected.size(); i++)
        {
            final JsonNode e = JSON.readTree(expected.get(i));
            final JsonNode g = JSON.readTree(got[i]);
            if (e.has("error"))
            {
                errorsExpected++;
            }
            if (!matches(e, g))
            {
                mismatches.add("line " + (i + 1) + ": " + queries.get(i) + "\n  expected " + e + "\n  got      " + g);
            }
        }
        assertTrue(mismatches.isEmpty(), mismatches.size() + "/" + expected.size() + " answers differ:\n" +
            String.join("\n", mismatches.subList(0, Math.min(8, mismatches.size()))));
        assertTrue(errorsExpected > 0, "the fixture exercises error cases");
    }

    /** The rule of parity-compare.py. */
    static boolean matches(final JsonNode expected, final JsonNode got)
    {
        if (expected.isObject() && expected.has("error"))
        {
            return got.isObject() && got.has("error");
        }
        return close(got, expected);
    }

    private static boolean close(final JsonNode a, final JsonNode b)
    {
        if (a == null || b == null || a.isNull() || b.isNull())
        {
            return (a == null || a.isNull()) && (b == null || b.isNull());
        }
        if (a.isTextual() || b.isTextual())
        {
            return a.isTextual() && b.isTextual() && a.asText().equals(b.asText());
        }
        if (b.isArray())
        {
            if (!a.isArray() || a.size() != b.size())
            {
                return false;
            }
            for (int i = 0; i < b.size(); i++)
            {
                if (!close(a.get(i), b.get(i)))
                {
                    return false;
                }
            }
            return true;
        }
        if (b.isObject())
        {
            if (!a.isObject())
            {
                return false;
            }
            final List<String> ka = new ArrayList<>();
            a.fieldNames().forEachRemaining(k ->
            {
                if (!"comment".equals(k))
                {
                    ka.add(k);
                }
            });
            final List<String> kb = new ArrayList<>();
            b.fieldNames().forEachRemaining(kb::add);
            if (!new java.util.HashSet<>(ka).equals(new java.util.HashSet<>(kb)))
            {
                return false;
            }
            for (final Iterator<String> it = b.fieldNames(); it.hasNext(); )
            {
                final String k = it.next();
                if (!close(a.get(k), b.get(k)))
                {
                    return false;
                }
            }
            return true;
        }
        if (a.isBoolean() || !a.isNumber() || !b.isNumber())
        {
            return false;
        }
        final double x = a.asDouble();
        final double y = b.asDouble();
        return Math.abs(x - y) <= Math.max(2e-6 * Math.max(Math.abs(x), Math.abs(y)), 1e-9);
    }
}
