// Every vector primitive against its scalar specification, in both precisions, in C2-compiled code.
package dino.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.api.TrainingConfig.Precision;
import dino.engine.Jit;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs each vector primitive and its scalar specification on the same random inputs, at awkward sizes
 * (1, 7, 8, 9, 27, 50, 63, 64, 65, 127: tails everywhere), with leading dimensions wider than the rows
 * and non-zero offsets, after a warm-up that runs until C2 has compiled the kernels (asked of the JVM,
 * see {@link Jit}; their interpreted fallbacks compute the same values, slower). The bounds are the ones stated at each kernel in {@link VectorKernels} and
 * {@link VectorFloatKernels}: bit for bit except tanh and exp and the lane sums of gemmTB. Each test runs once per
 * precision, each precision with its own bounds.
 */
class VectorKernelsTest {
    private static final int[] LENGTHS = {1, 7, 8, 9, 27, 50, 63, 64, 65, 127};
    /** The vector kernels in the products' form under test ({@link FormUnderTest}). */
    private static final Kernels<double[]> VECTOR = FormUnderTest.vector64();
    private static final Kernels<float[]> VECTOR32 = FormUnderTest.vector32();

    @BeforeAll
    static void compileVectorKernels() {
        Random random = new Random(1);
        Runnable batch = () -> {
            for (int i = 0; i < 300; i++) {
                int m = 1 + random.nextInt(9);
                int n = 1 + random.nextInt(40);
                int k = 1 + random.nextInt(20);
                products(FormUnderTest.scalar64(), VECTOR, m, n, k, random, false);
                products(FormUnderTest.scalar32(), VECTOR32, m, n, k, random, false);
                elementwise(FormUnderTest.scalar64(), VECTOR, m, n, random, false);
                elementwise(FormUnderTest.scalar32(), VECTOR32, m, n, random, false);
                cells(FormUnderTest.scalar64(), VECTOR, m, n, random, false);
                cells(FormUnderTest.scalar32(), VECTOR32, m, n, random, false);
                updates(FormUnderTest.scalar64(), VECTOR, 1 + random.nextInt(100), random);
                updates(FormUnderTest.scalar32(), VECTOR32, 1 + random.nextInt(100), random);
            }
        };
        // The kernels' public methods are small enough for C2 to inline into these callers, so wait for the
        // callers and the product routines (compiled on their own), and for the JIT to settle.
        Jit.runUntilC2Compiled(VectorKernelsTest.class, java.util.Set.of("products", "elementwise", "updates", "cells"), batch, 120);
        Jit.runUntilTrainingCompiled(VECTOR.getClass(), batch);
        Jit.runUntilTrainingCompiled(VECTOR32.getClass(), batch);
    }

