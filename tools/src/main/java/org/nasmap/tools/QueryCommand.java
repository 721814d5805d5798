package org.nasmap.tools;

import java.nio.file.Path;
import java.util.concurrent.Callable;

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
        return QueryMain.answer(file, randomSeed);
    }

    /** The lean entry point used by {@link Main}: {@code query FILE [--random-seed N]} without picocli. */
    static int runLean(final String[] args)
    {
        final int code = QueryMain.run(args, 0);
        return code >= 0 ? code : Main.run(args);
    }
}
