// JMH: this core's fused multiply-add throughput, the peak that Report measures kernel speed against.
package dino.bench;

import dino.bench.harness.FmaChains;
import java.util.concurrent.TimeUnit;
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
 * {@link FmaChains}, the loop {@code dino bench}'s peak probe runs too: twelve independent chains of vector FMAs in
 * registers at the preferred vector width. The score is nanoseconds per vector FMA, so the peak is
 * {@code 2 × lanes / score} GFLOP/s for one core. Measured in the same run as the kernels, so a kernel's share of peak
 * does not depend on an assumed clock. More iterations than the other suites, and each precision's loop compiled on
 * its own (not inlined into JMH's loop, where C2 once compiled it to a third slower code after the warm-up).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = Defaults.VECTOR_MODULE)
@SuppressWarnings("checkstyle:MethodName")
public class FmaPeakBench {
    /** Which precision to probe. */
    @State(Scope.Thread)
    public static class Probe {
        @Param({"f64", "f32"})
        public String precision;
    }

    @Benchmark
    @OperationsPerInvocation(FmaChains.STEPS * FmaChains.CHAINS)
    public double fma_peak(Probe p) {
        return p.precision.equals("f64") ? doubles() : floats();
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static double doubles() {
        return FmaChains.doubles();
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static double floats() {
        return FmaChains.floats();
    }
}
