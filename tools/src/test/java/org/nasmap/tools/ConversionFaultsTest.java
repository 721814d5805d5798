package org.nasmap.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nasmap.reader.NasmapFile;
import org.nasmap.reader.NasmapVerifier;
import org.nasmap.writer.AtomicOutput;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.Source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Conversion under faults: a converter killed with SIGKILL at random moments never leaves a partial file
 * under the output name (the path holds nothing, the previous complete file or the new complete file);
 * the temporary files that killed converters leave are removed by the next conversion to the same output
 * (never by the test); a source that fails, a file size limit (EFBIG) and a full disk (ENOSPC: a channel that
 * fails as a full disk does, everywhere, and a small tmpfs where one can be mounted) give a clear error and
 * leave the output as it was, with no temporary file behind; the same source gives the same bytes in another JVM with another locale, time zone and encoding.
 * <p>
 * {@code -Dnasmap.killLoop=N} sets the number of kills (default 20).
 */
class ConversionFaultsTest
{
    static final String[] SOURCE_A = {"tss", "15625", "300", "1"};
    static final String[] SOURCE_B = {"tss", "15625", "300", "2"};
    static final Pattern TEMP = Pattern.compile("\\.bench\\.nasmap\\..*\\.tmp");

    @TempDir
    Path dir;

    /** The command line of a child JVM running {@link SyntheticConvert}. */
    static List<String> child(final List<String> jvmOptions, final String... args)
    {
        final List<String> cmd = javaCommand(jvmOptions);
        cmd.add(SyntheticConvert.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** {@code java} with the test class path and {@code jvmOptions}, to which the caller adds a main class. */
    static List<String> javaCommand(final List<String> jvmOptions)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        return cmd;
    }

    static String[] with(final String[] source, final String... more)
    {
        final String[] out = java.util.Arrays.copyOf(source, source.length + more.length);
        System.arraycopy(more, 0, out, source.length, more.length);
        return out;
    }

    /** Runs a child to its end; returns [exit code, output]. */
    static Object[] runChild(final List<String> cmd) throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Object[] {p.exitValue(), out};
    }

    private Path expected(final String name, final String[] source) throws IOException
    {
        final Path p = dir.resolve(name);
        NasmapWriter.convert(SyntheticConvert.source(source[0], Integer.parseInt(source[1]), Integer.parseInt(source[2]),
            Long.parseLong(source[3])), p, null);
        return p;
    }

    /** @return the files of {@code d} other than {@code keep}. */
    static List<Path> others(final Path d, final Path... keep) throws IOException
    {
        try (Stream<Path> files = Files.list(d))
        {
            return files.filter(p -> !List.of(keep).contains(p)).toList();
        }
    }

    static boolean same(final Path a, final Path b) throws IOException
    {
        return Files.size(a) == Files.size(b) && Files.mismatch(a, b) == -1;
    }

    static void verifies(final Path p) throws IOException
    {
        try (NasmapFile f = NasmapFile.open(p))
        {
            assertTrue(NasmapVerifier.verify(f).ok(), p + " verifies");
        }
    }

