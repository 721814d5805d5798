package org.nasmap.tools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commands behave alike: help, error lines and exit codes, unreadable inputs, nonsense options. */
class CliTest
{
    @TempDir
    static Path dir;
    static Path tss;

    @BeforeAll
    static void convert() throws IOException
    {
        tss = CommandsTest.convertTss(dir);
    }

    /** Runs a command line in this JVM: [exit code, stdout, stderr]. */
    static Object[] run(final String... args)
    {
        final PrintStream out = System.out;
        final PrintStream err = System.err;
        final ByteArrayOutputStream o = new ByteArrayOutputStream();
        final ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try
        {
            final int code = Main.run(args);
            return new Object[] {code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        }
        finally
        {
            System.setOut(out);
            System.setErr(err);
        }
    }

    static void assertFails(final int code, final String stderrStart, final String... args)
    {
        final Object[] r = run(args);
        final String err = (String)r[2];
        assertEquals(code, r[0], String.join(" ", args) + "\n" + err);
        assertTrue(err.startsWith(stderrStart), String.join(" ", args) + "\n" + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
        assertEquals("", r[1], "nothing on stdout: " + String.join(" ", args));
    }

    @Test
    void helpOnEveryCommand()
    {
        final List<String> names = new ArrayList<>(new CommandLine(new Main()).getSubcommands().keySet());
        assertTrue(names.size() >= 11, names.toString());
        for (final String name : names)
        {
            for (final String flag : new String[] {"--help", "-h"})
            {
                final Object[] r = run(name, flag);
                assertEquals(0, r[0], name + " " + flag + ": " + r[2]);
                assertTrue(((String)r[1]).startsWith("Usage: nasmap " + name), name + ": " + r[1]);
            }
        }
    }

    @Test
    void unreadableInputsSayWhy() throws IOException
    {
        final String missing = dir.resolve("missing.nasmap").toString();
        final String folder = dir.toString();
        for (final String[] cmd : new String[][] {{"info"}, {"show", null, "0"}, {"verify"}, {"correlate"},
            {"top", null, "--dataset", "cifar10"}, {"pareto", null, "--dataset", "cifar10"}, {"demo", null, "--no-search"}})
        {
            for (final String[] input : new String[][] {{missing, "No such file or directory"}, {folder, "Is a directory"}})
            {
                final String[] args = cmd.clone();
                if (args.length == 1)
                {
                    assertFails(1, "nasmap " + cmd[0] + ": cannot read " + input[0] + ": " + input[1], args[0], input[0]);
                }
                else
                {
                    args[1] = input[0];
                    assertFails(1, "nasmap " + cmd[0] + ": cannot read " + input[0] + ": " + input[1], args);
                }
            }
        }
        // the Unix wording of the errors a file system gives
        assertEquals("Permission denied", Args.reason(new AccessDeniedException("x")));
        assertEquals("No such file or directory", Args.reason(new NoSuchFileException("x")));
        // and a file without read permission, where the permission is enforced (not for root)
        final Path locked = dir.resolve("locked.nasmap");
        Files.copy(tss, locked);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        if (!Files.isReadable(locked))
        {
            assertFails(1, "nasmap info: cannot read " + locked + ": Permission denied", "info", locked.toString());
        }
    }

    @Test
    void showAndVerifyReportErrorsLikeTheOthers() throws IOException
    {
        assertFails(1, "nasmap show: not an architecture index or string of this tss file: bogus", "show", tss.toString(), "bogus");
        assertFails(1, "nasmap show: invalid architecture index 15625: not in [0, 15625)", "show", tss.toString(), "15625");
        final Path junk = dir.resolve("junk.nasmap");
        Files.writeString(junk, "not a nasmap file at all, just some text that is long enough to have a header");
        assertFails(1, "nasmap verify: ", "verify", junk.toString());
        assertFails(1, "nasmap info: ", "info", junk.toString());
        assertFails(2, "nasmap verify: Missing required parameter", "verify");
        assertFails(2, "nasmap show: Unknown option: '--bogus'", "show", tss.toString(), "0", "--bogus");
    }

    @Test
    void nonsenseOptionsAreRefused()
    {
        final String f = tss.toString();
        assertFails(2, "nasmap top: -k must be at least 1, got -5", "top", f, "--dataset", "cifar10", "-k", "-5");
        assertFails(2, "nasmap top: -k must be at least 1, got 0", "top", f, "--dataset", "cifar10", "-k", "0");
        assertFails(2, "nasmap top: --flops-max must be a number of at least 0, got NaN", "top", f, "--dataset", "cifar10",
            "--flops-max", "NaN");
        assertFails(2, "nasmap top: --params-max must be a number of at least 0, got -1.0", "top", f, "--dataset", "cifar10",
            "--params-max", "-1");
        assertFails(2, "nasmap top: --hp 90: this tss file has no results at hp 90 (it has 12, 200)", "top", f,
            "--dataset", "cifar10", "--hp", "90");
        assertFails(2, "nasmap pareto: --hp 01: this tss file has no results at hp 01 (it has 12, 200)", "pareto", f,
            "--dataset", "cifar10", "--hp", "01");
        assertFails(2, "nasmap demo: --runs must be at least 1, got 0", "demo", "--runs", "0");
        assertFails(2, "nasmap demo: --budget must be a positive number of simulated seconds, got -5.0", "demo", "--budget", "-5");
        assertFails(2, "nasmap demo: --budget must be a positive number of simulated seconds, got NaN", "demo", "--budget", "NaN");
        assertFails(2, "nasmap demo: --rate-queries must be 0 or more, got -1", "demo", "--rate-queries", "-1");
        assertFails(2, "nasmap query: Invalid value for option '--random-seed': 'abc' is not a long", "query", f,
            "--random-seed", "abc");
        assertFails(2, "nasmap demo: Invalid value for option '--runs': 'x' is not an int", "demo", "--runs", "x");
    }

    @Test
    void demoOnAPartialFileStopsAtOnceSayingWhy()
    {
        assertFails(1, "nasmap demo: " + tss + " holds 3 of the 15,625 architectures of its space; the search baselines " +
            "sample the whole space and need them all", "demo", tss.toString());
        final Object[] r = run("demo", tss.toString(), "--no-search");
        assertEquals(0, r[0], (String)r[2]);
        assertTrue(((String)r[1]).contains("> {\"op\": \"len\"}"), (String)r[1]);
    }

    @Test
    void progressBarsOnlyOnATerminal() throws Exception
    {
        // surefire's stderr is a pipe or a file: the demo's bars draw nothing
        assertFalse(TerminalProgress.stderrIsTerminal());
        // under a pseudo-terminal (util-linux `script`), stderr is one
        final Path script = Path.of("/usr/bin/script");
        if (Files.isExecutable(script))
        {
            final List<String> cmd = QueryProcessTest.java();
            cmd.set(cmd.size() - 1, TerminalProbe.class.getName());
            final Process p = new ProcessBuilder(script.toString(), "-qec", QueryProcessTest.shellQuote(cmd), "/dev/null")
                .redirectErrorStream(true).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertTrue(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("terminal true"));
        }
    }

    /** Prints whether the process's stderr is a terminal (run by {@link #progressBarsOnlyOnATerminal}). */
    public static final class TerminalProbe
    {
        public static void main(final String[] args)
        {
            System.out.println("terminal " + TerminalProgress.stderrIsTerminal());
        }
    }

    @Test
    void nonAsciiPathsUnderTheCLocaleGiveAClearError() throws Exception
    {
        final Path named = dir.resolve("\u00e9t\u00e9.nasmap");
        Files.copy(tss, named);
        final List<String> cmd = QueryProcessTest.java();
        cmd.set(cmd.size() - 1, Main.class.getName());
        cmd.addAll(List.of("info", named.toString()));
        final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        pb.environment().remove("LANG");
        final Process p = pb.start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        // the JVM cannot name such a file under this locale (the launcher runs it under C.UTF-8 instead): it says so
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.startsWith("nasmap info: Invalid value for positional parameter at index 0 (<file>): cannot use the path "),
            out);
        assertTrue(out.contains("set a UTF-8 locale, e.g. LC_ALL=C.UTF-8"), out);
        assertFalse(out.contains("Exception"), out);
    }
}
