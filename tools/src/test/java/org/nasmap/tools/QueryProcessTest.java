package org.nasmap.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code nasmap query} as a process: a live service on pipes, and its start-up errors. */
class QueryProcessTest
{
    @TempDir
    static Path dir;
    static Path tss;

    @BeforeAll
    static void convert() throws IOException
    {
        tss = CommandsTest.convertTss(dir);
    }

    /** The command line of a child JVM running {@code QueryMain}, as the launcher would. */
    static List<String> java(final String... args)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(QueryMain.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    static String shellQuote(final List<String> words)
    {
        final StringBuilder b = new StringBuilder();
        for (final String w : words)
        {
            b.append('\'').append(w.replace("'", "'\\''")).append("' ");
        }
        return b.toString();
    }

    @Test
    void answersEachRequestBeforeTheNextArrives() throws Exception
    {
        final Process p = new ProcessBuilder(java(tss.toString())).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try
        {
            final OutputStream in = p.getOutputStream();
            final BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (int i = 0; i < 3; i++)
            {
                in.write("{\"op\": \"len\"}\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
                // stdin stays open: the answer must come without the end of the input
                final CompletableFuture<String> line = CompletableFuture.supplyAsync(() ->
                {
                    try
                    {
                        return out.readLine();
                    }
                    catch (final IOException e)
                    {
                        throw new IllegalStateException(e);
                    }
                });
                assertEquals("{\"len\":15625}", line.get(30, TimeUnit.SECONDS));
            }
            in.write("{\"op\": \"arch\", \"index\": 0}".getBytes(StandardCharsets.UTF_8));
            in.close();
            assertTrue(out.readLine().startsWith("{\"arch\":\"|"));
            assertEquals(null, out.readLine());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
        }
        finally
        {
            p.destroyForcibly();
        }
    }

    /** {@code yes '{"op":"len"}' | query F | head -1} ends promptly: the broken pipe stops the query. */
    @Test
    void stopsOnABrokenPipe() throws Exception
    {
        final String script = "yes '{\"op\":\"len\"}' | " + shellQuote(java(tss.toString())) + " | head -1; " +
            "echo \"status ${PIPESTATUS[1]}\"";
        final Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        try
        {
            final boolean ended = p.waitFor(60, TimeUnit.SECONDS);
            assertTrue(ended, "the pipeline ends once head has its line");
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals("{\"len\":15625}\nstatus " + QueryMain.BROKEN_PIPE + "\n", out);
        }
        finally
        {
            p.destroyForcibly();
        }
    }

    @Test
    void aClosedStdinIsAnErrorAtStart() throws Exception
    {
        final Process p = new ProcessBuilder("bash", "-c", "exec " + shellQuote(java(tss.toString())) + " <&-").start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        final String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("", out);
        assertEquals("nasmap query: standard input is closed: nothing to answer\n", err);
        assertEquals(1, p.exitValue());
    }

    @Test
    void helpAndBadArgumentsWithoutStackTraces() throws Exception
    {
        Object[] r = run("query", "--help");
        assertEquals(0, r[0]);
        assertTrue(((String)r[1]).startsWith("Usage: nasmap query [-h] [--random-seed=N] FILE"), (String)r[1]);

        r = run("query", tss.toString(), "--random-seed", "abc");
        assertEquals(2, r[0]);
        assertTrue(((String)r[2]).startsWith("nasmap query: Invalid value for option '--random-seed': 'abc' is not a long"),
            (String)r[2]);
        assertFalse(((String)r[2]).contains("Exception"), (String)r[2]);

        r = run("query");
        assertEquals(2, r[0]);
        assertTrue(((String)r[2]).startsWith("nasmap query: Missing required parameter: 'FILE'"), (String)r[2]);

        r = run("query", tss.toString(), "--bogus");
        assertEquals(2, r[0]);
        assertTrue(((String)r[2]).startsWith("nasmap query: Unknown option: '--bogus'"), (String)r[2]);
    }

    @Test
    void missingAndDirectoryFilesSayWhich() throws Exception
    {
        Object[] r = run("query", dir.resolve("nope.nasmap").toString());
        assertEquals(1, r[0]);
        assertEquals("nasmap query: cannot read " + dir.resolve("nope.nasmap") + ": No such file or directory\n", r[2]);
        r = run("query", dir.toString());
        assertEquals(1, r[0]);
        assertEquals("nasmap query: cannot read " + dir + ": Is a directory\n", r[2]);
    }

    /** Runs {@code QueryMain} in this JVM: [exit code, stdout, stderr]. */
    static Object[] run(final String... args)
    {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        final java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        final int code = QueryMain.run(args, new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
            new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        return new Object[] {code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }
}