    @Test
    void killedConverterLeavesNoPartialFile() throws Exception
    {
        final int iterations = Integer.getInteger("nasmap.killLoop", 20);
        final Path work = Files.createDirectory(dir.resolve("work"));
        final Path out = work.resolve("bench.nasmap");
        final Path a = expected("a.nasmap", SOURCE_A);
        final Path b = expected("b.nasmap", SOURCE_B);
        assertNotEquals(-1, Files.mismatch(a, b));

        // a complete run first: it must give A's bytes, and it times the JVM start and the conversion
        final long t0 = System.nanoTime();
        final Process first = new ProcessBuilder(child(List.of(), with(SOURCE_A, out.toString()))).redirectErrorStream(true).start();
        final BufferedReader lines = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("converting", lines.readLine());
        final long startup = (System.nanoTime() - t0) / 1_000_000;
        final String done = lines.readLine();
        final long conversion = Math.max(20, (System.nanoTime() - t0) / 1_000_000 - startup);
        assertEquals(0, first.waitFor(), done);
        assertTrue(same(out, a));
        Files.delete(out);

        final SplittableRandom r = new SplittableRandom(Long.getLong("nasmap.killSeed", 42));
        Path current = null; // what the output path holds: null (nothing), a or b
        int absent = 0;
        int old = 0;
        int fresh = 0;
        int finished = 0;
        int duringStartup = 0;
        int leftovers = 0;
        final java.util.Set<Path> pending = new java.util.HashSet<>();
        // the kill comes within `window` ms of the start of the conversion; the window adapts so that about one
        // kill in six lands after the converter is done (around the rename and the exit), the others during it
        double window = conversion;
        for (int i = 0; i < iterations; i++)
        {
            // always towards the other file, so that a run that completes changes what the path holds
            final boolean toA = current != a;
            final Path target = toA ? a : b;
            final Process p = new ProcessBuilder(child(List.of(), with(toA ? SOURCE_A : SOURCE_B, out.toString())))
                .redirectErrorStream(true).start();
            if (r.nextInt(10) == 0)
            {
                Thread.sleep(r.nextLong(startup + 1)); // during the JVM's start
                duringStartup++;
            }
            else
            {
                final String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
                assertEquals("converting", line);
                Thread.sleep(r.nextLong((long)window + 1));
            }
            p.destroyForcibly();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            window = p.exitValue() == 0 ? Math.max(10, window * 0.9) : Math.min(4.0 * conversion, window * 1.02);
            if (p.exitValue() == 0)
            {
                finished++;
            }
            if (!Files.exists(out))
            {
                assertEquals(null, current, "iteration " + i + ": the output disappeared");
                absent++;
            }
            else if (current != null && same(out, current))
            {
                old++;
            }
            else if (same(out, target))
            {
                fresh++;
                current = target;
            }
            else
            {
                fail("iteration " + i + ": the output path holds " + Files.size(out) + " bytes that are neither the " +
                    "previous file nor the new one");
            }
            if (current != null)
            {
                verifies(out);
            }
            // leftovers stay: the converters themselves must remove them (the test deletes nothing)
            final List<Path> now = others(work, out);
            for (final Path o : now)
            {
                assertTrue(TEMP.matcher(o.getFileName().toString()).matches(), "unexpected file " + o);
                if (!pending.contains(o))
                {
                    leftovers++;
                }
            }
            if (p.exitValue() == 0)
            {
                // a run that completed swept what killed runs had left before it started
                for (final Path o : pending)
                {
                    assertFalse(Files.exists(o), "iteration " + i + ": a completed conversion left the stale " + o);
                }
            }
            pending.clear();
            pending.addAll(now);
        }
        System.out.printf("kill loop: %d kills (%d during the JVM start, the others within %.0f ms of the start of a " +
            "%d ms conversion): %d left nothing (no previous file), %d kept the previous file, %d gave the new file " +
            "(%d had exited before the kill); %d temporary files left behind, all removed by later conversions%n", iterations, duringStartup, window,
            conversion, absent, old, fresh, finished, leftovers);
        assertEquals(iterations, absent + old + fresh);
        assertTrue(leftovers > 0 || iterations < 5, "no kill left a temporary file: the cleanup went untested");
        // a rerun after all this succeeds, and removes every temporary file the killed runs left
        final Object[] rerun = runChild(child(List.of(), with(SOURCE_B, out.toString())));
        assertEquals(0, rerun[0], (String)rerun[1]);
        assertTrue(same(out, b));
        verifies(out);
        assertEquals(List.of(), others(work, out));
    }

