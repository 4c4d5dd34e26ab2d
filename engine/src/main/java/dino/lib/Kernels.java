// Which kernel set runs a model: the Vector API's when the JVM runs it fast, else the scalar specification.
package dino.lib;

import dino.engine.kernels.KernelChoice;
import dino.engine.kernels.KernelSet;
import java.util.Optional;

/**
 * A chosen kernel set, immutable and shared by any number of models and runs. Results are the same bits
 * with either set except for {@code tanh} and {@code exp}, which differ by a few ulps (see docs/kernels.md).
 * The vector set needs {@code java --add-modules jdk.incubator.vector}.
 */
public final class Kernels {
    private static volatile Kernels auto;
    final KernelSet set;
    /** Why auto chose the scalar set, in one line, or null. */
    private final String warning;

    private Kernels(KernelSet set, String warning) {
        this.set = set;
        this.warning = warning;
    }

    /**
     * The set {@code -Ddino.kernels} names, else the vector kernels when the JVM has the vector module and the
     * C2 compiler, else the scalar ones (saying why in one line on stderr). Chosen once per JVM.
     */
    public static Kernels auto() {
        Kernels k = auto;
        if (k == null) {
            synchronized (Kernels.class) {
                if (auto == null) {
                    auto = named(null);
                    auto.warning().ifPresent(System.err::println);
                }
                k = auto;
            }
        }
        return k;
    }

    /**
     * The set a name asks for: {@code auto}, {@code scalar} or {@code vector}; null or empty means
     * {@code -Ddino.kernels}, then auto. Says nothing: when auto falls back to scalar, {@link #warning()} says why.
     */
    public static Kernels named(String name) {
        String[] warning = new String[1];
        KernelSet set = KernelChoice.select(name, line -> warning[0] = line);
        return new Kernels(set, warning[0]);
    }

    /** The scalar specification: plain loops, every sum in a stated order. */
    public static Kernels scalar() {
        return new Kernels(KernelSet.scalar(), null);
    }

    /** The one line saying why auto chose the scalar set (no vector module, or no C2), if it did. */
    public Optional<String> warning() {
        return Optional.ofNullable(warning);
    }

    /** {@code scalar} or {@code vector}. */
    public String name() {
        return set.name();
    }

    /** One line naming the set, e.g. {@code kernels: vector (512-bit vectors)}. */
    public String describe() {
        return KernelChoice.describe(set);
    }
}
