// The specification kernels: plain loops in the reference's (numpy + reference BLAS) order of operations.
package dino.engine.kernels;

/**
 * Scalar kernels: the specification that every other kernel set is measured against, and the kernels
 * that reproduce the reference's printed output.
 *
 * <p>Order of operations follows what the reference's numpy (Debian's, over the reference BLAS)
 * does, because training is chaotic and a different rounding shows in the transcript:
 * matrix-vector products sum sequentially from index 0 (reference {@code dgemv}); the softmax
 * denominator uses numpy's pairwise summation ({@link #pairwiseSum}); elementwise expressions keep the
 * reference's parenthesization. No fused multiply-add. Transcendentals are {@code StrictMath} (fdlibm),
 * so results are identical on every JDK; {@code Math.tanh} became an intrinsic with other rounding in
 * JDK 24.
 */
public final class ScalarKernels implements Kernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int vectorBits() {
        return 0;
    }

    @Override
    public void cellForward(double[] a, int aOff, double[] w, int waaOff, int waxColOff, int baOff,
                            double[] aPrev, int aPrevOff, int n, int stride) {
        for (int i = 0; i < n; i++) {
            int row = waaOff + i * stride;
            double sum = 0.0;
            for (int j = 0; j < n; j++) {
                sum += w[row + j] * aPrev[aPrevOff + j];
            }
            if (waxColOff >= 0) {
                sum += w[waxColOff + i];
            }
            a[aOff + i] = StrictMath.tanh(sum + w[baOff + i]);
        }
    }

    @Override
    public double outputForward(double[] p, int pOff, double[] w, int wyaOff, int byOff,
                                double[] a, int aOff, int nY, int nA, int stride, int y) {
        for (int k = 0; k < nY; k++) {
            int row = wyaOff + k * stride;
            double sum = 0.0;
            for (int j = 0; j < nA; j++) {
                sum += w[row + j] * a[aOff + j];
            }
            p[pOff + k] = sum + w[byOff + k];
        }
        double max = p[pOff];
        for (int k = 1; k < nY; k++) {
            max = Math.max(max, p[pOff + k]);
        }
        for (int k = 0; k < nY; k++) {
            p[pOff + k] = StrictMath.exp(p[pOff + k] - max);
        }
        double total = pairwiseSum(p, pOff, nY);
        for (int k = 0; k < nY; k++) {
            p[pOff + k] = p[pOff + k] / total;
        }
        return y < 0 ? 0.0 : -StrictMath.log(p[pOff + y]);
    }

    @Override
    public void outputBackward(double[] da, int daOff, double[] g, int dWyaOff, int dbyOff,
                               double[] p, int pOff, int y, double[] w, int wyaOff,
                               double[] a, int aOff, double[] daNext, int daNextOff, int nY, int nA, int stride) {
        p[pOff + y] -= 1.0;
        for (int j = 0; j < nA; j++) {
            da[daOff + j] = 0.0;
        }
        for (int k = 0; k < nY; k++) {
            double dy = p[pOff + k];
            int gRow = dWyaOff + k * stride;
            int wRow = wyaOff + k * stride;
            for (int j = 0; j < nA; j++) {
                g[gRow + j] += dy * a[aOff + j];
                da[daOff + j] += w[wRow + j] * dy;
            }
            g[dbyOff + k] += dy;
        }
        for (int j = 0; j < nA; j++) {
            da[daOff + j] += daNext[daNextOff + j];
        }
    }

    @Override
    public void cellBackward(double[] daNext, int daNextOff, double[] g, int dWaaOff, int dWaxColOff, int dbaOff,
                             double[] da, int daOff, double[] a, int aOff, double[] aPrev, int aPrevOff,
                             double[] w, int waaOff, int n, int stride) {
        for (int i = 0; i < n; i++) {
            double ai = a[aOff + i];
            da[daOff + i] = (1.0 - ai * ai) * da[daOff + i];
            daNext[daNextOff + i] = 0.0;
        }
        for (int i = 0; i < n; i++) {
            double dt = da[daOff + i];
            g[dbaOff + i] += dt;
            if (dWaxColOff >= 0) {
                g[dWaxColOff + i] += dt;
            }
            int gRow = dWaaOff + i * stride;
            int wRow = waaOff + i * stride;
            for (int j = 0; j < n; j++) {
                g[gRow + j] += dt * aPrev[aPrevOff + j];
                daNext[daNextOff + j] += w[wRow + j] * dt;
            }
        }
    }

    @Override
    public void clipAndUpdate(double[] w, double[] g, int off, int len, double clip, double lr) {
        double step = -lr;
        for (int i = off; i < off + len; i++) {
            double gi = Math.min(clip, Math.max(-clip, g[i]));
            g[i] = gi;
            w[i] += step * gi;
        }
    }

    /**
     * numpy's pairwise summation of n values (what {@code np.sum} does along a contiguous axis):
     * fewer than 8 values in order; up to 128 with 8 interleaved partial sums combined as
     * {@code ((s0+s1)+(s2+s3))+((s4+s5)+(s6+s7))}, then the remainder in order; beyond 128, split in
     * two halves (the first a multiple of 8) and add their sums.
     */
    public static double pairwiseSum(double[] x, int off, int n) {
        if (n < 8) {
            double sum = 0.0;
            for (int i = 0; i < n; i++) {
                sum += x[off + i];
            }
            return sum;
        }
        if (n <= 128) {
            double s0 = x[off];
            double s1 = x[off + 1];
            double s2 = x[off + 2];
            double s3 = x[off + 3];
            double s4 = x[off + 4];
            double s5 = x[off + 5];
            double s6 = x[off + 6];
            double s7 = x[off + 7];
            int i = 8;
            for (; i < n - n % 8; i += 8) {
                s0 += x[off + i];
                s1 += x[off + i + 1];
                s2 += x[off + i + 2];
                s3 += x[off + i + 3];
                s4 += x[off + i + 4];
                s5 += x[off + i + 5];
                s6 += x[off + i + 6];
                s7 += x[off + i + 7];
            }
            double sum = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
            for (; i < n; i++) {
                sum += x[off + i];
            }
            return sum;
        }
        int half = n / 2;
        half -= half % 8;
        return pairwiseSum(x, off, half) + pairwiseSum(x, off + half, n - half);
    }
}
