package org.nasmap.reader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.nasmap.format.Layout;
import org.nasmap.format.Space;
import org.nasmap.writer.NasmapWriter;

/**
 * Fuzzes {@link NasmapFile#open}, the query API and {@link NasmapVerifier} with damaged files: nothing may
 * crash the JVM or throw anything but the documented exceptions ({@link Exercise#allowed}); a closed file
 * refuses queries with {@link IllegalStateException}.
 * <p>
 * The normal test run replays the regression inputs under
 * {@code src/test/resources/org/nasmap/reader/NasmapFuzzTestInputs/<method>/} (an edge-coverage-minimised
 * corpus of a campaign, plus valid tiny files as seeds of {@code wholeFile}). A campaign, one method per run:
 * <pre>
 * JAZZER_FUZZ=1 mvn -B -o -pl reader surefire:test -Dtest='NasmapFuzzTest#mutatedFile' -Djazzer.max_duration=15m
 * JAZZER_FUZZ=1 mvn -B -o -pl reader surefire:test -Dtest='NasmapFuzzTest#wholeFile' -Djazzer.max_duration=10m \
 *     -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_len=16384
 * </pre>
 * (without {@code -max_len} libFuzzer cuts inputs to 4096 bytes, shorter than a whole tiny file). The
 * generated corpus goes to {@code reader/.cifuzz-corpus/} (not to be committed); findings are written to
 * the inputs directory above. To minimise a corpus into it: {@code java -cp <test class path>
 * com.code_intelligence.jazzer.Jazzer --target_class=org.nasmap.reader.NasmapFuzzTest
 * --target_method=mutatedFile -merge=1 -use_counters=0 OUT_DIR CORPUS_DIR}.
 * <p>
 * Bounds checks of Agrona's buffers stay on, so a read outside the mapping shows up as an
 * {@link IndexOutOfBoundsException} finding rather than as a crash.
 */
class NasmapFuzzTest
{
    /** Valid tiny files (topology, size) that the mutations start from. */
    static final byte[][] BASES;
    static final Path DIR;

    static
    {
        try
        {
            final Path shm = Path.of("/dev/shm");
            DIR = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "nasmap-fuzz") :
                Files.createTempDirectory("nasmap-fuzz");
            BASES = new byte[][] {build(Space.TOPOLOGY, 5), build(Space.SIZE, 6)};
            Runtime.getRuntime().addShutdownHook(new Thread(NasmapFuzzTest::cleanUp));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] build(final Space space, final long seed) throws IOException
    {
        final Path p = DIR.resolve("base-" + space.shortName() + ".nasmap");
        NasmapWriter.convert(new TinySource(space, seed), p, null);
        final byte[] b = Files.readAllBytes(p);
        Files.delete(p);
        return b;
    }

