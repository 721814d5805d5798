package org.nasmap.reader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Space;
import org.nasmap.format.Split;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.Source;
import org.nasmap.writer.source.SyntheticSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A file replaced by rename while a reader has it open: the open reader keeps answering from what it mapped
 * (the old inode), a new reader answers from the new file. Both ways of replacing: a rename by hand, and a
 * conversion straight onto the path (which renames too).
 */
class ReplacedFileTest
{
    @TempDir
    Path dir;

    /** Answers to a fixed set of queries over every architecture, as strings (errors included). */
    static List<String> answers(final NasBench b)
    {
        final List<String> out = new ArrayList<>();
        final CostInfo cost = new CostInfo();
        final MoreInfo more = new MoreInfo();
        out.add("size " + b.size() + " held " + b.file().heldCount() + " length " + b.file().fileLength());
        for (int arch = 0; arch < b.size(); arch++)
        {
            out.add(b.arch(arch) + " -> " + b.indexOf(b.arch(arch)));
            for (final Dataset d : Dataset.values())
            {
                for (final Hp hp : new Hp[] {Hp.H12, Hp.H200})
                {
                    final StringBuilder sb = new StringBuilder().append(arch).append(' ').append(d).append(' ').append(hp);
                    try
                    {
                        sb.append(' ').append(b.finalAccuracy(arch, d, hp, Split.TRAIN));
                        b.getCostInfo(arch, d, hp, cost);
                        sb.append(' ').append(cost.flops()).append(' ').append(cost.params()).append(' ').append(cost.latency());
                        b.getMoreInfo(arch, d, hp, -1, SeedChoice.mean(), more);
                        sb.append(' ').append(more);
                    }
                    catch (final NasmapQueryException e)
                    {
                        sb.append(" raises ").append(e.getMessage());
                    }
                    out.add(sb.toString());
                }
            }
        }
        return out;
    }

    private static List<String> answersOf(final Path p) throws IOException
    {
        try (NasBench b = NasBench.open(p))
        {
            return answers(b);
        }
    }

    @Test
    void renamedOverAnOpenFile() throws IOException
    {
        final Path a = dir.resolve("bench.nasmap");
        NasmapWriter.convert(new SyntheticSource(Space.TOPOLOGY, 40, 12, 1), a, null);
        final Path b = dir.resolve("b.nasmap");
        NasmapWriter.convert(new SyntheticSource(Space.TOPOLOGY, 40, 20, 2), b, null);
        final List<String> newAnswers = answersOf(b);
        try (NasBench old = NasBench.open(a))
        {
            final List<String> oldAnswers = answers(old);
            assertNotEquals(oldAnswers, newAnswers, "the two sources differ");

            Files.move(b, a, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

            assertEquals(oldAnswers, answers(old), "the open reader answers from what it mapped");
            assertTrue(NasmapVerifier.verify(old.file()).ok(), "and its mapping is still a whole, valid file");
            assertEquals(newAnswers, answersOf(a), "a new reader answers from the new file");
            assertEquals(oldAnswers, answers(old));
        }
    }

    @Test
    void convertedOntoAnOpenFile() throws IOException
    {
        final Path a = dir.resolve("bench.nasmap");
        NasmapWriter.convert(new SyntheticSource(Space.TOPOLOGY, 40, 12, 1), a, null);
        final Source other = new SyntheticSource(Space.SIZE, 30, 9, 3);
        try (NasBench old = NasBench.open(a))
        {
            final List<String> oldAnswers = answers(old);
            NasmapWriter.convert(other, a, null);
            assertEquals(oldAnswers, answers(old));
            try (NasBench fresh = NasBench.open(a))
            {
                assertEquals(Space.SIZE, fresh.space());
                assertEquals(Space.TOPOLOGY, old.space());
                assertEquals(30, fresh.size());
            }
            // and back again, twice, while the first reader is still open
            NasmapWriter.convert(new SyntheticSource(Space.TOPOLOGY, 40, 12, 1), a, null);
            assertEquals(oldAnswers, answersOf(a), "the same source gives the same file again");
            NasmapWriter.convert(other, a, null);
            assertEquals(oldAnswers, answers(old));
        }
    }
}
