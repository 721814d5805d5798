package org.nasmap.tools;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Metric;
import org.nasmap.format.Split;
import org.nasmap.reader.NasBench;
import org.nasmap.reader.TrialSeries;
import org.nasmap.writer.AtomicOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nasmap export FILE --format csv|jsonl [--epochs last|all] [--dataset D] [--hp H] [--out PATH]}: a
 * tidy table, one row per architecture, hp, dataset, seed and (with {@code --epochs all}) epoch. A value
 * the source does not have is an empty CSV field or a JSON null. Per-epoch values are the file's float32
 * values; flops, params and latency are per trial, exactly as the source holds them.
 */
@Command(name = "export", description = "Export tidy tables (CSV or JSON lines) that pandas, R or a spreadsheet read as they are.")
public final class ExportCommand implements Callable<Integer>
{
    static final String[] COLUMNS = {"index", "arch", "hp", "dataset", "seed", "epoch",
        "train_loss", "train_accuracy", "train_top5", "train_time",
        "x_valid_loss", "x_valid_accuracy", "x_valid_time",
        "x_test_loss", "x_test_accuracy", "x_test_time",
        "ori_test_loss", "ori_test_accuracy", "ori_test_time",
        "flops", "params", "latency"};

    /** (split, metric) of each per-epoch column, in column order from index 6. */
    private static final int[][] SERIES = {
        {0, 0}, {0, 1}, {0, 2}, {0, 3},
        {1, 0}, {1, 1}, {1, 3},
        {2, 0}, {2, 1}, {2, 3},
        {3, 0}, {3, 1}, {3, 3}};

    @Parameters(index = "0", description = "the .nasmap file")
    Path file;

    @Option(names = "--format", required = true, description = "csv or jsonl")
    String format;

    @Option(names = "--epochs", defaultValue = "last", description = "last (one row per trial) or all (one row per epoch)")
    String epochs;

    @Option(names = "--dataset", description = "only this dataset")
    String dataset;

    @Option(names = "--hp", description = "only this hp")
    String hp;

    @Option(names = "--out", description = "output file (default: stdout)")
    Path out;

    /** How the output's channels are opened: tests inject failures. */
    AtomicOutput.Opener opener = AtomicOutput.FILES;

    /**
     * Validates every option, then writes the table: to stdout (stopping at the first write error, such as
     * the closed pipe of {@code | head}), or to {@code --out} through an {@link AtomicOutput} (never the
     * input; whole or not at all).
     */
    @Override
    public Integer call() throws Exception
    {
        if (!"csv".equals(format) && !"jsonl".equals(format))
        {
            throw new IllegalArgumentException("--format must be csv or jsonl, not '" + format + "'");
        }
        if (!"last".equals(epochs) && !"all".equals(epochs))
        {
            throw new IllegalArgumentException("--epochs must be last or all, not '" + epochs + "'");
        }
        final Dataset onlyDataset = dataset == null ? null : Args.dataset(dataset);
        try (NasBench bench = NasBench.open(file))
        {
            final Hp onlyHp = hp == null ? null : Args.hp(hp, bench.space());
            if (out == null)
            {
                final Writer w = new BufferedWriter(new OutputStreamWriter(new StdoutStream(System.out), StandardCharsets.UTF_8), 1 << 16);
                export(bench, w, "csv".equals(format), "all".equals(epochs), onlyDataset, onlyHp);
                w.flush();
                return 0;
            }
            final long rows;
            try (AtomicOutput output = AtomicOutput.create(out, opener, file))
            {
                final Writer w = new BufferedWriter(new OutputStreamWriter(output.stream(), StandardCharsets.UTF_8), 1 << 16);
                rows = export(bench, w, "csv".equals(format), "all".equals(epochs), onlyDataset, onlyHp);
                w.flush();
                output.commit();
            }
            System.err.printf("wrote %s to %s%n", Args.count(rows, "row"), out);
        }
        return 0;
    }

