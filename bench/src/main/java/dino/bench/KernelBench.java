// JMH: every per-step kernel and the batch-of-one training step, scalar against vector, by Workload's names.
package dino.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One benchmark per kernel of {@link dino.bench.workload.Workload}, named as it names them (and as
 * {@code dino bench} reports them), on {@link KernelState}'s workload. The batched step has its own
 * parameters: {@link BatchStepBench}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = Defaults.WARMUP, time = 1)
@Measurement(iterations = Defaults.MEASURE, time = 1)
@Fork(value = 1, jvmArgsAppend = Defaults.VECTOR_MODULE)
@SuppressWarnings("checkstyle:MethodName")
public class KernelBench {
    @Benchmark
    public double train_step(KernelState s) {
        return s.workload.trainStep();
    }

    @Benchmark
    public double cell_forward(KernelState s) {
        return s.workload.cellForward();
    }

    @Benchmark
    public double output_forward(KernelState s) {
        return s.workload.outputForward();
    }

    @Benchmark
    public double backward(KernelState s) {
        return s.workload.backward();
    }

    @Benchmark
    public double clip_update(KernelState s) {
        return s.workload.clipUpdate();
    }

    @Benchmark
    public double sample_name(KernelState s) {
        return s.workload.sampleName();
    }
}
