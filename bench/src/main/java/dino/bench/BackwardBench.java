// JMH: One time step of backpropagation, scalar against vector kernels.
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

/** One time step of backpropagation: output backward, then cell backward (dy is restored from the saved probabilities first, a copy of n_y values). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = Defaults.WARMUP, time = 1)
@Measurement(iterations = Defaults.MEASURE, time = 1)
@Fork(value = 1, jvmArgsAppend = Defaults.VECTOR_MODULE)
public class BackwardBench {
    @Benchmark
    public double[] backward(KernelState s) {
        Kernels k = s.k;
        System.arraycopy(s.pSaved, 0, s.p, 0, s.l.nY);
        k.outputBackward(s.da, 0, s.g, s.l.wya, s.l.by, s.p, 0, s.y, s.model.w, s.l.wya, s.a, 0, s.daNext, 0,
                s.l.nY, s.l.nA, s.l.stride);
        k.cellBackward(s.daNext, 0, s.g, s.l.waa, s.l.waxColumn(s.x), s.l.ba, s.da, 0, s.a, 0, s.aPrev, 0,
                s.model.w, s.l.waa, s.l.nA, s.l.stride);
        return s.daNext;
    }
}