    private static void cleanUp()
    {
        try (var files = Files.list(DIR))
        {
            for (final Path p : (Iterable<Path>)files::iterator)
            {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(DIR);
        }
        catch (final IOException ignored)
        {
            // best effort
        }
    }

    private static final long[] INTERESTING = {0, 1, -1, 2, 63, 64, 65, 255, 256, 0x7F, 0x80, 0xFF, 0xFFFF, 0x10000,
        Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 31, 1L << 32, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 61, 1L << 62};

    /**
     * A valid tiny file with up to 8 patches chosen by the fuzzer (a byte, short, int or long at any
     * position, in the head, in one section or in the footer; random, interesting or nudged values),
     * sometimes truncated or extended, sometimes re-hashed so that only the structure is wrong; then
     * open, up to 48 queries from the fuzzer's data, a full verify, close.
     */
    @FuzzTest(maxDuration = "5m")
    void mutatedFile(final FuzzedDataProvider data) throws IOException
    {
        final byte[] base = BASES[data.consumeInt(0, BASES.length - 1)];
        byte[] b = base.clone();
        final int patches = data.consumeInt(1, 8);
        for (int i = 0; i < patches; i++)
        {
            final int width = 1 << data.consumeInt(0, 3);
            final int pos = position(data, b, width);
            final long old = get(b, pos, width);
            final long value = switch (data.consumeInt(0, 3))
            {
                case 0 -> data.consumeLong();
                case 1 -> INTERESTING[data.consumeInt(0, INTERESTING.length - 1)];
                case 2 -> old + data.consumeInt(-64, 64);
                default -> old ^ (1L << data.consumeInt(0, width * 8 - 1));
            };
            put(b, pos, width, value);
        }
        final int resize = data.consumeInt(0, 15);
        if (resize == 0)
        {
            b = Arrays.copyOf(b, data.consumeInt(0, b.length));
        }
        else if (resize == 1)
        {
            b = Arrays.copyOf(b, b.length + data.consumeInt(1, 256));
        }
        if (data.consumeBoolean())
        {
            if (b.length >= Layout.headEnd(Layout.SECTION_ID_COUNT) + Layout.footerLength(Layout.SECTION_ID_COUNT))
            {
                FileBytes.rehash(b);
            }
        }
        final Path p = DIR.resolve("mutated.nasmap");
        Files.write(p, b);
        exercise(p, data::consumeInt, data.consumeInt(0, 48));
    }

    /**
     * The whole file is the fuzzer's input (seeded with valid tiny files); the queries come from a
     * generator seeded by the input.
     */
    @FuzzTest(maxDuration = "5m")
    void wholeFile(final byte[] data) throws IOException
    {
        final Path p = DIR.resolve("whole.nasmap");
        Files.write(p, data);
        exercise(p, Exercise.random(Arrays.hashCode(data)), 64);
    }

    static void exercise(final Path p, final Exercise.Choices choices, final int queries) throws IOException
    {
        final NasBench b;
        try
        {
            b = NasBench.open(p);
        }
        catch (final NasmapFormatException e)
        {
            Exercise.allowed(e, p);
            return;
        }
        final Exercise.Scratch s = new Exercise.Scratch();
        if (choices.intIn(0, 1) == 1)
        {
            // half the inputs are queried through the heap tables a long-running reader builds (a damaged
            // reference keeps no entry there: the line path reports it)
            try
            {
                b.results().buildTrialDirectory();
                b.simulator().buildSimulationTable();
            }
            catch (final RuntimeException e)
            {
                Exercise.allowed(e, p);
            }
        }
        Exercise.many(b, choices, s, queries);
        final NasmapVerifier.Report r = NasmapVerifier.verify(b.file());
        if (r.problems() == null || r.bytesHashed() < 0)
        {
            throw new AssertionError("malformed report");
        }
        // the architecture strings that the lookup finds
        for (int a = 0; a < Math.min(b.size(), 16); a++)
        {
            try
            {
                b.indexOf(b.arch(a));
            }
            catch (final RuntimeException e)
            {
                Exercise.allowed(e, p);
            }
        }
        b.close();
        try
        {
            b.indexOf("|none~0|");
            throw new AssertionError("a closed file answered");
        }
        catch (final IllegalStateException expected)
        {
            // closed
        }
    }

    private static int position(final FuzzedDataProvider data, final byte[] b, final int width)
    {
        final int last = b.length - width;
        return switch (data.consumeInt(0, 3))
        {
            case 0 -> data.consumeInt(0, (int)Layout.headEnd(Layout.SECTION_ID_COUNT) - width);
            case 1 ->
            {
                final int id = data.consumeInt(1, Layout.SECTION_ID_COUNT);
                final long offset = FileBytes.sectionOffset(b, id);
                final long length = FileBytes.sectionLength(b, id);
                final long at = offset + data.consumeInt(0, (int)Math.max(0, Math.min(length - 1, last)));
                yield (int)Math.max(0, Math.min(last, at));
            }
            case 2 -> data.consumeInt((int)FileBytes.footerStart(b), last);
            default -> data.consumeInt(0, last);
        };
    }

    private static long get(final byte[] b, final int pos, final int width)
    {
        long v = 0;
        for (int i = width - 1; i >= 0; i--)
        {
            v = (v << 8) | (b[pos + i] & 0xFF);
        }
        return v;
    }

    private static void put(final byte[] b, final int pos, final int width, final long value)
    {
        for (int i = 0; i < width; i++)
        {
            b[pos + i] = (byte)(value >>> (8 * i));
        }
    }
}
