package org.nasmap.tools;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.nasmap.analysis.Analysis;
import org.nasmap.analysis.Table;
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
 * {@code nasmap plot FILE --curves 0,11 ...} draws learning curves (mean over seeds at each epoch the
 * source has); {@code nasmap plot FILE --pareto ...} draws every architecture's accuracy against a cost
 * with the Pareto front. SVG or PNG by the output's extension, with JFreeChart.
 */
@Command(name = "plot", description = "Learning curves of chosen architectures, or the accuracy/cost Pareto front, as SVG or PNG.")
public final class PlotCommand implements Callable<Integer>
{
    @Parameters(index = "0", description = "the .nasmap file")
    Path file;

    @Option(names = "--curves", split = ",", description = "architecture indexes whose learning curves to draw")
    int[] curves;

    @Option(names = "--pareto", description = "draw accuracy against --cost with the Pareto front")
    boolean pareto;

    @Option(names = "--dataset", defaultValue = "cifar10-valid", description = "dataset (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--hp", description = "training budget (default: 200 for tss, 90 for sss)")
    String hp;

    @Option(names = "--split", defaultValue = "x-valid", description = "curves: set (train, x-valid, x-test, ori-test); " +
        "pareto: valid or test (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--metric", defaultValue = "accuracy", description = "curves: accuracy or loss (default: ${DEFAULT-VALUE})")
    String metric;

    @Option(names = "--cost", defaultValue = "flops", description = "pareto: flops, params or latency (default: ${DEFAULT-VALUE})")
    String cost;

    @Option(names = "--out", required = true, description = "output file: .svg or .png")
    Path out;

    @Option(names = "--width", defaultValue = "900")
    int width;

    @Option(names = "--height", defaultValue = "560")
    int height;

    /** Largest width or height accepted, in pixels: a PNG of 8192 x 8192 takes 256 MiB to draw. */
    static final int MAX_SIDE = 8192;

    /** How the output's channels are opened: tests inject failures. */
    AtomicOutput.Opener opener = AtomicOutput.FILES;

