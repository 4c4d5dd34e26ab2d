// Every trial's validation loss against the iteration, on one chart: curves.svg in the sweep's output folder.
package dino.cli.sweep;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/** A JFreeChart line chart (as {@code dino.cli.shared.LossPlot} draws one run's), one line per trial, best first. */
final class SweepPlot {
    static final String FILE = "curves.svg";
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 600;

    /** One trial's line: its label and its curve. */
    record Line(TrialResult result, LossCurve curve) {
    }

    private SweepPlot() {
    }

    /** The SVG document of the lines, in the order given (the table's). */
    static byte[] svg(List<Line> lines, String title) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Line line : lines) {
            XYSeries s = new XYSeries("#" + line.result().trial() + " " + Trial.words(line.result().varied()), false, true);
            for (LossCurve.Point p : line.curve().points()) {
                if (Double.isFinite(p.validationLoss())) {
                    s.add(p.iteration(), p.validationLoss());
                }
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "iteration", "validation loss per character", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        for (int i = 0; i < lines.size(); i++) {
            plot.getRenderer().setSeriesStroke(i, new BasicStroke(i == 0 ? 2.5f : 1.2f));
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
        return g.getSVGDocument().getBytes(StandardCharsets.UTF_8);
    }
}
