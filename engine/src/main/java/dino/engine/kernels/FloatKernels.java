// GENERATED from engine/src/main/templates/dino/engine/kernels/Base-Kernels.java.template (f32): edit the template, not this file (see KernelTemplates).
// What the f32 kernel sets share that is not a kernel: the element type and its plain array access.
package dino.engine.kernels;

import dino.api.TrainingConfig.Precision;
import java.util.Arrays;

/** The f32 array handling of {@link ScalarFloatKernels} and {@link VectorFloatKernels}: allocation, element access, zeroing. */
abstract class FloatKernels implements Kernels<float[]> {

    @Override
    public final Precision precision() {
        return Precision.F32;
    }

    @Override
    public final float[] allocate(int n) {
        return new float[n];
    }

    @Override
    public final double get(float[] x, int i) {
        return x[i];
    }

    @Override
    public final void set(float[] x, int i, double value) {
        x[i] = (float) value;
    }

    @Override
    public final void zero(float[] x, int off, int len) {
        Arrays.fill(x, off, off + len, 0.0f);
    }
}
