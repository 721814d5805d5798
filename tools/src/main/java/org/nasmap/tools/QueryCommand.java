package org.nasmap.tools;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nasmap query FILE}: JSON lines in on stdin, JSON lines out on stdout. {@link Main} runs it through
 * {@link QueryMain} (no picocli on the query path); this class gives it its place in {@code nasmap --help}.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = "Answer upstream API queries, one JSON object per line (stdin to stdout).")
public final class QueryCommand implements Callable<Integer>
{
    /** Seed of the generator behind is_random=true when none is given. */
    static final long DEFAULT_RANDOM_SEED = 0x5eedL;

    @Parameters(index = "0", paramLabel = "FILE", description = "the .nasmap file")
    Path file;

    @Option(names = "--random-seed", paramLabel = "N", description = "seed of the generator behind is_random=true (default: fixed)")
    long randomSeed = DEFAULT_RANDOM_SEED;

    @Override
    public Integer call()
    {
        return QueryMain.run(new String[] {file.toString(), "--random-seed=" + randomSeed}, System.out, System.err);
    }
}
