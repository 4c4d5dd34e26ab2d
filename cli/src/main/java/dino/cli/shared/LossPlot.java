// Draws the training (and validation) loss curve of a run as PNG or SVG with JFreeChart.
package dino.cli.shared;

import dino.api.DinoException;
import dino.engine.io.AtomicFiles;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * Collects (iteration, smoothed loss) points at a bounded rate and validation points at each print,
 * then writes a line chart. The format follows the file name: {@code .png} or {@code .svg}.
 */
public final class LossPlot {
    private static final int MAX_POINTS = 2000;
    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;

    private final Path file;
    private final long every;
    private final XYSeries training = new XYSeries("training (smoothed, per sequence)");
    private final XYSeries validation = new XYSeries("validation (per character)");

    /** A plot for iterations first to total; the caller has {@link #check}ed the file. */
    public LossPlot(Path file, long first, long total) {
        this.file = file;
        this.every = Math.max(1, (total - first) / MAX_POINTS);
    }

    /** Rejects, before training starts, a file name with another extension or a file that cannot be written. */
    public static void check(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".svg")) {
            throw new DinoException("--plot needs a file ending in .png or .svg, got " + file);
        }
        AtomicFiles.checkWritable(file, "--plot");
    }

    public void training(long iteration, double smoothLoss) {
        if (iteration % every == 0) {
            training.add(iteration, smoothLoss);
        }
    }

    public void validation(long iteration, double loss) {
        validation.add(iteration, loss);
    }

    /** Writes the chart with {@link AtomicFiles}. */
    public void write() {
        JFreeChart chart = ChartFactory.createXYLineChart("dino training loss", "iteration",
                "smoothed loss per sequence", new XYSeriesCollection(training), PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        if (!validation.isEmpty()) {
            NumberAxis perCharacter = new NumberAxis("validation loss per character");
            perCharacter.setAutoRangeIncludesZero(false);
            plot.setRangeAxis(1, perCharacter);
            plot.setDataset(1, new XYSeriesCollection(validation));
            plot.mapDatasetToRangeAxis(1, 1);
            XYLineAndShapeRenderer points = new XYLineAndShapeRenderer(true, true);
            points.setSeriesPaint(0, Color.BLUE);
            plot.setRenderer(1, points);
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        boolean svg = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg");
        AtomicFiles.write(file, "--plot", out -> {
            if (svg) {
                SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
                chart.draw(g, new java.awt.Rectangle(0, 0, WIDTH, HEIGHT));
                out.write(g.getSVGDocument().getBytes(StandardCharsets.UTF_8));
            } else {
                ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
            }
        });
    }
}
