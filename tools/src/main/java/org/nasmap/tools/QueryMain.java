package org.nasmap.tools;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import org.nasmap.reader.NasBench;

/**
 * The lean entry point of {@code nasmap query FILE [--random-seed N]}: it loads neither picocli nor the writer,
 * and is the main class of {@code tools/target/nasmap-query.jar}, a small jar (reader, format, Agrona,
 * zero-allocation-hashing and the query classes) that the launcher runs for {@code query} to keep the cold
 * start short.
 * <p>
 * Exit codes: 0 at the end of the input; 1 when the file cannot be opened, standard input is closed at start or
 * the answers cannot be written; 2 for a bad command line; 141 (as a process killed by SIGPIPE) when the reader
 * of the answers has gone away (a broken pipe), quietly.
 */
public final class QueryMain
{
    /** The exit code after a broken pipe on stdout: 128 + SIGPIPE, as a shell reports a Unix tool killed by it. */
    static final int BROKEN_PIPE = 141;

    static final String USAGE = String.join(System.lineSeparator(),
        "Usage: nasmap query [-h] [--random-seed=N] FILE",
        "Answer upstream API queries, one JSON object per line (stdin to stdout).",
        "Each answer is written as soon as no further input is waiting; lines longer than " + QueryLines.MAX_BYTES,
        "bytes are answered with an error. Exit codes: 0 done, 1 error, 2 bad command line, 141 broken pipe.",
        "      FILE              the .nasmap file",
        "      --random-seed=N   seed of the generator behind is_random=true (default: " +
            QueryCommand.DEFAULT_RANDOM_SEED + ")",
        "  -h, --help            Show this help message and exit.");

