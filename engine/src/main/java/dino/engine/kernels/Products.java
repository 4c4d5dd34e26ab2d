// How a product adds each term to its chain: multiply then add (the default), or one fused multiply-add.
package dino.engine.kernels;

import dino.engine.DinoException;

/**
 * The products' specification in one of two forms, chosen once per process with {@code -Ddino.products}:
 * <ul>
 * <li>{@code mul-add}, the default: each step of an element's chain is {@code s + a·b}, the product rounded,
 *     then the sum (numpy's and the reference's arithmetic);</li>
 * <li>{@code fma}: each step is {@code Math.fma(a, b, s)}, rounded once.</li>
 * </ul>
 * The scalar specification ({@code product} in the scalar kernels) and the vector tiles take the same form,
 * so each kernel set still gives the specification's bits whatever the tile, the split or the thread count.
 * {@code fma} changes the bits of every product, so the default run prints the reference's numbers only with
 * {@code mul-add}. It was measured faster on AMD Zen 4 (docs/jit-notes.md), not on Zen 5.
 */
public final class Products {
    /** The system property that chooses the form: {@code mul-add} or {@code fma}. */
    public static final String PROPERTY = "dino.products";
    /** Whether the products use fused multiply-adds (read once, so that the JIT folds it away). */
    static final boolean FUSED = fused(System.getProperty(PROPERTY));

    private Products() {
    }

    /** {@code mul-add} or {@code fma}: the form this process's products take. */
    public static String form() {
        return FUSED ? "fma" : "mul-add";
    }

    static boolean fused(String form) {
        if (form == null || form.isEmpty()) {
            return false;
        }
        switch (form.trim()) {
            case "mul-add":
                return false;
            case "fma":
                return true;
            default:
                throw new DinoException("-D" + PROPERTY + " must be mul-add or fma, got '" + form + "'");
        }
    }
}
