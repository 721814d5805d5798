package org.nasmap.tools;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import me.tongfei.progressbar.ProgressBar;
import org.nasmap.writer.AtomicOutput;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.Source;
import org.nasmap.writer.source.Sources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nasmap convert SOURCE OUT}. The output is written through an {@link AtomicOutput}: it must not be
 * the source or lie inside a source folder, must be a regular file if it exists, and appears whole or not at
 * all (a failure, a full disk or a signal leaves it as it was).
 */
@Command(name = "convert", description = "Convert a NATS-Bench archive folder, a NATS-Bench .pickle.pbz2 or a " +
    "NAS-Bench-201 .pth into a .nasmap file (space detected from the source).")
public final class ConvertCommand implements Callable<Integer>
{
    @Parameters(index = "0", description = "the source: a -simple archive folder, a .pickle.pbz2 or a .pth")
    Path source;

    @Parameters(index = "1", description = "the output file (replaced atomically; its folder must exist)")
    Path out;

    @Option(names = "--quiet", description = "no progress bar (there is none anyway unless stderr is a terminal)")
    boolean quiet;

    /** How the output's channels are opened: tests inject failures. */
    AtomicOutput.Opener opener = AtomicOutput.FILES;

    @Override
    public Integer call() throws Exception
    {
        final long start = System.nanoTime();
        final NasmapWriter.Summary s;
        try (Source src = Sources.open(source))
        {
            final int expected = src.heldCountHint();
            if (quiet || expected >= 0 && expected < 1000 || !TerminalProgress.stderrIsTerminal())
            {
                s = NasmapWriter.convert(src, AtomicOutput.create(out, opener, source), null);
            }
            else
            {
                try (ProgressBar bar = TerminalProgress.bar("convert", Math.max(expected, 0), 500))
                {
                    s = NasmapWriter.convert(src, AtomicOutput.create(out, opener, source), (done, max) -> bar.stepTo(done));
                }
            }
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("wrote %s: %,d bytes, %d of %s, %s, %s; payload %,d bytes, ratio %.4f; %.1f s%n", s.path(),
            s.fileLength(), s.heldCount(), Args.count(s.archCount(), "architecture"), Args.count(s.trialCount(), "trial"),
            Args.count(s.shapeCount(), "shape"), s.payloadBytes(), s.ratio(), seconds);
        return 0;
    }
}
