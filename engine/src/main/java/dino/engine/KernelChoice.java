// Picks the kernel set (auto, scalar, vector) once, at start-up, and says which one it picked.
package dino.engine;

import java.util.Locale;

/**
 * Resolves {@code --kernels} / {@code -Ddino.kernels}: {@code scalar}, {@code vector} or {@code auto}
 * (the fastest available). Forcing a kernel set that is not available is a {@link DinoException}.
 */
public final class KernelChoice {
    /** System property that sets the default kernel set. */
    public static final String PROPERTY = "dino.kernels";

    private KernelChoice() {
    }

    /** The kernel set a name asks for; {@code null} or empty means the property, then auto. */
    public static Kernels select(String requested) {
        String name = requested == null || requested.isEmpty() ? System.getProperty(PROPERTY, "auto") : requested;
        switch (name.toLowerCase(Locale.ROOT)) {
            case "scalar":
            case "auto":
                return new ScalarKernels();
            case "vector":
                throw new DinoException("vector kernels are not available in this build: use --kernels scalar or auto");
            default:
                throw new DinoException("unknown kernel set '" + name + "': use auto, scalar or vector");
        }
    }

    /** Lines for {@code dino info}: what auto picks here and the vector width. */
    public static java.util.List<String> report() {
        Kernels auto = select("auto");
        return java.util.List.of("kernels (auto): " + auto.name(),
                "vector bits: " + (auto.vectorBits() > 0 ? String.valueOf(auto.vectorBits()) : "none (vector kernels not available)"));
    }

    /** One line for stderr saying what was picked, e.g. {@code kernels: scalar}. */
    public static String describe(Kernels kernels) {
        return kernels.vectorBits() > 0
                ? "kernels: " + kernels.name() + " (" + kernels.vectorBits() + "-bit vectors)"
                : "kernels: " + kernels.name();
    }
}
