// Training with the vector kernels: no allocation per step, close to the scalar specification.
package dino.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.api.Products;
import dino.engine.Jit;
import dino.engine.kernels.Kernels;
import dino.engine.kernels.ScalarKernels;
import dino.engine.kernels.KernelChoice;
import dino.engine.model.Layout;
import dino.engine.model.Model;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class VectorTrainingTest {
    private static final int N_A = 50;
    private static final int VOCAB = 27;

    /** Synthetic names of 1 to 20 characters over a 27-letter vocabulary (0 is the newline). */
    private static int[][] names() {
        int[][] names = new int[64][];
        for (int m = 0; m < names.length; m++) {
            names[m] = new int[1 + m % 20];
            for (int c = 0; c < names[m].length; c++) {
                names[m][c] = 1 + (m * 11 + c * 5) % (VOCAB - 1);
            }
        }
        return names;
    }

    private static <A> Trainer<A> trainer(Kernels<A> kernels) {
        return Trainer.sgd(Model.initialize(new Layout(N_A, VOCAB, VOCAB, kernels.precision()), 1), kernels, 0, 20, 1, 0.01, 5.0);
    }

    private static long allocatedBytesOf(Trainer<?> trainer, int[][] names, int steps) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int s = 0; s < steps; s++) {
            trainer.step(names[s % names.length]);
        }
        return threads.getThreadAllocatedBytes(thread) - before;
    }

    @Test
    void steadyStateVectorStepAllocatesNothing() {
        int[][] names = names();
        Kernels<double[]> vector = KernelChoice.vectorOnly().f64(Products.MUL_ADD);
        Trainer<double[]> trainer = trainer(vector);
        java.util.function.LongSupplier batch = () -> allocatedBytesOf(trainer, names, 1000);
        settle(vector.getClass(), batch);
        assertSteady(batch, 1000, "vector training steps");
    }

    @Test
    void steadyStateBatchedStepsAllocateNothingInEitherPrecision() {
        Kernels<double[]> f64 = KernelChoice.vectorOnly().f64(Products.MUL_ADD);
        Kernels<float[]> f32 = KernelChoice.vectorOnly().f32(Products.MUL_ADD);
        batchedAllocation(f64);
        batchedAllocation(f32);
    }

    /** Steps of B = 8 ragged names allocate nothing once the kernels are compiled and the step settled. */
    private static <A> void batchedAllocation(Kernels<A> kernels) {
        int[][] names = names();
        Trainer<A> trainer = Trainer.sgd(Model.initialize(new Layout(N_A, VOCAB, VOCAB, kernels.precision()), 1), kernels,
                0, 20, 8, 0.01, 5.0);
        int[][] batch = new int[8][];
        java.util.function.LongSupplier run = () -> {
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(thread);
            for (int s = 0; s < 500; s++) {
                for (int b = 0; b < 8; b++) {
                    batch[b] = names[(s * 8 + b) % names.length];
                }
                trainer.step(batch);
            }
            return threads.getThreadAllocatedBytes(thread) - before;
        };
        settle(kernels.getClass(), run);
        assertSteady(run, 500, "batched " + kernels.precision() + " vector steps");
    }

    /**
     * Five more batches allocate less than 1 KB in all: an allocation in every step would be at least 16
     * bytes × the steps of a batch, in every batch; what C2 may still allocate once, recompiling some
     * code late, is a few hundred bytes.
     */
    private static void assertSteady(java.util.function.LongSupplier batch, int steps, String what) {
        long total = 0;
        for (int i = 0; i < 5; i++) {
            total += batch.getAsLong();
        }
        assertTrue(total < 1024, total + " bytes allocated by 5 × " + steps + " " + what);
    }

    /**
     * Interpreted Vector API code allocates a box per vector; C2's does not. So: wait for C2 to compile the
     * kernels, then for the rest of the step to settle (later recompilations run interpreted for a while):
     * five batches in a row with no allocation, within 300 batches.
     */
    private static void settle(Class<?> kernels, java.util.function.LongSupplier batch) {
        Jit.runUntilTrainingCompiled(kernels, batch::getAsLong);
        int batches = 0;
        for (int clean = 0; clean < 5; batches++) {
            assertTrue(batches < 300, "training steps still allocate after " + batches + " batches");
            clean = batch.getAsLong() == 0 ? clean + 1 : 0;
        }
    }

    /** Vector and scalar training stay close over a short run (they differ by rounding, which grows slowly). */
    @Test
    void vectorTrainingTracksScalarTraining() {
        int[][] names = names();
        Trainer<double[]> scalar = trainer(new ScalarKernels());
        Trainer<double[]> vector = trainer(KernelChoice.vectorOnly().f64(Products.MUL_ADD));
        double lossS = 0;
        double lossV = 0;
        for (int s = 0; s < 300; s++) {
            lossS = scalar.step(names[s % names.length]);
            lossV = vector.step(names[s % names.length]);
        }
        assertEquals(lossS, lossV, 1e-9 * Math.abs(lossS), "loss after 300 steps");
        double[] ws = scalar.parameters();
        double[] wv = vector.parameters();
        for (int i = 0; i < ws.length; i++) {
            assertEquals(ws[i], wv[i], 1e-9 * (1 + Math.abs(ws[i])), "weight " + i);
        }
    }
}
