package org.nasmap.tools;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Metric;
import org.nasmap.format.Space;
import org.nasmap.format.Split;
import org.nasmap.reader.NasBench;
import org.nasmap.reader.SeedChoice;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.SyntheticSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** top, pareto, correlate and export from the command line; the identity ops of the query protocol. */
class AnalysisCommandsTest
{
    @TempDir
    static Path dir;
    static Path file;
    static Path sample;

    @BeforeAll
    static void build() throws IOException
    {
        file = dir.resolve("t.nasmap");
        NasmapWriter.convert(new SyntheticSource(Space.TOPOLOGY, 300, 8), file, null);
        sample = dir.resolve("sample.nasmap");
        assertEquals(0, CommandsTest.run("convert", "--quiet", CommandsTest.TSS.toString(), sample.toString())[0]);
    }

    @Test
    void topParetoCorrelate()
    {
        Object[] r = CommandsTest.run("top", file.toString(), "--dataset", "cifar100", "--metric", "test", "-k", "7",
            "--flops-max", "150");
        assertEquals(0, r[0], (String)r[1]);
        final String top = (String)r[1];
        assertTrue(top.contains("top 7 of 300 architectures by cifar100 x-test accuracy at hp 200"), top);
        assertEquals(7 + 2, top.strip().split("\n").length, top);

        r = CommandsTest.run("pareto", file.toString(), "--dataset", "cifar10", "--cost", "latency");
        assertEquals(0, r[0], (String)r[1]);
        assertTrue(((String)r[1]).contains("Pareto front of cifar10 ori-test accuracy vs latency at hp 200"), (String)r[1]);

        r = CommandsTest.run("correlate", file.toString());
        assertEquals(0, r[0], (String)r[1]);
        final String c = (String)r[1];
        assertTrue(c.contains("valid@12 vs valid@200  cifar10"), c);
        assertTrue(c.contains("valid vs test@200  ImageNet16-120"), c);
        assertEquals(1 + 9 + 1, c.strip().split("\n").length, c);

        // real sample: 3 architectures
        r = CommandsTest.run("top", sample.toString(), "--dataset", "cifar10", "--metric", "test");
        assertTrue(((String)r[1]).contains("top 3 of 3"), (String)r[1]);
    }

    @Test
    void exportIsTidyAndComplete() throws IOException
    {
        final Path csv = dir.resolve("last.csv");
        assertEquals(0, CommandsTest.run("export", sample.toString(), "--format", "csv", "--out", csv.toString())[0]);
        final List<String> lines = Files.readAllLines(csv);
        assertEquals(String.join(",", ExportCommand.COLUMNS), lines.get(0));
        // 3 architectures x (hp 12: 2+1+1+1 trials, hp 200: 3 x 4 trials) = 51 trials, one row each
        assertEquals(1 + 51, lines.size());
        for (final String l : lines.subList(1, lines.size()))
        {
            assertEquals(ExportCommand.COLUMNS.length, l.split(",", -1).length, l);
        }
        final Path all = dir.resolve("all.jsonl");
        assertEquals(0, CommandsTest.run("export", sample.toString(), "--format", "jsonl", "--epochs", "all",
            "--dataset", "cifar10-valid", "--hp", "200", "--out", all.toString())[0]);
        final List<String> rows = Files.readAllLines(all);
        assertEquals(3 * 3 * 200, rows.size());
        final ObjectMapper m = new ObjectMapper();
        try (NasBench b = NasBench.open(sample))
        {
            for (final String row : rows.subList(0, 400))
            {
                final JsonNode n = m.readTree(row);
                final int arch = n.get("index").asInt();
                final int epoch = n.get("epoch").asInt();
                final int seed = n.get("seed").asInt();
                assertEquals(b.metric(arch, Dataset.CIFAR10_VALID, Hp.H200, Split.X_VALID, Metric.ACCURACY, epoch,
                    SeedChoice.seed(seed)), n.get("x_valid_accuracy").asDouble(), 1e-5);
                // ragged: ori-test only at the last epoch, x-test never
                assertEquals(epoch == 199, !n.get("ori_test_accuracy").isNull(), row);
                assertTrue(n.get("x_test_accuracy").isNull());
                assertTrue(n.get("train_top5").isNull(), "no top-5 at tss hp 200");
            }
        }
    }

    @Test
    void plotsSvgAndPng() throws IOException
    {
        final Path svg = dir.resolve("curves.svg");
        Object[] r = CommandsTest.run("plot", sample.toString(), "--curves", "0,11,284", "--dataset", "cifar100",
            "--split", "ori-test", "--out", svg.toString());
        assertEquals(0, r[0], (String)r[1]);
        final String text = Files.readString(svg);
        assertTrue(text.contains("<svg") && text.contains("284 (3 seeds)"), text.substring(0, 300));
        final Path png = dir.resolve("pareto.png");
        r = CommandsTest.run("plot", file.toString(), "--pareto", "--dataset", "cifar10", "--cost", "flops", "--out", png.toString());
        assertEquals(0, r[0], (String)r[1]);
        final byte[] b = Files.readAllBytes(png);
        assertTrue(b.length > 1000 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G');
        assertEquals(1, CommandsTest.run("plot", file.toString(), "--out", dir.resolve("x.png").toString())[0],
            "neither --curves nor --pareto");
    }

    @Test
    void identityOpsInTheQueryProtocol() throws IOException
    {
        try (NasBench b = NasBench.open(sample))
        {
            final QueryEngine q = new QueryEngine(b, 1);
            assertEquals("{\"matrix\":[[0,0,0,0],[2,0,0,0],[0,0,0,0],[0,0,1,0]]}",
                answer(q, "{\"op\":\"str2matrix\",\"arch\":\"|nor_conv_1x1~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|\"}"));
            assertEquals("{\"lists\":[[[\"avg_pool_3x3\",0]],[[\"nor_conv_1x1\",0],[\"skip_connect\",1]],[[\"nor_conv_1x1\",0]," +
                "[\"skip_connect\",1],[\"skip_connect\",2]]]}", answer(q, "{\"op\":\"str2lists\",\"index\":0}"));
            assertTrue(answer(q, "{\"op\":\"get_unique_str\",\"index\":11}").startsWith("{\"unique_str\":"));
            assertTrue(answer(q, "{\"op\":\"str2matrix\",\"arch\":\"|bogus~0|+|none~0|none~1|+|none~0|none~1|none~2|\"}")
                .startsWith("{\"error\":"));
        }
    }

    private static String answer(final QueryEngine q, final String line) throws IOException
    {
        final StringWriter w = new StringWriter();
        q.answer(line, w);
        return w.toString();
    }
}
