// JMH: Clip and SGD update over the whole flat parameter and gradient buffers, scalar against vector kernels.
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

/** Clip and SGD update over the whole flat parameter and gradient buffers. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = Defaults.WARMUP, time = 1)
@Measurement(iterations = Defaults.MEASURE, time = 1)
@Fork(value = 1, jvmArgsAppend = Defaults.VECTOR_MODULE)
public class ClipUpdateBench {
    @Benchmark
    public double[] clipAndUpdate(KernelState s) {
        Kernels k = s.k;
        k.clipAndUpdate(s.model.w, s.g, 0, s.l.size, 5, 1e-12);
        return s.model.w;
    }
}