    /** Converts in-process and expects a failure that leaves {@code out} as it was and no temporary file. */
    private void failsCleanly(final Source source, final Path out, final Class<? extends Throwable> type,
        final String message) throws IOException
    {
        final byte[] before = Files.exists(out) ? Files.readAllBytes(out) : null;
        final Throwable e = assertThrows(type, () -> NasmapWriter.convert(source, out, null));
        assertTrue(String.valueOf(e.getMessage()).contains(message), e.toString());
        if (before == null)
        {
            assertTrue(!Files.exists(out));
        }
        else
        {
            assertEquals(-1, java.util.Arrays.mismatch(before, Files.readAllBytes(out)), "the output is unchanged");
        }
        assertEquals(List.of(), others(out.getParent(), out), "no temporary file is left");
    }

    @Test
    void failingSourceLeavesTheOutputAsItWas() throws IOException
    {
        final Path work = Files.createDirectory(dir.resolve("work"));
        final Path out = work.resolve("bench.nasmap");
        final Source small = SyntheticConvert.source("tss", 200, 20, 7);
        // nothing there yet, then a previous file there
        failsCleanly(SyntheticConvert.failing(small, 3, null), out, IOException.class, "simulated read failure");
        NasmapWriter.convert(small, out, null);
        for (final int after : new int[] {0, 1, 10, 20})
        {
            failsCleanly(SyntheticConvert.failing(small, after, null), out, IOException.class, "simulated");
            failsCleanly(SyntheticConvert.failing(small, after, new UncheckedIOException(new IOException("disk gone"))),
                out, UncheckedIOException.class, "disk gone");
            failsCleanly(SyntheticConvert.failing(small, after, new IllegalStateException("bug in a source")),
                out, IllegalStateException.class, "bug in a source");
        }
        verifies(out);
    }

    @Test
    void fileSizeLimitGivesAClearErrorAndNoPartialFile() throws Exception
    {
        final Path work = Files.createDirectory(dir.resolve("work"));
        final Path out = work.resolve("bench.nasmap");
        final Path previous = expected("previous.nasmap", new String[] {"tss", "100", "4", "5"});
        Files.copy(previous, out);
        assertTrue(Files.size(out) < 512 * 1024);
        // RLIMIT_FSIZE of 1 MiB for the child: writes past it fail with EFBIG (the JVM ignores SIGXFSZ)
        final List<String> cmd = new ArrayList<>(List.of("bash", "-c", "ulimit -f 1024 && exec \"$@\"", "bash"));
        cmd.addAll(child(List.of(), with(SOURCE_A, out.toString())));
        final Object[] r = runChild(cmd);
        final String output = (String)r[1];
        assertEquals(1, r[0], output);
        assertTrue(output.contains("convert failed") && output.contains("File too large"), output);
        assertTrue(same(out, previous), "the previous file is untouched");
        assertEquals(List.of(), others(work, out), "no temporary file is left");
        verifies(out);
    }

    @Test
    void fullDiskByAFailingChannelGivesAClearErrorAndNoPartialFile() throws IOException
    {
        // runs everywhere: the channel fails as a full disk would, at points from the first byte to the footer
        final Path work = Files.createDirectory(dir.resolve("work"));
        final Path out = work.resolve("bench.nasmap");
        final Path previous = expected("previous.nasmap", new String[] {"tss", "100", "4", "5"});
        final Path full = expected("full.nasmap", new String[] {"tss", "2000", "40", "3"});
        final long length = Files.size(full);
        for (final boolean withPrevious : new boolean[] {false, true})
        {
            if (withPrevious)
            {
                Files.copy(previous, out);
            }
            for (final long budget : new long[] {0, 1, 4096, length / 2, length - 4096})
            {
                final Throwable e = assertThrows(IOException.class, () -> NasmapWriter.convert(
                    SyntheticConvert.source("tss", 2000, 40, 3), AtomicOutput.create(out, FailingChannel.full(budget)), null));
                assertTrue(e.getMessage().contains("No space left on device"), e.toString());
                assertEquals(withPrevious, Files.exists(out));
                if (withPrevious)
                {
                    assertTrue(same(out, previous), "the previous file is untouched");
                }
                assertEquals(List.of(), others(work, out), "no temporary file is left");
            }
        }
        NasmapWriter.convert(SyntheticConvert.source("tss", 2000, 40, 3), AtomicOutput.create(out, FailingChannel.full(length)), null);
        assertTrue(same(out, full), "a disk with just enough room takes the whole file");
    }

