// JMH: Output forward fused with softmax and the loss, scalar against vector kernels.
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

/** Output forward fused with softmax and the loss: p = softmax(Wya·a + by), −log p[y]. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = Defaults.WARMUP, time = 1)
@Measurement(iterations = Defaults.MEASURE, time = 1)
@Fork(value = 1, jvmArgsAppend = Defaults.VECTOR_MODULE)
public class OutputBench {
    @Benchmark
    public double outputForward(KernelState s) {
        Kernels k = s.k;
        return k.outputForward(s.p, 0, s.model.w, s.l.wya, s.l.by, s.a, 0, s.l.nY, s.l.nA, s.l.stride, s.y);
    }
}
