// The products' form the kernel tests check: mul-add, or fma in the Surefire execution that sets it.
package dino.engine.kernels;

import dino.api.Products;

/**
 * The kernel tests compare each vector set with the specification in one form of the products; the engine's
 * {@code products-fma} Surefire execution runs them again with {@code -Ddino.test.products=fma}, so a tile that
 * fuses where its specification does not (or the other way round) fails one of the two runs.
 */
final class FormUnderTest {
    /** The form these tests check. */
    static final Products FORM = Products.parse(System.getProperty("dino.test.products", "mul-add"));
    private static final KernelSet SCALAR = KernelSet.scalar();

    private FormUnderTest() {
    }

    /** The f64 specification in the form under test. */
    static Kernels<double[]> scalar64() {
        return SCALAR.f64(FORM);
    }

    /** The f32 specification in the form under test. */
    static Kernels<float[]> scalar32() {
        return SCALAR.f32(FORM);
    }

    /** The vector kernels in the form under test. */
    static Kernels<double[]> vector64() {
        return KernelChoice.vectorOnly().f64(FORM);
    }

    /** The f32 vector kernels in the form under test. */
    static Kernels<float[]> vector32() {
        return KernelChoice.vectorOnly().f32(FORM);
    }
}
