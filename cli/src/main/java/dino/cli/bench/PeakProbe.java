// The roofs `dino bench` measures in the same run: one core's FMA peak and one thread's memory bandwidth.
package dino.cli.bench;

import dino.api.TrainingConfig.Precision;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Loaded only by `dino bench`, which needs the vector module anyway. Each probe runs after a warm-up for
 * {@code rounds} rounds of about {@code millis} ms, and reports its best round (a roof is what the hardware can
 * do; a round a neighbour interrupted only reads lower).
 * <ul>
 * <li>{@link #fmaGflops}: twelve independent chains of vector FMAs in registers at the preferred width, as the JMH
 *     suite's {@code FmaPeakBench}: 2 × lanes FLOPs per FMA; the hardware's peak for one core, so a kernel run
 *     at a narrower {@code -Ddino.vectorBits} shows the share it gives up.</li>
 * <li>{@link #triadGBs}: STREAM's triad {@code a[i] = b[i] + s·c[i]} over three arrays of 32 MiB (larger than
 *     the last-level caches of current server parts), counted as STREAM counts it, 24 bytes per element
 *     (the write-allocate read of {@code a} not counted).</li>
 * </ul>
 */
final class PeakProbe {
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int STEPS = 4096;
    private static final int CHAINS = 12;
    private static final int TRIAD_LENGTH = 4 << 20;

    /** Sunk results, so no call is dead code. */
    static double sink;

    private PeakProbe() {
    }

    /** One core's FMA peak in GFLOP/s for this precision. */
    static double fmaGflops(Precision p, int rounds, int millis) {
        boolean f64 = p == Precision.F64;
        double flopsPerCall = 2.0 * STEPS * CHAINS * (f64 ? DOUBLES.length() : FLOATS.length());
        for (int i = 0; i < 20_000; i++) {
            sink += f64 ? doubles() : floats();
        }
        double best = 0;
        for (int r = 0; r < rounds; r++) {
            long calls = 0;
            long start = System.nanoTime();
            long until = start + millis * 1_000_000L;
            long now;
            do {
                for (int i = 0; i < 16; i++) {
                    sink += f64 ? doubles() : floats();
                }
                calls += 16;
                now = System.nanoTime();
            } while (now < until);
            best = Math.max(best, flopsPerCall * calls / (now - start));
        }
        return best;
    }

    /** One thread's memory bandwidth in GB/s (10⁹ bytes), by STREAM's triad. */
    static double triadGBs(int rounds, int millis) {
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

    private static double doubles() {
        DoubleVector x = DoubleVector.broadcast(DOUBLES, 0.999999);
        DoubleVector y = DoubleVector.broadcast(DOUBLES, 1e-7);
        DoubleVector a0 = DoubleVector.broadcast(DOUBLES, 1.0);
        DoubleVector a1 = DoubleVector.broadcast(DOUBLES, 1.1);
        DoubleVector a2 = DoubleVector.broadcast(DOUBLES, 1.2);
        DoubleVector a3 = DoubleVector.broadcast(DOUBLES, 1.3);
        DoubleVector a4 = DoubleVector.broadcast(DOUBLES, 1.4);
        DoubleVector a5 = DoubleVector.broadcast(DOUBLES, 1.5);
        DoubleVector a6 = DoubleVector.broadcast(DOUBLES, 1.6);
        DoubleVector a7 = DoubleVector.broadcast(DOUBLES, 1.7);
        DoubleVector a8 = DoubleVector.broadcast(DOUBLES, 1.8);
        DoubleVector a9 = DoubleVector.broadcast(DOUBLES, 1.9);
        DoubleVector a10 = DoubleVector.broadcast(DOUBLES, 2.0);
        DoubleVector a11 = DoubleVector.broadcast(DOUBLES, 2.1);
        for (int i = 0; i < STEPS; i++) {
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }

    private static double floats() {
        FloatVector x = FloatVector.broadcast(FLOATS, 0.9999f);
        FloatVector y = FloatVector.broadcast(FLOATS, 1e-4f);
        FloatVector a0 = FloatVector.broadcast(FLOATS, 1.0f);
        FloatVector a1 = FloatVector.broadcast(FLOATS, 1.1f);
        FloatVector a2 = FloatVector.broadcast(FLOATS, 1.2f);
        FloatVector a3 = FloatVector.broadcast(FLOATS, 1.3f);
        FloatVector a4 = FloatVector.broadcast(FLOATS, 1.4f);
        FloatVector a5 = FloatVector.broadcast(FLOATS, 1.5f);
        FloatVector a6 = FloatVector.broadcast(FLOATS, 1.6f);
        FloatVector a7 = FloatVector.broadcast(FLOATS, 1.7f);
        FloatVector a8 = FloatVector.broadcast(FLOATS, 1.8f);
        FloatVector a9 = FloatVector.broadcast(FLOATS, 1.9f);
        FloatVector a10 = FloatVector.broadcast(FLOATS, 2.0f);
        FloatVector a11 = FloatVector.broadcast(FLOATS, 2.1f);
        for (int i = 0; i < STEPS; i++) {
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }
}
