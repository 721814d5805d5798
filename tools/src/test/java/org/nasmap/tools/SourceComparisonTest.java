package org.nasmap.tools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Layout;
import org.nasmap.format.Metric;
import org.nasmap.format.SourceKind;
import org.nasmap.format.Space;
import org.nasmap.format.Split;
import org.nasmap.reader.NasBench;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.ArchConfig;
import org.nasmap.writer.source.ArchRecord;
import org.nasmap.writer.source.Series;
import org.nasmap.writer.source.Source;
import org.nasmap.writer.source.Sources;
import org.nasmap.writer.source.SyntheticSource;
import org.nasmap.writer.source.TrialRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code verify FILE --source SOURCE}: a file agrees with the source it came from, value for value (the
 * real samples of both benchmarks and every source kind, and synthetic sources of both spaces), and every
 * kind of disagreement is found: values, epochs, trials, seeds, architectures, flops, latencies, configs.
 */
class SourceComparisonTest
{
    static final Path SAMPLES = Path.of("../writer/src/test/resources");
    /** The largest relative error of rounding a float64 to float32 (half an ulp of 1). */
    static final double FLOAT32_ROUNDING = Math.ulp(1.0f) / 2;

    @TempDir
    Path dir;

    static Object[] run(final String... args)
    {
        final PrintStream old = System.out;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try
        {
            return new Object[] {Main.run(args), bytes.toString(StandardCharsets.UTF_8)};
        }
        finally
        {
            System.setOut(old);
        }
    }

    private SourceComparison.Report compare(final Path file, final Source source) throws IOException
    {
        try (NasBench b = NasBench.open(file))
        {
            return SourceComparison.compare(b, source);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nats-sample/NATS-tss-v1_0-3ffb9-simple", "nats-sample/NATS-sss-v1_0-50262-simple",
        "nb201-sample/NAS-Bench-201-sample-legacy.pth", "nb201-sample/NAS-Bench-201-sample-zip.pth"})
    void realSamplesAgreeWithTheirSource(final String sample) throws IOException
    {
        final Path source = SAMPLES.resolve(sample);
        final Path file = dir.resolve("sample.nasmap");
        final Object[] c = run("convert", "--quiet", source.toString(), file.toString());
        assertEquals(0, c[0], (String)c[1]);
        final SourceComparison.Report r;
        try (Source s = Sources.open(source))
        {
            r = compare(file, s);
        }
        assertTrue(r.ok(), r.problems().toString());
        assertEquals(3, r.architectures());
        assertTrue(r.valuesCompared() > 10_000, r.valuesCompared() + " values");
        assertTrue(r.exactCompared() > 10_000, r.exactCompared() + " exact fields");
        assertTrue(r.maxRelDiff() > 0 && r.maxRelDiff() <= FLOAT32_ROUNDING, "relative " + r.maxRelDiff());
        assertTrue(r.maxAbsDiff() > 0 && r.maxAbsDiff() < 1e-5, "absolute " + r.maxAbsDiff());
        if (sample.contains("tss"))
        {
            // and on the command line (once: reading a source takes a second)
            final Object[] v = run("verify", file.toString(), "--source", source.toString());
            final String out = (String)v[1];
            assertEquals(0, v[0], out);
            assertTrue(out.contains(": OK ("), out);
            assertTrue(out.contains("compared with " + source + ": 3 architectures"), out);
            assertTrue(out.contains("largest relative difference") && out.contains("all equal"), out);
        }
    }

    @Test
    void syntheticSourcesOfBothSpacesAgree() throws IOException
    {
        for (final Source s : new Source[] {new SyntheticSource(Space.TOPOLOGY, 25, 31), new SyntheticSource(Space.SIZE, 25, 32),
            new SyntheticSource(Space.TOPOLOGY, 50, 50, 33)})
        {
            final Path file = dir.resolve("synthetic.nasmap");
            NasmapWriter.convert(s, file, null);
            final SourceComparison.Report r = compare(file, s);
            assertTrue(r.ok(), r.problems().toString());
            assertEquals(s.heldCountHint(), r.architectures());
            assertTrue(r.maxRelDiff() <= FLOAT32_ROUNDING, "relative " + r.maxRelDiff());
        }
    }

