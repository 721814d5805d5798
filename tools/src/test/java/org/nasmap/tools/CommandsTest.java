package org.nasmap.tools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nasmap.format.Layout;
import org.nasmap.reader.NasBench;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.Source;
import org.nasmap.writer.source.Sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line end to end: convert, info, verify, show, query and demo. */
class CommandsTest
{
    static final Path TSS = Path.of("../writer/src/test/resources/nats-sample/NATS-tss-v1_0-3ffb9-simple");

    @TempDir
    Path dir;

    /** Converts the 3-architecture tss sample into {@code dir}/tss.nasmap (for the query and CLI tests). */
    static Path convertTss(final Path dir) throws IOException
    {
        final Path tss = dir.resolve("tss.nasmap");
        try (Source s = Sources.open(TSS))
        {
            NasmapWriter.convert(s, tss, null);
        }
        return tss;
    }

    /** Runs a command and returns [exit code, stdout]. */
    static Object[] run(final String... args)
    {
        final PrintStream old = System.out;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try
        {
            final int code = Main.run(args);
            return new Object[] {code, bytes.toString(StandardCharsets.UTF_8)};
        }
        finally
        {
            System.setOut(old);
        }
    }

    @Test
    void convertInfoVerifyShow() throws IOException
    {
        final Path out = dir.resolve("tss.nasmap");
        Object[] r = run("convert", "--quiet", TSS.toString(), out.toString());
        assertEquals(0, r[0], String.valueOf(r[1]));
        assertTrue(((String)r[1]).contains("3 of 15,625 architectures, "), (String)r[1]);

        r = run("info", out.toString());
        assertEquals(0, r[0]);
        final String info = (String)r[1];
        assertTrue(info.contains("space         tss"), info);
        assertTrue(info.contains("ratio"), info);
        assertTrue(info.contains("hp 200 cifar10-valid    3 seeds: 3"), info);
        assertTrue(info.contains("hp 12  cifar10-valid    2 seeds: 3"), info);

        r = run("verify", out.toString());
        assertEquals(0, r[0], (String)r[1]);
        assertTrue(((String)r[1]).contains("OK"));

        r = run("show", out.toString(), "11");
        assertEquals(0, r[0]);
        assertTrue(((String)r[1]).contains("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|none~0|nor_conv_3x3~1|avg_pool_3x3~2|"));
        assertTrue(((String)r[1]).contains("seeds [777, 888, 999]"), (String)r[1]);

        // a flipped byte in the values: open succeeds (cheap checks), verify fails
        final long values;
        try (NasBench b = NasBench.open(out))
        {
            values = b.file().sectionOffset(Layout.SECTION_VALUES);
        }
        try (RandomAccessFile raf = new RandomAccessFile(out.toFile(), "rw"))
        {
            raf.seek(values + 100);
            final int v = raf.read();
            raf.seek(values + 100);
            raf.write(v ^ 1);
        }
        r = run("verify", out.toString());
        assertEquals(1, r[0], "a damaged file is a failure (1), not a bad command line (2)");
        assertTrue(((String)r[1]).contains("section " + Layout.SECTION_VALUES + " checksum mismatch"), (String)r[1]);
    }

    @Test
    void conversionIsDeterministicAndAtomic() throws IOException
    {
        final Path a = dir.resolve("a.nasmap");
        final Path b = dir.resolve("b.nasmap");
        assertEquals(0, run("convert", "--quiet", TSS.toString(), a.toString())[0]);
        assertEquals(0, run("convert", "--quiet", TSS.toString(), b.toString())[0]);
        assertEquals(-1, Files.mismatch(a, b), "same input, same bytes");
        // a failing conversion leaves the existing output as it was and no temporary file behind
        final Path bogus = dir.resolve("not-a-source.pickle.pbz2");
        Files.writeString(bogus, "not bz2");
        final byte[] before = Files.readAllBytes(a);
        assertFalse(0 == (int)run("convert", "--quiet", bogus.toString(), a.toString())[0]);
        assertEquals(-1, Files.mismatch(a, b));
        assertEquals(before.length, Files.size(a));
        try (var files = Files.list(dir))
        {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void queryProtocolErrorsAndDefaults() throws IOException
    {
        final Path out = dir.resolve("tss.nasmap");
        assertEquals(0, run("convert", "--quiet", TSS.toString(), out.toString())[0]);
        try (NasBench bench = NasBench.open(out))
        {
            final QueryEngine q = new QueryEngine(bench, 1);
            assertEquals("{\"len\":15625}", answer(q, "{\"op\": \"len\"}"));
            assertEquals("{\"index\":-1}", answer(q, "{\"op\": \"query_index_by_arch\", \"arch\": \"nope\"}"));
            assertEquals("{\"index\":11}", answer(q, "{\"op\": \"query_index_by_arch\", \"arch\": " +
                "\"|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|none~0|nor_conv_3x3~1|avg_pool_3x3~2|\"}"));
            assertTrue(answer(q, "not json").startsWith("{\"error\":"));
            assertTrue(answer(q, "{\"op\": \"bogus\"}").startsWith("{\"error\":"));
            assertTrue(answer(q, "{\"op\": \"arch\", \"index\": 15625}").startsWith("{\"error\":"));
            // not held in this partial file: an error for per-architecture operations, but arch answers
            assertTrue(answer(q, "{\"op\": \"get_cost_info\", \"index\": 5, \"dataset\": \"cifar10\"}").startsWith("{\"error\":"));
            assertTrue(answer(q, "{\"op\": \"arch\", \"index\": 5}").startsWith("{\"arch\":"));
            // hp as an integer is accepted; default hp is "12"; is_random defaults to true for get_more_info
            final String a = answer(q, "{\"op\": \"get_dataset_seeds\", \"index\": 0, \"dataset\": \"cifar10\", \"hp\": 200}");
            assertEquals("{\"seeds\":[777,888,999]}", a);
            assertEquals("{\"seeds\":[111]}", answer(q, "{\"op\": \"get_dataset_seeds\", \"index\": 0, \"dataset\": \"cifar10\"}"));
            assertTrue(answer(q, "{\"op\": \"get_more_info\", \"index\": 0, \"dataset\": \"cifar10\", \"hp\": \"200\"}")
                .contains("\"train-accuracy\""));
            assertTrue(answer(q, "{\"op\": \"find_best\", \"dataset\": \"cifar10\", \"metric_on_set\": \"ori-test\", " +
                "\"flop_max\": 1.0, \"hp\": \"200\"}").equals("{\"index\":-1,\"accuracy\":null}"));
        }
    }

    private static String answer(final QueryEngine q, final String line) throws IOException
    {
        final StringWriter w = new StringWriter();
        q.answer(line, w);
        return w.toString();
    }

    @Test
    void demoRunsOnTheEmbeddedSample()
    {
        final Object[] r = run("demo", "--no-search");
        assertEquals(0, r[0], (String)r[1]);
        final String out = (String)r[1];
        assertTrue(out.contains("converted the real NATS-Bench sample NATS-tss-v1_0-3ffb9-simple"), out);
        assertTrue(out.contains("converted the real NATS-Bench sample NATS-sss-v1_0-50262-simple"), out);
        assertTrue(out.contains("\"valid_accuracy\""), out);
        // the one error is the ragged-series showcase: tss hp 200 cifar10-valid has ori-test only at epoch 199
        assertEquals(1, out.split("\"error\"", -1).length - 1, out);
        assertTrue(out.contains("no ori-test result at epoch 5"), out);
    }
}
