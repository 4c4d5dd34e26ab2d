// The benchmarks' workload: every kernel runs on both kernel sets and gives the same result, on any thread count.
package dino.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.api.Products;
import dino.api.TrainingConfig.Precision;
import dino.engine.kernels.KernelChoice;
import dino.engine.kernels.KernelSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WorkloadTest {
    private static final int HIDDEN = 19;
    private static final int VOCAB = 11;
    private static final int BATCH = 3;
    private static final WorkloadKernel[] PRODUCTS = {WorkloadKernel.GEMM_FORWARD, WorkloadKernel.GEMM_BACKWARD,
        WorkloadKernel.GEMM_WEIGHTS};

    @Test
    void everyKernelAgreesAcrossKernelSetsAndThreads() {
        for (Precision p : Precision.values()) {
            for (Products form : Products.values()) {
                agree(p, form);
            }
        }
    }

    private static void agree(Precision p, Products form) {
        Workload<?> scalar = new Workload<>(KernelSet.scalar().of(p, form), HIDDEN, VOCAB, BATCH);
        Workload<?> vector = new Workload<>(KernelChoice.vectorOnly().of(p, form), HIDDEN, VOCAB, BATCH);
        double tolerance = p == Precision.F64 ? 1e-9 : 1e-4;
        String what = p.label() + " " + form.label();
        try (Workload<?> twoThreads = new Workload<>(KernelChoice.vectorOnly().of(p, form), HIDDEN, VOCAB, BATCH, 2)) {
            for (WorkloadKernel kernel : WorkloadKernel.values()) {
                String name = kernel.label();
                double s = scalar.run(kernel, 1);
                double v = vector.run(kernel, 1);
                assertTrue(Double.isFinite(s), name);
                // The products are bit for bit the specification; the rest differ by the transcendentals' ulps.
                assertEquals(s, v, name.startsWith("gemm_") ? 0 : tolerance * (1 + Math.abs(s)), name + " " + what);
                if (kernel.batched()) {
                    assertEquals(v, twoThreads.run(kernel, 1), 0, name + " " + what + " on two threads");
                }
            }
        }
    }

    @Test
    void aClosedWorkloadLeavesNoKernelThread() {
        Set<Thread> before = kernelThreads();
        Set<Thread> during;
        try (Workload<?> w = new Workload<>(KernelSet.scalar().of(Precision.F64, Products.MUL_ADD), HIDDEN, VOCAB, BATCH, 3)) {
            w.run(WorkloadKernel.BATCH_STEP, 1);
            during = kernelThreads();
            during.removeAll(before);
            assertTrue(!during.isEmpty(), "the workload runs its batched kernels on threads");
        }
        during.retainAll(kernelThreads());
        assertEquals(Set.of(), during, "no kernel thread of the workload outlives close()");
    }

    /** Live threads of split kernels (ParallelKernels names them dino-kernels-N), of every test in this JVM. */
    private static Set<Thread> kernelThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith("dino-kernels-"))
                .collect(Collectors.toSet());
    }

    @Test
    void theProductsAreTheLstmStepsShapes() {
        double forward = WorkloadKernel.GEMM_FORWARD.flops(HIDDEN, VOCAB, BATCH);
        assertEquals(2.0 * BATCH * 4 * HIDDEN * HIDDEN, forward);
        assertEquals(forward, WorkloadKernel.GEMM_BACKWARD.flops(HIDDEN, VOCAB, BATCH));
        assertEquals(Workload.WINDOW * forward, WorkloadKernel.GEMM_WEIGHTS.flops(HIDDEN, VOCAB, BATCH));
        // lstm_step's products are T of each of the first two, one weight gradient and the output layer's three.
        double outputLayer = 3.0 * Workload.WINDOW * BATCH * 2 * VOCAB * HIDDEN;
        assertEquals(WorkloadKernel.LSTM_STEP.flops(HIDDEN, VOCAB, BATCH), Workload.WINDOW * 2 * forward
                + WorkloadKernel.GEMM_WEIGHTS.flops(HIDDEN, VOCAB, BATCH) + outputLayer, 1e-6);
        for (WorkloadKernel product : PRODUCTS) {
            assertTrue(product.batched(), product.label());
        }
        assertTrue(!WorkloadKernel.TRAIN_STEP.batched() && WorkloadKernel.LSTM_STEP.batched());
    }

    @Test
    void theProductsComputeSomething() {
        Workload<?> w = new Workload<>(KernelSet.scalar().of(Precision.F64, Products.MUL_ADD), HIDDEN, VOCAB, BATCH);
        for (WorkloadKernel product : PRODUCTS) {
            double first = w.run(product, 1);
            assertNotEquals(0.0, first, product.label());
            assertEquals(first, w.run(product, 1), 0, product.label() + ": C is zeroed before each call");
        }
    }
}
