// JMH: sampling one name of fixed length with the reference's reseeded draws.
package dino.bench;

import dino.engine.sample.Sampler;
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
 * One sample of {@link #LENGTH} characters (the end token does not stop it, so both kernel sets do the
 * same work even where their last-bit differences would draw different names): per character a cell
 * forward, an output forward, a reseed and a draw.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = Defaults.WARMUP, time = 1)
@Measurement(iterations = Defaults.MEASURE, time = 1)
@Fork(value = 1, jvmArgsAppend = Defaults.VECTOR_MODULE)
public class SampleBench {
    /** Characters per sample. */
    static final int LENGTH = 10;

    /** The sampler and its output buffer. */
    @State(Scope.Thread)
    public static class Draw {
        Sampler sampler;
        int[] out = new int[LENGTH + 1];
        long seed;

        @Setup(Level.Trial)
        public void setup(KernelState s) {
            sampler = new Sampler(s.model, s.k, 0, LENGTH, false);
        }
    }

    @Benchmark
    public int[] sampleName(Draw d) {
        d.sampler.sample(d.seed++ & 1023, d.out);
        return d.out;
    }
}
