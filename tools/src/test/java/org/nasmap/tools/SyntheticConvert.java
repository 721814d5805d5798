package org.nasmap.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.nasmap.format.Space;
import org.nasmap.format.SourceKind;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.Source;
import org.nasmap.writer.source.SyntheticSource;

/**
 * A converter for child JVMs of the fault tests: converts a {@link SyntheticSource} to a path, as
 * {@code nasmap convert} would, without needing a source on disk.
 * <p>
 * {@code SyntheticConvert tss|sss META_SIZE HELD SEED OUT [FAIL_AFTER]}: prints {@code converting} when the
 * conversion starts and {@code done LENGTH} when it is over; with FAIL_AFTER, the source throws an
 * IOException after that many architectures. Exit code 0, or 1 with the error on stderr.
 */
public final class SyntheticConvert
{
    private SyntheticConvert()
    {
    }

    static Source source(final String space, final int metaSize, final int held, final long seed)
    {
        return new SyntheticSource("sss".equals(space) ? Space.SIZE : Space.TOPOLOGY, metaSize, held, seed);
    }

    /** A source that fails after {@code after} architectures, as a source on a failing disk would. */
    static Source failing(final Source inner, final int after, final RuntimeException unchecked)
    {
        return new Source()
        {
            @Override
            public SourceKind kind()
            {
                return inner.kind();
            }

            @Override
            public Space space()
            {
                return inner.space();
            }

            @Override
            public List<String> metaArchs()
            {
                return inner.metaArchs();
            }

            @Override
            public int heldCountHint()
            {
                return inner.heldCountHint();
            }

            @Override
            public void forEach(final ArchConsumer consumer) throws IOException
            {
                final int[] n = {0};
                inner.forEach(r ->
                {
                    if (n[0]++ == after)
                    {
                        if (unchecked != null)
                        {
                            throw unchecked;
                        }
                        throw new IOException("simulated read failure after " + after + " architectures");
                    }
                    consumer.accept(r);
                });
                if (n[0] <= after)
                {
                    if (unchecked != null)
                    {
                        throw unchecked;
                    }
                    throw new IOException("simulated read failure at the end of the source");
                }
            }

            @Override
            public void close() throws IOException
            {
                inner.close();
            }
        };
    }

    public static void main(final String[] args)
    {
        try
        {
            Source s = source(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
            if (args.length > 5)
            {
                s = failing(s, Integer.parseInt(args[5]), null);
            }
            System.out.println("converting");
            System.out.flush();
            final NasmapWriter.Summary summary = NasmapWriter.convert(s, Path.of(args[4]), null);
            System.out.println("done " + summary.fileLength());
            System.exit(0);
        }
        catch (final IOException | RuntimeException e)
        {
            System.err.println("convert failed: " + e);
            System.exit(1);
        }
    }
}
