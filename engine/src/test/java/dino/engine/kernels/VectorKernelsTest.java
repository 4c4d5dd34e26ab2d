// Every vector kernel against its scalar twin, within the bound stated at the kernel, in C2-compiled code.
package dino.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.engine.Jit;
import dino.engine.model.Layout;
import java.util.Arrays;
import java.util.Random;
import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs each vector kernel and the scalar kernel on the same random, zero-padded inputs, at awkward
 * lengths (tails everywhere) and non-zero offsets, after a warm-up that runs until C2 has compiled
 * every vector kernel (asked of the JVM, see {@link Jit}; their interpreted fallbacks compute the same
 * values, slower). The bounds are the ones
 * documented at each kernel in {@link VectorKernels}.
 */
class VectorKernelsTest {
    private static final int[] LENGTHS = {1, 7, 8, 9, 27, 50, 63, 64, 65, 127, 256, 300};
    private static final double U = 0x1p-53;
    private static final ScalarKernels SCALAR = new ScalarKernels();
    private static final VectorKernels VECTOR = new VectorKernels();

    /** Inputs for one (n_a, n_y): a parameter buffer in the layout's shape, placed at an offset, and states. */
    private static final class Case {
        final int nA;
        final int nY;
        final int stride;
        final int yStride;
        final int off;
        final int waa;
        final int wya;
        final int wax;
        final int ba;
        final int by;
        final double[] w;
        final double[] g;
        final double[] aPrev;
        final double[] a;
        final double[] p;
        final double[] da;
        final double[] daNext;

        Case(int nA, int nY, Random random) {
            this.nA = nA;
            this.nY = nY;
            this.stride = Layout.roundUp(nA);
            this.yStride = Layout.roundUp(nY);
            this.off = 8 * (1 + random.nextInt(3));
            this.waa = off;
            this.wya = waa + nA * stride;
            this.wax = wya + nY * stride;
            this.ba = wax + stride;
            this.by = ba + stride;
            int size = by + yStride + 8;
            this.w = new double[size];
            this.g = new double[size];
            fillRows(w, waa, nA, nA, stride, 0.5, random);
            fillRows(w, wya, nY, nA, stride, 0.5, random);
            fillRows(w, wax, 1, nA, stride, 0.5, random);
            fillRows(w, ba, 1, nA, stride, 0.5, random);
            fillRows(w, by, 1, nY, yStride, 0.5, random);
            fillRows(g, waa, nA, nA, stride, 2.0, random);
            fillRows(g, wya, nY, nA, stride, 2.0, random);
            fillRows(g, wax, 1, nA, stride, 2.0, random);
            fillRows(g, ba, 1, nA, stride, 2.0, random);
            fillRows(g, by, 1, nY, yStride, 2.0, random);
            this.aPrev = new double[off + stride];
            this.a = new double[off + stride];
            this.da = new double[off + stride];
            this.daNext = new double[off + stride];
            this.p = new double[off + yStride];
            fillRows(aPrev, off, 1, nA, stride, 1.0, random);
            fillRows(a, off, 1, nA, stride, 1.0, random);
            fillRows(da, off, 1, nA, stride, 1.0, random);
            fillRows(daNext, off, 1, nA, stride, 1.0, random);
            double sum = 0;
            for (int k = 0; k < nY; k++) {
                p[off + k] = random.nextDouble();
                sum += p[off + k];
            }
            for (int k = 0; k < nY; k++) {
                p[off + k] /= sum;
            }
        }
    }