    @Test
    void fullFileSystemGivesAClearErrorAndNoPartialFile() throws Exception
    {
        final Path mount = Files.createDirectory(dir.resolve("small-fs"));
        final Object[] m = runChild(List.of("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString()));
        Assumptions.assumeTrue((int)m[0] == 0, "cannot mount a 1 MiB tmpfs here (needs root with CAP_SYS_ADMIN): " + m[1]);
        try
        {
            final Path out = mount.resolve("bench.nasmap");
            final Path previous = expected("previous.nasmap", new String[] {"tss", "100", "4", "5"});
            Files.copy(previous, out);
            // in-process: the writer's IOException says so
            failsCleanly(SyntheticConvert.source("tss", 15625, 40, 3), out, IOException.class, "No space left on device");
            // through the command line, on the real sample (1.8 MB)
            Object[] r = OutputSafetyTest.run("convert", "--quiet", CommandsTest.TSS.toString(), out.toString());
            assertNotEquals(0, r[0], (String)r[1]);
            assertTrue(((String)r[1]).contains("No space left on device"), (String)r[1]);
            assertTrue(same(out, previous), "the previous file is untouched");
            assertEquals(List.of(), others(mount, out), "no temporary file is left");
            verifies(out);
            // export: every epoch of the sample is a CSV of about 1.8 MB; the old table stays as it was
            final Path sample = dir.resolve("sample.nasmap");
            assertEquals(0, OutputSafetyTest.run("convert", "--quiet", CommandsTest.TSS.toString(), sample.toString())[0]);
            final Path csv = Files.writeString(mount.resolve("old.csv"), "an old table\n");
            r = OutputSafetyTest.run("export", sample.toString(), "--format", "csv", "--epochs", "all", "--out", csv.toString());
            assertNotEquals(0, r[0], (String)r[1]);
            assertTrue(((String)r[1]).contains("No space left on device"), (String)r[1]);
            assertEquals("an old table\n", Files.readString(csv));
            Files.delete(csv);
            assertEquals(List.of(), others(mount, out), "no temporary file is left");
            // the file system is usable again at once: a conversion that fits succeeds
            NasmapWriter.convert(SyntheticConvert.source("tss", 100, 4, 6), out, null);
            verifies(out);
            assertEquals(List.of(), others(mount, out));
        }
        finally
        {
            // lazily: the mappings of the files opened above go away with the garbage collector
            final Object[] u = runChild(List.of("umount", "-l", mount.toString()));
            assertEquals(0, u[0], String.valueOf(u[1]));
        }
    }

    @Test
    void outputHasThePermissionsOfANewFile() throws IOException
    {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "no POSIX permissions");
        final Path out = dir.resolve("bench.nasmap");
        NasmapWriter.convert(SyntheticConvert.source("tss", 100, 2, 5), out, null);
        final Path plain = Files.createFile(dir.resolve("plain"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(out),
            "the output is readable as any new file (umask), not owner-only as a temporary file");
    }

    @Test
    void sameBytesInAnotherJvmWithAnotherLocaleAndTimeZone() throws Exception
    {
        for (final String[] source : new String[][] {{"tss", "15625", "40", "11"}, {"sss", "32768", "60", "12"}})
        {
            final Path here = expected("here-" + source[0] + ".nasmap", source);
            final Path there = dir.resolve("there-" + source[0] + ".nasmap");
            final Object[] r = runChild(child(List.of("-Duser.language=tr", "-Duser.country=TR",
                "-Duser.timezone=Pacific/Chatham", "-Dfile.encoding=ISO-8859-1"),
                with(source, there.toString())));
            assertEquals(0, r[0], (String)r[1]);
            assertEquals(-1, Files.mismatch(here, there), source[0] + ": same input, same bytes");
        }
    }
}