    private QueryMain()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs {@code [query] [options] FILE} on the process's standard input and output.
     *
     * @return the exit code.
     */
    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        Path file = null;
        long seed = QueryCommand.DEFAULT_RANDOM_SEED;
        int i = 0;
        if (i < args.length && "query".equals(args[i]))
        {
            i++;
        }
        try
        {
            for (; i < args.length; i++)
            {
                final String a = args[i];
                if ("-h".equals(a) || "--help".equals(a))
                {
                    out.println(USAGE);
                    return 0;
                }
                if ("--random-seed".equals(a) || a.startsWith("--random-seed="))
                {
                    final String v = a.indexOf('=') > 0 ? a.substring(a.indexOf('=') + 1) : i + 1 < args.length ? args[++i] : null;
                    if (v == null)
                    {
                        throw new IllegalArgumentException("Missing required parameter for option '--random-seed' (N)");
                    }
                    try
                    {
                        seed = Long.parseLong(v);
                    }
                    catch (final NumberFormatException e)
                    {
                        throw new IllegalArgumentException("Invalid value for option '--random-seed': '" + v + "' is not a long");
                    }
                }
                else if (a.startsWith("-") && !"-".equals(a))
                {
                    throw new IllegalArgumentException("Unknown option: '" + a + "'");
                }
                else if (file != null)
                {
                    throw new IllegalArgumentException("Unmatched argument: '" + a + "'");
                }
                else
                {
                    file = path(a);
                }
            }
            if (file == null)
            {
                throw new IllegalArgumentException("Missing required parameter: 'FILE'");
            }
        }
        catch (final IllegalArgumentException e)
        {
            err.println("nasmap query: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try
        {
            if (stdinClosed())
            {
                err.println("nasmap query: standard input is closed: nothing to answer");
                return 1;
            }
            Args.readableFile(file);
            return answer(file, seed, new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out));
        }
        catch (final BrokenPipe e)
        {
            return BROKEN_PIPE;
        }
        catch (final Exception e)
        {
            err.println("nasmap query: " + e.getMessage());
            if (System.getenv("NASMAP_DEBUG") != null)
            {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    /** A path argument; a name the platform cannot encode (e.g. non-ASCII under LC_ALL=C) is a clear error. */
    static Path path(final String name)
    {
        try
        {
            return Path.of(name);
        }
        catch (final InvalidPathException e)
        {
            throw new IllegalArgumentException("cannot use the path '" + name + "' with this locale's file name encoding (" +
                System.getProperty("sun.jnu.encoding") + "); set a UTF-8 locale, e.g. LC_ALL=C.UTF-8");
        }
    }

    /**
     * Whether the process was started with its standard input closed ({@code <&-}): file descriptor 0 is then
     * either not open or reused by the JVM for one of its own files (the runtime image, a jar, a class-data
     * archive), which must not be read as requests.
     */
    static boolean stdinClosed()
    {
        final Path fd0 = Path.of("/proc/self/fd/0");
        if (!Files.isDirectory(Path.of("/proc/self/fd")))
        {
            return false; // not Linux: the launcher's check is the one
        }
        final String target;
        try
        {
            target = Files.readSymbolicLink(fd0).toString();
        }
        catch (final IOException | UnsupportedOperationException e)
        {
            return true;
        }
        final String home = System.getProperty("java.home");
        if (home != null && target.startsWith(home))
        {
            return true;
        }
        if (target.endsWith(".jsa") || target.endsWith(".aot"))
        {
            return true;
        }
        for (final String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator))
        {
            if (!entry.isEmpty() && target.equals(Path.of(entry).toAbsolutePath().normalize().toString()))
            {
                return true;
            }
        }
        return false;
    }

    /** Answers {@code in} on {@code out} until the end of the input. */
    static int answer(final Path file, final long seed, final InputStream in, final OutputStream out) throws IOException
    {
        try (NasBench bench = NasBench.open(file))
        {
            final QueryEngine engine = new QueryEngine(bench, seed);
            final Answers answers = new Answers(out);
            final QueryLines lines = new QueryLines(in, answers);
            int kind;
            while ((kind = lines.next()) != QueryLines.END)
            {
                answers.write(kind == QueryLines.LINE ? engine.answer(lines.chars(), lines.length()) :
                    engine.tooLong(QueryLines.MAX_BYTES));
            }
            answers.flush();
        }
        return 0;
    }

    /** The output was closed by its reader. */
    static final class BrokenPipe extends IOException
    {
        private static final long serialVersionUID = 1L;

        BrokenPipe(final IOException cause)
        {
            super("broken pipe", cause);
        }
    }

    /** Answer lines, encoded as UTF-8 into a 64 KiB block, written when full or flushed. */
    static final class Answers implements QueryLines.BeforeRead
    {
        private final OutputStream out;
        private final byte[] buffer = new byte[1 << 16];
        private int length;

        Answers(final OutputStream out)
        {
            this.out = out;
        }

        void write(final CharSequence answer) throws IOException
        {
            final int n = answer.length();
            for (int i = 0; i < n; i++)
            {
                if (length > buffer.length - 4)
                {
                    drain();
                }
                final char c = answer.charAt(i);
                if (c < 0x80)
                {
                    buffer[length++] = (byte)c;
                }
                else if (c < 0x800)
                {
                    buffer[length++] = (byte)(0xc0 | c >> 6);
                    buffer[length++] = (byte)(0x80 | c & 0x3f);
                }
                else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(answer.charAt(i + 1)))
                {
                    final int cp = Character.toCodePoint(c, answer.charAt(++i));
                    buffer[length++] = (byte)(0xf0 | cp >> 18);
                    buffer[length++] = (byte)(0x80 | cp >> 12 & 0x3f);
                    buffer[length++] = (byte)(0x80 | cp >> 6 & 0x3f);
                    buffer[length++] = (byte)(0x80 | cp & 0x3f);
                }
                else if (Character.isSurrogate(c))
                {
                    buffer[length++] = '?'; // never in an answer: QueryJson escapes lone surrogates
                }
                else
                {
                    buffer[length++] = (byte)(0xe0 | c >> 12);
                    buffer[length++] = (byte)(0x80 | c >> 6 & 0x3f);
                    buffer[length++] = (byte)(0x80 | c & 0x3f);
                }
            }
            if (length == buffer.length)
            {
                drain();
            }
            buffer[length++] = '\n';
        }

        /** Before a read of the input: the answers so far go out (no lambda here: its bootstrap costs cold start). */
        @Override
        public void run() throws IOException
        {
            flush();
        }

        void flush() throws IOException
        {
            drain();
            try
            {
                out.flush();
            }
            catch (final IOException e)
            {
                throw failure(e);
            }
        }

        private void drain() throws IOException
        {
            if (length > 0)
            {
                try
                {
                    out.write(buffer, 0, length);
                }
                catch (final IOException e)
                {
                    throw failure(e);
                }
                length = 0;
            }
        }

        private static IOException failure(final IOException e)
        {
            final String m = String.valueOf(e.getMessage());
            return m.contains("Broken pipe") || m.contains("Stream closed") ? new BrokenPipe(e) :
                new IOException("cannot write the answers: " + m, e);
        }
    }
}
