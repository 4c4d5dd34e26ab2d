// The kernels of ScalarKernels, hand-fused over jdk.incubator.vector; the only file that imports the module.
package dino.engine.kernels;

import dino.engine.DinoException;
import dino.engine.model.Layout;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector kernels: the same results as {@link ScalarKernels} within the bound stated at each kernel.
 *
 * <p>Loaded reflectively by {@link KernelChoice} only when the module {@code jdk.incubator.vector} is
 * present. Until C2 compiles them these kernels run the Vector API's slow fallbacks (same bits,
 * boxed vectors).
 *
 * <p>Tails: every loop over a row runs over its full {@code stride} (a multiple of {@link Layout#ALIGN},
 * so of the lane count at 512 bits or less), through the zero padding of {@link Layout}; loops over
 * n_y and over arbitrary ranges ({@link #clipAndUpdate}) end with a scalar tail. No masked tails:
 * on JDK 17 they are slow and allocate. What is written into padding is always exactly zero.
 *
 * <p>Where the rounding differs from the scalar specification: the row dot products of
 * {@link #cellForward} and {@link #outputForward} sum in lanes (then across lanes, in a fixed order)
 * instead of from index 0 up; {@link #tanh} and {@link #exp} are written here, within
 * {@link #TANH_ULPS} and {@link #EXP_ULPS} ulps of fdlibm. The backward kernels and the update
 * vectorize across independent elements, keep the scalar order of every sum and use no fused
 * multiply-add, so they are bit for bit the scalar ones. Every operation used rounds the same way
 * interpreted and compiled, so a run gives the same bits whenever C2 compiles the kernels (see the
 * note above {@link #sumLanes}).
 */
final class VectorKernels implements Kernels {
    /** System property that sets the vector width in bits (128, 256 or 512); default the preferred shape. */
    static final String BITS_PROPERTY = "dino.vectorBits";

    static final VectorSpecies<Double> SPECIES = species(System.getProperty(BITS_PROPERTY));
    private static final int LANES = SPECIES.length();
    /**
     * Rows per block of the backward sweeps. Measured (JDK 17, 512-bit, cell backward): 8 rows
     * 0.77 / 18 / 112 µs at n_a = 50 / 256 / 512, 16 rows 0.75 / 21 / 127, 32 rows 0.84 / 20 / 200,
     * unblocked 1.0 / 17 / 230; one row per pass in blocks of four rows, 1.0 / 17 / 114.
     */
    static final int ROW_BLOCK = 8;
    private static final long SIGN_BIT = 0x8000_0000_0000_0000L;

    /** The preferred double species, or the width a system property asks for (no wider than the CPU's). */
    static VectorSpecies<Double> species(String bits) {
        VectorSpecies<Double> preferred = DoubleVector.SPECIES_PREFERRED;
        if (bits == null || bits.isEmpty()) {
            return preferred;
        }
        int size;
        try {
            size = Integer.parseInt(bits.trim());
        } catch (NumberFormatException e) {
            throw new DinoException("-D" + BITS_PROPERTY + " must be 128, 256 or 512, got '" + bits + "'");
        }
        if (size != 128 && size != 256 && size != 512) {
            throw new DinoException("-D" + BITS_PROPERTY + " must be 128, 256 or 512, got " + size);
        }
        if (size > preferred.vectorBitSize()) {
            throw new DinoException("-D" + BITS_PROPERTY + "=" + size + " is wider than this CPU's "
                    + preferred.vectorBitSize() + "-bit vectors");
        }
        return VectorSpecies.of(double.class, VectorShape.forBitSize(size));
    }

    VectorKernels() {
        if (Layout.ALIGN % LANES != 0) {
            throw new IllegalStateException(LANES + " lanes do not divide the layout's row padding " + Layout.ALIGN);
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

    /**
     * Four rows of Waa per pass share each load of aPrev; the pre-activations are staged in {@code a},
     * then one vector tanh runs over the whole padded row (padding zeroed first: tanh(+0) = +0).
     * Bound against scalar: the pre-activation z differs by the reordered dot product
     * (|Δz| ≤ n·2⁻⁵²·Σ|Waa[i][j]·aPrev[j]|), then tanh within {@link #TANH_ULPS} ulps.
     */
    @Override
    public void cellForward(double[] a, int aOff, double[] w, int waaOff, int waxColOff, int baOff,
                            double[] aPrev, int aPrevOff, int n, int stride) {
        dots(a, aOff, w, waaOff, n, aPrev, aPrevOff, stride);
        int i;
        if (waxColOff >= 0) {
            for (i = 0; i < n; i++) {
                a[aOff + i] = (a[aOff + i] + w[waxColOff + i]) + w[baOff + i];
            }
        } else {
            for (i = 0; i < n; i++) {
                a[aOff + i] = a[aOff + i] + w[baOff + i];
            }
        }
        for (i = n; i < stride; i++) {
            a[aOff + i] = 0.0;
        }
        for (int j = 0; j < stride; j += LANES) {
            tanh(DoubleVector.fromArray(SPECIES, a, aOff + j)).intoArray(a, aOff + j);
        }
    }

    /**
     * Four rows of Wya per pass share each load of a; max and exp in vectors over the padded length,
     * whose padding is first set to −∞ so it drops out of the max and exp writes exactly 0 there; the
     * denominator in numpy's pairwise order ({@link ScalarKernels#pairwiseSum}); one vector division.
     * Bound against scalar: the logits differ by the reordered dot product (as in cellForward), then
     * exp within {@link #EXP_ULPS} ulps; the sum and division add no further difference of their own.
     */
    @Override
    public double outputForward(double[] p, int pOff, double[] w, int wyaOff, int byOff,
                                double[] a, int aOff, int nY, int nA, int stride, int y) {
        dots(p, pOff, w, wyaOff, nY, a, aOff, stride);
        int k;
        for (k = 0; k < nY; k++) {
            p[pOff + k] = p[pOff + k] + w[byOff + k];
        }
        int yStride = Layout.roundUp(nY);
        for (k = nY; k < yStride; k++) {
            p[pOff + k] = Double.NEGATIVE_INFINITY;
        }
        DoubleVector m = DoubleVector.broadcast(SPECIES, Double.NEGATIVE_INFINITY);
        for (k = 0; k < yStride; k += LANES) {
            m = m.max(DoubleVector.fromArray(SPECIES, p, pOff + k));
        }
        double max = m.reduceLanes(VectorOperators.MAX);
        for (k = 0; k < yStride; k += LANES) {
            DoubleVector.fromArray(SPECIES, p, pOff + k).sub(max).intoArray(p, pOff + k);
            exp(DoubleVector.fromArray(SPECIES, p, pOff + k)).intoArray(p, pOff + k);
        }
        double total = ScalarKernels.pairwiseSum(p, pOff, nY);
        for (k = 0; k < yStride; k += LANES) {
            DoubleVector.fromArray(SPECIES, p, pOff + k).div(total).intoArray(p, pOff + k);
        }
        return y < 0 ? 0.0 : -StrictMath.log(p[pOff + y]);
    }

    /**
     * One sweep over the rows of Wya: each row adds dy[k]·a into dWya and Wya[k]·dy[k] into da, across
     * the padded row. Every element keeps the scalar order of its sum (k ascending, then + daNext):
     * bit for bit the scalar result.
     */
    @Override
    public void outputBackward(double[] da, int daOff, double[] g, int dWyaOff, int dbyOff,
                               double[] p, int pOff, int y, double[] w, int wyaOff,
                               double[] a, int aOff, double[] daNext, int daNextOff, int nY, int nA, int stride) {
        p[pOff + y] -= 1.0;
        for (int j = 0; j < stride; j += LANES) {
            DoubleVector.zero(SPECIES).intoArray(da, daOff + j);
        }
        sweepRows(g, dWyaOff, da, daOff, w, wyaOff, p, pOff, nY, a, aOff, stride);
        for (int k = 0; k < nY; k++) {
            g[dbyOff + k] += p[pOff + k];
        }
        for (int j = 0; j < stride; j += LANES) {
            DoubleVector.fromArray(SPECIES, da, daOff + j)
                    .add(DoubleVector.fromArray(SPECIES, daNext, daNextOff + j))
                    .intoArray(da, daOff + j);
        }
    }

    /**
     * dt, dba and dWax[:, x] in vectors over the padded row, then one sweep over the rows of Waa that
     * adds dt[i]·aPrev into dWaa and Waa[i]·dt[i] into daNext. Same order of every sum as the scalar
     * kernel and no fused multiply-add: bit for bit the scalar result.
     */
    @Override
    public void cellBackward(double[] daNext, int daNextOff, double[] g, int dWaaOff, int dWaxColOff, int dbaOff,
                             double[] da, int daOff, double[] a, int aOff, double[] aPrev, int aPrevOff,
                             double[] w, int waaOff, int n, int stride) {
        for (int j = 0; j < stride; j += LANES) {
            DoubleVector aj = DoubleVector.fromArray(SPECIES, a, aOff + j);
            DoubleVector dt = DoubleVector.broadcast(SPECIES, 1.0).sub(aj.mul(aj))
                    .mul(DoubleVector.fromArray(SPECIES, da, daOff + j));
            dt.intoArray(da, daOff + j);
            DoubleVector.fromArray(SPECIES, g, dbaOff + j).add(dt).intoArray(g, dbaOff + j);
            DoubleVector.zero(SPECIES).intoArray(daNext, daNextOff + j);
        }
        if (dWaxColOff >= 0) {
            for (int j = 0; j < stride; j += LANES) {
                DoubleVector.fromArray(SPECIES, g, dWaxColOff + j)
                        .add(DoubleVector.fromArray(SPECIES, da, daOff + j))
                        .intoArray(g, dWaxColOff + j);
            }
        }
        sweepRows(g, dWaaOff, daNext, daNextOff, w, waaOff, da, daOff, n, aPrev, aPrevOff, stride);
    }

    /**
     * {@code out[outOff + r] = Σ_j w[wOff + r·stride + j]·x[xOff + j]} for r &lt; rows, over padded rows,
     * four rows per pass sharing the loads of x. Every width sums the same way: eight partial sums, of
     * the columns j ≡ 0 … 7 (mod 8), combined as {@code ((s0+s1)+(s2+s3))+((s4+s5)+(s6+s7))} (numpy's
     * pairwise block), in one 512-bit accumulator or two 256-bit ones, so 256- and 512-bit vectors give
     * the same bits. 128-bit vectors use one accumulator of two lanes and round differently.
     */
    private static void dots(double[] out, int outOff, double[] w, int wOff, int rows, double[] x, int xOff,
                             int stride) {
        if (LANES == 4) {
            dots256(out, outOff, w, wOff, rows, x, xOff, stride);
            return;
        }
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int r0 = wOff + r * stride;
            int r1 = r0 + stride;
            int r2 = r1 + stride;
            int r3 = r2 + stride;
            DoubleVector s0 = DoubleVector.zero(SPECIES);
            DoubleVector s1 = DoubleVector.zero(SPECIES);
            DoubleVector s2 = DoubleVector.zero(SPECIES);
            DoubleVector s3 = DoubleVector.zero(SPECIES);
            for (int j = 0; j < stride; j += LANES) {
                DoubleVector xj = DoubleVector.fromArray(SPECIES, x, xOff + j);
                s0 = s0.add(DoubleVector.fromArray(SPECIES, w, r0 + j).mul(xj));
                s1 = s1.add(DoubleVector.fromArray(SPECIES, w, r1 + j).mul(xj));
                s2 = s2.add(DoubleVector.fromArray(SPECIES, w, r2 + j).mul(xj));
                s3 = s3.add(DoubleVector.fromArray(SPECIES, w, r3 + j).mul(xj));
            }
            out[outOff + r] = sumLanes(s0);
            out[outOff + r + 1] = sumLanes(s1);
            out[outOff + r + 2] = sumLanes(s2);
            out[outOff + r + 3] = sumLanes(s3);
        }
        for (; r < rows; r++) {
            int row = wOff + r * stride;
            DoubleVector s = DoubleVector.zero(SPECIES);
            for (int j = 0; j < stride; j += LANES) {
                s = s.add(DoubleVector.fromArray(SPECIES, w, row + j).mul(DoubleVector.fromArray(SPECIES, x, xOff + j)));
            }
            out[outOff + r] = sumLanes(s);
        }
    }

    /** {@link #dots} at 256 bits: per row an accumulator for columns j ≡ 0…3 and one for 4…7 (mod 8). */
    private static void dots256(double[] out, int outOff, double[] w, int wOff, int rows, double[] x, int xOff,
                                int stride) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int r0 = wOff + r * stride;
            int r1 = r0 + stride;
            int r2 = r1 + stride;
            int r3 = r2 + stride;
            DoubleVector s0 = DoubleVector.zero(SPECIES);
            DoubleVector s1 = DoubleVector.zero(SPECIES);
            DoubleVector s2 = DoubleVector.zero(SPECIES);
            DoubleVector s3 = DoubleVector.zero(SPECIES);
            DoubleVector t0 = DoubleVector.zero(SPECIES);
            DoubleVector t1 = DoubleVector.zero(SPECIES);
            DoubleVector t2 = DoubleVector.zero(SPECIES);
            DoubleVector t3 = DoubleVector.zero(SPECIES);
            for (int j = 0; j < stride; j += 8) {
                DoubleVector xj = DoubleVector.fromArray(SPECIES, x, xOff + j);
                DoubleVector xk = DoubleVector.fromArray(SPECIES, x, xOff + j + 4);
                s0 = s0.add(DoubleVector.fromArray(SPECIES, w, r0 + j).mul(xj));
                t0 = t0.add(DoubleVector.fromArray(SPECIES, w, r0 + j + 4).mul(xk));
                s1 = s1.add(DoubleVector.fromArray(SPECIES, w, r1 + j).mul(xj));
                t1 = t1.add(DoubleVector.fromArray(SPECIES, w, r1 + j + 4).mul(xk));
                s2 = s2.add(DoubleVector.fromArray(SPECIES, w, r2 + j).mul(xj));
                t2 = t2.add(DoubleVector.fromArray(SPECIES, w, r2 + j + 4).mul(xk));
                s3 = s3.add(DoubleVector.fromArray(SPECIES, w, r3 + j).mul(xj));
                t3 = t3.add(DoubleVector.fromArray(SPECIES, w, r3 + j + 4).mul(xk));
            }
            out[outOff + r] = sumLanes(s0) + sumLanes(t0);
            out[outOff + r + 1] = sumLanes(s1) + sumLanes(t1);
            out[outOff + r + 2] = sumLanes(s2) + sumLanes(t2);
            out[outOff + r + 3] = sumLanes(s3) + sumLanes(t3);
        }
        for (; r < rows; r++) {
            int row = wOff + r * stride;
            DoubleVector s = DoubleVector.zero(SPECIES);
            DoubleVector t = DoubleVector.zero(SPECIES);
            for (int j = 0; j < stride; j += 8) {
                s = s.add(DoubleVector.fromArray(SPECIES, w, row + j).mul(DoubleVector.fromArray(SPECIES, x, xOff + j)));
                t = t.add(DoubleVector.fromArray(SPECIES, w, row + j + 4).mul(DoubleVector.fromArray(SPECIES, x, xOff + j + 4)));
            }
            out[outOff + r] = sumLanes(s) + sumLanes(t);
        }
    }

    /**
     * For each of {@code rows} rows r: {@code g[row r] += c[r]·v} and {@code sum += w[row r]·c[r]}, over
     * padded rows. Tiled: in blocks of {@link #ROW_BLOCK} rows, four vectors of columns at a time (then
     * one at a time) go down the block's rows with their running sums and v in registers, so sum is
     * loaded and stored once per tile, the tile stays in cache, and each element of sum adds the rows'
     * terms in row order, as the scalar kernels do.
     */
    private static void sweepRows(double[] g, int gOff, double[] sum, int sumOff, double[] w, int wOff,
                                  double[] c, int cOff, int rows, double[] v, int vOff, int stride) {
        for (int r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
            sweepRowBlock(g, gOff, sum, sumOff, w, wOff, c, cOff, r0, Math.min(rows, r0 + ROW_BLOCK), v, vOff, stride);
        }
    }

    /** Rows r0 ≤ r &lt; r1 of {@link #sweepRows}. */
    private static void sweepRowBlock(double[] g, int gOff, double[] sum, int sumOff, double[] w, int wOff,
                                      double[] c, int cOff, int r0, int r1, double[] v, int vOff, int stride) {
        int j = 0;
        for (; j + 4 * LANES <= stride; j += 4 * LANES) {
            DoubleVector v0 = DoubleVector.fromArray(SPECIES, v, vOff + j);
            DoubleVector v1 = DoubleVector.fromArray(SPECIES, v, vOff + j + LANES);
            DoubleVector v2 = DoubleVector.fromArray(SPECIES, v, vOff + j + 2 * LANES);
            DoubleVector v3 = DoubleVector.fromArray(SPECIES, v, vOff + j + 3 * LANES);
            DoubleVector s0 = DoubleVector.fromArray(SPECIES, sum, sumOff + j);
            DoubleVector s1 = DoubleVector.fromArray(SPECIES, sum, sumOff + j + LANES);
            DoubleVector s2 = DoubleVector.fromArray(SPECIES, sum, sumOff + j + 2 * LANES);
            DoubleVector s3 = DoubleVector.fromArray(SPECIES, sum, sumOff + j + 3 * LANES);
            int gr = gOff + r0 * stride + j;
            int wr = wOff + r0 * stride + j;
            for (int r = r0; r < r1; r++, gr += stride, wr += stride) {
                DoubleVector cr = DoubleVector.broadcast(SPECIES, c[cOff + r]);
                DoubleVector.fromArray(SPECIES, g, gr).add(cr.mul(v0)).intoArray(g, gr);
                DoubleVector.fromArray(SPECIES, g, gr + LANES).add(cr.mul(v1)).intoArray(g, gr + LANES);
                DoubleVector.fromArray(SPECIES, g, gr + 2 * LANES).add(cr.mul(v2)).intoArray(g, gr + 2 * LANES);
                DoubleVector.fromArray(SPECIES, g, gr + 3 * LANES).add(cr.mul(v3)).intoArray(g, gr + 3 * LANES);
                s0 = s0.add(DoubleVector.fromArray(SPECIES, w, wr).mul(cr));
                s1 = s1.add(DoubleVector.fromArray(SPECIES, w, wr + LANES).mul(cr));
                s2 = s2.add(DoubleVector.fromArray(SPECIES, w, wr + 2 * LANES).mul(cr));
                s3 = s3.add(DoubleVector.fromArray(SPECIES, w, wr + 3 * LANES).mul(cr));
            }
            s0.intoArray(sum, sumOff + j);
            s1.intoArray(sum, sumOff + j + LANES);
            s2.intoArray(sum, sumOff + j + 2 * LANES);
            s3.intoArray(sum, sumOff + j + 3 * LANES);
        }
        for (; j < stride; j += LANES) {
            DoubleVector v0 = DoubleVector.fromArray(SPECIES, v, vOff + j);
            DoubleVector s0 = DoubleVector.fromArray(SPECIES, sum, sumOff + j);
            int gr = gOff + r0 * stride + j;
            int wr = wOff + r0 * stride + j;
            for (int r = r0; r < r1; r++, gr += stride, wr += stride) {
                DoubleVector cr = DoubleVector.broadcast(SPECIES, c[cOff + r]);
                DoubleVector.fromArray(SPECIES, g, gr).add(cr.mul(v0)).intoArray(g, gr);
                s0 = s0.add(DoubleVector.fromArray(SPECIES, w, wr).mul(cr));
            }
            s0.intoArray(sum, sumOff + j);
        }
    }

    /** One pass over the flat buffers, scalar tail; bit for bit the scalar result. */
    @Override
    public void clipAndUpdate(double[] w, double[] g, int off, int len, double clip, double lr) {
        double step = -lr;
        DoubleVector hi = DoubleVector.broadcast(SPECIES, clip);
        DoubleVector lo = DoubleVector.broadcast(SPECIES, -clip);
        DoubleVector stepV = DoubleVector.broadcast(SPECIES, step);
        int i = off;
        int bound = off + SPECIES.loopBound(len);
        for (; i < bound; i += LANES) {
            // Math.min(clip, Math.max(−clip, g)) as compare and blend: the same result for every g,
            // NaN and −0.0 included, when clip ≥ 0 (the tests compare bits with the scalar kernel).
            DoubleVector gi = DoubleVector.fromArray(SPECIES, g, i);
            gi = gi.blend(lo, gi.compare(VectorOperators.LT, lo));
            gi = gi.blend(hi, gi.compare(VectorOperators.GT, hi));
            gi.intoArray(g, i);
            DoubleVector.fromArray(SPECIES, w, i).add(stepV.mul(gi)).intoArray(w, i);
        }
        for (; i < off + len; i++) {
            double gi = Math.min(clip, Math.max(-clip, g[i]));
            g[i] = gi;
            w[i] += step * gi;
        }
    }

    /*
     * Why the transcendentals and the horizontal sum are written out here: the Vector API's lanewise
     * EXP, EXPM1 and TANH run Intel SVML in C2-compiled code but Math.exp and friends per lane in the
     * interpreter and C1, and they round differently; reduceLanes(ADD) leaves its order unspecified. A
     * run whose kernels were compiled at a different moment then printed different numbers: three runs
     * of `train --kernels vector` without the warm start gave three different outputs. The code below
     * uses only operations that every tier computes exactly as IEEE 754 says (+ − × ÷, compare, blend,
     * bit operations), so a given kernel choice gives the same bits in every run and every tier.
     */

    /** The lanes of v added in a fixed order, the same in every JIT tier. */
    static double sumLanes(DoubleVector v) {
        if (LANES == 8) {
            return ((v.lane(0) + v.lane(1)) + (v.lane(2) + v.lane(3))) + ((v.lane(4) + v.lane(5)) + (v.lane(6) + v.lane(7)));
        }
        if (LANES == 4) {
            return (v.lane(0) + v.lane(1)) + (v.lane(2) + v.lane(3));
        }
        return v.lane(0) + v.lane(1);
    }

    /**
     * Bound of {@link #exp} against {@code StrictMath.exp}, in ulps of the result (normal results;
     * below that, within 2⁻¹⁰²²·2⁻⁵⁰ absolute). Largest seen: 1 ulp over 4·10⁶ arguments (Gaussian, small,
     * tiny) and over the 65536 of {@code VectorKernelsTest} spread over [−745, 709].
     */
    static final int EXP_ULPS = 2;
    /**
     * Bound of {@link #tanh} against {@code StrictMath.tanh}, in ulps of the result. Largest seen: 2 ulps
     * over 4·10⁶ arguments; Cephes gives 2.5·10⁻¹⁶ relative for the rational part, and the exp branch
     * adds one rounding of 1 − 2/(e + 1).
     */
    static final int TANH_ULPS = 3;

    private static final double LOG2_E = 1.4426950408889634;
    /** ln 2 split (fdlibm's): the high part has 21 trailing zero bits, so k·LN2_HI is exact for |k| < 2²¹. */
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    /** 1.5·2⁵²: adding it rounds to an integer, which then sits in the low bits of the sum. */
    private static final double ROUND = 0x1.8p52;
    private static final long ROUND_BITS = Double.doubleToRawLongBits(ROUND);
    /** 1/13!, 1/12!, …, 1/1!, 1/0!: the Taylor coefficients of e^r for Horner's rule, highest first. */
    private static final double[] EXP_TAYLOR = {1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0,
        1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0,
        1.0 / 6.0, 0.5, 1.0, 1.0};

    /**
     * e^x in lanes: x = k·ln 2 + r with |r| ≤ ln 2 / 2 (Cody and Waite), e^r by its Taylor series to
     * r¹³ (truncation below 10⁻¹⁷ relative), times 2^k in two factors so that subnormal results round
     * once. e^−∞ = 0 exactly, e^NaN = NaN, overflow gives +∞.
     */
    static DoubleVector exp(DoubleVector x) {
        DoubleVector xc = x.max(-746.0).min(710.0);
        DoubleVector t = xc.mul(LOG2_E).add(ROUND);
        DoubleVector k = t.sub(ROUND);
        DoubleVector r = xc.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO));
        DoubleVector e = DoubleVector.broadcast(SPECIES, EXP_TAYLOR[0]);
        for (int c = 1; c < EXP_TAYLOR.length; c++) {
            e = e.mul(r).add(EXP_TAYLOR[c]);
        }
        LongVector ki = t.viewAsIntegralLanes().sub(ROUND_BITS);
        LongVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
        LongVector k2 = ki.sub(k1);
        DoubleVector s1 = k1.add(1023).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
        DoubleVector s2 = k2.add(1023).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
        return e.mul(s1).mul(s2);
    }

    /**
     * tanh in lanes, Cephes' method: for |x| ≤ 0.625, x + x·s·P(s)/Q(s) with s = x² (a rational
     * approximation good to about 2·10⁻¹⁶), above 1 − 2/(e^{2|x|} + 1) with {@link #exp}; odd, so ±0 and
     * the sign are exact; tanh(±∞) = ±1, NaN stays NaN.
     *
     * <p>Chosen over {@code lanewise(TANH)} (SVML, within 2 ulps) and over {@code e/(e + 2)} with SVML's
     * {@code e = expm1(−2|x|)} (within 3 ulps) for determinism, not speed: both SVML forms give other bits
     * in interpreted code. Measured, full training step at n_a = 50 (a step timer since replaced by the JMH TrainStepBench, 512-bit,
     * AMD EPYC Zen 5; noisy, another process on the second core): SVML TANH and EXP 22.9 / 25.1 µs
     * against 25.9 / 35.1 µs here on JDK 17, 34.1 / 29.5 against 31.9 / 24.6 on JDK 25 (alternating
     * runs); earlier, on a quiet machine, expm1-based 32.6 µs against TANH 34.3 µs (JDK 17), 24.6 against
     * 28.0 (JDK 25).
     */
    static DoubleVector tanh(DoubleVector x) {
        DoubleVector ax = x.abs();
        DoubleVector large = DoubleVector.broadcast(SPECIES, 1.0).sub(DoubleVector.broadcast(SPECIES, 2.0)
                .div(exp(ax.mul(2.0)).add(1.0)));
        DoubleVector s = ax.mul(ax);
        DoubleVector num = s.mul(-9.64399179425052238628e-1).add(-9.92877231001918586564e1).mul(s)
                .add(-1.61468768441708447952e3);
        DoubleVector den = s.add(1.12811678491632931402e2).mul(s).add(2.23548839060100448583e3).mul(s)
                .add(4.84406305325125486048e3);
        DoubleVector small = ax.add(ax.mul(s).mul(num.div(den)));
        DoubleVector t = small.blend(large, ax.compare(VectorOperators.GT, 0.625));
        LongVector sign = x.viewAsIntegralLanes().and(SIGN_BIT);
        return t.viewAsIntegralLanes().or(sign).viewAsFloatingLanes();
    }
}
