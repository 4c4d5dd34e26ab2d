// GENERATED from engine/src/main/templates/dino/engine/kernels/Base-Kernels.java.template (f64): edit the template, not this file (see KernelTemplates).
// What the f64 kernel sets share that is not a kernel: the element type and its plain array access.
package dino.engine.kernels;

import dino.api.TrainingConfig.Precision;
import java.util.Arrays;

/** The f64 array handling of {@link ScalarKernels} and {@link VectorKernels}: allocation, element access, zeroing. */
abstract class DoubleKernels implements Kernels<double[]> {

    @Override
    public final Precision precision() {
        return Precision.F64;
    }

    @Override
    public final double[] allocate(int n) {
        return new double[n];
    }

    @Override
    public final double get(double[] x, int i) {
        return x[i];
    }

    @Override
    public final void set(double[] x, int i, double value) {
        x[i] = value;
    }

    @Override
    public final void zero(double[] x, int off, int len) {
        Arrays.fill(x, off, off + len, 0.0);
    }
}