    /**
     * Validates every option, draws the chart in memory, then writes it through an {@link AtomicOutput}
     * (never the input; whole or not at all): a chart that cannot be drawn leaves no file.
     */
    @Override
    public Integer call() throws Exception
    {
        System.setProperty("java.awt.headless", "true");
        if ((curves == null) == !pareto)
        {
            throw new IllegalArgumentException("give either --curves I,J,... or --pareto");
        }
        final String name = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!name.endsWith(".svg") && !name.endsWith(".png"))
        {
            throw new IllegalArgumentException("--out must end in .svg or .png, not '" + out.getFileName() + "'");
        }
        if (width < 1 || width > MAX_SIDE || height < 1 || height > MAX_SIDE)
        {
            throw new IllegalArgumentException("--width and --height must be 1 to " + MAX_SIDE + " pixels, not " +
                width + " x " + height);
        }
        final Dataset d = Args.dataset(dataset);
        if (pareto)
        {
            Table.Selection.of(d, paretoSet());
            if (!List.of("flops", "params", "latency").contains(cost))
            {
                throw new IllegalArgumentException("unknown --cost '" + cost + "': flops, params or latency");
            }
        }
        else
        {
            if (Split.fromUpstream(split) == null)
            {
                throw new IllegalArgumentException("unknown --split '" + split + "': train, x-valid, x-test or ori-test");
            }
            if (!"accuracy".equals(metric) && !"loss".equals(metric))
            {
                throw new IllegalArgumentException("unknown --metric '" + metric + "': accuracy or loss");
            }
        }
        final byte[] image;
        try (NasBench bench = NasBench.open(file))
        {
            final Hp h = Args.hp(hp, bench.space());
            final JFreeChart chart = pareto ? paretoChart(bench, h) : curveChart(bench, h);
            image = draw(chart, name.endsWith(".svg"));
        }
        try (AtomicOutput output = AtomicOutput.create(out, opener, file))
        {
            output.stream().write(image);
            output.commit();
        }
        System.out.println("wrote " + out);
        return 0;
    }

    /** @return the set the Pareto plot ranks by: {@code --split}'s default (x-valid) means test. */
    private String paretoSet()
    {
        return "x-valid".equals(split) ? "test" : split;
    }

    private JFreeChart curveChart(final NasBench bench, final Hp h)
    {
        final Dataset d = Args.dataset(dataset);
        final Split s = Split.fromUpstream(split);
        if (s == null)
        {
            throw new IllegalArgumentException("unknown --split '" + split + "'");
        }
        final Metric m = "loss".equals(metric) ? Metric.LOSS : Metric.ACCURACY;
        final XYSeriesCollection data = new XYSeriesCollection();
        final TrialSeries t = new TrialSeries();
        for (final int arch : curves)
        {
            final int[] seeds = bench.datasetSeeds(arch, d, h);
            final XYSeries series = new XYSeries(arch + " (" + seeds.length + " seed" + (seeds.length == 1 ? "" : "s") + ")");
            final int epochs = bench.trialEpochs(arch, d, h, 0);
            for (int e = 0; e < epochs; e++)
            {
                double sum = 0;
                int n = 0;
                for (final int seed : seeds)
                {
                    bench.series(arch, d, h, seed, s, m, t);
                    if (t.has(e))
                    {
                        sum += t.get(e);
                        n++;
                    }
                }
                if (n == seeds.length && n > 0)
                {
                    series.add(e, sum / n);
                }
            }
            data.addSeries(series);
        }
        final JFreeChart chart = ChartFactory.createXYLineChart(d + " " + s + " " + metric + ", hp " + h + ", mean over seeds",
            "epoch", s + " " + metric, data, PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        final XYLineAndShapeRenderer r = (XYLineAndShapeRenderer)chart.getXYPlot().getRenderer();
        for (int i = 0; i < data.getSeriesCount(); i++)
        {
            r.setSeriesShapesVisible(i, data.getSeries(i).getItemCount() < 3);
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        return chart;
    }

    private JFreeChart paretoChart(final NasBench bench, final Hp h)
    {
        final Table t = Table.of(bench, Table.Selection.of(Args.dataset(dataset), paretoSet()), h);
        final double[] c = t.cost(cost);
        final XYSeries all = new XYSeries("architectures");
        for (int a = 0; a < c.length; a++)
        {
            if (!Double.isNaN(c[a]) && !Double.isNaN(t.accuracy[a]))
            {
                all.add(c[a], t.accuracy[a]);
            }
        }
        final XYSeries front = new XYSeries("Pareto front");
        for (final int a : Analysis.pareto(t, c))
        {
            front.add(c[a], t.accuracy[a]);
        }
        final XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(front);
        data.addSeries(all);
        final JFreeChart chart = ChartFactory.createScatterPlot(t.selection.dataset() + " " + t.selection.split() +
            " accuracy vs " + cost + ", hp " + h + " (" + all.getItemCount() + " architectures)", cost,
            t.selection.split() + " accuracy (mean over seeds)", data, PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        final XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        r.setSeriesLinesVisible(0, true);
        r.setSeriesShapesVisible(0, true);
        r.setSeriesPaint(0, new Color(200, 30, 30));
        r.setSeriesStroke(0, new BasicStroke(2f));
        r.setSeriesLinesVisible(1, false);
        r.setSeriesShapesVisible(1, true);
        r.setSeriesShape(1, new java.awt.geom.Ellipse2D.Double(-1.5, -1.5, 3, 3));
        r.setSeriesPaint(1, new Color(40, 90, 160, 90));
        chart.getXYPlot().setRenderer(r);
        return chart;
    }

    private static void style(final JFreeChart chart)
    {
        chart.setBackgroundPaint(Color.WHITE);
        final XYPlot p = chart.getXYPlot();
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(new Color(220, 220, 220));
        p.setRangeGridlinePaint(new Color(220, 220, 220));
        ((org.jfree.chart.axis.NumberAxis)p.getRangeAxis()).setAutoRangeIncludesZero(false);
    }

    /** @return the chart as an SVG document or a PNG image. */
    private byte[] draw(final JFreeChart chart, final boolean svg) throws IOException
    {
        if (svg)
        {
            final SVGGraphics2D g = new SVGGraphics2D(width, height);
            chart.draw(g, new Rectangle(0, 0, width, height));
            return g.getSVGDocument().getBytes(StandardCharsets.UTF_8);
        }
        final ByteArrayOutputStream png = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(png, chart, width, height);
        return png.toByteArray();
    }
}
