// JMH: this core's fused multiply-add throughput, the peak that Report measures kernel speed against.
package dino.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Twelve independent chains of vector FMAs in registers (more than latency × issue width on current
 * cores), at the preferred vector width: the score is nanoseconds per vector FMA, so the peak is
 * {@code 2 × lanes / score} GFLOP/s for one core. Measured in the same run as the kernels, so a
 * kernel's share of peak does not depend on an assumed clock. (The kernels use a multiply and an add
 * instead of FMA, for bits equal to the scalar specification; on cores with separate add pipes that
 * reaches the same rate.) More iterations than the other suites, and each
 * precision's loop compiled on its own (not inlined into JMH's loop, where C2 once compiled it to a third
 * slower code after the warm-up).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = Defaults.VECTOR_MODULE)
@SuppressWarnings("checkstyle:MethodName")
public class FmaPeakBench {
    static final int STEPS = 4096;
    static final int CHAINS = 12;

    /** Which precision to probe. */
    @State(Scope.Thread)
    public static class Probe {
        @Param({"f64", "f32"})
        public String precision;
    }

    @Benchmark
    @OperationsPerInvocation(STEPS * CHAINS)
    public double fma_peak(Probe p) {
        return p.precision.equals("f64") ? doubles() : floats();
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static double doubles() {
        var s = DoubleVector.SPECIES_PREFERRED;
        DoubleVector x = DoubleVector.broadcast(s, 0.999999);
        DoubleVector y = DoubleVector.broadcast(s, 1e-7);
        DoubleVector a0 = DoubleVector.broadcast(s, 1.0);
        DoubleVector a1 = DoubleVector.broadcast(s, 1.1);
        DoubleVector a2 = DoubleVector.broadcast(s, 1.2);
        DoubleVector a3 = DoubleVector.broadcast(s, 1.3);
        DoubleVector a4 = DoubleVector.broadcast(s, 1.4);
        DoubleVector a5 = DoubleVector.broadcast(s, 1.5);
        DoubleVector a6 = DoubleVector.broadcast(s, 1.6);
        DoubleVector a7 = DoubleVector.broadcast(s, 1.7);
        DoubleVector a8 = DoubleVector.broadcast(s, 1.8);
        DoubleVector a9 = DoubleVector.broadcast(s, 1.9);
        DoubleVector a10 = DoubleVector.broadcast(s, 2.0);
        DoubleVector a11 = DoubleVector.broadcast(s, 2.1);
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

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static double floats() {
        var s = FloatVector.SPECIES_PREFERRED;
        FloatVector x = FloatVector.broadcast(s, 0.9999f);
        FloatVector y = FloatVector.broadcast(s, 1e-4f);
        FloatVector a0 = FloatVector.broadcast(s, 1.0f);
        FloatVector a1 = FloatVector.broadcast(s, 1.1f);
        FloatVector a2 = FloatVector.broadcast(s, 1.2f);
        FloatVector a3 = FloatVector.broadcast(s, 1.3f);
        FloatVector a4 = FloatVector.broadcast(s, 1.4f);
        FloatVector a5 = FloatVector.broadcast(s, 1.5f);
        FloatVector a6 = FloatVector.broadcast(s, 1.6f);
        FloatVector a7 = FloatVector.broadcast(s, 1.7f);
        FloatVector a8 = FloatVector.broadcast(s, 1.8f);
        FloatVector a9 = FloatVector.broadcast(s, 1.9f);
        FloatVector a10 = FloatVector.broadcast(s, 2.0f);
        FloatVector a11 = FloatVector.broadcast(s, 2.1f);
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
