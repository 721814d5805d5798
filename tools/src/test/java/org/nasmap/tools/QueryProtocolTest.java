package org.nasmap.tools;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code query} protocol's error rules, byte for byte: the canonical case list
 * {@code query-protocol/cases.jsonl} (shared with the Python reader's tests) sent as one stream of lines
 * through the command's byte-level path, plus the line-length limit.
 */
class QueryProtocolTest
{
    static final Path CASES = Path.of("src/test/resources/query-protocol/cases.jsonl");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path tss;

    @BeforeAll
    static void convert() throws IOException
    {
        tss = CommandsTest.convertTss(dir);
    }

    /** Runs the command's answer loop on {@code in} and returns its output. */
    static String query(final InputStream in) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, QueryMain.answer(tss, QueryCommand.DEFAULT_RANDOM_SEED, in, out));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyCaseAnswersItsLineByteForByte() throws IOException
    {
        final List<String> inputs = new ArrayList<>();
        final List<String> lines = new ArrayList<>();
        for (final String c : Files.readAllLines(CASES, StandardCharsets.UTF_8))
        {
            final JsonNode node = JSON.readTree(c);
            inputs.add(node.get("input").asText());
            lines.add(node.get("line").asText());
            // the two forms of each expected answer say the same
            assertEquals(node.get("answer"), JSON.readTree(node.get("line").asText()), c);
        }
        assertTrue(inputs.size() >= 100, "the case list is complete");
        final String got = query(new ByteArrayInputStream((String.join("\n", inputs) + "\n").getBytes(StandardCharsets.UTF_8)));
        final String[] answers = got.split("\n", -1);
        assertEquals(inputs.size() + 1, answers.length, "exactly one answer line per input line");
        assertEquals("", answers[inputs.size()]);
        final List<String> wrong = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++)
        {
            if (!lines.get(i).equals(answers[i]))
            {
                wrong.add("input  " + inputs.get(i) + "\n  expected " + lines.get(i) + "\n  got      " + answers[i]);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void theLastLineNeedsNoNewlineAndNoInputGivesNoAnswer() throws IOException
    {
        assertEquals("{\"len\":15625}\n{\"error\":\"empty line\"}\n{\"len\":15625}\n",
            query(new ByteArrayInputStream("{\"op\":\"len\"}\n\n{\"op\":\"len\"}".getBytes(StandardCharsets.UTF_8))));
        assertEquals("", query(new ByteArrayInputStream(new byte[0])));
        assertEquals("{\"error\":\"empty line\"}\n", query(new ByteArrayInputStream(new byte[] {'\n'})));
    }

    @Test
    void lineLimitIsExactAndInBytesOfUtf8() throws IOException
    {
        final String request = "{\"op\":\"len\",\"arch\":\"";
        // a line of exactly the limit (2-byte characters included) is answered; one byte more is skipped
        final int room = QueryLines.MAX_BYTES - request.length() - 2;
        final String fits = request + "\u00e9".repeat(room / 2) + "x".repeat(room % 2) + "\"}";
        assertEquals(QueryLines.MAX_BYTES, fits.getBytes(StandardCharsets.UTF_8).length);
        final String over = request + "\u00e9".repeat(room / 2) + "x".repeat(room % 2 + 1) + "\"}";
        final String got = query(new ByteArrayInputStream((fits + "\n" + over + "\n{\"op\":\"len\"}\n").getBytes(StandardCharsets.UTF_8)));
        assertEquals("{\"error\":\"unknown field 'arch' for op 'len'; allowed: op\"}\n" +
            "{\"error\":\"line too long: more than 1048576 bytes\"}\n{\"len\":15625}\n", got);
    }

    @Test
    void aLineOfTwoGigabytesIsSkippedWithoutBeingBuffered() throws IOException
    {
        // 2^31 + 16 bytes of one line (more than any Java array holds), then a request: generated, not stored
        final long total = (1L << 31) + 16;
        final byte[] tail = "\n{\"op\":\"len\"}\n".getBytes(StandardCharsets.UTF_8);
        final InputStream huge = new InputStream()
        {
            long sent;

            @Override
            public int read()
            {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(final byte[] b, final int off, final int len)
            {
                if (sent >= total + tail.length)
                {
                    return -1;
                }
                if (sent < total)
                {
                    final int n = (int)Math.min(len, total - sent);
                    java.util.Arrays.fill(b, off, off + n, (byte)'[');
                    sent += n;
                    return n;
                }
                b[off] = tail[(int)(sent++ - total)];
                return 1;
            }
        };
        final long before = Runtime.getRuntime().totalMemory();
        assertEquals("{\"error\":\"line too long: more than 1048576 bytes\"}\n{\"len\":15625}\n", query(huge));
        assertTrue(Runtime.getRuntime().totalMemory() - before < 256L << 20, "the heap did not grow by the line");
    }
}
