// JMH: one full training step (forward, backward through time, clip, update) over one name.
package dino.bench;

import dino.engine.train.Trainer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code Trainer.step} over the state's 64 names in turn (3 to 14 characters, 9 on average, so 10
 * time steps): what one iteration of training costs. The learning rate is small so the weights stay
 * in range however long JMH runs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = Defaults.WARMUP, time = 1)
@Measurement(iterations = Defaults.MEASURE, time = 1)
@Fork(value = 1, jvmArgsAppend = Defaults.VECTOR_MODULE)
public class TrainStepBench {
    /** The trainer, built on the shared kernel state. */
    @State(Scope.Thread)
    public static class Step {
        Trainer trainer;
        int next;

        @Setup(Level.Trial)
        public void setup(KernelState s) {
            trainer = new Trainer(s.model, s.k, 0, 14, 1e-6, 5);
        }
    }

    @Benchmark
    public double trainStep(KernelState s, Step step) {
        int[] name = s.names[step.next];
        step.next = (step.next + 1) & 63;
        return step.trainer.step(name);
    }
}
