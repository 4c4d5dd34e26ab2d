// The FMA peak's loop, one source for `dino bench`'s probe (PeakProbe) and the JMH suite (FmaPeakBench).
package dino.bench.harness;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Twelve independent chains of vector FMAs in registers (more than latency × issue width on current cores), at the
 * preferred vector width: one call is {@link #STEPS} × {@link #CHAINS} vector FMAs, 2 × lanes FLOPs each. (The kernels
 * use a multiply and an add instead of FMA, for bits equal to the scalar specification; on cores with separate add
 * pipes that reaches the same rate.) Loaded only by the probes, which need the vector module anyway.
 */
public final class FmaChains {
    public static final int STEPS = 4096;
    public static final int CHAINS = 12;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    private FmaChains() {
    }

    /** Lanes of one vector of the precision: {@code f64} true for doubles. */
    public static int lanes(boolean f64) {
        return f64 ? DOUBLES.length() : FLOATS.length();
    }

    /** One call in f64; returns the chains' sum, to sink. */
    public static double doubles() {
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

    /** One call in f32; returns the chains' sum, to sink. */
    public static double floats() {
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
