// Picks the kernel set (auto, scalar, vector) once, at start-up, and says which one it picked.
package dino.engine.kernels;

import dino.api.DinoException;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Resolves {@code --kernels} / {@code -Ddino.kernels}: {@code scalar}, {@code vector} or {@code auto}
 * (vector when the JVM can run it fast, else scalar with one warning). Forcing a kernel set that is not
 * available is a {@link DinoException}.
 *
 * <p>{@code VectorKernels}, {@code VectorFloatKernels} and their fused twins are the only classes that touch
 * {@code jdk.incubator.vector}; they are loaded by name, and only when the module is in the boot
 * layer, so dino runs without {@code --add-modules}.
 * {@code vector} and {@code auto} use the vector kernels from the first step (a scalar warm start, scalar
 * kernels while a second thread compiled the vector ones, measured slower: docs/jit-notes.md).
 */
public final class KernelChoice {
    /** System property that sets the default kernel set. */
    public static final String PROPERTY = "dino.kernels";
    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    private KernelChoice() {
    }

    /** The kernel set a name asks for; {@code null} or empty means the property, then auto. Warns on stderr. */
    public static KernelSet select(String requested) {
        return select(requested, System.err::println);
    }

    /**
     * The kernel set a name asks for; {@code null} or empty means the property, then auto.
     *
     * @param warning receives the one line explaining why {@code auto} fell back to scalar
     */
    public static KernelSet select(String requested, Consumer<String> warning) {
        String name = requested == null || requested.isEmpty() ? System.getProperty(PROPERTY, "auto") : requested;
        switch (name.toLowerCase(Locale.ROOT)) {
            case "scalar":
                return KernelSet.scalar();
            case "vector":
                if (!vectorModulePresent()) {
                    throw new DinoException("--kernels vector needs the module " + VECTOR_MODULE
                            + ": run java with --add-modules " + VECTOR_MODULE);
                }
                return loadVector();
            case "auto": {
                String missing = !vectorModulePresent()
                        ? "module " + VECTOR_MODULE + " not present (run java with --add-modules " + VECTOR_MODULE + ")"
                        : whyNoC2();
                if (missing != null) {
                    warning.accept("dino: warning: using scalar kernels: " + missing);
                    return KernelSet.scalar();
                }
                return loadVector();
            }
            default:
                throw new DinoException("unknown kernel set '" + name + "': use auto, scalar or vector");
        }
    }

    /** Lines for {@code dino info}: what auto picks here, why, and the vector width (starts no warm-up). */
    public static java.util.List<String> report() {
        String missing = !vectorModulePresent()
                ? "module " + VECTOR_MODULE + " not present (run java with --add-modules " + VECTOR_MODULE + ")"
                : whyNoC2();
        String products = "products: mul-add for the reference model, fma for every other (train --products overrides)";
        if (missing != null) {
            return java.util.List.of("kernels (auto): scalar, because the " + missing, "vector bits: none", products);
        }
        return java.util.List.of("kernels (auto): vector", "vector bits: " + loadVector().vectorBits(), products);
    }

    /** The vector kernels (tests and benchmarks); a DinoException without the module. */
    public static KernelSet vectorOnly() {
        if (!vectorModulePresent()) {
            throw new DinoException("vector kernels need the module " + VECTOR_MODULE
                    + ": run java with --add-modules " + VECTOR_MODULE);
        }
        return loadVector();
    }

    /** One line for stderr saying what was picked, e.g. {@code kernels: scalar}. */
    public static String describe(KernelSet kernels) {
        return kernels.vectorBits() > 0
                ? "kernels: " + kernels.name() + " (" + kernels.vectorBits() + "-bit vectors)"
                : "kernels: " + kernels.name();
    }

    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /**
     * Null when the JIT is HotSpot's C2 (which compiles the Vector API to vector instructions), else the
     * reason it is not: another VM, interpreter only ({@code -Xint}), C1 only
     * ({@code -XX:TieredStopAtLevel=1}, which HotSpot reports as "emulated-client"), or a JVMCI compiler.
     * Read from system properties, because the management beans cost start-up time;
     * {@code -XX:TieredStopAtLevel=2} or {@code 3} go unnoticed.
     */
    static String whyNoC2() {
        String vm = System.getProperty("java.vm.name", "");
        String info = System.getProperty("java.vm.info", "");
        if (!vm.contains("HotSpot") && !vm.contains("OpenJDK")) {
            return "the JVM is " + vm + ", not HotSpot";
        }
        if (info.contains("interpreted mode")) {
            return "the JVM runs interpreted only";
        }
        if (info.contains("emulated-client")) {
            return "C2 is off (-XX:TieredStopAtLevel below 4)";
        }
        if (Boolean.getBoolean("jdk.internal.vm.ci.enabled")) {
            return "JVMCI is enabled; the vector kernels are tuned for C2";
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static KernelSet loadVector() {
        try {
            KernelSet set = new KernelSet((Kernels<double[]>) load("VectorKernels"), (Kernels<float[]>) load("VectorFloatKernels"),
                    (Kernels<double[]>) load("VectorFmaKernels"), (Kernels<float[]>) load("VectorFloatFmaKernels"));
            Class.forName("dino.engine.kernels.OperatorProfiles"); // a JDK 17 JIT workaround: see OperatorProfiles
            return set;
        } catch (ExceptionInInitializerError e) {
            if (e.getCause() instanceof DinoException) {
                throw (DinoException) e.getCause();
            }
            throw e;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the vector kernels", e);
        }
    }

    private static Object load(String name) throws ReflectiveOperationException {
        return Class.forName("dino.engine.kernels." + name).getDeclaredConstructor().newInstance();
    }
}
