package org.nasmap.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code nasmap} command line. {@code query} takes a lean path that loads neither picocli nor the
 * writer, to keep its cold start short; every other command goes through picocli.
 */
@Command(name = "nasmap", mixinStandardHelpOptions = true, version = "nasmap 0.1.0",
    description = "NAS-Bench-201 / NATS-Bench as one memory-mapped file.",
    subcommands = {DemoCommand.class, ConvertCommand.class, InfoCommand.class, VerifyCommand.class, ShowCommand.class,
        QueryCommand.class, TopCommand.class, ParetoCommand.class, CorrelateCommand.class, ExportCommand.class, PlotCommand.class})
public final class Main implements Runnable
{
    public static void main(final String[] args)
    {
        if (args.length > 0 && "query".equals(args[0]))
        {
            System.exit(QueryMain.run(args, System.out, System.err));
        }
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (for tests). */
    public static int run(final String... args)
    {
        return new CommandLine(new Main())
            .setExecutionExceptionHandler((e, cmd, parsed) ->
            {
                // a clear one-line error; the stack trace only when asked for
                cmd.getErr().println("nasmap " + cmd.getCommandName() + ": " + e.getMessage());
                if (System.getenv("NASMAP_DEBUG") != null)
                {
                    e.printStackTrace(cmd.getErr());
                }
                return 1;
            })
            .execute(args);
    }

    @Override
    public void run()
    {
        new CommandLine(this).usage(System.out);
    }
}
