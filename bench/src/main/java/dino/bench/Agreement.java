// Scalar and vector kernels must agree on the benchmark's workload before anything is timed.
package dino.bench;

import dino.api.Products;
import dino.api.TrainingConfig.Precision;
import dino.engine.kernels.KernelChoice;
import dino.engine.kernels.KernelSet;
import dino.bench.workload.Workload;
import dino.bench.workload.WorkloadKernel;

/**
 * Runs every kernel of the workload once on both sets and compares what each returns. The vector
 * kernels' products and element-wise passes are the specification bit for bit; tanh and exp differ by
 * at most a few ulps, and a training step sums hundreds of such terms into its loss. Only the first call
 * is compared: the workload's weights are large enough for its hidden state to be chaotic, so the
 * states that later calls carry on from drift apart (in f32 the third batched step's loss differed by
 * 3·10⁻³), which says nothing about the kernels. The tolerance is a
 * relative 1e-6 in f64 and 1e-4 in f32: far looser than the per-kernel bounds, it guards against a wrong
 * kernel (which is off by far more), not against rounding, which VectorKernelsTest checks to the ulp.
 */
final class Agreement {

    private Agreement() {
    }

    static void check(int hidden, int vocab, int batch, Precision precision, Products products) {
        Workload<?> scalar = new Workload<>(KernelSet.scalar().of(precision, products), hidden, vocab, batch);
        Workload<?> vector;
        try {
            vector = new Workload<>(KernelChoice.vectorOnly().of(precision, products), hidden, vocab, batch);
        } catch (RuntimeException e) {
            return; // No vector kernels in this JVM: only the scalar benchmarks can run, nothing to compare.
        }
        double tolerance = precision == Precision.F64 ? 1e-6 : 1e-4;
        for (WorkloadKernel kernel : WorkloadKernel.values()) {
            double s = scalar.run(kernel, 1);
            double v = vector.run(kernel, 1);
            if (Math.abs(s - v) > tolerance * (1 + Math.abs(s))) {
                throw new IllegalStateException(kernel.label() + " (" + precision.label() + ", n_a=" + hidden + "): scalar and "
                        + "vector disagree: " + s + " vs " + v);
            }
        }
    }

}