    /** Writes the table; returns the number of rows. */
    static long export(final NasBench bench, final Writer w, final boolean csv, final boolean allEpochs,
        final Dataset onlyDataset, final Hp onlyHp) throws IOException
    {
        final TrialSeries[] series = new TrialSeries[SERIES.length];
        for (int i = 0; i < series.length; i++)
        {
            series[i] = new TrialSeries();
        }
        final JsonGenerator json = csv ? null : new JsonFactory().createGenerator(w);
        if (csv)
        {
            w.write(String.join(",", COLUMNS));
            w.write('\n');
        }
        long rows = 0;
        final StringBuilder line = new StringBuilder(512);
        for (int arch = 0; arch < bench.size(); arch++)
        {
            if (!bench.file().holds(arch))
            {
                continue;
            }
            final String archStr = bench.arch(arch);
            for (final Hp h : Hp.values())
            {
                if ((onlyHp != null && h != onlyHp) || !bench.file().holds(arch, h))
                {
                    continue;
                }
                for (final Dataset d : Dataset.values())
                {
                    if (onlyDataset != null && d != onlyDataset)
                    {
                        continue;
                    }
                    final int seeds;
                    try
                    {
                        seeds = bench.seedCount(arch, d, h);
                    }
                    catch (final org.nasmap.reader.NasmapQueryException e)
                    {
                        continue; // the dataset is not among this hp's results
                    }
                    for (int s = 0; s < seeds; s++)
                    {
                        final int seed = bench.seedAt(arch, d, h, s);
                        for (int i = 0; i < series.length; i++)
                        {
                            bench.series(arch, d, h, seed, Split.ofOrdinal(SERIES[i][0]), Metric.ofOrdinal(SERIES[i][1]), series[i]);
                        }
                        final int e0 = series[0].epochs();
                        final double flops = bench.trialFlops(arch, d, h, s);
                        final double params = bench.trialParams(arch, d, h, s);
                        final double latency = bench.trialLatency(arch, d, h, s);
                        for (int e = allEpochs ? 0 : e0 - 1; e < e0; e++)
                        {
                            if (csv)
                            {
                                line.setLength(0);
                                line.append(arch).append(",\"").append(archStr.replace("\"", "\"\"")).append("\",")
                                    .append(h.upstreamKey()).append(',').append(d.upstreamName()).append(',').append(seed)
                                    .append(',').append(e);
                                for (final TrialSeries t : series)
                                {
                                    line.append(',');
                                    if (t.has(e))
                                    {
                                        line.append(t.get(e));
                                    }
                                }
                                line.append(',').append(flops).append(',').append(params).append(',');
                                if (!Double.isNaN(latency))
                                {
                                    line.append(latency);
                                }
                                line.append('\n');
                                w.append(line);
                            }
                            else
                            {
                                json.writeStartObject();
                                json.writeNumberField("index", arch);
                                json.writeStringField("arch", archStr);
                                json.writeStringField("hp", h.upstreamKey());
                                json.writeStringField("dataset", d.upstreamName());
                                json.writeNumberField("seed", seed);
                                json.writeNumberField("epoch", e);
                                for (int i = 0; i < series.length; i++)
                                {
                                    json.writeFieldName(COLUMNS[6 + i]);
                                    if (series[i].has(e))
                                    {
                                        json.writeNumber(series[i].get(e));
                                    }
                                    else
                                    {
                                        json.writeNull();
                                    }
                                }
                                json.writeNumberField("flops", flops);
                                json.writeNumberField("params", params);
                                json.writeFieldName("latency");
                                if (Double.isNaN(latency))
                                {
                                    json.writeNull();
                                }
                                else
                                {
                                    json.writeNumber(latency);
                                }
                                json.writeEndObject();
                                json.writeRaw('\n');
                            }
                            rows++;
                        }
                    }
                }
            }
        }
        if (json != null)
        {
            json.flush();
        }
        return rows;
    }
}
