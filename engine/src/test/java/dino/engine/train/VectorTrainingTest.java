// Training with the vector kernels: no allocation per step, close to scalar training.
package dino.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private static Trainer trainer(Kernels kernels) {
        return new Trainer(Model.initialize(new Layout(N_A, VOCAB, VOCAB), 1), kernels, 0, 20, 0.01, 5.0);
    }

    private static long allocatedBytesOf(Trainer trainer, int[][] names, int steps) {
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
        Kernels vector = KernelChoice.vectorOnly();
        Trainer trainer = trainer(vector);
        // Interpreted Vector API code allocates a box per vector; C2's does not. So: wait for C2 to compile the
        // kernels, then for the rest of the step to settle (later recompilations run interpreted for a
        // while): five batches in a row with no allocation, within 300 batches. Then measure.
        Jit.runUntilC2Compiled(vector.getClass(), Jit.arrayMethods(Kernels.class), () -> allocatedBytesOf(trainer, names, 1000), 120);
        int batches = 0;
        for (int clean = 0; clean < 5; batches++) {
            assertTrue(batches < 300, "1000 vector training steps still allocate after " + batches + " batches");
            clean = allocatedBytesOf(trainer, names, 1000) == 0 ? clean + 1 : 0;
        }
        assertEquals(0, allocatedBytesOf(trainer, names, 2_000), "bytes allocated by 2000 vector training steps");
    }

    /** Vector and scalar training stay close over a short run (they differ by rounding, which grows slowly). */
    @Test
    void vectorTrainingTracksScalarTraining() {
        int[][] names = names();
        Trainer scalar = trainer(new ScalarKernels());
        Trainer vector = trainer(KernelChoice.vectorOnly());
        double lossS = 0;
        double lossV = 0;
        for (int s = 0; s < 300; s++) {
            lossS = scalar.step(names[s % names.length]);
            lossV = vector.step(names[s % names.length]);
        }
        assertEquals(lossS, lossV, 1e-9 * Math.abs(lossS), "loss after 300 steps");
        double[] ws = scalar.model().w;
        double[] wv = vector.model().w;
        for (int i = 0; i < ws.length; i++) {
            assertEquals(ws[i], wv[i], 1e-9 * (1 + Math.abs(ws[i])), "weight " + i);
        }
    }
}