    /** The scalar specification and the vector kernels of one precision. */
    private static Kernels<?>[] pair(Precision precision) {
        return precision == Precision.F64
                ? new Kernels<?>[] {FormUnderTest.scalar64(), VECTOR}
                : new Kernels<?>[] {FormUnderTest.scalar32(), VECTOR32};
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void productsAreTheSpecificationBitForBitAndGemmTBWithinItsBound(Precision precision) {
        Kernels<?>[] kernels = pair(precision);
        Random random = new Random(2);
        for (int m : LENGTHS) {
            for (int i = 0; i < LENGTHS.length; i++) {
                products(kernels[0], kernels[1], m, LENGTHS[i], LENGTHS[(i + 3) % LENGTHS.length], random, true);
            }
        }
    }

    /**
     * Products large enough to be blocked (copies of A and B in blocks of KP steps, MC rows, NC columns), at
     * sizes that leave a part of every block and of every tile: more rows than MC, more columns than NC with a
     * scalar tail, and sums that split into unequal blocks.
     */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void blockedProductsAreTheSpecificationBitForBit(Precision precision) {
        Kernels<?>[] kernels = pair(precision);
        Random random = new Random(6);
        int[][] sizes = {{197, 515, 263}, {96, 67, 128}, {389, 70, 131}, {101, 520, 700}};
        for (int[] size : sizes) {
            assertTrue(!VectorFmaKernels.PACKED_TILES || VectorFmaKernels.blocks(size[0], size[1], size[2])
                    && VectorFloatFmaKernels.blocks(size[0], size[1], size[2]), Arrays.toString(size) + " is blocked");
            products(kernels[0], kernels[1], size[0], size[1], size[2], random, true);
        }
    }

    /**
     * packBT puts every element where a transpose into a buffer, then packB, does: for both kernel sets (their own
     * panel widths), with a last narrow panel, panel widths not a multiple of 4 rows, sums longer than the 64-step
     * blocks, at offsets, and without touching the elements around.
     */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void packingTheTransposeIsTransposeThenPack(Precision precision) {
        Kernels<?>[] kernels = pair(precision);
        Random random = new Random(8);
        int[][] sizes = {{1, 1}, {5, 3}, {64, 64}, {131, 70}, {512, 2048}, {200, 21}, {7, 515}};
        for (Kernels<?> set : kernels) {
            for (int[] size : sizes) {
                packTransposed(set, size[0], size[1], random);
            }
        }
    }

    private static <A> void packTransposed(Kernels<A> kernels, int k, int n, Random random) {
        int ldb = k + 3;
        int off = 5;
        double[] values = new double[off + n * ldb];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        A b = of(kernels, values);
        A transposed = kernels.allocate(k * n);
        kernels.transpose(transposed, 0, n, b, off, ldb, n, k);
        A expected = kernels.allocate(off + k * n + 7);
        A actual = kernels.allocate(off + k * n + 7);
        for (int i = 0; i < off + k * n + 7; i++) {
            kernels.set(expected, i, -1);
            kernels.set(actual, i, -1);
        }
        kernels.packB(expected, off, transposed, 0, n, k, n);
        kernels.packBT(actual, off, b, off, ldb, k, n);
        assertBitsEqual(kernels, expected, actual, off + k * n + 7, kernels.name() + " packBT k=" + k + " n=" + n);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void elementwiseKernelsAreTheSpecificationWithinTheirBounds(Precision precision) {
        Kernels<?>[] kernels = pair(precision);
        Random random = new Random(3);
        for (int m : new int[] {1, 3, 8, 9}) {
            for (int n : LENGTHS) {
                elementwise(kernels[0], kernels[1], m, n, random, true);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void cellKernelsAreTheSpecificationWithinTheirBounds(Precision precision) {
        Kernels<?>[] kernels = pair(precision);
        Random random = new Random(5);
        for (int m : new int[] {1, 3, 9}) {
            for (int n : new int[] {1, 7, 8, 9, 16, 27, 64, 65}) {
                cells(kernels[0], kernels[1], m, n, random, true);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void updatesAreTheSpecificationBitForBit(Precision precision) {
        Kernels<?>[] kernels = pair(precision);
        Random random = new Random(4);
        for (int length : new int[] {1, 7, 8, 9, 27, 63, 64, 65, 127, 1000}) {
            updates(kernels[0], kernels[1], length, random);
        }
    }

    /** gemm, gemmTA, gemmTB of m×n from sums of k, on random blocks at offsets with wide leading dimensions. */
    @SuppressWarnings("unchecked")
    private static <A> void products(Kernels<?> scalarKernels, Kernels<?> vectorKernels, int m, int n, int k, Random random,
                                     boolean check) {
        productsOf((Kernels<A>) scalarKernels, (Kernels<A>) vectorKernels, m, n, k, random, check);
    }

    private static <A> void productsOf(Kernels<A> scalar, Kernels<A> vector, int m, int n, int k, Random random,
                                     boolean check) {
        int off = 1 + random.nextInt(5);
        int ld = n + random.nextInt(4);
        int lda = Math.max(k, m) + random.nextInt(3);
        int ldb = Math.max(n, k) + random.nextInt(3);
        int aSize = off + Math.max(m, k) * lda;
        int bSize = off + Math.max(n, k) * ldb;
        double[] a = randoms(aSize, random);
        double[] b = randoms(bSize, random);
        double[] c = randoms(off + m * ld, random);
        for (String kind : new String[] {"gemm", "gemmTA", "gemmTB", "gemmPacked"}) {
            A cS = of(scalar, c);
            A cV = of(vector, c);
            A aS = of(scalar, a);
            A bS = of(scalar, b);
            switch (kind) {
                case "gemm":
                    scalar.gemm(cS, off, ld, aS, off, lda, bS, off, ldb, m, n, k);
                    vector.gemm(cV, off, ld, aS, off, lda, bS, off, ldb, m, n, k);
                    break;
                case "gemmTA":
                    scalar.gemmTA(cS, off, ld, aS, off, lda, bS, off, ldb, m, n, k);
                    vector.gemmTA(cV, off, ld, aS, off, lda, bS, off, ldb, m, n, k);
                    break;
                case "gemmPacked": {
                    // Against the unpacked product: the scalar set's packed product and the vector set's, each
                    // from its own packing (at an offset, into a buffer with room to spare).
                    scalar.gemm(cS, off, ld, aS, off, lda, bS, off, ldb, m, n, k);
                    A cP = of(scalar, c);
                    A packedS = scalar.allocate(off + k * n + 3);
                    scalar.packB(packedS, off, bS, off, ldb, k, n);
                    scalar.gemmPacked(cP, off, ld, aS, off, lda, packedS, off, m, n, k);
                    if (check) {
                        assertBitsEqual(scalar, cS, cP, c.length, "scalar gemmPacked m=" + m + " n=" + n + " k=" + k);
                    }
                    A packedV = vector.allocate(off + k * n + 3);
                    vector.packB(packedV, off, bS, off, ldb, k, n);
                    vector.gemmPacked(cV, off, ld, aS, off, lda, packedV, off, m, n, k);
                    break;
                }
                default:
                    scalar.gemmTB(cS, off, ld, aS, off, lda, bS, off, ldb, m, n, k);
                    vector.gemmTB(cV, off, ld, aS, off, lda, bS, off, ldb, m, n, k);
            }
            if (!check) {
                continue;
            }
            String what = kind + " " + scalar.precision() + " m=" + m + " n=" + n + " k=" + k;
            assertTrue(64 % scalar.panelWidth() == 0 && 64 % vector.panelWidth() == 0, "panel widths divide 64");
            if (!kind.equals("gemmTB")) {
                assertBitsEqual(scalar, cS, cV, c.length, what);
                continue;
            }
            double u = scalar.precision() == Precision.F64 ? 0x1p-52 : 0x1p-23;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double terms = Math.abs(c[off + i * ld + j]);
                    for (int p = 0; p < k; p++) {
                        terms += Math.abs(scalar.get(aS, off + i * lda + p) * scalar.get(bS, off + j * ldb + p));
                    }
                    int at = off + i * ld + j;
                    assertEquals(scalar.get(cS, at), vector.get(cV, at), (k + 2) * u * terms, what + " at " + i + "," + j);
                }
            }
        }
    }

    /** gatherAdd, scatterAdd, addColumnSums, biasTanh, tanhBackward and the softmax on m rows of n. */
    @SuppressWarnings("unchecked")
    private static <A> void elementwise(Kernels<?> scalarKernels, Kernels<?> vectorKernels, int m, int n, Random random,
                                        boolean check) {
        elementwiseOf((Kernels<A>) scalarKernels, (Kernels<A>) vectorKernels, m, n, random, check);
    }

    private static <A> void elementwiseOf(Kernels<A> scalar, Kernels<A> vector, int m, int n, Random random,
                                        boolean check) {
        int off = 1 + random.nextInt(5);
        int ld = Precision.F64.align() * ((n + 15) / 16) * 2 + (scalar.precision() == Precision.F32 ? 16 : 8);
        int rows = 5;
        double[] x = randoms(off + Math.max(m, rows) * ld, random);
        double[] t = randoms(off + rows * ld, random);
        int[] idx = new int[m];
        for (int r = 0; r < m; r++) {
            idx[r] = random.nextInt(rows + 1) - 1;
        }
        String what = scalar.precision() + " m=" + m + " n=" + n;
        A xS = of(scalar, x);
        A xV = of(vector, x);
        A tS = of(scalar, t);
        scalar.gatherAdd(xS, off, ld, tS, off, ld, idx, 0, m, n);
        vector.gatherAdd(xV, off, ld, tS, off, ld, idx, 0, m, n);
        A tV = of(vector, t);
        scalar.scatterAdd(tS, off, ld, xS, off, ld, idx, 0, m, n);
        vector.scatterAdd(tV, off, ld, xV, off, ld, idx, 0, m, n);
        scalar.addColumnSums(tS, off + ld, xS, off, ld, m, n);
        vector.addColumnSums(tV, off + ld, xV, off, ld, m, n);
        scalar.tanhBackward(xS, off, ld, tS, off, 0, tS, off + ld, 0, m, n);
        vector.tanhBackward(xV, off, ld, tV, off, 0, tV, off + ld, 0, m, n);
        if (check) {
            assertBitsEqual(scalar, xS, xV, x.length, "gatherAdd, tanhBackward " + what);
            assertBitsEqual(scalar, tS, tV, t.length, "scatterAdd, addColumnSums " + what);
        }
        boolean f32 = scalar.precision() == Precision.F32;
        A hS = of(scalar, x);
        A hV = of(vector, x);
        scalar.biasTanh(hS, off, ld, tS, off, m, n);
        vector.biasTanh(hV, off, ld, tS, off, m, n);
        if (check) {
            for (int i = 0; i < x.length; i++) {
                double expected = scalar.get(hS, i);
                double ulps = Math.abs(vector.get(hV, i) - expected) / (f32 ? Math.ulp((float) expected) : Math.ulp(expected));
                assertTrue(ulps <= (f32 ? VectorFloatKernels.TANH_ULPS : VectorKernels.TANH_ULPS), "biasTanh " + what + " at " + i);
            }
        }
        int[] targets = new int[m];
        for (int r = 0; r < m; r++) {
            targets[r] = random.nextInt(n + 1) - 1;
        }
        double scale = m == 1 ? 1.0 : 1.0 / m;
        A pS = of(scalar, x);
        A pV = of(vector, x);
        double lossS = scalar.softmaxCrossEntropy(pS, off, ld, tS, off, targets, 0, m, n, scale);
        double lossV = vector.softmaxCrossEntropy(pV, off, ld, tS, off, targets, 0, m, n, scale);
        if (!check) {
            return;
        }
        // exp within EXP_ULPS ulps, then the sum (n terms) and the division: relative (EXP_ULPS + n + 2)·u.
        double rel = f32 ? (VectorFloatKernels.EXP_ULPS + n + 2) * 0x1p-23 : (VectorKernels.EXP_ULPS + n + 2) * 0x1p-52;
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                int at = off + r * ld + j;
                double expected = scalar.get(pS, at);
                assertEquals(expected, vector.get(pV, at), rel * (Math.abs(expected) + 1), "softmax " + what + " row " + r);
            }
        }
        assertEquals(lossS, lossV, rel * 4 * (Math.abs(lossS) + m), "softmax loss " + what);
    }

    /**
     * The LSTM and GRU cells forward and backward, the bias add and the mask multiply. Bound: the cells chain
     * a few σ and tanh (each within a few ulps) through products of values near 1, so 8 ulps of the larger
     * of the value and 1 (at most between 2 and 4 seen); the bias add, the multiply and the GRU backward
     * are exact.
     */
    @SuppressWarnings("unchecked")
    private static <A> void cells(Kernels<?> scalarKernels, Kernels<?> vectorKernels, int m, int n, Random random, boolean check) {
        cellsOf((Kernels<A>) scalarKernels, (Kernels<A>) vectorKernels, m, n, random, check);
    }

    private static <A> void cellsOf(Kernels<A> scalar, Kernels<A> vector, int m, int n, Random random, boolean check) {
        boolean f32 = scalar.precision() == Precision.F32;
        double tolerance = 8 * (f32 ? 0x1p-23 : 0x1p-52);
        String what = scalar.precision() + " m=" + m + " n=" + n;
        int off = 1 + random.nextInt(3);
        double[] gates = randoms(off + m * 4 * n, random);
        for (int i = 0; i < gates.length; i++) {
            gates[i] *= 4;
        }
        double[] bias = randoms(4 * n + off, random);
        double[] states = randoms(off + m * n, random);
        double[] grads = randoms(off + m * n, random);
        A[] s = copies(scalar, gates, bias, states, states, states, grads, grads, grads);
        A[] v = copies(vector, gates, bias, states, states, states, grads, grads, grads);
        for (Kernels<A> k : java.util.List.of(scalar, vector)) {
            A[] b = k == scalar ? s : v;
            k.addBias(b[0], off, 4 * n, b[1], off, m, 2 * n);
            k.lstmCell(b[0], off, b[1], 1, b[2], off, b[3], off, b[4], off, m, n);
            k.lstmCellBackward(b[0], off, b[3], off, b[2], off, b[5], off, b[6], off, b[7], off, m, n);
            k.multiply(b[4], off, b[4], off, b[5], off, m * n);
        }
        if (check) {
            assertClose(scalar, s, vector, v, tolerance, "lstm " + what);
        }
        double[] gh = randoms(off + m * 3 * n, random);
        s = copies(scalar, gates, bias, states, states, gh, grads, grads);
        v = copies(vector, gates, bias, states, states, gh, grads, grads);
        for (Kernels<A> k : java.util.List.of(scalar, vector)) {
            A[] b = k == scalar ? s : v;
            k.gruCell(b[0], off, b[4], off, b[1], off, b[2], off, b[3], off, m, n);
            k.gruCellBackward(b[0], off, b[4], off, b[2], off, b[5], off, b[6], off, m, n);
        }
        if (check) {
            assertClose(scalar, s, vector, v, tolerance, "gru " + what);
        }
    }

    @SuppressWarnings("unchecked")
    private static <A> A[] copies(Kernels<A> kernels, double[]... values) {
        A[] out = (A[]) new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = of(kernels, values[i]);
        }
        return out;
    }

    private static <A> void assertClose(Kernels<A> scalar, A[] expected, Kernels<A> vector, A[] actual, double tolerance,
                                        String what) {
        for (int i = 0; i < expected.length; i++) {
            int n = java.lang.reflect.Array.getLength(expected[i]);
            for (int j = 0; j < n; j++) {
                double e = scalar.get(expected[i], j);
                assertEquals(e, vector.get(actual[i], j), tolerance * Math.max(1, Math.abs(e)),
                        what + ": buffer " + i + " element " + j);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <A> void updates(Kernels<?> scalarKernels, Kernels<?> vectorKernels, int length, Random random) {
        updatesOf((Kernels<A>) scalarKernels, (Kernels<A>) vectorKernels, length, random);
    }

    private static <A> void updatesOf(Kernels<A> scalar, Kernels<A> vector, int length, Random random) {
        int off = random.nextInt(9);
        double[] w = randoms(off + length + 3, random);
        double[] g = randoms(off + length + 3, random);
        for (int i = 0; i < g.length; i += 3) {
            g[i] *= 20;
        }
        double[] mem = randoms(w.length, random);
        for (int i = 0; i < mem.length; i++) {
            mem[i] = Math.abs(mem[i]);
        }
        A wS = of(scalar, w);
        A gS = of(scalar, g);
        A wV = of(vector, w);
        A gV = of(vector, g);
        scalar.clipAndUpdate(wS, gS, off, length, 5.0, 0.01);
        vector.clipAndUpdate(wV, gV, off, length, 5.0, 0.01);
        assertBitsEqual(scalar, gS, gV, g.length, "clipped gradients, length " + length);
        assertBitsEqual(scalar, wS, wV, w.length, "SGD weights, length " + length);
        A mS = of(scalar, mem);
        A mV = of(vector, mem);
        A vS = of(scalar, mem);
        A vV = of(vector, mem);
        scalar.clipAdagrad(wS, gS, mS, off, length, 5.0, 0.1);
        vector.clipAdagrad(wV, gV, mV, off, length, 5.0, 0.1);
        scalar.clipAdam(wS, gS, mS, vS, off, length, 5.0, 0.001, 0.1, 0.001);
        vector.clipAdam(wV, gV, mV, vV, off, length, 5.0, 0.001, 0.1, 0.001);
        assertBitsEqual(scalar, wS, wV, w.length, "Adagrad and Adam weights, length " + length);
        assertBitsEqual(scalar, vS, vV, w.length, "Adam's second moment, length " + length);
    }

    private static double[] randoms(int n, Random random) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 2 * random.nextDouble() - 1;
        }
        return x;
    }

    private static <A> A of(Kernels<A> kernels, double[] values) {
        A x = kernels.allocate(values.length);
        Buffers.copy(kernels, values, x);
        return x;
    }

    private static <A> void assertBitsEqual(Kernels<A> kernels, A expected, A actual, int n, String what) {
        for (int i = 0; i < n; i++) {
            long e = Double.doubleToRawLongBits(kernels.get(expected, i));
            long a = Double.doubleToRawLongBits(kernels.get(actual, i));
            if (e != a) {
                assertEquals(kernels.get(expected, i), kernels.get(actual, i), 0.0, what + " at " + i + " (bits differ)");
                assertEquals(e, a, what + " at " + i + ": sign of zero");
            }
        }
    }
}
