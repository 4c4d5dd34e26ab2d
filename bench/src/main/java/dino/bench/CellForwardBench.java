// JMH: Cell forward, scalar against vector kernels.
package dino.bench;

import dino.engine.kernels.Kernels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/** Cell forward: a = tanh(Waa·a_prev + Wax[:, x] + ba), one time step. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = Defaults.WARMUP, time = 1)
@Measurement(iterations = Defaults.MEASURE, time = 1)
@Fork(value = 1, jvmArgsAppend = Defaults.VECTOR_MODULE)
public class CellForwardBench {
    @Benchmark
    public double[] cellForward(KernelState s) {
        Kernels k = s.k;
        k.cellForward(s.a, 0, s.model.w, s.l.waa, s.l.waxColumn(s.x), s.l.ba, s.aPrev, 0, s.l.nA, s.l.stride);
        return s.a;
    }
}
