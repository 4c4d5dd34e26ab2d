// Large kernel calls split over threads give the same bits as on one thread, whatever the thread count.
package dino.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dino.api.TrainingConfig;
import dino.api.TrainingConfig.Precision;
import dino.engine.model.Layout;
import dino.engine.model.Model;
import dino.engine.train.Optimizer;
import dino.engine.train.Trainer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every primitive that {@link ParallelKernels} splits (and the tanh RNN's fused steps, by columns and by rows), at
 * sizes above its threshold, on 2 and 3 threads
 * against the kernels it wraps (scalar and vector, both precisions); then whole batched training steps.
 */
class ParallelKernelsTest {

    @Test
    void splitCallsAreTheBaseKernelsBitForBit() {
        for (int threads : new int[] {2, 3}) {
            check(FormUnderTest.scalar64(), threads);
            check(FormUnderTest.scalar32(), threads);
            check(FormUnderTest.vector64(), threads);
            check(FormUnderTest.vector32(), threads);
        }
    }

    private static <A> void check(Kernels<A> base, int threads) {
        ParallelKernels<A> parallel = new ParallelKernels<>(base, threads);
        try {
            Random random = new Random(threads);
            int rows = 1024;
            int ld = 176;
            int m = 37;
            int n = 160;
            int k = 129;
            double[] a = randoms(rows * ld, random);
            double[] b = randoms(rows * ld, random);
            double[] c = randoms(rows * ld, random);
            int[] idx = new int[rows];
            for (int r = 0; r < rows; r++) {
                idx[r] = random.nextInt(6) - 1;
            }
            String what = base.name() + " " + base.precision() + " on " + threads + " threads";
            A[] one = copies(base, c, a, b);
            A[] many = copies(base, c, a, b);
            base.gemm(one[0], 1, ld, one[1], 2, ld, one[2], 3, ld, m, n, k);
            parallel.gemm(many[0], 1, ld, many[1], 2, ld, many[2], 3, ld, m, n, k);
            base.gemmTA(one[0], 0, ld, one[1], 1, ld, one[2], 0, ld, m, n, k);
            parallel.gemmTA(many[0], 0, ld, many[1], 1, ld, many[2], 0, ld, m, n, k);
            // A packed product split by columns (37 × 160) and by rows (300 × 64), from B packed at an offset.
            for (int[] shape : new int[][] {{37, 160}, {300, 64}}) {
                A packed = base.allocate(7 + k * shape[1]);
                base.packB(packed, 7, one[2], 3, ld, k, shape[1]);
                base.gemmPacked(one[0], 1, ld, one[1], 2, ld, packed, 7, shape[0], shape[1], k);
                parallel.gemmPacked(many[0], 1, ld, many[1], 2, ld, packed, 7, shape[0], shape[1], k);
            }
            // Packing split by panels (W_hh's two packings at a size that splits, the last panel narrow), at offsets.
            int pk = 150;
            int pn = 300;
            for (boolean transposed : new boolean[] {false, true}) {
                A packedOne = base.allocate(9 + pk * pn + 4);
                A packedMany = parallel.allocate(9 + pk * pn + 4);
                if (transposed) {
                    base.packBT(packedOne, 9, one[2], 3, pk + 10, pk, pn);
                    parallel.packBT(packedMany, 9, many[2], 3, pk + 10, pk, pn);
                } else {
                    base.packB(packedOne, 9, one[2], 3, pn + 10, pk, pn);
                    parallel.packB(packedMany, 9, many[2], 3, pn + 10, pk, pn);
                }
                for (int j = 0; j < 9 + pk * pn + 4; j++) {
                    assertEquals(Double.doubleToRawLongBits(base.get(packedOne, j)), Double.doubleToRawLongBits(base.get(packedMany, j)),
                            what + ": packed" + (transposed ? " transposed" : "") + " element " + j);
                }
            }
            // A zeroing that splits (from MIN_WORK elements), at an offset: zeros in its range, nothing changed around.
            int zl = (int) ParallelKernels.MIN_WORK + 1000;
            A zeroed = copies(base, randoms(zl + 20, random))[0];
            parallel.zero(zeroed, 7, zl);
            for (int j = 0; j < zl + 20; j++) {
                boolean inside = j >= 7 && j < 7 + zl;
                assertEquals(inside, Double.doubleToRawLongBits(base.get(zeroed, j)) == 0,
                        what + ": zero element " + j);
            }
            base.gemmTB(one[0], 0, ld, one[1], 0, ld, one[2], 0, ld, m, n, k);
            parallel.gemmTB(many[0], 0, ld, many[1], 0, ld, many[2], 0, ld, m, n, k);
            base.gatherAdd(one[0], 0, ld, one[2], 0, ld, idx, 0, rows, n);
            parallel.gatherAdd(many[0], 0, ld, many[2], 0, ld, idx, 0, rows, n);
            base.scatterAdd(one[2], 0, ld, one[0], 0, ld, idx, 0, rows, n);
            parallel.scatterAdd(many[2], 0, ld, many[0], 0, ld, idx, 0, rows, n);
            base.addColumnSums(one[1], 0, one[0], 0, ld, rows, n);
            parallel.addColumnSums(many[1], 0, many[0], 0, ld, rows, n);
            base.biasTanh(one[0], 0, ld, one[2], 0, rows, n);
            parallel.biasTanh(many[0], 0, ld, many[2], 0, rows, n);
            base.tanhBackward(one[1], 0, ld, one[0], 0, ld, one[2], 0, ld, rows, n);
            parallel.tanhBackward(many[1], 0, ld, many[0], 0, ld, many[2], 0, ld, rows, n);
            // The tanh RNN's fused steps, split by columns (37 rows × 160) and by rows (300 × 64); the backward
            // step's tanh runs over 5 rows more than its product writes.
            for (int[] shape : new int[][] {{37, 160}, {300, 64}}) {
                int fm = shape[0];
                int fn = shape[1];
                A packedOne = base.allocate(5 + k * fn);
                A packedMany = base.allocate(5 + k * fn);
                base.packB(packedOne, 5, one[2], 3, ld, k, fn);
                base.packB(packedMany, 5, many[2], 3, ld, k, fn);
                base.tanhForward(one[0], 1, ld, one[1], 2, ld, packedOne, 5, one[2], 5 * ld, ld, idx, 7, one[1], 900 * ld, fm, fn, k);
                parallel.tanhForward(many[0], 1, ld, many[1], 2, ld, packedMany, 5, many[2], 5 * ld, ld, idx, 7, many[1], 900 * ld,
                        fm, fn, k);
                base.tanhBackwardStep(one[0], 1, ld, one[1], 2, ld, packedOne, 5, fm, k, one[1], 600 * ld, ld, one[2], 600 * ld, ld,
                        fm + 5, fn);
                parallel.tanhBackwardStep(many[0], 1, ld, many[1], 2, ld, packedMany, 5, fm, k, many[1], 600 * ld, ld, many[2],
                        600 * ld, ld, fm + 5, fn);
            }
            // The cell kernels, on separate buffers (outputs must not alias other rows' inputs).
            int cn = 160;
            int cm = 255;
            double[] g4 = randoms(cm * 6 * cn + 1, random);
            double[] st = randoms(cm * cn, random);
            double[] bias = randoms(4 * cn, random);
            A[] cellsOne = copies(base, g4, bias, st, st, st, st, st, st);
            A[] cellsMany = copies(base, g4, bias, st, st, st, st, st, st);
            for (int pass = 0; pass < 2; pass++) {
                Kernels<A> ks = pass == 0 ? base : parallel;
                A[] x = pass == 0 ? cellsOne : cellsMany;
                ks.addBias(x[0], 1, 4 * cn, x[1], 0, cm, 4 * cn);
                ks.lstmCell(x[0], 1, x[1], 0, x[2], 0, x[3], 0, x[4], 0, cm, cn);
                ks.lstmCellBackward(x[0], 1, x[3], 0, x[2], 0, x[4], 0, x[5], 0, x[6], 0, cm, cn);
                ks.multiply(x[7], 0, x[6], 0, x[5], 0, cm * cn);
                ks.gruCell(x[0], 1, x[0], 1 + 3 * cm * cn, x[1], 0, x[2], 0, x[3], 0, cm, cn);
                ks.gruCellBackward(x[0], 1, x[0], 1 + 3 * cm * cn, x[2], 0, x[4], 0, x[5], 0, cm, cn);
            }
            for (int i = 0; i < cellsOne.length; i++) {
                for (int j = 0; j < java.lang.reflect.Array.getLength(cellsOne[i]); j++) {
                    assertEquals(Double.doubleToRawLongBits(base.get(cellsOne[i], j)),
                            Double.doubleToRawLongBits(base.get(cellsMany[i], j)), what + ": cell buffer " + i + " element " + j);
                }
            }
            int[] targets = new int[rows];
            for (int r = 0; r < rows; r++) {
                targets[r] = random.nextInt(n / 2 + 1) - 1;
            }
            assertEquals(base.softmaxCrossEntropy(one[0], 0, ld, one[2], 0, targets, 0, rows, n / 2, 0.25),
                    parallel.softmaxCrossEntropy(many[0], 0, ld, many[2], 0, targets, 0, rows, n / 2, 0.25), what);
            base.clipAndUpdate(one[1], one[0], 0, c.length, 0.5, 0.1);
            parallel.clipAndUpdate(many[1], many[0], 0, c.length, 0.5, 0.1);
            base.clipAdam(one[1], one[0], one[2], one[0], 0, c.length, 0.5, 0.1, 0.2, 0.3);
            parallel.clipAdam(many[1], many[0], many[2], many[0], 0, c.length, 0.5, 0.1, 0.2, 0.3);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < java.lang.reflect.Array.getLength(one[i]); j++) {
                    assertEquals(Double.doubleToRawLongBits(base.get(one[i], j)), Double.doubleToRawLongBits(base.get(many[i], j)),
                            what + ": buffer " + i + " element " + j);
                }
            }
        } finally {
            parallel.close();
        }
    }

    @Test
    void batchedTrainingGivesTheSameWeightsOnOneTwoAndThreeThreads() {
        double[] one = train(1);
        assertArrayEquals(one, train(2), "2 threads");
        assertArrayEquals(one, train(3), "3 threads");
    }

    /** A part that throws on a worker thread reaches the caller (it used to leave the caller waiting for good). */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPartThatThrowsOnAWorkerFailsTheCallAndLeavesThePoolWorking() {
        try (ParallelKernels<float[]> parallel = new ParallelKernels<>(FormUnderTest.vector32(), 2)) {
            RuntimeException boom = new IllegalArgumentException("boom");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> parallel.forRows(16, (k, from, to) -> {
                if (from > 0) {
                    throw boom;
                }
            }));
            assertSame(boom, e.getCause());
            int[] rows = new int[2];
            parallel.forRows(16, (k, from, to) -> rows[from == 0 ? 0 : 1] += to - from);
            assertArrayEquals(new int[] {8, 8}, rows, "the next call runs on both threads");
        }
    }

    @Test
    void aSerialWarmUpGivesTheSameWeights() {
        double[] one = train(1, 0);
        assertArrayEquals(one, train(3, 60_000), "3 threads, every call serial");
        assertArrayEquals(one, train(2, 1), "2 threads, serial for the first millisecond");
    }

    /** Weights after 4 steps of 8 text windows at n_a = 160: the products are large enough to be split. */
    private static double[] train(int threads) {
        return train(threads, 0);
    }

    /** {@link #train(int)} with the split calls run one after another for the first serialMillis. */
    private static double[] train(int threads, long serialMillis) {
        Kernels<float[]> base = FormUnderTest.vector32();
        Kernels<float[]> kernels = threads == 1 ? base : new ParallelKernels<>(base, threads).serialWarmup(serialMillis);
        Layout l = new Layout(160, 30, 30, Precision.F32);
        Model model = Model.initialize(l, 5);
        Trainer<float[]> trainer = new Trainer<>(l, Buffers.of(kernels, model.w), kernels, 0, 25, 8,
                Optimizer.create(TrainingConfig.Optimizer.ADAM, kernels, l.size, 0.01, 5));
        int[] text = new int[8 * 200];
        for (int i = 0; i < text.length; i++) {
            text[i] = (i * 7 + i / 13) % 30;
        }
        int[] offsets = new int[8];
        for (int s = 0; s < 4; s++) {
            for (int b = 0; b < 8; b++) {
                offsets[b] = b * 200 + s * 25;
            }
            trainer.step(text, offsets, 25);
        }
        if (kernels instanceof ParallelKernels) {
            ((ParallelKernels<float[]>) kernels).close();
        }
        return Buffers.toDoubles(kernels, trainer.parameters(), l.size);
    }

    @SuppressWarnings("unchecked")
    private static <A> A[] copies(Kernels<A> kernels, double[]... arrays) {
        Object[] out = new Object[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            A x = kernels.allocate(arrays[i].length);
            Buffers.copy(kernels, arrays[i], x);
            out[i] = x;
        }
        return (A[]) out;
    }

    private static double[] randoms(int n, Random random) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 2 * random.nextDouble() - 1;
        }
        return x;
    }
}
