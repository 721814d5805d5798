package org.nasmap.tools;

import java.nio.file.Path;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code nasmap} command line. {@code query} takes a lean path ({@link QueryMain}) that loads neither
 * picocli nor the writer, to keep its cold start short; every other command goes through picocli.
 * <p>
 * Every command reports an error as one line {@code nasmap COMMAND: message} on stderr (the stack trace only
 * with {@code NASMAP_DEBUG} set) and exits with 0 on success, 1 on a failure (an input that cannot be read, a
 * damaged file, a {@code verify} finding), 2 on a bad command line; {@code query} exits with 141 when the reader
 * of its output goes away.
 */
@Command(name = "nasmap", mixinStandardHelpOptions = true, version = "nasmap 0.1.0",
    description = "NAS-Bench-201 / NATS-Bench as one memory-mapped file.%n" +
        "Exit codes: 0 success, 1 failure (unreadable or damaged input, a verify finding), 2 bad command line, " +
        "141 (query) broken pipe.",
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
        final CommandLine cl = new CommandLine(new Main());
        for (final CommandLine sub : cl.getSubcommands().values())
        {
            // --help and -h on every command, whatever its annotation says
            if (!sub.getCommandSpec().mixinStandardHelpOptions())
            {
                sub.getCommandSpec().mixinStandardHelpOptions(true);
            }
        }
        return cl
            .registerConverter(Path.class, Main::path)
            .setParameterExceptionHandler((e, arguments) ->
            {
                final CommandLine cmd = e.getCommandLine();
                cmd.getErr().println(prefix(cmd) + e.getMessage());
                cmd.usage(cmd.getErr());
                return 2;
            })
            .setExecutionExceptionHandler((e, cmd, parsed) ->
            {
                // a clear one-line error; the stack trace only when asked for
                cmd.getErr().println(prefix(cmd) + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                if (System.getenv("NASMAP_DEBUG") != null)
                {
                    e.printStackTrace(cmd.getErr());
                }
                return e instanceof Args.UsageException ? 2 : 1;
            })
            .execute(args);
    }

    private static String prefix(final CommandLine cmd)
    {
        return cmd.getParent() == null ? "nasmap: " : "nasmap " + cmd.getCommandName() + ": ";
    }

    /** Paths from the command line; one the locale cannot encode (non-ASCII under LC_ALL=C) is a clear error. */
    private static Path path(final String name)
    {
        try
        {
            return QueryMain.path(name);
        }
        catch (final IllegalArgumentException e)
        {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    @Override
    public void run()
    {
        new CommandLine(this).usage(System.out);
    }
}
