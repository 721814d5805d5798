package org.nasmap.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGINT (Ctrl-C) and SIGTERM remove what the process created and had not kept: the temporary file of a
 * conversion or an export (the old output stays as it was), and {@code demo}'s scratch folder with its synthetic file of hundreds of megabytes. The
 * signals go to a child JVM once the temporary file exists. A child inherits a SIGINT that its parent ignores (a
 * test run started in the background by a shell without job control), and then rightly keeps ignoring it: there
 * the Ctrl-C cases are asked with SIGTERM instead.
 */
class SignalCleanupTest
{
    @TempDir
    Path dir;

    /** SIGINT, or SIGTERM when this JVM (and so its children) ignores SIGINT: the signal and its exit status. */
    private static final String INTERRUPT = ignoresSigint() ? "TERM" : "INT";
    private static final int INTERRUPTED = 128 + ("INT".equals(INTERRUPT) ? 2 : 15);

    /** @return true when this process was started with SIGINT ignored ({@code SigIgn} of /proc/self/status, bit 1). */
    static boolean ignoresSigint()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
            {
                if (line.startsWith("SigIgn:"))
                {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (2 - 1))) != 0;
                }
            }
        }
        catch (final IOException e)
        {
            return false;
        }
        return false;
    }

    /** @return every path under {@code root}, itself excluded. */
    static List<Path> tree(final Path root) throws IOException
    {
        try (Stream<Path> files = Files.walk(root))
        {
            return files.filter(p -> !p.equals(root)).toList();
        }
    }

    /** Waits until a file whose name matches {@code regex} appears under {@code root}. */
    static Path await(final Process p, final Path root, final String regex) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline)
        {
            for (final Path f : tree(root))
            {
                if (f.getFileName().toString().matches(regex))
                {
                    return f;
                }
            }
            if (!p.isAlive())
            {
                throw new AssertionError("the child ended before creating " + regex + ": " + output(p));
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no " + regex + " under " + root);
    }

    static String output(final Process p) throws IOException
    {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    static void signal(final Process p, final String name) throws Exception
    {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start().waitFor());
    }

    @Test
    void interruptedConversionLeavesNothing() throws Exception
    {
        for (final String sig : ignoresSigint() ? new String[] {"TERM"} : new String[] {"INT", "TERM"})
        {
            final Path work = Files.createDirectory(dir.resolve("work-" + sig));
            final Path out = work.resolve("bench.nasmap");
            final Process p = new ProcessBuilder(ConversionFaultsTest.child(List.of(), "tss", "15625", "3000", "1",
                out.toString())).redirectErrorStream(true).start();
            final Path tmp = await(p, work, "\\.bench\\.nasmap\\..*\\.tmp");
            signal(p, sig);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            final String output = output(p);
            assertFalse(output.contains("done"), "the signal came too late to test anything: " + output);
            assertEquals(128 + ("INT".equals(sig) ? 2 : 15), p.exitValue(), output);
            assertFalse(Files.exists(tmp), sig + ": the temporary file is removed");
            assertEquals(List.of(), tree(work), sig + ": nothing is left");
        }
    }

    @Test
    void interruptedExportLeavesTheOldTableAndNothingElse() throws Exception
    {
        final Path input = dir.resolve("input.nasmap");
        org.nasmap.writer.NasmapWriter.convert(SyntheticConvert.source("tss", 15625, 1000, 3), input, null);
        final Path work = Files.createDirectory(dir.resolve("work"));
        final Path csv = Files.writeString(work.resolve("table.csv"), "an old table\n");
        final List<String> cmd = new ArrayList<>(ConversionFaultsTest.javaCommand(List.of()));
        cmd.addAll(List.of(Main.class.getName(), "export", input.toString(), "--format", "csv", "--epochs", "all",
            "--out", csv.toString()));
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        await(p, work, "\\.table\\.csv\\..*\\.tmp");
        signal(p, INTERRUPT);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        final String output = output(p);
        assertEquals(INTERRUPTED, p.exitValue(), output);
        assertEquals(List.of(csv), tree(work), "only the old table: " + output);
        assertEquals("an old table\n", Files.readString(csv));
    }

    @Test
    void interruptedDemoLeavesNothingInTheTemporaryFolder() throws Exception
    {
        final Path tmpdir = Files.createDirectory(dir.resolve("tmpdir"));
        final List<String> cmd = new ArrayList<>(ConversionFaultsTest.javaCommand(List.of("-Djava.io.tmpdir=" + tmpdir)));
        cmd.add(Main.class.getName());
        cmd.add("demo");
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        await(p, tmpdir, "\\.synthetic-tss\\.nasmap\\..*\\.tmp");
        Thread.sleep(500); // well into the generation, while its progress bar would be drawn
        signal(p, INTERRUPT);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        final String output = output(p);
        assertEquals(INTERRUPTED, p.exitValue(), output);
        assertEquals(List.of(), tree(tmpdir), "the demo's scratch folder is removed: " + output);
        assertTrue(output.contains("== converted the real NATS-Bench sample"), output);
        assertFalse(output.contains("\r"), "no progress bar when stderr is not a terminal: " + output);
    }
}
