// The f32 kernels over jdk.incubator.vector: VectorKernels' products and passes in float, twice the lanes.
package dino.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector f32 kernels: {@link VectorKernels} in float (the same tiles, twice the lanes per vector), measured
 * against {@link ScalarFloatKernels}. The products and element-wise passes keep the specification's
 * order, without fused multiply-add, so they are bit for bit the specification; tanh and exp run the
 * specification's scalar code (fdlibm in double, rounded to float) because at f32 they are a small
 * share of a step, so these kernels are the specification's results exactly, apart from
 * {@link #gemmTB}, which sums in lanes (bound at the method).
 */
final class VectorFloatKernels implements Kernels<float[]> {
    static final VectorSpecies<Float> SPECIES = species(System.getProperty(VectorWidth.PROPERTY));
    private static final int LANES = SPECIES.length();
    /** Rows of C per register tile. */
    static final int MR = 4;
    /** Vectors of C per register tile row: MR × NR accumulators, NR loads of B per step. */
    static final int NR = 3;
    private static final ScalarFloatKernels SCALAR = new ScalarFloatKernels();

    /** The preferred float species, or the width a system property asks for (no wider than the CPU's). */
    static VectorSpecies<Float> species(String bits) {
        VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
        int size = VectorWidth.parse(bits, preferred.vectorBitSize());
        return size == preferred.vectorBitSize() ? preferred : VectorSpecies.of(float.class, VectorShape.forBitSize(size));
    }

    VectorFloatKernels() {
        if (Precision.F32.align() % LANES != 0) {
            throw new IllegalStateException(LANES + " lanes do not divide the layout's row padding " + Precision.F32.align());
        }
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public int vectorBits() {
        return SPECIES.vectorBitSize();
    }

    @Override
    public Precision precision() {
        return Precision.F32;
    }

    @Override
    public float[] allocate(int n) {
        return new float[n];
    }

    @Override
    public double get(float[] x, int i) {
        return x[i];
    }

    @Override
    public void set(float[] x, int i, double value) {
        x[i] = (float) value;
    }

    @Override
    public void zero(float[] x, int off, int len) {
        java.util.Arrays.fill(x, off, off + len, 0f);
    }

    /** Bit for bit the specification (see the class comment). */
    @Override
    public void gemm(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     int m, int n, int k) {
        product(c, cOff, ldc, a, aOff, lda, 1, b, bOff, ldb, m, n, k);
    }

    /** Bit for bit the specification: {@link #gemm} reading A down its columns. */
    @Override
    public void gemmTA(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       int m, int n, int k) {
        product(c, cOff, ldc, a, aOff, 1, lda, b, bOff, ldb, m, n, k);
    }

    /**
     * {@code C += A·B} with a(i, p) at {@code a[aOff + i·ars + p·acs]}: tiles of MR rows × NR vectors,
     * then single vectors, then a scalar tail of columns, then single rows.
     */
    private static void product(float[] c, int cOff, int ldc, float[] a, int aOff, int ars, int acs,
                                float[] b, int bOff, int ldb, int m, int n, int k) {
        int vecEnd = n - n % LANES;
        int i = 0;
        for (; i + MR <= m; i += MR) {
            int j = 0;
            for (; j + NR * LANES <= vecEnd; j += NR * LANES) {
                tile4x3(c, cOff + i * ldc + j, ldc, a, aOff + i * ars, ars, acs, b, bOff + j, ldb, k);
            }
            for (; j < vecEnd; j += LANES) {
                tile4x1(c, cOff + i * ldc + j, ldc, a, aOff + i * ars, ars, acs, b, bOff + j, ldb, k);
            }
            if (vecEnd < n) {
                scalarColumns(c, cOff + i * ldc, ldc, a, aOff + i * ars, ars, acs, b, bOff, ldb, MR, vecEnd, n, k);
            }
        }
        for (; i < m; i++) {
            int j = 0;
            for (; j + NR * LANES <= vecEnd; j += NR * LANES) {
                tile1x3(c, cOff + i * ldc + j, a, aOff + i * ars, acs, b, bOff + j, ldb, k);
            }
            for (; j < vecEnd; j += LANES) {
                tile1x1(c, cOff + i * ldc + j, a, aOff + i * ars, acs, b, bOff + j, ldb, k);
            }
            if (vecEnd < n) {
                scalarColumns(c, cOff + i * ldc, ldc, a, aOff + i * ars, ars, acs, b, bOff, ldb, 1, vecEnd, n, k);
            }
        }
    }

    private static void tile4x3(float[] c, int cOff, int ldc, float[] a, int aOff, int ars, int acs,
                                float[] b, int bOff, int ldb, int k) {
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c01 = FloatVector.zero(SPECIES);
        FloatVector c02 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES);
        FloatVector c11 = FloatVector.zero(SPECIES);
        FloatVector c12 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES);
        FloatVector c21 = FloatVector.zero(SPECIES);
        FloatVector c22 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES);
        FloatVector c31 = FloatVector.zero(SPECIES);
        FloatVector c32 = FloatVector.zero(SPECIES);
        int ap = aOff;
        int bp = bOff;
        for (int p = 0; p < k; p++, ap += acs, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bp + 2 * LANES);
            FloatVector a0 = FloatVector.broadcast(SPECIES, a[ap]);
            c00 = c00.add(a0.mul(b0));
            c01 = c01.add(a0.mul(b1));
            c02 = c02.add(a0.mul(b2));
            FloatVector a1 = FloatVector.broadcast(SPECIES, a[ap + ars]);
            c10 = c10.add(a1.mul(b0));
            c11 = c11.add(a1.mul(b1));
            c12 = c12.add(a1.mul(b2));
            FloatVector a2 = FloatVector.broadcast(SPECIES, a[ap + 2 * ars]);
            c20 = c20.add(a2.mul(b0));
            c21 = c21.add(a2.mul(b1));
            c22 = c22.add(a2.mul(b2));
            FloatVector a3 = FloatVector.broadcast(SPECIES, a[ap + 3 * ars]);
            c30 = c30.add(a3.mul(b0));
            c31 = c31.add(a3.mul(b1));
            c32 = c32.add(a3.mul(b2));
        }
        // Written out, not through a helper: C2 stops inlining this large method before a helper call
        // would be inlined, and vectors passed to a call that is not inlined are boxed.
        int r0 = cOff;
        FloatVector.fromArray(SPECIES, c, r0).add(c00).intoArray(c, r0);
        FloatVector.fromArray(SPECIES, c, r0 + LANES).add(c01).intoArray(c, r0 + LANES);
        FloatVector.fromArray(SPECIES, c, r0 + 2 * LANES).add(c02).intoArray(c, r0 + 2 * LANES);
        int r1 = cOff + ldc;
        FloatVector.fromArray(SPECIES, c, r1).add(c10).intoArray(c, r1);
        FloatVector.fromArray(SPECIES, c, r1 + LANES).add(c11).intoArray(c, r1 + LANES);
        FloatVector.fromArray(SPECIES, c, r1 + 2 * LANES).add(c12).intoArray(c, r1 + 2 * LANES);
        int r2 = cOff + 2 * ldc;
        FloatVector.fromArray(SPECIES, c, r2).add(c20).intoArray(c, r2);
        FloatVector.fromArray(SPECIES, c, r2 + LANES).add(c21).intoArray(c, r2 + LANES);
        FloatVector.fromArray(SPECIES, c, r2 + 2 * LANES).add(c22).intoArray(c, r2 + 2 * LANES);
        int r3 = cOff + 3 * ldc;
        FloatVector.fromArray(SPECIES, c, r3).add(c30).intoArray(c, r3);
        FloatVector.fromArray(SPECIES, c, r3 + LANES).add(c31).intoArray(c, r3 + LANES);
        FloatVector.fromArray(SPECIES, c, r3 + 2 * LANES).add(c32).intoArray(c, r3 + 2 * LANES);
    }

    private static void tile4x1(float[] c, int cOff, int ldc, float[] a, int aOff, int ars, int acs,
                                float[] b, int bOff, int ldb, int k) {
        FloatVector c0 = FloatVector.zero(SPECIES);
        FloatVector c1 = FloatVector.zero(SPECIES);
        FloatVector c2 = FloatVector.zero(SPECIES);
        FloatVector c3 = FloatVector.zero(SPECIES);
        int ap = aOff;
        int bp = bOff;
        for (int p = 0; p < k; p++, ap += acs, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            c0 = c0.add(FloatVector.broadcast(SPECIES, a[ap]).mul(b0));
            c1 = c1.add(FloatVector.broadcast(SPECIES, a[ap + ars]).mul(b0));
            c2 = c2.add(FloatVector.broadcast(SPECIES, a[ap + 2 * ars]).mul(b0));
            c3 = c3.add(FloatVector.broadcast(SPECIES, a[ap + 3 * ars]).mul(b0));
        }
        FloatVector.fromArray(SPECIES, c, cOff).add(c0).intoArray(c, cOff);
        FloatVector.fromArray(SPECIES, c, cOff + ldc).add(c1).intoArray(c, cOff + ldc);
        FloatVector.fromArray(SPECIES, c, cOff + 2 * ldc).add(c2).intoArray(c, cOff + 2 * ldc);
        FloatVector.fromArray(SPECIES, c, cOff + 3 * ldc).add(c3).intoArray(c, cOff + 3 * ldc);
    }

    private static void tile1x3(float[] c, int cOff, float[] a, int aOff, int acs, float[] b, int bOff, int ldb,
                                int k) {
        FloatVector c0 = FloatVector.zero(SPECIES);
        FloatVector c1 = FloatVector.zero(SPECIES);
        FloatVector c2 = FloatVector.zero(SPECIES);
        int ap = aOff;
        int bp = bOff;
        for (int p = 0; p < k; p++, ap += acs, bp += ldb) {
            FloatVector ai = FloatVector.broadcast(SPECIES, a[ap]);
            c0 = c0.add(ai.mul(FloatVector.fromArray(SPECIES, b, bp)));
            c1 = c1.add(ai.mul(FloatVector.fromArray(SPECIES, b, bp + LANES)));
            c2 = c2.add(ai.mul(FloatVector.fromArray(SPECIES, b, bp + 2 * LANES)));
        }
        FloatVector.fromArray(SPECIES, c, cOff).add(c0).intoArray(c, cOff);
        FloatVector.fromArray(SPECIES, c, cOff + LANES).add(c1).intoArray(c, cOff + LANES);
        FloatVector.fromArray(SPECIES, c, cOff + 2 * LANES).add(c2).intoArray(c, cOff + 2 * LANES);
    }

    private static void tile1x1(float[] c, int cOff, float[] a, int aOff, int acs, float[] b, int bOff, int ldb,
                                int k) {
        FloatVector c0 = FloatVector.zero(SPECIES);
        int ap = aOff;
        int bp = bOff;
        for (int p = 0; p < k; p++, ap += acs, bp += ldb) {
            c0 = c0.add(FloatVector.broadcast(SPECIES, a[ap]).mul(FloatVector.fromArray(SPECIES, b, bp)));
        }
        FloatVector.fromArray(SPECIES, c, cOff).add(c0).intoArray(c, cOff);
    }

    /** Columns [from, to) of {@code rows} rows, one element at a time, in the specification's order. */
    private static void scalarColumns(float[] c, int cOff, int ldc, float[] a, int aOff, int ars, int acs,
                                      float[] b, int bOff, int ldb, int rows, int from, int to, int k) {
        for (int r = 0; r < rows; r++) {
            for (int j = from; j < to; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s += a[aOff + r * ars + p * acs] * b[bOff + p * ldb + j];
                }
                c[cOff + r * ldc + j] += s;
            }
        }
    }

    /**
     * Dot products in lanes: the sum over p runs in LANES interleaved partial sums (then across lanes in
     * {@link #sumLanes}' fixed order, then the scalar tail of p), so it rounds differently from the
     * specification: {@code |Δc| ≤ k·2⁻²³·Σ_p |a·b|}. The cell uses {@link #gemm} with transposed weights.
     */
    @Override
    public void gemmTB(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       int m, int n, int k) {
        int vecEnd = k - k % LANES;
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * lda;
            for (int j = 0; j < n; j++) {
                int bj = bOff + j * ldb;
                FloatVector acc = FloatVector.zero(SPECIES);
                for (int p = 0; p < vecEnd; p += LANES) {
                    acc = acc.add(FloatVector.fromArray(SPECIES, a, ai + p).mul(FloatVector.fromArray(SPECIES, b, bj + p)));
                }
                float s = sumLanes(acc);
                for (int p = vecEnd; p < k; p++) {
                    s += a[ai + p] * b[bj + p];
                }
                c[cOff + i * ldc + j] += s;
            }
        }
    }

    /** A copy: the specification's. */
    @Override
    public void transpose(float[] dst, int dstOff, int ldd, float[] src, int srcOff, int lds, int rows, int cols) {
        SCALAR.transpose(dst, dstOff, ldd, src, srcOff, lds, rows, cols);
    }

    /** Bit for bit the specification. */
    @Override
    public void gatherAdd(float[] c, int cOff, int ldc, float[] t, int tOff, int ldt, int[] idx, int idxOff,
                          int m, int n) {
        for (int r = 0; r < m; r++) {
            int x = idx[idxOff + r];
            if (x >= 0) {
                addRow(c, cOff + r * ldc, t, tOff + x * ldt, n);
            }
        }
    }

    /** Bit for bit the specification. */
    @Override
    public void scatterAdd(float[] t, int tOff, int ldt, float[] c, int cOff, int ldc, int[] idx, int idxOff,
                           int m, int n) {
        for (int r = 0; r < m; r++) {
            int x = idx[idxOff + r];
            if (x >= 0) {
                addRow(t, tOff + x * ldt, c, cOff + r * ldc, n);
            }
        }
    }

    /** Bit for bit the specification. */
    @Override
    public void addColumnSums(float[] out, int outOff, float[] x, int xOff, int ldx, int m, int n) {
        for (int r = 0; r < m; r++) {
            addRow(out, outOff, x, xOff + r * ldx, n);
        }
    }

    /** {@code y[0..n) += x[0..n)}. */
    private static void addRow(float[] y, int yOff, float[] x, int xOff, int n) {
        int j = 0;
        for (int end = n - n % LANES; j < end; j += LANES) {
            FloatVector.fromArray(SPECIES, y, yOff + j).add(FloatVector.fromArray(SPECIES, x, xOff + j)).intoArray(y, yOff + j);
        }
        for (; j < n; j++) {
            y[yOff + j] += x[xOff + j];
        }
    }

    /** The sum in vectors, tanh per element as the specification: bit for bit the specification. */
    @Override
    public void biasTanh(float[] x, int xOff, int ldx, float[] bias, int biasOff, int m, int n) {
        for (int r = 0; r < m; r++) {
            int row = xOff + r * ldx;
            addRow(x, row, bias, biasOff, n);
            for (int j = 0; j < n; j++) {
                x[row + j] = (float) StrictMath.tanh(x[row + j]);
            }
        }
    }

    /** Bit for bit the specification. */
    @Override
    public void tanhBackward(float[] d, int dOff, int ldd, float[] y, int yOff, int ldy, float[] add, int addOff,
                             int ldadd, int m, int n) {
        int end = n - n % LANES;
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int r = 0; r < m; r++) {
            int dr = dOff + r * ldd;
            int yr = yOff + r * ldy;
            int ar = addOff + r * ldadd;
            int j = 0;
            for (; j < end; j += LANES) {
                FloatVector yj = FloatVector.fromArray(SPECIES, y, yr + j);
                one.sub(yj.mul(yj)).mul(FloatVector.fromArray(SPECIES, d, dr + j).add(FloatVector.fromArray(SPECIES, add, ar + j)))
                        .intoArray(d, dr + j);
            }
            for (; j < n; j++) {
                float yj = y[yr + j];
                d[dr + j] = (1f - yj * yj) * (d[dr + j] + add[ar + j]);
            }
        }
    }

    /** The specification's code: exp is per element here too, so vectors would buy little. */
    @Override
    public double softmaxCrossEntropy(float[] p, int pOff, int ldp, float[] bias, int biasOff, int[] targets,
                                      int tOff, int m, int n, double scale) {
        return SCALAR.softmaxCrossEntropy(p, pOff, ldp, bias, biasOff, targets, tOff, m, n, scale);
    }

    /** One pass over the flat buffers, scalar tail; bit for bit the specification. */
    @Override
    public void clipAndUpdate(float[] w, float[] g, int off, int len, double clip, double lr) {
        float step = (float) -lr;
        float fclip = (float) clip;
        FloatVector hi = FloatVector.broadcast(SPECIES, fclip);
        FloatVector lo = FloatVector.broadcast(SPECIES, -fclip);
        FloatVector stepV = FloatVector.broadcast(SPECIES, step);
        int i = off;
        int bound = off + SPECIES.loopBound(len);
        for (; i < bound; i += LANES) {
            // Math.min(clip, Math.max(−clip, g)) as compare and blend: the same result for every g,
            // NaN and −0.0 included, when clip ≥ 0 (the tests compare bits with the scalar kernel).
            FloatVector gi = FloatVector.fromArray(SPECIES, g, i);
            gi = gi.blend(lo, gi.compare(VectorOperators.LT, lo));
            gi = gi.blend(hi, gi.compare(VectorOperators.GT, hi));
            gi.intoArray(g, i);
            FloatVector.fromArray(SPECIES, w, i).add(stepV.mul(gi)).intoArray(w, i);
        }
        for (; i < off + len; i++) {
            float gi = Math.min(fclip, Math.max(-fclip, g[i]));
            g[i] = gi;
            w[i] += step * gi;
        }
    }

    /** The specification's loop (C2 vectorizes it; square root and division are exact in IEEE 754). */
    @Override
    public void clipAdagrad(float[] w, float[] g, float[] memory, int off, int len, double clip, double lr) {
        SCALAR.clipAdagrad(w, g, memory, off, len, clip, lr);
    }

    /** The specification's loop, as {@link #clipAdagrad}. */
    @Override
    public void clipAdam(float[] w, float[] g, float[] m, float[] v, int off, int len, double clip, double lr,
                         double c1, double c2) {
        SCALAR.clipAdam(w, g, m, v, off, len, clip, lr, c1, c2);
    }

    /** The lanes of v added in lane order (a fixed order, the same in every JIT tier). */
    static float sumLanes(FloatVector v) {
        float s = v.lane(0);
        for (int i = 1; i < LANES; i++) {
            s += v.lane(i);
        }
        return s;
    }
}
