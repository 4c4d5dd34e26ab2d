// GENERATED from engine/src/main/templates/dino/engine/kernels/Scalar-Kernels.java.template (f32): edit the template, not this file (see KernelTemplates).
// The f32 specification kernels: plain loops in the reference's (numpy + reference BLAS) order of operations.
package dino.engine.kernels;

import dino.api.Products;
import java.util.Arrays;

/**
 * Scalar f32 kernels: the specification that every other f32 kernel set is measured against.
 *
 * <p>Order of operations follows what the reference's numpy (Debian's, over the reference BLAS) does,
 * because training is chaotic and a different rounding shows in the transcript: every product element
 * sums sequentially from index 0 (reference {@code dgemv}/{@code dgemm}); the softmax denominator uses
 * numpy's pairwise summation ({@link #pairwiseSum}); elementwise expressions keep the reference's
 * parenthesization. A product's step is {@link Products#MUL_ADD} ({@link #products()}); nothing else fuses a
 * multiply and an add.
 * The same loops in float arithmetic. Transcendentals are fdlibm's in double, rounded to float (so within
 * half an ulp of float's correctly rounded value, and the same on every JDK); the loss is summed in double.
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
    public Products products() {
        return Products.MUL_ADD;
    }

    @Override
    public void gemm(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     int m, int n, int k) {
        product(c, cOff, ldc, a, aOff, lda, 1, b, bOff, ldb, 1, m, n, k);
    }

    @Override
    public void gemmTA(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       int m, int n, int k) {
        product(c, cOff, ldc, a, aOff, 1, lda, b, bOff, ldb, 1, m, n, k);
    }

    @Override
    public void gemmTB(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       int m, int n, int k) {
        product(c, cOff, ldc, a, aOff, lda, 1, b, bOff, 1, ldb, m, n, k);
    }

    /**
     * The three products: {@code c[i][j] += a(i, p)·b(p, j)} for p ascending, one chain per element (each step
     * a multiply, then an add; in the fused classes one fused multiply-add, see {@link Products}), with
     * a(i, p) at {@code a[aOff + i·ars + p·acs]} and b(p, j) at {@code b[bOff + p·brs + j·bcs]}.
     */
    private static void product(float[] c, int cOff, int ldc, float[] a, int aOff, int ars, int acs,
                                float[] b, int bOff, int brs, int bcs, int m, int n, int k) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = c[cOff + i * ldc + j];
                for (int p = 0; p < k; p++) {
                    float x = a[aOff + i * ars + p * acs];
                    float y = b[bOff + p * brs + j * bcs];
                    s = false ? Math.fma(x, y, s) : s + x * y;
                }
                c[cOff + i * ldc + j] = s;
            }
        }
    }

    /** Any divisor of 64 would do for these loops; 16 keeps the packed panels of small matrices narrow. */
    @Override
    public int panelWidth() {
        return 16;
    }

    @Override
    public void packB(float[] dst, int dstOff, float[] b, int bOff, int ldb, int k, int n) {
        packPanels(dst, dstOff, b, bOff, ldb, k, n, panelWidth());
    }

    /** {@link #packB} with panels {@code width} columns wide (each kernel set's own width). */
    static void packPanels(float[] dst, int dstOff, float[] b, int bOff, int ldb, int k, int n, int width) {
        for (int j = 0; j < n; j += width) {
            int w = Math.min(width, n - j);
            int to = dstOff + j * k;
            for (int p = 0; p < k; p++, to += w) {
                System.arraycopy(b, bOff + p * ldb + j, dst, to, w);
            }
        }
    }

    @Override
    public void packBT(float[] dst, int dstOff, float[] b, int bOff, int ldb, int k, int n) {
        packPanelsTransposed(dst, dstOff, b, bOff, ldb, k, n, panelWidth());
    }

    /**
     * {@link #packBT} with panels {@code width} columns wide: four rows of the stored matrix at a time become four
     * adjacent columns of a panel, over blocks of 64 steps, so that the panel's lines being written stay in L1.
     * Not {@link #transpose} panel by panel: that blocks by the panel's few rows, and packed W_hh of an LSTM 512
     * 10-30% slower (Zen 5, f32, three of four JDK and ISA pairs; docs/jit-notes.md).
     */
    static void packPanelsTransposed(float[] dst, int dstOff, float[] b, int bOff, int ldb, int k, int n, int width) {
        for (int j = 0; j < n; j += width) {
            int w = Math.min(width, n - j);
            int panel = dstOff + j * k;
            for (int p0 = 0; p0 < k; p0 += 64) {
                int p1 = Math.min(k, p0 + 64);
                int c = 0;
                for (; c + 4 <= w; c += 4) {
                    int s = bOff + (j + c) * ldb;
                    for (int p = p0; p < p1; p++) {
                        float x0 = b[s + p];
                        float x1 = b[s + ldb + p];
                        float x2 = b[s + 2 * ldb + p];
                        float x3 = b[s + 3 * ldb + p];
                        int to = panel + p * w + c;
                        dst[to] = x0;
                        dst[to + 1] = x1;
                        dst[to + 2] = x2;
                        dst[to + 3] = x3;
                    }
                }
                for (; c < w; c++) {
                    int s = bOff + (j + c) * ldb;
                    for (int p = p0; p < p1; p++) {
                        dst[panel + p * w + c] = b[s + p];
                    }
                }
            }
        }
    }

    @Override
    public void gemmPacked(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] bp, int bpOff, int m, int n,
                           int k) {
        for (int j = 0; j < n; j += panelWidth()) {
            int w = Math.min(panelWidth(), n - j);
            product(c, cOff + j, ldc, a, aOff, lda, 1, bp, bpOff + j * k, w, 1, m, w, k);
        }
    }

    @Override
    public void transpose(float[] dst, int dstOff, int ldd, float[] src, int srcOff, int lds, int rows, int cols) {
        // Four columns of src at a time become four rows of dst, written contiguously, over blocks of 64
        // rows of src so that the cache lines read stay in L1 (a copy: no rounding; measured: docs/jit-notes.md).
        for (int i0 = 0; i0 < rows; i0 += 64) {
            int i1 = Math.min(rows, i0 + 64);
            int j = 0;
            for (; j + 4 <= cols; j += 4) {
                int d0 = dstOff + j * ldd;
                int d1 = d0 + ldd;
                int d2 = d1 + ldd;
                int d3 = d2 + ldd;
                int s = srcOff + i0 * lds + j;
                for (int i = i0; i < i1; i++, s += lds) {
                    float x0 = src[s];
                    float x1 = src[s + 1];
                    float x2 = src[s + 2];
                    float x3 = src[s + 3];
                    dst[d0 + i] = x0;
                    dst[d1 + i] = x1;
                    dst[d2 + i] = x2;
                    dst[d3 + i] = x3;
                }
            }
            for (; j < cols; j++) {
                int d = dstOff + j * ldd;
                for (int i = i0; i < i1; i++) {
                    dst[d + i] = src[srcOff + i * lds + j];
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
                d[i] = (1.0f - yj * yj) * (d[i] + add[addOff + r * ldadd + j]);
            }
        }
    }

    @Override
    public void addBias(float[] x, int xOff, int ldx, float[] bias, int biasOff, int m, int n) {
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                int i = xOff + r * ldx + j;
                x[i] = x[i] + bias[biasOff + j];
            }
        }
    }

    @Override
    public void multiply(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    /** The logistic function, {@code 1 / (1 + exp(−x))}, computed in double. */
    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + StrictMath.exp(-x)));
    }

    @Override
    public void lstmCell(float[] gates, int gOff, float[] bias, int biasOff, float[] cPrev, int cPrevOff,
                         float[] c, int cOff, float[] h, int hOff, int m, int n) {
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                lstmCellAt(gates, gOff + r * 4 * n, n, j, bias, biasOff, cPrev, cPrevOff + r * n, c, cOff + r * n, h, hOff + r * n);
            }
        }
    }

    /** {@link #lstmCell} of column j of one row (gr: the row's gates; cp, ci, hi: the row's states). */
    static void lstmCellAt(float[] gates, int gr, int n, int j, float[] bias, int biasOff, float[] cPrev, int cp,
                           float[] c, int ci, float[] h, int hi) {
        float i = sigmoid(gates[gr + j] + bias[biasOff + j]);
        float f = sigmoid(gates[gr + n + j] + bias[biasOff + n + j]);
        float g = (float) StrictMath.tanh(gates[gr + 2 * n + j] + bias[biasOff + 2 * n + j]);
        float o = sigmoid(gates[gr + 3 * n + j] + bias[biasOff + 3 * n + j]);
        float cc = f * cPrev[cp + j] + i * g;
        gates[gr + j] = i;
        gates[gr + n + j] = f;
        gates[gr + 2 * n + j] = g;
        gates[gr + 3 * n + j] = o;
        c[ci + j] = cc;
        h[hi + j] = o * (float) StrictMath.tanh(cc);
    }

    @Override
    public void lstmCellBackward(float[] gates, int gOff, float[] c, int cOff, float[] cPrev, int cPrevOff,
                                 float[] dh, int dhOff, float[] dNext, int dNextOff, float[] dc, int dcOff,
                                 int m, int n) {
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                lstmCellBackwardAt(gates, gOff + r * 4 * n, n, j, c, cOff + r * n, cPrev, cPrevOff + r * n,
                        dh, dhOff + r * n, dNext, dNextOff + r * n, dc, dcOff + r * n);
            }
        }
    }

    /** {@link #lstmCellBackward} of column j of one row (offsets of the row). */
    static void lstmCellBackwardAt(float[] gates, int gr, int n, int j, float[] c, int ci, float[] cPrev, int cp,
                                   float[] dh, int dhi, float[] dNext, int dni, float[] dc, int dci) {
        float i = gates[gr + j];
        float f = gates[gr + n + j];
        float g = gates[gr + 2 * n + j];
        float o = gates[gr + 3 * n + j];
        float t = (float) StrictMath.tanh(c[ci + j]);
        float dhv = dh[dhi + j] + dNext[dni + j];
        float dcv = dc[dci + j] + dhv * o * (1.0f - t * t);
        gates[gr + j] = dcv * g * i * (1.0f - i);
        gates[gr + n + j] = dcv * cPrev[cp + j] * f * (1.0f - f);
        gates[gr + 2 * n + j] = dcv * i * (1.0f - g * g);
        gates[gr + 3 * n + j] = dhv * t * o * (1.0f - o);
        dc[dci + j] = dcv * f;
        dh[dhi + j] = dhv;
        dNext[dni + j] = t;
    }

    @Override
    public void gruCell(float[] gi, int giOff, float[] gh, int ghOff, float[] bias, int biasOff, float[] hPrev,
                        int hPrevOff, float[] h, int hOff, int m, int n) {
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                gruCellAt(gi, giOff + r * 3 * n, gh, ghOff + r * 3 * n, n, j, bias, biasOff, hPrev, hPrevOff + r * n,
                        h, hOff + r * n);
            }
        }
    }

    /** {@link #gruCell} of column j of one row (offsets of the row). */
    static void gruCellAt(float[] gi, int ir, float[] gh, int hr, int n, int j, float[] bias, int biasOff, float[] hPrev,
                          int hp, float[] h, int hi) {
        float r = sigmoid(gi[ir + j] + (gh[hr + j] + bias[biasOff + j]));
        float z = sigmoid(gi[ir + n + j] + (gh[hr + n + j] + bias[biasOff + n + j]));
        float hn = gh[hr + 2 * n + j] + bias[biasOff + 2 * n + j];
        float nn = (float) StrictMath.tanh(gi[ir + 2 * n + j] + r * hn);
        gi[ir + j] = r;
        gi[ir + n + j] = z;
        gi[ir + 2 * n + j] = nn;
        gh[hr + 2 * n + j] = hn;
        h[hi + j] = (1.0f - z) * nn + z * hPrev[hp + j];
    }

    @Override
    public void gruCellBackward(float[] gi, int giOff, float[] gh, int ghOff, float[] hPrev, int hPrevOff,
                                float[] dh, int dhOff, float[] dNext, int dNextOff, int m, int n) {
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                gruCellBackwardAt(gi, giOff + r * 3 * n, gh, ghOff + r * 3 * n, n, j, hPrev, hPrevOff + r * n,
                        dh, dhOff + r * n, dNext, dNextOff + r * n);
            }
        }
    }

    /** {@link #gruCellBackward} of column j of one row (offsets of the row). */
    static void gruCellBackwardAt(float[] gi, int ir, float[] gh, int hr, int n, int j, float[] hPrev, int hp,
                                  float[] dh, int dhi, float[] dNext, int dni) {
        float r = gi[ir + j];
        float z = gi[ir + n + j];
        float nn = gi[ir + 2 * n + j];
        float hn = gh[hr + 2 * n + j];
        float dhv = dh[dhi + j] + dNext[dni + j];
        float dn = dhv * (1.0f - z) * (1.0f - nn * nn);
        float dz = dhv * (hPrev[hp + j] - nn) * z * (1.0f - z);
        float dr = dn * hn * r * (1.0f - r);
        gi[ir + j] = dr;
        gi[ir + n + j] = dz;
        gi[ir + 2 * n + j] = dn;
        gh[hr + j] = dr;
        gh[hr + n + j] = dz;
        gh[hr + 2 * n + j] = dn * r;
        dNext[dni + j] = dhv * z;
    }

    @Override
    public double softmaxCrossEntropy(float[] p, int pOff, int ldp, float[] bias, int biasOff, int[] targets,
                                      int tOff, int m, int n, double scale) {
        double loss = 0.0;
        for (int r = 0; r < m; r++) {
            int row = pOff + r * ldp;
            int y = targets == null ? -1 : targets[tOff + r];
            if (targets != null && y < 0) {
                Arrays.fill(p, row, row + n, 0.0f);
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
                p[row + y] -= 1.0f;
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
     * numpy's pairwise summation of n values in float (what {@code np.sum} does along a contiguous axis):
     * fewer than 8 values in order; up to 128 with 8 interleaved partial sums combined as
     * {@code ((s0+s1)+(s2+s3))+((s4+s5)+(s6+s7))}, then the remainder in order; beyond 128, split in
     * two halves (the first a multiple of 8) and add their sums.
     */
    public static float pairwiseSum(float[] x, int off, int n) {
        if (n < 8) {
            float sum = 0.0f;
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
