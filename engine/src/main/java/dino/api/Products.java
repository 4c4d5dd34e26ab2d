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
 * other model with {@code FMA} where the JVM fuses in hardware ({@link #fusedInHardware()}), unless the config says
 * otherwise. Without a hardware fused multiply-add (x86 before Haswell or Piledriver, or {@code -XX:UseAVX=0}) the JVM
 * computes each {@code fma} exactly in software, a thousand times slower: there the default is {@code MUL_ADD} too.
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

    /**
     * Whether this JVM computes a fused multiply-add in one instruction (HotSpot's {@code UseFMA}, read once); true
     * where the JVM does not say (another VM, no management module).
     */
    public static boolean fusedInHardware() {
        return Hardware.FMA;
    }

    /** Read on first use: the management beans take tens of milliseconds, which the reference run never pays. */
    private static final class Hardware {
        static final boolean FMA = read();

        private static boolean read() {
            try {
                return !"false".equals(java.lang.management.ManagementFactory
                        .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("UseFMA").getValue());
            } catch (RuntimeException | LinkageError e) {
                return true;
            }
        }
    }

    /** {@code mul-add} or {@code fma}: how model files and the command line spell it. */
    public String label() {
        return this == MUL_ADD ? "mul-add" : "fma";
    }
}
