// Training with the vector kernels: no allocation per step, a deterministic warm-start switch, close to scalar.
package dino.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Arrays;
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
        Trainer trainer = trainer(new VectorKernels());
        allocatedBytesOf(trainer, names, 20_000);
        assertEquals(0, allocatedBytesOf(trainer, names, 2_000), "bytes allocated by 2000 vector training steps");
    }

    @Test
    void warmStartStepAllocatesNothingAfterTheSwitch() {
        int[][] names = names();
        WarmStartKernels kernels = new WarmStartKernels(new ScalarKernels(), new VectorKernels());
        Trainer trainer = trainer(kernels);
        allocatedBytesOf(trainer, names, 20_000);
        assertTrue(kernels.switchCall() > 0 && kernels.switchCall() < 20_000L * 10, "switch call " + kernels.switchCall());
        assertEquals(0, allocatedBytesOf(trainer, names, 2_000), "bytes allocated by 2000 warm-start training steps");
    }

    /**
     * The switch happens at the same cell-forward call every run, whatever the timing: scalar kernels
     * before it, vector kernels from it on. The expected run switches by a plain call count.
     */
    @Test
    void warmStartSwitchesAtAFixedCall() {
        int[][] names = names();
        WarmStartKernels kernels = new WarmStartKernels(new ScalarKernels(), new VectorKernels());
        Trainer warm = trainer(kernels);
        long switchCall = WarmStartKernels.SCALAR_WORK / (N_A * N_A);
        Kernels scalar = new ScalarKernels();
        Kernels vector = new VectorKernels();
        long[] calls = {0};
        Kernels switching = (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("cellForward")) {
                        calls[0]++;
                    }
                    try {
                        return method.invoke(calls[0] >= switchCall ? vector : scalar, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Trainer expected = trainer(switching);
        Trainer scalarOnly = trainer(new ScalarKernels());
        for (int s = 0; s < 2500; s++) {
            warm.step(names[s % names.length]);
            expected.step(names[s % names.length]);
            scalarOnly.step(names[s % names.length]);
        }
        assertEquals(switchCall, kernels.switchCall());
        assertTrue(calls[0] > switchCall, "the run must pass the switch: " + calls[0] + " calls");
        assertArrayEquals(expected.model().w, warm.model().w, "weights: scalar before the switch, vector after");
        assertTrue(!Arrays.equals(scalarOnly.model().w, warm.model().w), "the vector kernels must have run");
    }

    /** Vector and scalar training stay close over a short run (they differ by rounding, which grows slowly). */
    @Test
    void vectorTrainingTracksScalarTraining() {
        int[][] names = names();
        Trainer scalar = trainer(new ScalarKernels());
        Trainer vector = trainer(new VectorKernels());
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
