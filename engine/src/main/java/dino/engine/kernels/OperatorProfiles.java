// On JDK 17, gives the Vector API's shared operator lookups a many-class profile before C2 compiles any kernel.
package dino.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
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
 * <p>Calling the lookups with five operator classes (on the kernels' own species) before anything is compiled
 * leaves their profiles
 * polymorphic, so C2 never speculates on them and never traps there: a tile's casts of its constant operators
 * fold away as before. It runs once per process, when the vector kernels load, and takes a few milliseconds;
 * JDK 25's Vector API does not have the fault, and {@code -Ddino.operatorProfiles=off} skips it (to reproduce
 * the fault).
 */
final class OperatorProfiles {
    static final String PROPERTY = "dino.operatorProfiles";
    private static final int ROUNDS = 3_000;
    /** Sunk results, so no call is dead code. */
    static volatile float sink;

    static {
        if (Runtime.version().feature() < 25 && !"off".equals(System.getProperty(PROPERTY))) {
            pollute();
        }
    }

    private OperatorProfiles() {
    }

    /** Binary, associative, unary, ternary and comparison operators, interleaved, through the generic lanewise. */
    private static void pollute() {
        // The kernels' own species: a second vector class would widen other profiles that must stay narrow.
        VectorSpecies<Float> species = VectorFloatKernels.SPECIES;
        float[] values = new float[species.length()];
        values[1] = -1.5f;
        FloatVector x = FloatVector.fromArray(species, values, 0);
        float acc = 0;
        for (int i = 0; i < ROUNDS; i++) {
            FloatVector y = x.lanewise(VectorOperators.SUB, x)
                    .lanewise(VectorOperators.ADD, x)
                    .lanewise(VectorOperators.NEG)
                    .lanewise(VectorOperators.FMA, x, x);
            VectorMask<Float> m = y.compare(VectorOperators.LT, x);
            acc += y.lane(0) + (m.anyTrue() ? 1 : 0);
        }
        sink = acc;
    }
}
