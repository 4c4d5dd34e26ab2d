// The roofs `dino bench` measures in the same run: one core's FMA peak and one thread's memory bandwidth.
package dino.bench.harness;

import dino.api.TrainingConfig.Precision;

/**
 * Loaded only by `dino bench`, which needs the vector module anyway. Each probe runs after a warm-up for
 * {@code rounds} rounds of about {@code millis} ms, and reports its best round (a roof is what the hardware can
 * do; a round a neighbour interrupted only reads lower).
 * <ul>
 * <li>{@link #fmaGflops}: {@link FmaChains}, twelve independent chains of vector FMAs in registers at the preferred
 *     width, the loop the JMH suite's {@code FmaPeakBench} times: 2 × lanes FLOPs per FMA; the hardware's peak for
 *     one core, so a kernel run at a narrower {@code -Ddino.vectorBits} shows the share it gives up.</li>
 * <li>{@link #triadGBs}: STREAM's triad {@code a[i] = b[i] + s·c[i]} over three arrays of 32 MiB (larger than
 *     the last-level caches of current server parts), counted as STREAM counts it, 24 bytes per element
 *     (the write-allocate read of {@code a} not counted).</li>
 * </ul>
 */
public final class PeakProbe {
    private static final int TRIAD_LENGTH = 4 << 20;

    /** Sunk results, so no call is dead code. */
    static double sink;

    private PeakProbe() {
    }

    /** One core's FMA peak in GFLOP/s for this precision. */
    public static double fmaGflops(Precision p, int rounds, int millis) {
        boolean f64 = p == Precision.F64;
        double flopsPerCall = 2.0 * FmaChains.STEPS * FmaChains.CHAINS * FmaChains.lanes(f64);
        for (int i = 0; i < 20_000; i++) {
            sink += f64 ? FmaChains.doubles() : FmaChains.floats();
        }
        double best = 0;
        for (int r = 0; r < rounds; r++) {
            long calls = 0;
            long start = System.nanoTime();
            long until = start + millis * 1_000_000L;
            long now;
            do {
                for (int i = 0; i < 16; i++) {
                    sink += f64 ? FmaChains.doubles() : FmaChains.floats();
                }
                calls += 16;
                now = System.nanoTime();
            } while (now < until);
            best = Math.max(best, flopsPerCall * calls / (now - start));
        }
        return best;
    }

    /** One thread's memory bandwidth in GB/s (10⁹ bytes), by STREAM's triad. */
    public static double triadGBs(int rounds, int millis) {
        double[] a = new double[TRIAD_LENGTH];
        double[] b = new double[TRIAD_LENGTH];
        double[] c = new double[TRIAD_LENGTH];
        java.util.Arrays.fill(b, 1.0);
        java.util.Arrays.fill(c, 2.0);
        for (int i = 0; i < 10; i++) {
            triad(a, b, c, 0.5);
        }
        double best = 0;
        for (int r = 0; r < rounds; r++) {
            long passes = 0;
            long start = System.nanoTime();
            long until = start + millis * 1_000_000L;
            long now;
            do {
                triad(a, b, c, 0.5 + passes);
                passes++;
                now = System.nanoTime();
            } while (now < until);
            best = Math.max(best, 24.0 * TRIAD_LENGTH * passes / (now - start));
        }
        sink += a[TRIAD_LENGTH / 3];
        return best;
    }

    private static void triad(double[] a, double[] b, double[] c, double s) {
        for (int i = 0; i < a.length; i++) {
            a[i] = b[i] + s * c[i];
        }
    }
}
