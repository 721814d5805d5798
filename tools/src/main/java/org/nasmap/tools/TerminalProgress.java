package org.nasmap.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars drawn on standard error only when it is a terminal: redirected to a log or a pipe, a bar
 * would fill it with carriage returns, so it then draws nothing.
 */
final class TerminalProgress
{
    private TerminalProgress()
    {
    }

    /**
     * @return a bar on standard error when it is a terminal, else a bar that draws nothing.
     */
    static ProgressBar bar(final String task, final long max, final int updateMillis)
    {
        return bar(task, max, updateMillis, stderrIsTerminal(), System.err);
    }

    static ProgressBar bar(final String task, final long max, final int updateMillis, final boolean terminal,
        final PrintStream err)
    {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
            .setConsumer(terminal ? new ConsoleProgressBarConsumer(err) : new Silent())
            .setUpdateIntervalMillis(updateMillis).build();
    }

    /**
     * @return true when standard error is a terminal: on Linux from what file descriptor 2 is, elsewhere
     * (before Java 22) from {@link System#console()}, which needs standard input and output on a terminal.
     */
    static boolean stderrIsTerminal()
    {
        final Path fd = Path.of("/proc/self/fd/2");
        if (Files.isSymbolicLink(fd))
        {
            try
            {
                final String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || "/dev/console".equals(target);
            }
            catch (final IOException | UnsupportedOperationException e)
            {
                return false;
            }
        }
        return System.console() != null;
    }

    /** Draws nothing. */
    private static final class Silent implements ProgressBarConsumer
    {
        @Override
        public int getMaxRenderedLength()
        {
            return 80;
        }

        @Override
        public void accept(final String rendered)
        {
        }

        @Override
        public void close()
        {
        }
    }
}
