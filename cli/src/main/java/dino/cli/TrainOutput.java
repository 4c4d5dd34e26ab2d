// What `dino train` prints besides the header: the reference's block at each report, the patience line, the summary.
package dino.cli;

import dino.api.Products;
import dino.cli.shared.LossPlot;
import dino.cli.shared.Progress;
import dino.cli.shared.Text;
import dino.engine.numpy.PythonRepr;
import dino.lib.Kernels;
import dino.lib.Training;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The text of train's reports (stdout, the reference's lines) and of its closing lines (stderr). */
final class TrainOutput {
    private TrainOutput() {
    }

    /** What the reference prints at a report: the loss, the validation loss when held out, and the samples. */
    static String block(Training.Report report, boolean validating, boolean text, int sampleCount, LossPlot curve,
                                Progress progress) {
        StringBuilder block = new StringBuilder();
        block.append("Iteration: ").append(report.iteration()).append(", Loss: ").append(Text.fixed6(report.smoothLoss()))
                .append('\n');
        if (validating) {
            block.append("Validation loss: ").append(Text.fixed6(report.validationLoss())).append(" per character\n");
            if (curve != null) {
                curve.validation(report.iteration(), report.validationLoss());
            }
        }
        block.append('\n');
        List<String> drawn = report.samples();
        for (int k = 0; k < drawn.size(); k++) {
            if (text && sampleCount > 1) {
                block.append(Text.sampleHeader(k, sampleCount, k)).append('\n');
            }
            block.append(text ? drawn.get(k) : Text.capitalize(drawn.get(k))).append('\n');
        }
        block.append("\n\n");
        progress.clear();
        return block.toString();
    }

    /** The reference's header of a new run: the data's size and its vocabulary as a Python dict. */
    static void header(PrintWriter out, Training training) {
        out.printf(Locale.ROOT, "There are %d total characters and %d unique characters in your data.%n",
                training.characterCount(), training.vocabulary().codePointCount(0, training.vocabulary().length()));
        out.println(pythonDict(training.vocabulary()));
        out.flush();
    }

    /** The reference's {@code print(ix_to_char)}: {@code {index: character}} as Python prints a dict, e.g. {@code {0: '\n', 1: 'a'}}. */
    static String pythonDict(String vocabulary) {
        StringBuilder sb = new StringBuilder("{");
        int[] codePoints = vocabulary.codePoints().toArray();
        for (int i = 0; i < codePoints.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(i).append(": ").append(PythonRepr.ofString(new String(Character.toChars(codePoints[i]))));
        }
        return sb.append('}').toString();
    }

    /** Which kernels and products form run (unless quiet), and a warning when fma products run in software. */
    static void kernels(PrintWriter err, Kernels chosen, Products products, boolean quiet) {
        if (!quiet) {
            err.println(chosen.describe() + "; products: " + products.label());
        }
        if (products == Products.FMA && !Products.fusedInHardware()) {
            err.println("dino: warning: this JVM has no hardware fused multiply-add (UseFMA is off): fma products run in "
                    + "software, far slower; --products mul-add is fast here");
        }
    }

    /** Why a run stopped early: its patience ran out, with the best check. */
    static void patienceRanOut(PrintWriter err, Training training, int patience) {
        err.printf(Locale.ROOT, "patience: stopped after %d iterations, no lower validation loss in %d checks (best %s at "
                + "iteration %d)%n", training.iteration(), patience, Text.fixed6(training.bestValidationLoss()),
                training.bestIteration());
    }

    /** The closing line: iterations, time, rates, and the files written. */
    static void summary(PrintWriter err, long done, double seconds, long characters, Path save, Path plot) {
        err.printf(Locale.ROOT, "trained %d iterations in %.3f s (%.0f iterations/s, %.0f characters/s)%s%s%n", done,
                seconds, done / Math.max(seconds, 1e-9), characters / Math.max(seconds, 1e-9),
                save == null ? "" : "; saved " + save, plot == null ? "" : "; plotted " + plot);
    }
}
