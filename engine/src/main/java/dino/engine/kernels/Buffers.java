// Moves numbers between a kernel set's arrays and double[] (model files and checkpoints), off the hot path.
package dino.engine.kernels;

import dino.api.TrainingConfig.Precision;

/** Conversions between a precision's arrays and the double[] that model files and checkpoints hold. */
public final class Buffers {
    private Buffers() {
    }

    /**
     * The kernels' array holding {@code values}: for f64 the same array (shared, so updates show in it),
     * for f32 a float copy rounded to nearest.
     */
    @SuppressWarnings("unchecked")
    public static <A> A of(Kernels<A> kernels, double[] values) {
        if (kernels.precision() == Precision.F64) {
            return (A) values;
        }
        A out = kernels.allocate(values.length);
        for (int i = 0; i < values.length; i++) {
            kernels.set(out, i, values[i]);
        }
        return out;
    }

    /** A double[] copy of n elements of x. */
    public static <A> double[] toDoubles(Kernels<A> kernels, A x, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = kernels.get(x, i);
        }
        return out;
    }

    /** Copies {@code values} into x, rounding to the kernels' precision. */
    public static <A> void copy(Kernels<A> kernels, double[] values, A x) {
        for (int i = 0; i < values.length; i++) {
            kernels.set(x, i, values[i]);
        }
    }
}
