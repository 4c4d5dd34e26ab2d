// JMH: the batched training step (B windows of text, forward, backward through time, update) at model sizes.
package dino.bench;

import dino.api.Products;
import dino.api.TrainingConfig.Cell;
import dino.api.TrainingConfig.Precision;
import dino.engine.kernels.Kernels;
import dino.bench.workload.Workload;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code Trainer.step} on B windows of 25 characters ({@link Workload#batchStep}), the call a text-mode
 * iteration makes, with the reference's tanh RNN and with one-layer LSTM and GRU networks, and the LSTM step's
 * three products on their own ({@link Workload#gemmForward}, {@link Workload#gemmBackward}: one time step;
 * {@link Workload#gemmWeights}: the weight gradient over the window), split over the same threads. {@link Report} turns the times into GFLOP/s and a share of
 * the FMA peak that {@link FmaPeakBench} measures in the same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = Defaults.WARMUP, time = 1)
@Measurement(iterations = Defaults.MEASURE, time = 1)
@Fork(value = 1, jvmArgsAppend = Defaults.VECTOR_MODULE)
@SuppressWarnings("checkstyle:MethodName")
public class BatchStepBench {
    /** The workload of one parameter set. */
    @State(Scope.Thread)
    public static class Batch {
        @Param({"scalar", "vector"})
        public String kernels;

        @Param({"128", "256", "512", "1024"})
        public int hidden;

        @Param({"1", "8", "32", "64"})
        public int batch;

        @Param({"f64", "f32"})
        public String precision;

        /** The products' form: fma, what a batched model trains with by default, or mul-add. */
        @Param({"fma"})
        public String products;

        @Param({"1", "2"})
        public int threads;

        /** tinyshakespeare's vocabulary size. */
        static final int VOCAB = 65;

        Workload<?> workload;

        @Setup(Level.Trial)
        public void setup() {
            Precision p = Precision.parse(precision);
            Products form = Products.parse(products);
            Kernels<?> k = KernelState.create(kernels).of(p, form);
            Agreement.check(hidden, VOCAB, batch, p, form);
            KernelState.compile(k, batch);
            workload = new Workload<>(k, hidden, VOCAB, batch, threads);
        }

        /** Ends the workload's kernel threads, so no trial leaves threads behind in the fork. */
        @TearDown(Level.Trial)
        public void tearDown() {
            workload.close();
        }
    }

    @Benchmark
    public double batch_step(Batch b) {
        return b.workload.batchStep();
    }

    /** The same step with a one-layer LSTM (PyTorch's nn.LSTM + nn.Linear). */
    @Benchmark
    public double lstm_step(Batch b) {
        return b.workload.gatedStep(Cell.LSTM);
    }

    /** The same step with a one-layer GRU. */
    @Benchmark
    public double gru_step(Batch b) {
        return b.workload.gatedStep(Cell.GRU);
    }

    /** lstm_step's recurrent product of one time step forward: B × 4n × n from packed panels. */
    @Benchmark
    public double gemm_forward(Batch b) {
        return b.workload.gemmForward();
    }

    /** Its product of one time step backward: B × n × 4n from packed panels. */
    @Benchmark
    public double gemm_backward(Batch b) {
        return b.workload.gemmBackward();
    }

    /** Its weight gradient over the window: 4n × n × 25·B. */
    @Benchmark
    public double gemm_weights(Batch b) {
        return b.workload.gemmWeights();
    }
}
