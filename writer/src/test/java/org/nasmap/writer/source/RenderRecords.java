package org.nasmap.writer.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

import org.nasmap.format.Metric;
import org.nasmap.format.Split;

/**
 * Renders records exactly as {@code src/test/python/make_fixtures.py} renders what Python sees, so
 * that a record can be compared with the committed expected files line by line.
 */
final class RenderRecords
{
    private RenderRecords()
    {
    }

    static Path resource(final String name)
    {
        try
        {
            return Path.of(RenderRecords.class.getResource("/" + name).toURI());
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    static List<String> expected(final String name)
    {
        try
        {
            return Files.readAllLines(resource("expected/" + name), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static List<String> render(final Source source) throws IOException
    {
        final List<String> out = new ArrayList<>();
        source.forEach(r -> render(r, out));
        return out;
    }

    static void render(final ArchRecord r, final List<String> out)
    {
        out.add("A " + r.index() + " " + r.archStr());
        for (final ArchRecord.HpResults h : r.hps())
        {
            out.add("H " + h.hp().upstreamKey());
            for (final ArchRecord.DatasetTrials d : h.datasets())
            {
                out.add("D " + d.dataset().upstreamName());
                for (final TrialRecord t : d.trials())
                {
                    trial(t, out);
                }
            }
        }
    }

    private static void trial(final TrialRecord t, final List<String> out)
    {
        final StringBuilder eval = new StringBuilder();
        for (final Split s : Split.values())
        {
            if ((t.evalMask() & (1 << s.ordinal())) != 0)
            {
                eval.append(eval.length() > 0 ? "," : "").append(s.upstreamName());
            }
        }
        final String latency;
        if (t.latency() == null)
        {
            latency = "None";
        }
        else
        {
            final StringBuilder sb = new StringBuilder();
            for (final double v : t.latency())
            {
                sb.append(sb.length() > 0 ? "," : "").append(hex(v));
            }
            latency = sb.toString();
        }
        out.add("T seed=" + t.seed() + " epochs=" + t.epochs() + " eval=" + eval + " flops=" + hex(t.flops()) + " params=" +
            hex(t.params()) + " latency=" + latency + " etimes_empty=" + (t.evalTimesEmpty() ? 1 : 0) + " config=" + config(t.config()));
        for (final Split s : Split.values())
        {
            for (final Metric m : Metric.values())
            {
                final Series series = t.series(s, m);
                if (series != null)
                {
                    out.add(series(s, m, series));
                }
            }
        }
    }

    private static String config(final ArchConfig c)
    {
        if (c == null)
        {
            return "none";
        }
        if (c.shape())
        {
            return "shape classes=" + c.classNum() + " channels=" + c.channels() + " genotype=" + c.genotype();
        }
        return "tiny classes=" + c.classNum() + " C=" + c.c() + " N=" + c.n() + " arch=" + c.archStr();
    }

    private static String series(final Split split, final Metric metric, final Series s)
    {
        final ByteBuffer epochs = ByteBuffer.allocate(4 * s.size()).order(ByteOrder.LITTLE_ENDIAN);
        final ByteBuffer values = ByteBuffer.allocate(8 * s.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < s.size(); i++)
        {
            epochs.putInt(s.epochAt(i));
            values.putDouble(s.valueAt(i));
        }
        final CRC32 ecrc = new CRC32();
        ecrc.update(epochs.array());
        final CRC32 vcrc = new CRC32();
        vcrc.update(values.array());
        return String.format(Locale.ROOT, "S %s %s n=%d first=%d last=%d ecrc=%08x vcrc=%08x", split.upstreamName(),
            metric.name().toLowerCase(Locale.ROOT), s.size(), s.size() > 0 ? s.epochAt(0) : -1, s.size() > 0 ? s.epochAt(s.size() - 1) : -1,
            ecrc.getValue(), vcrc.getValue());
    }

    static String hex(final double v)
    {
        return String.format(Locale.ROOT, "%016x", Double.doubleToRawLongBits(v));
    }
}
