// `dino bench --plot FILE.svg`: every kernel's GFLOP/s against the FMA peak and memory bandwidth measured in the run.
package dino.cli.bench;

import dino.bench.harness.PeakProbe;
import dino.engine.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * A roofline (Williams, Waterman, Patterson, CACM 2009) on log-log axes: x the arithmetic intensity (FLOP per
 * byte, from {@code WorkloadKernel.flops} over {@code WorkloadKernel.bytes}, an upper bound: activations are not counted),
 * y the GFLOP/s a kernel reached (its median round). The roof is min(peak, bandwidth × intensity), both measured
 * in the same run by {@link PeakProbe}: one core's FMA peak and one thread's triad bandwidth; with more than one
 * thread the peak times the threads is drawn too (the batched steps run on them). One series per kernel (vector
 * kernels, each point labelled with its n_a), and the scalar specification's points in grey.
 */
final class RooflinePlot {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 650;

    private final Map<String, XYSeries> vector = new LinkedHashMap<>();
    private final XYSeries scalar = new XYSeries("scalar specification (all kernels)", false, true);
    /** Each series' point labels by item index (by identity: an XYSeries' hash changes as points are added). */
    private final Map<XYSeries, Map<Integer, String>> labels = new IdentityHashMap<>();
    private double minIntensity = Double.POSITIVE_INFINITY;
    private double maxIntensity = 0;
    private double minGflops = Double.POSITIVE_INFINITY;

    /** Adds one kernel's point at one size. */
    void add(String kernel, int hidden, boolean isVector, double intensity, double gflops) {
        XYSeries s = isVector ? vector.computeIfAbsent(kernel, k -> new XYSeries(k, false, true)) : scalar;
        s.add(intensity, gflops);
        labels.computeIfAbsent(s, k -> new LinkedHashMap<>()).put(s.getItemCount() - 1, Integer.toString(hidden));
        minIntensity = Math.min(minIntensity, intensity);
        maxIntensity = Math.max(maxIntensity, intensity);
        minGflops = Math.min(minGflops, gflops);
    }

    /** Ticks at powers of ten, labelled as plain numbers (0.1, 1, 10, 100). */
    private static void decades(LogAxis axis) {
        axis.setTickUnit(new NumberTickUnit(1.0), false, true);
        axis.setNumberFormatOverride(new DecimalFormat("0.####", DecimalFormatSymbols.getInstance(Locale.ROOT)));
    }

    /**
     * @param peak      one core's FMA peak, GFLOP/s
     * @param bandwidth one thread's triad bandwidth, GB/s
     */
    void write(Path file, String title, double peak, int threads, double bandwidth) {
        double ridge = peak / bandwidth;
        double left = Math.min(minIntensity, ridge) / 2;
        double right = Math.max(maxIntensity, ridge * threads) * 2;
        XYSeriesCollection roofs = new XYSeriesCollection();
        XYSeries roof = new XYSeries(String.format(Locale.ROOT, "roof: %.1f GB/s (triad, 1 thread) x intensity, up to %.1f GFLOP/s "
                + "(FMA peak, 1 core)", bandwidth, peak), false, true);
        roof.add(left, bandwidth * left);
        roof.add(ridge, peak);
        roof.add(right, peak);
        roofs.addSeries(roof);
        if (threads > 1) {
            XYSeries many = new XYSeries(String.format(Locale.ROOT, "FMA peak x %d threads (batched steps): %.1f GFLOP/s", threads,
                    peak * threads), false, true);
            many.add(ridge * threads, peak * threads);
            many.add(right, peak * threads);
            roofs.addSeries(many);
        }
        XYSeriesCollection points = new XYSeriesCollection();
        for (XYSeries s : vector.values()) {
            points.addSeries(s);
        }
        if (!scalar.isEmpty()) {
            points.addSeries(scalar);
        }
        LogAxis x = new LogAxis("arithmetic intensity, FLOP per byte (upper bound: weights and gradients only)");
        x.setRange(left, right);
        decades(x);
        LogAxis y = new LogAxis("GFLOP/s (matrix-product FLOPs, median round)");
        y.setRange(Math.min(minGflops, bandwidth * left) / 2, peak * threads * 2);
        decades(y);
        XYPlot plot = new XYPlot(points, x, y, null);
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        dots.setDefaultItemLabelGenerator((dataset, series, item) ->
                labels.getOrDefault(points.getSeries(series), Map.of()).getOrDefault(item, ""));
        dots.setDefaultItemLabelsVisible(true);
        dots.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        if (!scalar.isEmpty()) {
            dots.setSeriesPaint(points.getSeriesCount() - 1, new Color(185, 185, 185));
        }
        plot.setRenderer(0, dots);
        plot.setDataset(1, roofs);
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
        lines.setSeriesPaint(0, Color.BLACK);
        lines.setSeriesStroke(0, new BasicStroke(2f));
        lines.setSeriesPaint(1, Color.DARK_GRAY);
        lines.setSeriesStroke(1, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        plot.setRenderer(1, lines);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        boolean svg = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg");
        AtomicFiles.write(file, "--plot", out -> {
            if (svg) {
                SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
                chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
                out.write(g.getSVGDocument().getBytes(StandardCharsets.UTF_8));
            } else {
                ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
            }
        });
    }
}
