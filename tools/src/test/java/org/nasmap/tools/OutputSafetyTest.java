package org.nasmap.tools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nasmap.writer.AtomicOutput;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No command overwrites, truncates or replaces a file it was not asked to create: outputs that are an
 * input (by identity: symbolic and hard links included) or lie in an input folder, outputs that are not
 * regular files, bad options, sources without architectures, too-large plots and write errors all leave
 * every file as it was and no temporary file behind.
 */
class OutputSafetyTest
{
    static final Path SINGLE = Path.of("../writer/src/test/resources/single/sss-sample-single.pickle.pbz2");
    static final Path PTH = Path.of("../writer/src/test/resources/nb201-sample/NAS-Bench-201-sample-legacy.pth");

    @TempDir
    Path dir;

    Path tss;
    Path nasmap;

    /** The sample converted once for all tests. */
    static Path converted;

    @BeforeAll
    static void convertOnce(@TempDir final Path shared)
    {
        converted = shared.resolve("tss.nasmap");
        assertEquals(0, run("convert", "--quiet", CommandsTest.TSS.toString(), converted.toString())[0]);
    }

    @BeforeEach
    void copySources() throws IOException
    {
        tss = Files.createDirectory(dir.resolve("tss-src"));
        try (Stream<Path> files = Files.list(CommandsTest.TSS))
        {
            for (final Path f : files.toList())
            {
                Files.copy(f, tss.resolve(f.getFileName()));
            }
        }
        nasmap = Files.copy(converted, dir.resolve("tss.nasmap"));
    }

