package org.nasmap.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.nasmap.reader.NasBench;
import org.nasmap.reader.NasmapFile;
import org.nasmap.reader.NasmapVerifier;
import org.nasmap.writer.source.Source;
import org.nasmap.writer.source.Sources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nasmap verify FILE [--source SOURCE]}: every checksum and structural invariant; with a source,
 * also every value against the source ({@link SourceComparison}). The report goes to stdout; exit codes as
 * every command's: 0 when all is well, 1 when the file is damaged, differs from the source, or the file or the
 * source cannot be read (with a {@code nasmap verify: } line on stderr saying which), 2 for a bad command line.
 */
@Command(name = "verify", description = "Check every checksum and structural invariant of a .nasmap file; with " +
    "--source, also compare every value with the source it was converted from.")
public final class VerifyCommand implements Callable<Integer>
{
    @Parameters(index = "0", description = "the .nasmap file")
    Path file;

    @Option(names = "--source", paramLabel = "SOURCE", description = "the source the file was converted from " +
        "(a -simple archive folder, a .pickle.pbz2 or a .pth): compare every value, seed, epoch and configuration")
    Path source;

    @Override
    public Integer call() throws Exception
    {
        try (NasBench bench = Args.open(file))
        {
            final NasmapFile f = bench.file();
            final NasmapVerifier.Report r = NasmapVerifier.verify(f);
            int code = 0;
            if (r.ok())
            {
                System.out.printf("%s: OK (%d sections, %,d bytes hashed, %,d references checked)%n", file,
                    r.sectionsChecked(), r.bytesHashed(), r.referencesChecked());
            }
            else
            {
                System.out.printf("%s: %d problem(s)%n", file, r.problems().size());
                for (final String p : r.problems())
                {
                    System.out.println("  " + p);
                }
                System.err.printf("nasmap verify: %s is damaged: %d problem(s)%n", file, r.problems().size());
                code = 1;
            }
            if (source != null)
            {
                code = Math.max(code, compare(bench));
            }
            return code;
        }
    }

    private int compare(final NasBench bench)
    {
        final SourceComparison.Report c;
        try (Source src = Sources.open(source))
        {
            c = SourceComparison.compare(bench, src);
        }
        catch (final IOException e)
        {
            System.err.println("nasmap verify: cannot read the source " + source + ": " +
                Args.reason(e));
            return 1;
        }
        System.out.printf("compared with %s: %,d architectures%n", source, c.architectures());
        System.out.printf("  %,d per-epoch values (float32 in the file, float64 in the source), each the source's value " +
            "rounded to float32%n", c.valuesCompared());
        System.out.printf("    largest absolute difference %.3g (%s)%n", c.maxAbsDiff(), c.maxAbsAt());
        System.out.printf("    largest relative difference %.3g (%s)%n", c.maxRelDiff(), c.maxRelAt());
        System.out.printf("  %,d exact fields (architecture strings, seeds, epochs, evaluation names, flops, params, " +
            "latencies, configs, derived means)%n", c.exactCompared());
        System.out.printf("  %s%n", c.ok() ? "all equal" : c.problemCount() + " difference(s):");
        for (final String p : c.problems())
        {
            System.out.println("    " + p);
        }
        if (c.problemCount() > c.problems().size())
        {
            System.out.printf("    ... and %,d more%n", c.problemCount() - c.problems().size());
        }
        if (!c.ok())
        {
            System.err.printf("nasmap verify: %s differs from the source %s: %,d difference(s)%n", file, source, c.problemCount());
        }
        return c.ok() ? 0 : 1;
    }
}
