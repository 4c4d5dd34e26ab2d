// One implementation of the kernels (scalar or vector) in both precisions and both forms of the products.
package dino.engine.kernels;

import dino.api.Products;
import dino.api.TrainingConfig.Precision;

/**
 * The f64 and f32 kernels of one implementation, chosen once at start-up and kept in final fields: each precision
 * in both forms of the products ({@link Products}), since the form is a setting of each run, and each form is a
 * class of its own (a constant the JIT folds into the tiles).
 */
public final class KernelSet {
    private final Kernels<double[]> f64;
    private final Kernels<float[]> f32;
    private final Kernels<double[]> f64Fma;
    private final Kernels<float[]> f32Fma;

    /** One implementation: the same name and width in every kernel, each in the form its place says. */
    public KernelSet(Kernels<double[]> f64, Kernels<float[]> f32, Kernels<double[]> f64Fma, Kernels<float[]> f32Fma) {
        for (Kernels<?> k : java.util.List.of(f32, f64Fma, f32Fma)) {
            if (!f64.name().equals(k.name()) || f64.vectorBits() != k.vectorBits()) {
                throw new IllegalArgumentException("f64 kernels " + f64.name() + " with kernels " + k.name());
            }
        }
        if (f64.products() != Products.MUL_ADD || f32.products() != Products.MUL_ADD
                || f64Fma.products() != Products.FMA || f32Fma.products() != Products.FMA) {
            throw new IllegalArgumentException("kernels in the wrong form of the products");
        }
        this.f64 = f64;
        this.f32 = f32;
        this.f64Fma = f64Fma;
        this.f32Fma = f32Fma;
    }

    /** The scalar specification in both precisions and forms. */
    public static KernelSet scalar() {
        return new KernelSet(new ScalarKernels(), new ScalarFloatKernels(), new ScalarFmaKernels(), new ScalarFloatFmaKernels());
    }

    /** {@code scalar} or {@code vector}. */
    public String name() {
        return f64.name();
    }

    /** Vector width in bits, or 0 for scalar code. */
    public int vectorBits() {
        return f64.vectorBits();
    }

    /** The kernels of one precision whose products take one form. */
    public Kernels<?> of(Precision precision, Products products) {
        return precision == Precision.F64 ? f64(products) : f32(products);
    }

    /** The f64 kernels in one form of the products. */
    public Kernels<double[]> f64(Products products) {
        return products == Products.FMA ? f64Fma : f64;
    }

    /** The f32 kernels in one form of the products. */
    public Kernels<float[]> f32(Products products) {
        return products == Products.FMA ? f32Fma : f32;
    }
}
