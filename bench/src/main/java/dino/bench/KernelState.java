// Shared JMH state: the Workload for one kernel set, size and vocabulary, checked and compiled first.
package dino.bench;

import dino.api.Products;
import dino.api.TrainingConfig.Precision;
import dino.engine.kernels.KernelChoice;
import dino.engine.kernels.KernelSet;
import dino.engine.kernels.Kernels;
import dino.bench.workload.Workload;
import dino.bench.workload.WorkloadKernel;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The {@link Workload} every per-kernel benchmark times (the same one {@code dino bench} times), in f64.
 * Before anything is timed, {@link #setup} checks that scalar and vector agree on it (see
 * {@link Agreement}) and runs the kernels on a small model long enough for C2 to compile them: at large
 * sizes the measured warm-up alone is too few calls, and the Vector API's slow pre-C2 fallbacks would
 * be timed.
 */
@State(Scope.Thread)
public class KernelState {
    @Param({"scalar", "vector"})
    public String kernels;

    @Param({"50", "128", "256", "512", "1024"})
    public int hidden;

    @Param({"27", "65"})
    public int vocab;

    public Workload<?> workload;

    @Setup(Level.Trial)
    public void setup() {
        // The reference model's kernels: f64, products multiplied then added.
        Kernels<?> k = create(kernels).of(Precision.F64, Products.MUL_ADD);
        Agreement.check(hidden, vocab, 1, Precision.F64, Products.MUL_ADD);
        compile(k, 1);
        workload = new Workload<>(k, hidden, vocab, 1);
    }

    static KernelSet create(String name) {
        switch (name) {
            case "scalar": return KernelSet.scalar();
            case "vector": return KernelChoice.vectorOnly();
            default: throw new IllegalArgumentException("unknown kernel set " + name);
        }
    }

    /** Runs every kernel of the set on a small model until C2 has compiled them. */
    static void compile(Kernels<?> kernels, int batch) {
        Workload<?> small = new Workload<>(kernels, 50, 27, Math.min(batch, 4));
        for (int i = 0; i < 2_000; i++) {
            for (WorkloadKernel kernel : WorkloadKernel.values()) {
                small.run(kernel, kernel.batched() ? 1 : 10);
            }
        }
    }
}
