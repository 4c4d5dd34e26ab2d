// On JDK 17, gives the Vector API's shared operator lookups a many-class profile before C2 compiles any kernel.
package dino.engine.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The cure for the JDK 17 fault of issue 19 (docs/jit-notes.md, "The JDK 17 fault"). Every lanewise
 * operation of the Vector API casts its operator to the class that implements it, in two shared methods
 * ({@code VectorOperators.opKind} and {@code opCode}). When C2 compiles them after seeing one operator class,
 * it speculates on that class, and each later call with another class (a subtraction after an addition, a
 * comparison, a fused multiply-add) is a {@code class_check} trap, counted in those methods' profiles. C2 adds
 * up the trap counts of every method it inlines into a compilation; a product tile inlines the two methods
 * once per operation (32 times in a 4 × 4 tile), so a few traps each put the tile over
 * {@code -XX:PerMethodTrapLimit} (100). C2 then stops trusting type profiles in the whole tile: calls it
 * would have bound to {@code Float512Vector} get a virtual-call fallback, the vector's class and length stop
 * being constants, the intrinsics fail ("missing constant") and every vector operation of the tile runs as
 * allocating Java code, several times slower. The gated cells' kernels use many operator classes, so the
 * traps came when the LSTM and GRU ran before the tiles were compiled.
 *
 * <p>The same happens through the other shared entry points of the Vector API, which take a lambda per
 * vector class: {@code VectorSupport.load} (every {@code fromArray}), {@code store}, {@code broadcastCoerced},
 * the lane-wise and comparison entries and the operator caches ({@code ImplCache.find}). The batch-1 f64 run
 * (issue 27) trapped in {@code VectorSupport.load}, 3 class_check traps inlined into every load of a tile,
 * and C2 compiled {@code tile4x4} with 12 virtual calls and {@code tanhRow} with 16-24 in some launches.
 *
 * <p>Calling all of them, with several operator classes, on all four lane types the kernels use (the f64
 * kernels' doubles and their longs, the f32 kernels' floats and their ints, each in the kernels' own shape),
 * before anything is compiled, leaves their profiles megamorphic: C2 never speculates on one class there and
 * never traps, and in a kernel, where the class is a constant, the casts fold away as before. It runs once
 * per process, when the vector kernels load, and takes about 0.1 s (the old cure, floats only, took as long: most
 * of it is loading the vector classes); JDK 25's Vector API does
 * not have the fault, and {@code -Ddino.operatorProfiles=off} skips it (to reproduce the fault).
 */
final class OperatorProfiles {
    static final String PROPERTY = "dino.operatorProfiles";
    private static final int ROUNDS = 100;
    /** Sunk results, so no call is dead code. */
    static volatile double sink;

    static {
        if (Runtime.version().feature() < 25 && !"off".equals(System.getProperty(PROPERTY))) {
            pollute();
        }
    }

    private OperatorProfiles() {
    }

    /**
     * Every kind of call the kernels make (loads, stores, broadcasts, binary, associative, unary, ternary and
     * shift operators, comparisons, blends, reductions, lane reads and the views between floating and integral
     * lanes), interleaved over the four lane types in each round, so that whenever profiling starts it sees them
     * all.
     */
    private static void pollute() {
        // The kernels' own species: a vector class of another shape would widen profiles that must stay narrow.
        VectorSpecies<Double> d = VectorKernels.SPECIES;
        VectorSpecies<Float> f = VectorFloatKernels.SPECIES;
        double[] ds = new double[d.length()];
        float[] fs = new float[f.length()];
        long[] ls = new long[d.length()];
        int[] is = new int[f.length()];
        ds[1] = -1.5;
        fs[1] = -1.5f;
        ls[1] = 3;
        is[1] = 3;
        double acc = 0;
        for (int i = 0; i < ROUNDS; i++) {
            DoubleVector x = DoubleVector.fromArray(d, ds, 0);
            DoubleVector y = x.sub(x).add(x).mul(x).div(DoubleVector.broadcast(d, 2.0)).neg().abs().min(x).max(x)
                    .fma(x, x).lanewise(VectorOperators.MAX, x);
            y = y.blend(x, y.compare(VectorOperators.LT, x)).blend(x, y.compare(VectorOperators.GT, 0.5));
            LongVector lx = y.viewAsIntegralLanes().sub(LongVector.fromArray(d.withLanes(long.class), ls, 0))
                    .lanewise(VectorOperators.ASHR, 1).lanewise(VectorOperators.LSHL, 2).and(7L).or(1L);
            lx.intoArray(ls, 0);
            lx.add(1L).viewAsFloatingLanes().intoArray(ds, 0);
            acc += y.reduceLanes(VectorOperators.ADD) + y.lane(1) + lx.lane(1);

            FloatVector u = FloatVector.fromArray(f, fs, 0);
            FloatVector v = u.sub(u).add(u).mul(u).div(FloatVector.broadcast(f, 2.0f)).neg().abs().min(u).max(u)
                    .fma(u, u).lanewise(VectorOperators.MAX, u);
            v = v.blend(u, v.compare(VectorOperators.LT, u)).blend(u, v.compare(VectorOperators.GT, 0.5f));
            IntVector iu = v.viewAsIntegralLanes().sub(IntVector.fromArray(f.withLanes(int.class), is, 0))
                    .lanewise(VectorOperators.ASHR, 1).lanewise(VectorOperators.LSHL, 2).and(7).or(1);
            iu.intoArray(is, 0);
            iu.add(1).viewAsFloatingLanes().intoArray(fs, 0);
            acc += v.reduceLanes(VectorOperators.ADD) + v.lane(1) + iu.lane(1);
            ds[1] = -1.5;
            fs[1] = -1.5f;
        }
        sink = acc;
    }
}