    /** Rows of n uniform values in (−scale, scale), the padding to stride left zero. */
    private static void fillRows(double[] x, int off, int rows, int n, int stride, double scale, Random random) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < n; j++) {
                x[off + r * stride + j] = (2 * random.nextDouble() - 1) * scale;
            }
        }
    }

    @BeforeAll
    static void compileVectorKernels() {
        Random random = new Random(1);
        Case c = new Case(50, 27, random);
        double[] w = c.w.clone();
        double[] g = c.g.clone();
        Jit.runUntilC2Compiled(VectorKernels.class, Jit.arrayMethods(Kernels.class), () -> {
            for (int i = 0; i < 1000; i++) {
                VECTOR.cellForward(c.a, c.off, w, c.waa, i % 2 == 0 ? -1 : c.wax, c.ba, c.aPrev, c.off, c.nA, c.stride);
                VECTOR.outputForward(c.p, c.off, w, c.wya, c.by, c.a, c.off, c.nY, c.nA, c.stride, i % 2 == 0 ? -1 : i % c.nY);
                VECTOR.outputBackward(c.da, c.off, g, c.wya, c.by, c.p, c.off, i % c.nY, w, c.wya, c.a, c.off,
                        c.daNext, c.off, c.nY, c.nA, c.stride);
                VECTOR.cellBackward(c.daNext, c.off, g, c.waa, i % 2 == 0 ? -1 : c.wax, c.ba, c.da, c.off, c.a, c.off,
                        c.aPrev, c.off, w, c.waa, c.nA, c.stride);
                VECTOR.clipAndUpdate(w, g, c.off, i % 2 == 0 ? g.length - c.off : g.length - c.off - 3, 5.0, 0.0);
                Arrays.fill(g, 0.0);
            }
        }, 120);
    }

    /** Sizes (n_a, n_y) covering every length as n_a and as n_y. */
    private static int[][] sizes() {
        int[][] sizes = new int[LENGTHS.length][];
        for (int i = 0; i < LENGTHS.length; i++) {
            sizes[i] = new int[] {LENGTHS[i], LENGTHS[(i + 4) % LENGTHS.length]};
        }
        return sizes;
    }

    @Test
    void cellForwardWithinDotProductAndTanhBound() {
        Random random = new Random(2);
        for (int round = 0; round < 3; round++) {
            for (int[] size : sizes()) {
                for (boolean zeroInput : new boolean[] {true, false}) {
                    Case c = new Case(size[0], size[1], random);
                    int waxCol = zeroInput ? -1 : c.wax;
                    double[] expected = c.a.clone();
                    double[] actual = c.a.clone();
                    SCALAR.cellForward(expected, c.off, c.w, c.waa, waxCol, c.ba, c.aPrev, c.off, c.nA, c.stride);
                    VECTOR.cellForward(actual, c.off, c.w, c.waa, waxCol, c.ba, c.aPrev, c.off, c.nA, c.stride);
                    for (int i = 0; i < c.nA; i++) {
                        double terms = Math.abs(c.w[c.ba + i]) + (zeroInput ? 0 : Math.abs(c.w[c.wax + i]));
                        for (int j = 0; j < c.nA; j++) {
                            terms += Math.abs(c.w[c.waa + i * c.stride + j] * c.aPrev[c.off + j]);
                        }
                        double bound = 2 * (c.nA + 2) * U * terms + VectorKernels.TANH_ULPS * Math.ulp(expected[c.off + i]);
                        double diff = Math.abs(actual[c.off + i] - expected[c.off + i]);
                        assertTrue(diff <= bound, "n_a=" + c.nA + " row " + i + ": |" + actual[c.off + i] + " - "
                                + expected[c.off + i] + "| = " + diff + " > " + bound);
                    }
                    assertPaddingZero(actual, c.off + c.nA, c.off + c.stride, "a");
                    assertTrue(Arrays.equals(expected, 0, c.off, actual, 0, c.off), "cellForward wrote before its offset");
                }
            }
        }
    }

    @Test
    void outputForwardWithinDotProductAndExpBound() {
        Random random = new Random(3);
        for (int round = 0; round < 3; round++) {
            for (int[] size : sizes()) {
                Case c = new Case(size[0], size[1], random);
                for (int y = -1; y < c.nY; y += Math.max(1, c.nY / 3)) {
                    double[] expected = c.p.clone();
                    double[] actual = c.p.clone();
                    double lossS = SCALAR.outputForward(expected, c.off, c.w, c.wya, c.by, c.a, c.off, c.nY, c.nA, c.stride, y);
                    double lossV = VECTOR.outputForward(actual, c.off, c.w, c.wya, c.by, c.a, c.off, c.nY, c.nA, c.stride, y);
                    // Logit error from the reordered dot product, then the spread of (z − max) (see the kernel).
                    double dz = 0;
                    double spread = 0;
                    double[] z = new double[c.nY];
                    for (int k = 0; k < c.nY; k++) {
                        double terms = Math.abs(c.w[c.by + k]);
                        double sum = c.w[c.by + k];
                        for (int j = 0; j < c.nA; j++) {
                            terms += Math.abs(c.w[c.wya + k * c.stride + j] * c.a[c.off + j]);
                            sum += c.w[c.wya + k * c.stride + j] * c.a[c.off + j];
                        }
                        z[k] = sum;
                        dz = Math.max(dz, 2 * (c.nA + 1) * U * terms);
                    }
                    double max = Arrays.stream(z).max().getAsDouble();
                    for (double zk : z) {
                        spread = Math.max(spread, Math.abs(zk - max));
                    }
                    double relExp = 2 * dz + U * spread + 2 * VectorKernels.EXP_ULPS * U;
                    double rel = 2 * relExp + 2 * (c.nY + 1) * U;
                    for (int k = 0; k < c.nY; k++) {
                        double diff = Math.abs(actual[c.off + k] - expected[c.off + k]);
                        assertTrue(diff <= rel * expected[c.off + k] + Double.MIN_NORMAL,
                                "n_y=" + c.nY + " k=" + k + ": " + actual[c.off + k] + " vs " + expected[c.off + k]);
                    }
                    assertTrue(Math.abs(lossV - lossS) <= rel + 2 * U * Math.abs(lossS), lossV + " vs " + lossS);
                    if (y < 0) {
                        assertEquals(0.0, lossV);
                    }
                    assertPaddingZero(actual, c.off + c.nY, c.off + c.yStride, "p");
                }
            }
        }
    }

    @Test
    void outputBackwardIsBitForBitScalar() {
        Random random = new Random(4);
        for (int round = 0; round < 3; round++) {
            for (int[] size : sizes()) {
                Case s = new Case(size[0], size[1], random);
                Case v = s;
                int y = random.nextInt(s.nY);
                double[] daS = s.da.clone();
                double[] gS = s.g.clone();
                double[] pS = s.p.clone();
                double[] daV = s.da.clone();
                double[] gV = v.g.clone();
                double[] pV = v.p.clone();
                SCALAR.outputBackward(daS, s.off, gS, s.wya, s.by, pS, s.off, y, s.w, s.wya, s.a, s.off, s.daNext, s.off,
                        s.nY, s.nA, s.stride);
                VECTOR.outputBackward(daV, v.off, gV, v.wya, v.by, pV, v.off, y, v.w, v.wya, v.a, v.off, v.daNext, v.off,
                        v.nY, v.nA, v.stride);
                assertArrayEquals(daS, daV, "da, n_a=" + s.nA + " n_y=" + s.nY);
                assertArrayEquals(gS, gV, "gradients, n_a=" + s.nA + " n_y=" + s.nY);
                assertArrayEquals(pS, pV, "dy");
            }
        }
    }

    @Test
    void cellBackwardIsBitForBitScalar() {
        Random random = new Random(5);
        for (int round = 0; round < 3; round++) {
            for (int[] size : sizes()) {
                for (boolean zeroInput : new boolean[] {true, false}) {
                    Case c = new Case(size[0], size[1], random);
                    int dWaxCol = zeroInput ? -1 : c.wax;
                    double[] daNextS = c.daNext.clone();
                    double[] gS = c.g.clone();
                    double[] daS = c.da.clone();
                    double[] daNextV = c.daNext.clone();
                    double[] gV = c.g.clone();
                    double[] daV = c.da.clone();
                    SCALAR.cellBackward(daNextS, c.off, gS, c.waa, dWaxCol, c.ba, daS, c.off, c.a, c.off, c.aPrev, c.off,
                            c.w, c.waa, c.nA, c.stride);
                    VECTOR.cellBackward(daNextV, c.off, gV, c.waa, dWaxCol, c.ba, daV, c.off, c.a, c.off, c.aPrev, c.off,
                            c.w, c.waa, c.nA, c.stride);
                    assertArrayEquals(daNextS, daNextV, "da_next, n_a=" + c.nA);
                    assertArrayEquals(gS, gV, "gradients, n_a=" + c.nA);
                    assertArrayEquals(daS, daV, "dt, n_a=" + c.nA);
                }
            }
        }
    }

    @Test
    void clipAndUpdateIsBitForBitScalarOnAnyRange() {
        Random random = new Random(6);
        for (int length : LENGTHS) {
            for (int off : new int[] {0, 1, 3, 8}) {
                double[] w = new double[off + length + 5];
                double[] g = new double[w.length];
                for (int i = 0; i < w.length; i++) {
                    w[i] = random.nextGaussian();
                    g[i] = random.nextGaussian() * 8;
                }
                g[off] = -0.0;
                if (length > 2) {
                    g[off + 1] = Double.NaN;
                    g[off + 2] = 5.0;
                }
                double[] wS = w.clone();
                double[] gS = g.clone();
                double[] wV = w.clone();
                double[] gV = g.clone();
                SCALAR.clipAndUpdate(wS, gS, off, length, 5.0, 0.01);
                VECTOR.clipAndUpdate(wV, gV, off, length, 5.0, 0.01);
                assertArrayEquals(gS, gV, "clipped gradients, length " + length + " offset " + off);
                assertArrayEquals(wS, wV, "weights, length " + length + " offset " + off);
            }
        }
    }

    @Test
    void tanhWithinUlpBoundOfStrictMath() {
        Random random = new Random(7);
        int lanes = VectorKernels.SPECIES.length();
        double[] x = new double[1 << 16];
        for (int i = 0; i < x.length; i++) {
            switch (i % 4) {
                case 0 -> x[i] = random.nextGaussian() * 3;
                case 1 -> x[i] = (2 * random.nextDouble() - 1) * 0.7;
                case 2 -> x[i] = Math.scalb(random.nextDouble(), -random.nextInt(80)) * (random.nextBoolean() ? 1 : -1);
                default -> x[i] = (2 * random.nextDouble() - 1) * 40;
            }
        }
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-300, 0.5, -0.5, 0.55, 1.0, 19.0, 22.0, 23.0,
            -23.0, 700.0, -710.0, Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        System.arraycopy(special, 0, x, 0, special.length);
        double[] t = new double[x.length];
        for (int rep = 0; rep < 20; rep++) {
            for (int i = 0; i < x.length; i += lanes) {
                VectorKernels.tanh(DoubleVector.fromArray(VectorKernels.SPECIES, x, i)).intoArray(t, i);
            }
        }
        for (int i = 0; i < x.length; i++) {
            double expected = StrictMath.tanh(x[i]);
            double ulps = Math.abs(t[i] - expected) / Math.ulp(expected);
            assertTrue(ulps <= VectorKernels.TANH_ULPS, "tanh(" + x[i] + ") = " + t[i] + ", StrictMath " + expected);
            assertEquals(Math.copySign(1.0, expected), Math.copySign(1.0, t[i]), "sign of tanh(" + x[i] + ")");
        }
        double[] nan = new double[lanes];
        Arrays.fill(nan, Double.NaN);
        VectorKernels.tanh(DoubleVector.fromArray(VectorKernels.SPECIES, nan, 0)).intoArray(nan, 0);
        assertTrue(Double.isNaN(nan[0]), "tanh(NaN) = " + nan[0]);
    }

    @Test
    void expWithinUlpBoundOfStrictMath() {
        Random random = new Random(8);
        int lanes = VectorKernels.SPECIES.length();
        double[] x = new double[1 << 16];
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (i % 3) {
                case 0 -> -745 + random.nextDouble() * (709 + 745);
                case 1 -> -40 * random.nextDouble();
                default -> Math.scalb(random.nextDouble(), -random.nextInt(60)) * (random.nextBoolean() ? 1 : -1);
            };
        }
        double[] special = {0.0, -0.0, 1.0, -1.0, Math.log(2) / 2, -Math.log(2) / 2, 709.7, -708.0, -744.0,
            Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 800.0, -800.0};
        System.arraycopy(special, 0, x, 0, special.length);
        double[] e = new double[x.length];
        for (int rep = 0; rep < 20; rep++) {
            for (int i = 0; i < x.length; i += lanes) {
                VectorKernels.exp(DoubleVector.fromArray(VectorKernels.SPECIES, x, i)).intoArray(e, i);
            }
        }
        for (int i = 0; i < x.length; i++) {
            double expected = StrictMath.exp(x[i]);
            if (expected < Double.MIN_NORMAL || Double.isInfinite(expected)) {
                assertEquals(expected, e[i], Double.MIN_NORMAL * 0x1p-50, "exp(" + x[i] + ")");
                continue;
            }
            double ulps = Math.abs(e[i] - expected) / Math.ulp(expected);
            assertTrue(ulps <= VectorKernels.EXP_ULPS, "exp(" + x[i] + ") = " + e[i] + ", StrictMath " + expected);
        }
        assertEquals(0L, Double.doubleToRawLongBits(e[9]), "exp(-inf) must be exactly +0");
        double[] nan = new double[lanes];
        Arrays.fill(nan, Double.NaN);
        VectorKernels.exp(DoubleVector.fromArray(VectorKernels.SPECIES, nan, 0)).intoArray(nan, 0);
        assertTrue(Double.isNaN(nan[0]), "exp(NaN) = " + nan[0]);
    }

    private static void assertPaddingZero(double[] x, int from, int to, String what) {
        for (int i = from; i < to; i++) {
            assertEquals(0L, Double.doubleToRawLongBits(x[i]), what + " padding at " + i + " is " + x[i]);
        }
    }
}
