// The scalar kernels' numpy-order details (pairwise summation and the softmax, against numpy's values), and the transpose.
package dino.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dino.engine.Fixtures;
import dino.engine.model.Layout;
import dino.engine.model.Model;
import org.junit.jupiter.api.Test;

class ScalarKernelsTest {

    @Test
    void pairwiseSumMatchesNumpyBitForBit() {
        int checked = 0;
        for (String[] row : Fixtures.lines("pairwise_sum.txt")) {
            int n = Integer.parseInt(row[0]);
            double expected = Double.parseDouble(row[1]);
            double[] x = new double[n + 5];
            System.arraycopy(Fixtures.doubles(row, 2), 0, x, 5, n);
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(ScalarKernels.pairwiseSum(x, 5, n)),
                    "n = " + n);
            checked++;
        }
        assertEquals(50, checked);
    }

    @Test
    void softmaxSumsToOneAndReturnsCrossEntropy() {
        Layout l = new Layout(9, 27, 27);
        Model m = Model.initialize(l, 3);
        double[] a = new double[l.stride];
        for (int j = 0; j < l.nA; j++) {
            a[j] = Math.sin(j + 1.0);
        }
        double[] p = new double[l.yStride];
        ScalarKernels k = new ScalarKernels();
        k.gemmTB(p, 0, l.yStride, a, 0, l.stride, m.w, l.wya, l.stride, 1, l.nY, l.nA);
        double[] logits = p.clone();
        double loss = k.softmaxCrossEntropy(p, 0, l.yStride, m.w, l.by, null, 0, 1, l.nY, 1.0);
        assertEquals(0.0, loss, "no targets: no loss");
        double[] dy = logits.clone();
        double withTarget = k.softmaxCrossEntropy(dy, 0, l.yStride, m.w, l.by, new int[] {4}, 0, 1, l.nY, 1.0);
        assertEquals(-Math.log(p[4]), withTarget, 1e-15);
        for (int j = 0; j < l.nY; j++) {
            assertEquals(p[j] - (j == 4 ? 1 : 0), dy[j], 1e-16, "gradient p - onehot(y) at " + j);
        }
        double[] masked = logits.clone();
        assertEquals(0.0, k.softmaxCrossEntropy(masked, 0, l.yStride, m.w, l.by, new int[] {-1}, 0, 1, l.nY, 1.0));
        for (int j = 0; j < l.nY; j++) {
            assertEquals(0.0, masked[j], "a masked row has no gradient");
        }
        double sum = 0;
        for (int j = 0; j < l.nY; j++) {
            sum += p[j];
        }
        assertEquals(1.0, sum, 1e-12);
    }

    @Test
    void clipAndUpdateClipsEveryElementThenStepsAgainstTheGradient() {
        double[] w = {1, 1, 1, 1};
        double[] g = {-7, -2, 3, 9};
        new ScalarKernels().clipAndUpdate(w, g, 1, 3, 5, 0.5);
        assertEquals(1.0, w[0]);
        assertEquals(2.0, w[1]);
        assertEquals(-0.5, w[2]);
        assertEquals(-1.5, w[3]);
        assertEquals(-7.0, g[0]);
        assertEquals(5.0, g[3]);
    }

    /** Every element lands at its mirrored place, padding and neighbours untouched, at sizes around the 4-column and 64-row blocks. */
    @Test
    void transposeMirrorsEveryElementAndNothingElse() {
        for (int rows : new int[] {1, 3, 4, 7, 63, 64, 65, 130}) {
            for (int cols : new int[] {1, 2, 4, 5, 27, 67}) {
                int lds = cols + 3;
                int ldd = rows + 2;
                double[] src = new double[2 + rows * lds];
                float[] src32 = new float[src.length];
                for (int i = 0; i < src.length; i++) {
                    src[i] = i;
                    src32[i] = i;
                }
                double[] dst = new double[5 + cols * ldd + 1];
                float[] dst32 = new float[dst.length];
                java.util.Arrays.fill(dst, -1);
                java.util.Arrays.fill(dst32, -1);
                new ScalarKernels().transpose(dst, 5, ldd, src, 2, lds, rows, cols);
                new ScalarFloatKernels().transpose(dst32, 5, ldd, src32, 2, lds, rows, cols);
                for (int p = 0; p < dst.length; p++) {
                    int q = p - 5;
                    int j = q / ldd;
                    int i = q % ldd;
                    double want = q >= 0 && j < cols && i < rows ? src[2 + i * lds + j] : -1;
                    assertEquals(want, dst[p], rows + "×" + cols + " at " + p);
                    assertEquals((float) want, dst32[p], rows + "×" + cols + " at " + p + " (f32)");
                }
            }
        }
    }
}
