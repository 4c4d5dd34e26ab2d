// Finite-difference check of the stacked RNN, LSTM and GRU networks' backward pass (Trainer + scalar kernels).
package dino.engine.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.api.TrainingConfig.Cell;
import dino.api.TrainingConfig.Precision;
import dino.engine.kernels.ScalarKernels;
import dino.engine.model.Layout;
import dino.engine.model.Model;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Central differences of the loss against the analytic gradients of every block, for each cell with two
 * layers, a ragged batch of three names (1, 5 and 9 characters: rows stop at different steps) and non-zero
 * starting states (h, and an LSTM's c), with and without dropout between the layers (the masks depend on
 * the seed and the step only, so every evaluation draws the same ones). Relative error per block:
 * ‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖) below 1e-6.
 */
class StackedGradientCheckTest {
    private static final double H = 1e-5;
    private static final int[][] NAMES = {{5}, {3, 1, 4, 1, 5}, {2, 6, 5, 3, 5, 1, 4, 6, 2}};

    @ParameterizedTest(name = "{0}, {1} layers, dropout {2}")
    @CsvSource({"rnn,2,0", "lstm,2,0", "gru,2,0", "lstm,2,0.3", "gru,3,0.25", "rnn,1,0", "lstm,1,0"})
    void analyticGradientsMatchFiniteDifferences(String cellName, int layers, double dropout) {
        Cell cell = Cell.parse(cellName);
        Layout l = Layout.stacked(cell, layers, 5, 7, Precision.F64);
        Random random = new Random(7);
        double[] w = new double[l.size];
        for (Layout.Block b : l.blocks()) {
            for (int r = 0; r < b.rows(); r++) {
                for (int c = 0; c < b.cols(); c++) {
                    w[b.index(r, c)] = random.nextGaussian() * 0.5;
                }
            }
        }
        int values = layers * l.nA * (cell == Cell.LSTM ? 2 : 1);
        double[] hidden = new double[NAMES.length * values];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = random.nextGaussian() * 0.4;
        }
        Trainer<double[]> analytic = trainer(l, w, hidden, dropout);
        analytic.step(NAMES);
        double[] g = analytic.gradients();

        double[] numeric = new double[l.size];
        for (Layout.Block b : l.blocks()) {
            for (int r = 0; r < b.rows(); r++) {
                for (int c = 0; c < b.cols(); c++) {
                    int i = b.index(r, c);
                    double saved = w[i];
                    w[i] = saved + H;
                    double plus = trainer(l, w, hidden, dropout).step(NAMES);
                    w[i] = saved - H;
                    double minus = trainer(l, w, hidden, dropout).step(NAMES);
                    w[i] = saved;
                    numeric[i] = (plus - minus) / (2 * H);
                }
            }
        }
        for (Layout.Block b : l.blocks()) {
            double diff = 0;
            double a = 0;
            double n = 0;
            for (int r = 0; r < b.rows(); r++) {
                for (int c = 0; c < b.cols(); c++) {
                    int i = b.index(r, c);
                    diff += (g[i] - numeric[i]) * (g[i] - numeric[i]);
                    a += g[i] * g[i];
                    n += numeric[i] * numeric[i];
                }
            }
            double relative = Math.sqrt(diff) / (Math.sqrt(a) + Math.sqrt(n));
            assertTrue(a > 1e-8, b.name + " gradient is too small to check: " + a);
            assertTrue(relative < 1e-6, b.name + " relative error " + relative);
        }
        for (int i = 0; i < l.size; i++) {
            if (numeric[i] == 0 && g[i] != 0) {
                assertTrue(false, "gradient in padding at " + i + ": " + g[i]);
            }
        }
    }

    /** A trainer on a copy of w that neither clips nor moves the weights (lr 0, clip ∞). */
    private static Trainer<double[]> trainer(Layout l, double[] w, double[] hidden, double dropout) {
        Trainer<double[]> t = Trainer.sgd(new Model(l, w.clone()), new ScalarKernels(), 0, 16, NAMES.length, 0.0,
                Double.POSITIVE_INFINITY);
        t.dropout(dropout, 11);
        t.restoreHidden(hidden);
        return t;
    }
}
