// Which kernel set runs a model: the Vector API's when the JVM runs it fast, else the scalar specification.
package dino.lib;

import dino.engine.kernels.KernelChoice;
import dino.engine.kernels.KernelSet;
import java.util.function.Consumer;

/**
 * A chosen kernel set, immutable and shared by any number of models and runs. Results are the same bits
 * with either set except for {@code tanh} and {@code exp}, which differ by a few ulps (see docs/kernels.md).
 * The vector set needs {@code java --add-modules jdk.incubator.vector}.
 */
public final class Kernels {
    private static volatile Kernels auto;
    final KernelSet set;

    private Kernels(KernelSet set) {
        this.set = set;
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
                    auto = new Kernels(KernelChoice.select(null, System.err::println));
                }
                k = auto;
            }
        }
        return k;
    }

    /**
     * The set a name asks for: {@code auto}, {@code scalar} or {@code vector}; null or empty means
     * {@code -Ddino.kernels}, then auto. {@code warnings} hears the one line saying why auto fell back to scalar.
     */
    public static Kernels select(String name, Consumer<String> warnings) {
        return new Kernels(KernelChoice.select(name, warnings));
    }

    /** The scalar specification: plain loops, every sum in a stated order. */
    public static Kernels scalar() {
        return new Kernels(KernelSet.scalar());
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
