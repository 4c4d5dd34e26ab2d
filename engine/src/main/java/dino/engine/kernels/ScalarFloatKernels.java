// The f32 specification kernels: ScalarKernels' loops and order of operations, in float.
package dino.engine.kernels;

import java.util.Arrays;

/**
 * Scalar f32 kernels: the specification of the f32 kernel sets. The same loops and order of every sum as
 * {@link ScalarKernels}, in float arithmetic; transcendentals are fdlibm's in double, rounded to float
 * (so within half an ulp of float's correctly rounded value, and the same on every JDK); the loss is
 * summed in double.
 */
public final class ScalarFloatKernels extends FloatKernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int vectorBits() {
        return 0;
    }

    @Override
    public void gemm(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     int m, int n, int k) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = c[cOff + i * ldc + j];
                for (int p = 0; p < k; p++) {
                    s += a[aOff + i * lda + p] * b[bOff + p * ldb + j];
                }
                c[cOff + i * ldc + j] = s;
            }
        }
    }

    @Override
    public void gemmTA(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       int m, int n, int k) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = c[cOff + i * ldc + j];
                for (int p = 0; p < k; p++) {
                    s += a[aOff + p * lda + i] * b[bOff + p * ldb + j];
                }
                c[cOff + i * ldc + j] = s;
            }
        }
    }

    @Override
    public void gemmTB(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       int m, int n, int k) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = c[cOff + i * ldc + j];
                for (int p = 0; p < k; p++) {
                    s += a[aOff + i * lda + p] * b[bOff + j * ldb + p];
                }
                c[cOff + i * ldc + j] = s;
            }
        }
    }

    @Override
    public void transpose(float[] dst, int dstOff, int ldd, float[] src, int srcOff, int lds, int rows, int cols) {
        // In 16 × 16 tiles, so the strided writes of a tile share their cache lines (a copy: no rounding).
        for (int i0 = 0; i0 < rows; i0 += 16) {
            int i1 = Math.min(rows, i0 + 16);
            for (int j0 = 0; j0 < cols; j0 += 16) {
                int j1 = Math.min(cols, j0 + 16);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        dst[dstOff + j * ldd + i] = src[srcOff + i * lds + j];
                    }
                }
            }
        }
    }

    @Override
    public void gatherAdd(float[] c, int cOff, int ldc, float[] t, int tOff, int ldt, int[] idx, int idxOff,
                          int m, int n) {
        for (int r = 0; r < m; r++) {
            int x = idx[idxOff + r];
            if (x < 0) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                c[cOff + r * ldc + j] += t[tOff + x * ldt + j];
            }
        }
    }

    @Override
    public void scatterAdd(float[] t, int tOff, int ldt, float[] c, int cOff, int ldc, int[] idx, int idxOff,
                           int m, int n) {
        for (int r = 0; r < m; r++) {
            int x = idx[idxOff + r];
            if (x < 0) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                t[tOff + x * ldt + j] += c[cOff + r * ldc + j];
            }
        }
    }

    @Override
    public void addColumnSums(float[] out, int outOff, float[] x, int xOff, int ldx, int m, int n) {
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                out[outOff + j] += x[xOff + r * ldx + j];
            }
        }
    }

    @Override
    public void biasTanh(float[] x, int xOff, int ldx, float[] bias, int biasOff, int m, int n) {
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                int i = xOff + r * ldx + j;
                x[i] = (float) StrictMath.tanh(x[i] + bias[biasOff + j]);
            }
        }
    }

    @Override
    public void tanhBackward(float[] d, int dOff, int ldd, float[] y, int yOff, int ldy, float[] add, int addOff,
                             int ldadd, int m, int n) {
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                float yj = y[yOff + r * ldy + j];
                int i = dOff + r * ldd + j;
                d[i] = (1f - yj * yj) * (d[i] + add[addOff + r * ldadd + j]);
            }
        }
    }

    @Override
    public double softmaxCrossEntropy(float[] p, int pOff, int ldp, float[] bias, int biasOff, int[] targets,
                                      int tOff, int m, int n, double scale) {
        double loss = 0.0;
        for (int r = 0; r < m; r++) {
            int row = pOff + r * ldp;
            int y = targets == null ? -1 : targets[tOff + r];
            if (targets != null && y < 0) {
                Arrays.fill(p, row, row + n, 0f);
                continue;
            }
            for (int j = 0; j < n; j++) {
                p[row + j] = p[row + j] + bias[biasOff + j];
            }
            float max = p[row];
            for (int j = 1; j < n; j++) {
                max = Math.max(max, p[row + j]);
            }
            for (int j = 0; j < n; j++) {
                p[row + j] = (float) StrictMath.exp(p[row + j] - max);
            }
            float total = pairwiseSum(p, row, n);
            for (int j = 0; j < n; j++) {
                p[row + j] = p[row + j] / total;
            }
            if (y >= 0) {
                loss += -StrictMath.log(p[row + y]);
                p[row + y] -= 1f;
                if (scale != 1.0) {
                    for (int j = 0; j < n; j++) {
                        p[row + j] *= (float) scale;
                    }
                }
            }
        }
        return loss;
    }

    @Override
    public void clipAndUpdate(float[] w, float[] g, int off, int len, double clip, double lr) {
        float step = (float) -lr;
        float c = (float) clip;
        for (int i = off; i < off + len; i++) {
            float gi = Math.min(c, Math.max(-c, g[i]));
            g[i] = gi;
            w[i] += step * gi;
        }
    }

    @Override
    public void clipAdagrad(float[] w, float[] g, float[] memory, int off, int len, double clip, double lr) {
        float c = (float) clip;
        float step = (float) -lr;
        for (int i = off; i < off + len; i++) {
            float gi = Math.min(c, Math.max(-c, g[i]));
            g[i] = gi;
            memory[i] += gi * gi;
            w[i] += step * gi / (float) Math.sqrt(memory[i] + 1e-8f);
        }
    }

    @Override
    public void clipAdam(float[] w, float[] g, float[] m, float[] v, int off, int len, double clip, double lr,
                         double c1, double c2) {
        float c = (float) clip;
        float step = (float) -lr;
        float b1 = (float) ScalarKernels.Adam.BETA1;
        float b2 = (float) ScalarKernels.Adam.BETA2;
        float fc1 = (float) c1;
        float fc2 = (float) c2;
        float eps = (float) ScalarKernels.Adam.EPSILON;
        for (int i = off; i < off + len; i++) {
            float gi = Math.min(c, Math.max(-c, g[i]));
            g[i] = gi;
            m[i] = b1 * m[i] + (1 - b1) * gi;
            v[i] = b2 * v[i] + (1 - b2) * gi * gi;
            w[i] += step * (m[i] / fc1) / ((float) Math.sqrt(v[i] / fc2) + eps);
        }
    }

    /**
     * numpy's pairwise summation of n floats, in float (as numpy sums a float32 array) (what {@code np.sum} does along a contiguous axis):
     * fewer than 8 values in order; up to 128 with 8 interleaved partial sums combined as
     * {@code ((s0+s1)+(s2+s3))+((s4+s5)+(s6+s7))}, then the remainder in order; beyond 128, split in
     * two halves (the first a multiple of 8) and add their sums.
     */
    public static float pairwiseSum(float[] x, int off, int n) {
        if (n < 8) {
            float sum = 0f;
            for (int i = 0; i < n; i++) {
                sum += x[off + i];
            }
            return sum;
        }
        if (n <= 128) {
            float s0 = x[off];
            float s1 = x[off + 1];
            float s2 = x[off + 2];
            float s3 = x[off + 3];
            float s4 = x[off + 4];
            float s5 = x[off + 5];
            float s6 = x[off + 6];
            float s7 = x[off + 7];
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
            float sum = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
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
