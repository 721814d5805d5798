package org.nasmap.tools;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.nasmap.reader.NasBench;

/**
 * The lean entry point of {@code nasmap query FILE [--random-seed N]}: it loads neither picocli nor the writer,
 * and is the main class of {@code tools/target/nasmap-query.jar}, a small jar (reader, format, Agrona,
 * zero-allocation-hashing, jackson-core) that the launcher runs for {@code query} to keep the cold start short.
 */
public final class QueryMain
{
    private QueryMain()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, 0));
    }

    /**
     * @param args  the command line.
     * @param first the index of the first argument after {@code query} (0 when the word is absent).
     * @return the exit code, or -1 when the arguments are not the plain form (the caller then uses picocli).
     */
    static int run(final String[] args, final int first)
    {
        Path file = null;
        long seed = QueryCommand.DEFAULT_RANDOM_SEED;
        int i = first;
        if (i < args.length && "query".equals(args[i]))
        {
            i++;
        }
        for (; i < args.length; i++)
        {
            if ("--random-seed".equals(args[i]) && i + 1 < args.length)
            {
                seed = Long.parseLong(args[++i]);
            }
            else if (args[i].startsWith("--random-seed="))
            {
                seed = Long.parseLong(args[i].substring("--random-seed=".length()));
            }
            else if (args[i].startsWith("-") || file != null)
            {
                return -1;
            }
            else
            {
                file = Path.of(args[i]);
            }
        }
        if (file == null)
        {
            return -1;
        }
        try
        {
            return answer(file, seed);
        }
        catch (final Exception e)
        {
            System.err.println("nasmap query: " + e.getMessage());
            return 1;
        }
    }

    static int answer(final Path file, final long seed) throws Exception
    {
        try (NasBench bench = NasBench.open(file))
        {
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
            final BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
            new QueryEngine(bench, seed).run(in, out);
            out.flush();
        }
        return 0;
    }
}