    /** Runs a command; returns [exit code, stdout + stderr]. */
    static Object[] run(final String... args)
    {
        final PrintStream oldOut = System.out;
        final PrintStream oldErr = System.err;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            System.setOut(ps);
            System.setErr(ps);
            final int code = Main.run(args);
            return new Object[] {code, bytes.toString(StandardCharsets.UTF_8)};
        }
        finally
        {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** Every file under {@code root} (links not followed) with its bytes, or its kind when it is not a regular file. */
    static Map<String, String> snapshot(final Path root) throws IOException
    {
        final Map<String, String> m = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root))
        {
            for (final Path p : files.toList())
            {
                final String key = root.relativize(p).toString();
                if (Files.isSymbolicLink(p))
                {
                    m.put(key, "-> " + Files.readSymbolicLink(p));
                }
                else if (Files.isRegularFile(p))
                {
                    m.put(key, Long.toHexString(java.util.Arrays.hashCode(Files.readAllBytes(p))) + " " + Files.size(p));
                }
                else
                {
                    m.put(key, Files.isDirectory(p) ? "dir" : "special");
                }
            }
        }
        return m;
    }

    /** Runs a command expected to refuse: exit 1, the message, and nothing under {@link #dir} changed. */
    private String refuses(final String message, final String... args) throws IOException
    {
        final Map<String, String> before = snapshot(dir);
        final Object[] r = run(args);
        final String out = (String)r[1];
        assertEquals(1, r[0], out);
        assertTrue(out.contains(message), out);
        assertEquals(before, snapshot(dir), "nothing changed: " + String.join(" ", args));
        return out;
    }

    private static void mkfifo(final Path p) throws Exception
    {
        final Process mk = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
        Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo is not available");
    }

    @Test
    void convertRefusesAnOutputThatIsASourceOrInsideASourceFolder() throws Exception
    {
        refuses("lies inside the input folder", "convert", "--quiet", tss.toString(), tss.resolve("out.nasmap").toString());
        refuses("lies inside the input folder", "convert", "--quiet", tss.toString(),
            tss.resolve("meta.pickle.pbz2").toString());
        // through a symbolic link to the folder, and through a path that walks out and back in
        final Path link = Files.createSymbolicLink(dir.resolve("link-to-src"), tss);
        refuses("lies inside the input folder", "convert", "--quiet", tss.toString(), link.resolve("x.nasmap").toString());
        refuses("lies inside the input folder", "convert", "--quiet", link.toString(), tss.resolve("x.nasmap").toString());
        refuses("lies inside the input folder", "convert", "--quiet", tss.toString(),
            dir.resolve("link-to-src/../tss-src/x.nasmap").toString());

        // single files: the same path, a symbolic link to it, a hard link to it
        for (final Path source : new Path[] {SINGLE, PTH})
        {
            final Path copy = Files.copy(source, dir.resolve(source.getFileName()));
            refuses("is the input", "convert", "--quiet", copy.toString(), copy.toString());
            final Path sym = Files.createSymbolicLink(dir.resolve("sym-" + source.getFileName()), copy.getFileName());
            refuses("is the input", "convert", "--quiet", copy.toString(), sym.toString());
            refuses("is the input", "convert", "--quiet", sym.toString(), copy.toString());
            final Path hard = Files.createLink(dir.resolve("hard-" + source.getFileName()), copy);
            refuses("is the input", "convert", "--quiet", copy.toString(), hard.toString());
        }
    }

    @Test
    void convertRefusesAnOutputThatIsNotARegularFile() throws Exception
    {
        final Path folder = Files.createDirectory(dir.resolve("a-folder.nasmap"));
        Files.writeString(folder.resolve("keep.txt"), "kept");
        refuses("not a regular file (a folder)", "convert", "--quiet", tss.toString(), folder.toString());
        final Path fifo = dir.resolve("fifo.nasmap");
        mkfifo(fifo);
        refuses("not a regular file (a FIFO)", "convert", "--quiet", tss.toString(), fifo.toString());
        assertFalse(Files.isRegularFile(fifo));
        final Path dangling = Files.createSymbolicLink(dir.resolve("dangling.nasmap"), dir.resolve("nowhere"));
        refuses("symbolic link to nothing", "convert", "--quiet", tss.toString(), dangling.toString());
        // a character device like /dev/full, made here (needs root) rather than risking the machine's own
        final Path device = dir.resolve("full.nasmap");
        final Process mknod = new ProcessBuilder("mknod", device.toString(), "c", "1", "7").redirectErrorStream(true).start();
        if (mknod.waitFor() == 0)
        {
            refuses("not a regular file (a character device)", "convert", "--quiet", tss.toString(), device.toString());
            assertFalse(Files.isRegularFile(device));
        }
        // a symbolic link to a regular file is followed: the file is replaced, the link kept
        final Path real = Files.writeString(dir.resolve("real.nasmap"), "old");
        final Path toReal = Files.createSymbolicLink(dir.resolve("to-real.nasmap"), real.getFileName());
        assertEquals(0, run("convert", "--quiet", tss.toString(), toReal.toString())[0]);
        assertTrue(Files.isSymbolicLink(toReal));
        assertEquals(-1, Files.mismatch(real, nasmap));
    }

    @Test
    void aReadOnlyOutputOrFolderIsRefused() throws Exception
    {
        final Path locked = Files.writeString(dir.resolve("locked.csv"), "protected");
        assertTrue(locked.toFile().setWritable(false, false));
        final Path roFolder = Files.createDirectory(dir.resolve("ro"));
        assertTrue(roFolder.toFile().setWritable(false, false));
        try
        {
            // root writes everywhere: nothing to refuse then
            Assumptions.assumeFalse(Files.isWritable(locked), "running as root: permissions do not bind");
            refuses("is read-only", "export", nasmap.toString(), "--format", "csv", "--out", locked.toString());
            refuses("cannot create a file in " + roFolder + ": Permission denied", "export", nasmap.toString(),
                "--format", "csv", "--out", roFolder.resolve("x.csv").toString());
        }
        finally
        {
            roFolder.toFile().setWritable(true, true);
        }
    }

    @Test
    void convertRefusesASourceWithoutArchitectures() throws IOException
    {
        final Path metaOnly = Files.createDirectory(dir.resolve("meta-only"));
        Files.copy(tss.resolve("meta.pickle.pbz2"), metaOnly.resolve("meta.pickle.pbz2"));
        final String out = refuses("the source holds no architecture", "convert", "--quiet", metaOnly.toString(),
            dir.resolve("empty.nasmap").toString());
        assertTrue(out.contains("nothing to convert"), out);
    }

    @Test
    void convertSaysOneArchitectureNotOneArchitectures() throws IOException
    {
        final Path one = Files.createDirectory(dir.resolve("one"));
        Files.copy(tss.resolve("meta.pickle.pbz2"), one.resolve("meta.pickle.pbz2"));
        Files.copy(tss.resolve("000011.pickle.pbz2"), one.resolve("000011.pickle.pbz2"));
        final Object[] r = run("convert", "--quiet", one.toString(), dir.resolve("one.nasmap").toString());
        final String out = (String)r[1];
        assertEquals(0, r[0], out);
        assertTrue(out.contains(" 1 of 15,625 architectures, 17 trials, "), out);
        assertFalse(out.contains("1 architectures"), out);
    }

    @Test
    void convertPrintsNoProgressBarWhenStderrIsNotATerminal()
    {
        // a source of unknown or large size would get a bar; under the test runner stderr is a pipe
        assertFalse(TerminalProgress.stderrIsTerminal());
        final ByteArrayOutputStream drawn = new ByteArrayOutputStream();
        final PrintStream err = new PrintStream(drawn, true, StandardCharsets.UTF_8);
        try (var bar = TerminalProgress.bar("convert", 1000, 1, false, err))
        {
            for (int i = 0; i <= 1000; i += 100)
            {
                bar.stepTo(i);
            }
        }
        assertEquals("", drawn.toString(StandardCharsets.UTF_8));
        try (var bar = TerminalProgress.bar("convert", 1000, 1, true, err))
        {
            bar.stepTo(500);
        }
        assertTrue(drawn.toString(StandardCharsets.UTF_8).contains("\r"), "on a terminal, the bar is drawn");
    }

    @Test
    void exportRefusesItsInputAndValidatesEveryOptionFirst() throws Exception
    {
        final Path sym = Files.createSymbolicLink(dir.resolve("sym.nasmap"), nasmap.getFileName());
        final Path hard = Files.createLink(dir.resolve("hard.nasmap"), nasmap);
        for (final Path out : new Path[] {nasmap, sym, hard})
        {
            refuses("is the input", "export", nasmap.toString(), "--format", "csv", "--out", out.toString());
            refuses("is the input", "export", sym.toString(), "--format", "jsonl", "--out", out.toString());
        }
        final Path keep = Files.writeString(dir.resolve("keep.csv"), "a user's table\n");
        refuses("unknown dataset 'foo'", "export", nasmap.toString(), "--format", "csv", "--dataset", "foo", "--out", keep.toString());
        refuses("unknown hp '7'", "export", nasmap.toString(), "--format", "csv", "--hp", "7", "--out", keep.toString());
        refuses("--format must be csv or jsonl", "export", nasmap.toString(), "--format", "xml", "--out", keep.toString());
        refuses("--epochs must be last or all", "export", nasmap.toString(), "--format", "csv", "--epochs", "9", "--out", keep.toString());
        refuses("not a regular file (a folder)", "export", nasmap.toString(), "--format", "csv", "--out", dir.toString());
        final Path fifo = dir.resolve("fifo.csv");
        mkfifo(fifo);
        refuses("not a regular file (a FIFO)", "export", nasmap.toString(), "--format", "csv", "--out", fifo.toString());
        // and a good run replaces the file whole
        assertEquals(0, run("export", nasmap.toString(), "--format", "csv", "--out", keep.toString())[0]);
        assertTrue(Files.readString(keep).startsWith("index,arch,hp,"));
    }

    @Test
    void plotRefusesItsInputBadOptionsAndTooLargeImagesLeavingNoFile() throws Exception
    {
        final Path named = Files.copy(nasmap, dir.resolve("bench.svg"));
        refuses("is the input", "plot", named.toString(), "--pareto", "--out", named.toString());
        final Path svg = Files.createSymbolicLink(dir.resolve("tss.svg"), nasmap.getFileName());
        refuses("is the input", "plot", nasmap.toString(), "--pareto", "--out", svg.toString());
        final Path keep = Files.writeString(dir.resolve("keep.png"), "a user's picture");
        refuses("--width and --height must be 1 to 8192", "plot", nasmap.toString(), "--pareto", "--width", "100000",
            "--height", "100000", "--out", keep.toString());
        refuses("--width and --height must be 1 to 8192", "plot", nasmap.toString(), "--pareto", "--width", "0",
            "--out", dir.resolve("new.png").toString());
        refuses("unknown --metric 'acc'", "plot", nasmap.toString(), "--curves", "0", "--metric", "acc", "--out", keep.toString());
        refuses("unknown --split", "plot", nasmap.toString(), "--curves", "0", "--split", "nope", "--out", keep.toString());
        refuses("unknown --cost", "plot", nasmap.toString(), "--pareto", "--cost", "nope", "--out", keep.toString());
        refuses("unknown dataset", "plot", nasmap.toString(), "--pareto", "--dataset", "nope", "--out", keep.toString());
        refuses("unknown hp", "plot", nasmap.toString(), "--pareto", "--hp", "7", "--out", keep.toString());
        // an architecture that cannot be drawn fails before the output is touched
        final Object[] r = run("plot", nasmap.toString(), "--curves", "99999", "--out", keep.toString());
        assertEquals(1, r[0], (String)r[1]);
        assertEquals("a user's picture", Files.readString(keep));
        assertEquals(0, run("plot", nasmap.toString(), "--pareto", "--out", keep.toString())[0]);
        assertTrue(Files.size(keep) > 1000);
    }

    /** Runs a command object with an injected opener; expects the simulated ENOSPC and nothing changed. */
    private void fullDisk(final Callable<Integer> command, final Path out, final String... args) throws IOException
    {
        new CommandLine(command).parseArgs(args);
        final Map<String, String> before = snapshot(dir);
        final IOException e = assertThrows(IOException.class, command::call);
        assertTrue(e.getMessage().contains("No space left on device"), e.toString());
        assertEquals(before, snapshot(dir), "the old " + out.getFileName() + " is untouched and nothing is left");
    }

    @Test
    void aFullDiskLeavesEveryFileAsItWas() throws IOException
    {
        final Path csv = Files.writeString(dir.resolve("old.csv"), "an old export\n");
        final Path png = Files.writeString(dir.resolve("old.png"), "an old plot");
        final Path old = dir.resolve("old.nasmap");
        Files.copy(nasmap, old);
        for (final long budget : new long[] {0, 1, 4096})
        {
            final ExportCommand export = new ExportCommand();
            export.opener = FailingChannel.full(budget);
            fullDisk(export, csv, nasmap.toString(), "--format", "csv", "--epochs", "all", "--out", csv.toString());
            final PlotCommand plot = new PlotCommand();
            plot.opener = FailingChannel.full(budget);
            fullDisk(plot, png, nasmap.toString(), "--pareto", "--out", png.toString());
            final ConvertCommand convert = new ConvertCommand();
            convert.opener = FailingChannel.full(budget);
            fullDisk(convert, old, "--quiet", tss.toString(), old.toString());
        }
        final ConvertCommand convert = new ConvertCommand();
        convert.opener = FailingChannel.full(1_000_000);
        fullDisk(convert, old, "--quiet", tss.toString(), old.toString());
        // without a previous file, nothing appears
        final ExportCommand export = new ExportCommand();
        export.opener = FailingChannel.full(10);
        fullDisk(export, dir.resolve("new.csv"), nasmap.toString(), "--format", "jsonl", "--out", dir.resolve("new.csv").toString());
    }

    @Test
    void commitForcesTheFileRenamesThenForcesTheFolder() throws IOException
    {
        final List<String> log = new ArrayList<>();
        final Path out = Files.writeString(dir.resolve("out.csv"), "old");
        final AtomicOutput.Opener recording = FailingChannel.recording(log);
        final AtomicOutput.Opener opener = (p, options) ->
        {
            if (Files.isDirectory(p))
            {
                log.add("open the folder; the target holds: " + Files.readString(out));
            }
            return recording.open(p, options);
        };
        final String tmp;
        try (AtomicOutput o = AtomicOutput.create(out, opener, nasmap))
        {
            tmp = log.get(0).substring("open ".length());
            assertTrue(tmp.matches("\\.out\\.csv\\.[0-9]+\\.tmp"), tmp);
            o.stream().write("new".getBytes(StandardCharsets.UTF_8));
            assertEquals("old", Files.readString(out), "nothing visible before the commit");
            o.commit();
        }
        assertEquals(List.of("open " + tmp, "force " + tmp, "open the folder; the target holds: new",
            "open " + dir.getFileName(), "force " + dir.getFileName()), log,
            "the file is forced, renamed over the target, then the folder is forced");
        assertEquals("new", Files.readString(out));
        try (Stream<Path> files = Files.list(dir))
        {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void exportStopsWhenStdoutIsClosed() throws Exception
    {
        // about 1.8 MB of CSV, far beyond a pipe's buffer: head takes one line and exits
        final List<String> java = ConversionFaultsTest.javaCommand(List.of());
        java.add(Main.class.getName());
        final String cmd = String.join(" ", java.stream().map(OutputSafetyTest::quote).toList()) + " export " +
            quote(nasmap.toString()) + " --format csv --epochs all | head -1 > /dev/null; echo \"${PIPESTATUS[0]}\"";
        final Process p = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertTrue(out.contains("cannot write to standard output"), out);
        assertNotEquals("0", out.strip().substring(out.strip().lastIndexOf('\n') + 1), "a failing stdout is an error: " + out);
    }

    static String quote(final String s)
    {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
