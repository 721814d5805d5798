package org.nasmap.tools;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.nasmap.reader.NasBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nasmap query FILE}: JSON lines in on stdin, JSON lines out on stdout. */
@Command(name = "query", description = "Answer upstream API queries, one JSON object per line (stdin to stdout).")
public final class QueryCommand implements Callable<Integer>
{
    /** Seed of the generator behind is_random=true when none is given. */
    static final long DEFAULT_RANDOM_SEED = 0x5eedL;

    @Parameters(index = "0", description = "the .nasmap file")
    Path file;

    @Option(names = "--random-seed", description = "seed of the generator behind is_random=true (default: fixed)")
    long randomSeed = DEFAULT_RANDOM_SEED;

    @Override
    public Integer call() throws Exception
    {
        return answer(file, randomSeed);
    }

    /** The lean entry point used by {@link Main}: {@code query FILE [--random-seed N]} without picocli. */
    static int runLean(final String[] args)
    {
        Path file = null;
        long seed = DEFAULT_RANDOM_SEED;
        for (int i = 1; i < args.length; i++)
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
                return Main.run(args);
            }
            else
            {
                file = Path.of(args[i]);
            }
        }
        if (file == null)
        {
            return Main.run(args);
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
