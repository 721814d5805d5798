package org.nasmap.tools;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.Source;
import org.nasmap.writer.source.Sources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nasmap convert SOURCE OUT}. */
@Command(name = "convert", description = "Convert a NATS-Bench archive folder, a NATS-Bench .pickle.pbz2 or a " +
    "NAS-Bench-201 .pth into a .nasmap file (space detected from the source).")
public final class ConvertCommand implements Callable<Integer>
{
    @Parameters(index = "0", description = "the source: a -simple archive folder, a .pickle.pbz2 or a .pth")
    Path source;

    @Parameters(index = "1", description = "the output file")
    Path out;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    @Override
    public Integer call() throws Exception
    {
        final long start = System.nanoTime();
        final NasmapWriter.Summary s;
        try (Source src = Sources.open(source))
        {
            final int expected = src.heldCountHint();
            if (quiet || expected >= 0 && expected < 1000)
            {
                s = NasmapWriter.convert(src, out, null);
            }
            else
            {
                try (ProgressBar bar = new ProgressBarBuilder().setTaskName("convert").setInitialMax(Math.max(expected, 0))
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                    .setUpdateIntervalMillis(500).build())
                {
                    s = NasmapWriter.convert(src, out, (done, max) -> bar.stepTo(done));
                }
            }
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("wrote %s: %,d bytes, %d/%d architectures, %,d trials, %d shapes; payload %,d bytes, " +
            "ratio %.4f; %.1f s%n", s.path(), s.fileLength(), s.heldCount(), s.archCount(), s.trialCount(),
            s.shapeCount(), s.payloadBytes(), s.ratio(), seconds);
        return 0;
    }
}
