package org.nasmap.tools;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.nasmap.reader.NasmapFile;
import org.nasmap.reader.NasmapVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code nasmap verify FILE}: every checksum and structural invariant. */
@Command(name = "verify", description = "Check every checksum and structural invariant of a .nasmap file.")
public final class VerifyCommand implements Callable<Integer>
{
    @Parameters(index = "0", description = "the .nasmap file")
    Path file;

    @Override
    public Integer call() throws Exception
    {
        try (NasmapFile f = NasmapFile.open(file))
        {
            final NasmapVerifier.Report r = NasmapVerifier.verify(f);
            if (r.ok())
            {
                System.out.printf("%s: OK (%d sections, %,d bytes hashed, %,d references checked)%n", file,
                    r.sectionsChecked(), r.bytesHashed(), r.referencesChecked());
                return 0;
            }
            System.out.printf("%s: %d problem(s)%n", file, r.problems().size());
            for (final String p : r.problems())
            {
                System.out.println("  " + p);
            }
            return 2;
        }
        catch (final org.nasmap.reader.NasmapFormatException e)
        {
            System.out.println(e.getMessage());
            return 2;
        }
    }
}
