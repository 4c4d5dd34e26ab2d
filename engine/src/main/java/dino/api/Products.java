// How a product adds each term to its chain: multiply then add (the reference's), or one fused multiply-add.
package dino.api;

import java.util.Locale;

/**
 * The two forms of the products' specification. Each element of a product is one chain over p in ascending order;
 * a step of it is
 * <ul>
 * <li>{@link #MUL_ADD}: {@code s + a·b}, the product rounded, then the sum (numpy's and the reference's
 *     arithmetic, so the reference run prints the reference's numbers), or</li>
 * <li>{@link #FMA}: {@code Math.fma(a, b, s)}, rounded once (what BLAS libraries and PyTorch do).</li>
 * </ul>
 * Either form is the same bits with every kernel set's tiles, splits and thread counts. A run's form is a setting
 * ({@link TrainingConfig#products()}), saved with its model: the reference model trains with {@code MUL_ADD}, every
 * other model with {@code FMA}, unless the config says otherwise.
 */
public enum Products {
    /** A multiply, then an add: the reference's arithmetic. */
    MUL_ADD,
    /** One fused multiply-add per step. */
    FMA;

    /** {@code mul-add} or {@code fma}, any case. */
    public static Products parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Products p : values()) {
            if (p.label().equals(n)) {
                return p;
            }
        }
        throw DinoException.naming("{products} must be mul-add or fma, got '" + name + "'");
    }

    /** {@code mul-add} or {@code fma}: how model files and the command line spell it. */
    public String label() {
        return this == MUL_ADD ? "mul-add" : "fma";
    }
}
