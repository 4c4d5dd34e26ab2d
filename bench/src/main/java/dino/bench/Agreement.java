// Scalar and vector kernels must agree on the benchmark's workload before anything is timed.
package dino.bench;

import dino.engine.kernels.KernelChoice;
import dino.engine.kernels.KernelSet;
import dino.engine.kernels.Precision;
import dino.engine.perf.Workload;

/**
 * Runs every kernel of the workload a few times on both sets and compares what each returns. The vector
 * kernels' products and element-wise passes are the specification bit for bit; tanh and exp differ by
 * at most 3 and 2 ulps (f64; none in f32), and chaos grows that over repeated training steps, so the
 * tolerance is a relative 1e-6: far looser than the per-kernel bounds, it guards against a wrong kernel
 * (which is off by far more), not against rounding, which VectorKernelsTest checks to the ulp.
 */
final class Agreement {
    private static final double TOLERANCE = 1e-6;

    private Agreement() {
    }

    static void check(int hidden, int vocab, int batch, Precision precision) {
        Workload<?> scalar = new Workload<>(KernelSet.scalar().of(precision), hidden, vocab, batch);
        Workload<?> vector;
        try {
            vector = new Workload<>(KernelChoice.vectorOnly().of(precision), hidden, vocab, batch);
        } catch (RuntimeException e) {
            return; // No vector kernels in this JVM: only the scalar benchmarks can run, nothing to compare.
        }
        for (String kernel : Workload.KERNELS) {
            for (int i = 0; i < 3; i++) {
                double s = scalar.run(kernel, 1);
                double v = vector.run(kernel, 1);
                if (Math.abs(s - v) > TOLERANCE * (1 + Math.abs(s))) {
                    throw new IllegalStateException(kernel + " (" + precision.label() + ", n_a=" + hidden + "): scalar and "
                            + "vector disagree on call " + i + ": " + s + " vs " + v);
                }
            }
        }
    }

}