    /** A synthetic source whose record {@code arch} (or every record, for -1) is changed by {@code change}. */
    static Source changed(final SyntheticSource inner, final int arch, final Consumer<ArchRecord> change)
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
                inner.forEach(r ->
                {
                    if (arch < 0 || r.index() == arch)
                    {
                        change.accept(r);
                    }
                    consumer.accept(r);
                });
            }

            @Override
            public void close()
            {
            }
        };
    }

    static TrialRecord trial(final ArchRecord r, final Hp hp, final Dataset d, final int i)
    {
        for (final ArchRecord.DatasetTrials dt : r.hp(hp).datasets())
        {
            if (dt.dataset() == d)
            {
                return dt.trials().get(i);
            }
        }
        throw new AssertionError("no " + d);
    }

    /** Converts the unchanged source, compares with the changed one, expects a problem containing {@code fragment}. */
    private void finds(final String fragment, final Consumer<ArchRecord> change) throws IOException
    {
        final SyntheticSource source = new SyntheticSource(Space.TOPOLOGY, 200, 6, 41);
        final Path file = dir.resolve("changed.nasmap");
        NasmapWriter.convert(source, file, null);
        final int[] first = {-1};
        source.forEach(r -> first[0] = first[0] < 0 ? r.index() : first[0]);
        final SourceComparison.Report r = compare(file, changed(source, first[0], change));
        assertFalse(r.ok(), "the change is found");
        assertTrue(r.problems().stream().anyMatch(p -> p.contains(fragment)), "'" + fragment + "' in " + r.problems());
    }

    @Test
    void everyKindOfDifferenceIsFound() throws IOException
    {
        // one value, by one float32 ulp of its rounding
        finds("epoch 3: file", r ->
        {
            final TrialRecord t = trial(r, Hp.H200, Dataset.CIFAR10, 0);
            final Series s = t.series(Split.TRAIN, Metric.ACCURACY);
            final double[] v = new double[s.size()];
            for (int i = 0; i < v.length; i++)
            {
                v[i] = s.valueAt(i);
            }
            v[3] = Math.nextUp((float)v[3]);
            t.series(Split.TRAIN, Metric.ACCURACY, new Series(s.epochs(), v));
        });
        // an epoch missing in the source
        finds("value only in the file", r ->
        {
            final TrialRecord t = trial(r, Hp.H12, Dataset.CIFAR100, 0);
            final Series s = t.series(Split.X_VALID, Metric.LOSS);
            final int[] e = new int[s.size() - 1];
            final double[] v = new double[e.length];
            for (int i = 0; i < e.length; i++)
            {
                e[i] = s.epochAt(i + 1);
                v[i] = s.valueAt(i + 1);
            }
            t.series(Split.X_VALID, Metric.LOSS, new Series(e, v));
        });
        // a series missing
        finds("series only in the file", r -> trial(r, Hp.H12, Dataset.CIFAR10_VALID, 0).series(Split.TRAIN, Metric.TOP5, null));
        // a trial missing
        finds("seeds [", r ->
        {
            for (final ArchRecord.DatasetTrials dt : r.hp(Hp.H12).datasets())
            {
                if (dt.dataset() == Dataset.CIFAR10_VALID)
                {
                    dt.trials().remove(1);
                }
            }
        });
        // a dataset missing
        finds("dataset only in the file", r -> r.hp(Hp.H12).datasets().remove(3));
        // an hp missing
        finds("only in the file", r -> r.hps().remove(0));
        // flops of one trial by one ulp, params, a latency
        finds("flops: file", r -> trial(r, Hp.H200, Dataset.CIFAR100, 0).costs(
            Math.nextUp(trial(r, Hp.H200, Dataset.CIFAR100, 0).flops()), trial(r, Hp.H200, Dataset.CIFAR100, 0).params()));
        finds("params: file", r -> trial(r, Hp.H200, Dataset.CIFAR100, 0).costs(trial(r, Hp.H200, Dataset.CIFAR100, 0).flops(), 1));
        finds("latency list", r -> trial(r, Hp.H200, Dataset.CIFAR10, 0).latency(null));
        finds("latency[0]", r -> trial(r, Hp.H200, Dataset.CIFAR10, 0).latency(new double[] {0.5}));
        // evaluation names and empty eval_times
        finds("eval names", r -> trial(r, Hp.H200, Dataset.CIFAR10, 0).addEvalName(Split.X_TEST));
        finds("eval_times empty", r -> trial(r, Hp.H200, Dataset.CIFAR10, 0).evalTimesEmpty(true));
        // the configuration of the first hp
        finds("config", r -> trial(r, Hp.H12, Dataset.CIFAR10, 0).config(new ArchConfig(false, 10, 16, 5, "|x~0|", null, null)));
        finds("config: only in the file", r -> trial(r, Hp.H12, Dataset.CIFAR100, 0).config(null));
    }

    @Test
    void missingAndExtraArchitecturesAndTheWrongSource() throws IOException
    {
        final Path file = dir.resolve("held5.nasmap");
        NasmapWriter.convert(new SyntheticSource(Space.TOPOLOGY, 300, 5, 7), file, null);
        // the first 5 of a shuffle are a subset of the first 6 and a superset of the first 4
        SourceComparison.Report r = compare(file, new SyntheticSource(Space.TOPOLOGY, 300, 6, 7));
        assertEquals(1, r.problemCount(), r.problems().toString());
        assertTrue(r.problems().get(0).contains("in the source but not in the file"), r.problems().toString());
        r = compare(file, new SyntheticSource(Space.TOPOLOGY, 300, 4, 7));
        assertEquals(1, r.problemCount(), r.problems().toString());
        assertTrue(r.problems().get(0).contains("in the file but not in the source"), r.problems().toString());
        // every train accuracy changed: thousands of differences, the listing is capped
        r = compare(file, changed(new SyntheticSource(Space.TOPOLOGY, 300, 5, 7), -1, rec ->
        {
            for (final ArchRecord.HpResults h : rec.hps())
            {
                for (final ArchRecord.DatasetTrials dt : h.datasets())
                {
                    for (final TrialRecord t : dt.trials())
                    {
                        final Series a = t.series(Split.TRAIN, Metric.ACCURACY);
                        final double[] v = new double[a.size()];
                        for (int i = 0; i < v.length; i++)
                        {
                            v[i] = a.valueAt(i) + 1;
                        }
                        t.series(Split.TRAIN, Metric.ACCURACY, new Series(a.epochs(), v));
                    }
                }
            }
        }));
        assertTrue(r.problemCount() > 100 && r.problems().size() == 50, r.problemCount() + " problems");
        // another space size: the meta lists differ
        r = compare(file, new SyntheticSource(Space.TOPOLOGY, 299, 5, 7));
        assertTrue(r.problems().get(0).contains("architectures of the space"), r.problems().toString());
        r = compare(file, new SyntheticSource(Space.SIZE, 300, 5, 7));
        assertTrue(r.problems().get(0).contains("space: file"), r.problems().toString());
    }

    @Test
    void aDamagedFileFailsBothChecksOnTheCommandLine() throws IOException
    {
        final Path source = SAMPLES.resolve("nats-sample/NATS-tss-v1_0-3ffb9-simple");
        final Path file = dir.resolve("damaged.nasmap");
        assertEquals(0, run("convert", "--quiet", source.toString(), file.toString())[0]);
        final long values;
        try (NasBench b = NasBench.open(file))
        {
            values = b.file().sectionOffset(Layout.SECTION_VALUES);
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(values + 4 * 1000 + 3);
            final int v = raf.read();
            raf.seek(values + 4 * 1000 + 3);
            raf.write(v ^ 0x01); // the lowest exponent bit of the high byte: a large change
        }
        final Object[] v = run("verify", file.toString(), "--source", source.toString());
        final String out = (String)v[1];
        assertEquals(1, v[0], out);
        assertTrue(out.contains("section " + Layout.SECTION_VALUES + " checksum mismatch"), out);
        assertTrue(out.contains("1 difference(s):") && out.contains(": file "), out);
        // a source that cannot be read: exit code 1 when the file itself is fine
        final Path good = dir.resolve("good.nasmap");
        NasmapWriter.convert(new SyntheticSource(Space.TOPOLOGY, 100, 2, 1), good, null);
        final Object[] bad = run("verify", good.toString(), "--source", dir.resolve("nope").toString());
        assertEquals(1, bad[0], (String)bad[1]);
        assertTrue(((String)bad[1]).contains(": OK ("), (String)bad[1]);
    }
}
