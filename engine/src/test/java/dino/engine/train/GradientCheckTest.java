// Finite-difference check of the whole forward/backward pass (Trainer + scalar kernels).
package dino.engine.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.engine.kernels.ScalarKernels;
import dino.engine.model.Layout;
import dino.engine.model.Model;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Central differences of the loss against the analytic gradients, on a small model with larger-than-usual
 * weights and non-zero starting hidden states, so every path carries signal: one name, and a ragged batch
 * of three names of 1, 5 and 9 characters (the loss and gradient then being the batch means).
 * Relative error per block: ‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖) must stay below 1e-6.
 */
class GradientCheckTest {
    private static final double H = 1e-5;

    @Test
    void analyticGradientsMatchFiniteDifferences() {
        check(new int[][] {{3, 1, 4, 1, 5, 2, 6}}, new double[] {0.3, -0.2, 0.5, -0.7, 0.1, 0.05});
    }

    @Test
    void raggedBatchGradientsMatchFiniteDifferences() {
        check(new int[][] {{5}, {3, 1, 4, 1, 5}, {2, 6, 5, 3, 5, 1, 4, 6, 2}},
                new double[] {0.3, -0.2, 0.5, -0.7, 0.1, 0.05, -0.4, 0.2, 0.1, 0.6, -0.3, 0.0, 0.2, 0.2, -0.1, 0.3, 0.4, -0.5});
    }

    private static void check(int[][] names, double[] hidden) {
        Layout l = new Layout(6, 7, 7);
        Random random = new Random(42);
        double[] w = new double[l.size];
        for (int i = 0; i < l.nA; i++) {
            for (int x = 0; x < l.nX; x++) {
                w[l.wax(i, x)] = random.nextGaussian() * 0.5;
            }
            for (int j = 0; j < l.nA; j++) {
                w[l.waa(i, j)] = random.nextGaussian() * 0.5;
            }
            w[l.ba + i] = random.nextGaussian() * 0.1;
        }
        for (int k = 0; k < l.nY; k++) {
            for (int j = 0; j < l.nA; j++) {
                w[l.wya(k, j)] = random.nextGaussian() * 0.5;
            }
            w[l.by + k] = random.nextGaussian() * 0.1;
        }
        Trainer<double[]> analytic = trainer(w, hidden, names.length);
        analytic.step(names);
        double[] g = analytic.gradients();

        double[] numeric = new double[l.size];
        for (int i = 0; i < l.size; i++) {
            double saved = w[i];
            w[i] = saved + H;
            double plus = trainer(w, hidden, names.length).step(names);
            w[i] = saved - H;
            double minus = trainer(w, hidden, names.length).step(names);
            w[i] = saved;
            numeric[i] = (plus - minus) / (2 * H);
        }

        assertBlock("Wax", g, numeric, l.waxT, l.nX * l.stride);
        assertBlock("Waa", g, numeric, l.waa, l.nA * l.stride);
        assertBlock("Wya", g, numeric, l.wya, l.nY * l.stride);
        assertBlock("ba", g, numeric, l.ba, l.stride);
        assertBlock("by", g, numeric, l.by, l.yStride);
    }

    /** A trainer on a copy of w that neither clips nor moves the weights (lr 0, clip ∞). */
    private static Trainer<double[]> trainer(double[] w, double[] hidden, int batch) {
        Layout l = new Layout(6, 7, 7);
        Trainer<double[]> t = Trainer.sgd(new Model(l, w.clone()), new ScalarKernels(), 0, 16, batch, 0.0,
                Double.POSITIVE_INFINITY);
        t.restoreHidden(hidden);
        return t;
    }

    private static void assertBlock(String name, double[] analytic, double[] numeric, int off, int len) {
        double diff = 0;
        double a = 0;
        double n = 0;
        for (int i = off; i < off + len; i++) {
            diff += (analytic[i] - numeric[i]) * (analytic[i] - numeric[i]);
            a += analytic[i] * analytic[i];
            n += numeric[i] * numeric[i];
        }
        double relative = Math.sqrt(diff) / (Math.sqrt(a) + Math.sqrt(n));
        assertTrue(a > 1e-6, name + " gradient is too small to check: " + a);
        assertTrue(relative < 1e-6, name + " relative error " + relative);
    }
}
