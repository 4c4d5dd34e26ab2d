// One implementation of the kernels (scalar or vector) in both precisions, as KernelChoice picks it.
package dino.engine.kernels;

/** The f64 and f32 kernels of one implementation, chosen once at start-up and kept in final fields. */
public final class KernelSet {
    public final Kernels<double[]> f64;
    public final Kernels<float[]> f32;

    public KernelSet(Kernels<double[]> f64, Kernels<float[]> f32) {
        if (!f64.name().equals(f32.name())) {
            throw new IllegalArgumentException("f64 kernels " + f64.name() + " with f32 kernels " + f32.name());
        }
        this.f64 = f64;
        this.f32 = f32;
    }

    /** The scalar specification in both precisions. */
    public static KernelSet scalar() {
        return new KernelSet(new ScalarKernels(), new ScalarFloatKernels());
    }

    /** {@code scalar} or {@code vector}. */
    public String name() {
        return f64.name();
    }

    /** Vector width in bits, or 0 for scalar code. */
    public int vectorBits() {
        return f64.vectorBits();
    }

    /** The kernels of one precision. */
    public Kernels<?> of(Precision precision) {
        return precision == Precision.F64 ? f64 : f32;
    }
}
