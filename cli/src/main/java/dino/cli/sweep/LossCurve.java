// One trial's loss curve: the smoothed training loss and the validation loss at every check, as CSV.
package dino.cli.sweep;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The points of a trial's reports, in iteration order; {@code curve.csv} in its folder, doubles written exactly. */
final class LossCurve {
    static final String HEADER = "iteration,smooth_loss,validation_loss";

    record Point(long iteration, double smoothLoss, double validationLoss) {
    }

    private final List<Point> points = new ArrayList<>();

    void add(long iteration, double smoothLoss, double validationLoss) {
        points.add(new Point(iteration, smoothLoss, validationLoss));
    }

    List<Point> points() {
        return points;
    }

    byte[] csv() {
        StringBuilder s = new StringBuilder(HEADER).append('\n');
        for (Point p : points) {
            s.append(p.iteration()).append(',').append(p.smoothLoss()).append(',').append(p.validationLoss()).append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The curve a file holds, up to (not including) {@code before}: a resumed trial reports again from there. */
    static LossCurve parse(byte[] csv, long before) {
        LossCurve curve = new LossCurve();
        String[] lines = new String(csv, StandardCharsets.UTF_8).split("\n");
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] f = lines[i].split(",");
            long iteration = Long.parseLong(f[0]);
            if (iteration < before) {
                curve.add(iteration, Double.parseDouble(f[1]), Double.parseDouble(f[2]));
            }
        }
        return curve;
    }
}
