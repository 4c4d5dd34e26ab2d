// One kernel's result in `dino bench`: nanoseconds per call of every round, scalar and vector, and their medians.
package dino.cli.bench;

import dino.bench.workload.WorkloadKernel;
import java.util.Arrays;

/** Medians over the rounds; spread is the relative range of the per-round speed-ups. */
final class BenchResult {
    final WorkloadKernel kernel;
    final int hidden;
    /** Rows and threads of the call: B and --threads for a batched step, else one and one. */
    final int batch;
    final int threads;
    /** Nanoseconds per call of each round. */
    final double[] scalarRounds;
    final double[] vectorRounds;
    final double scalarNs;
    final double vectorNs;
    final double speedup;
    final double spread;

    BenchResult(WorkloadKernel kernel, int hidden, int batch, int threads, double[] scalar, double[] vector) {
        this.kernel = kernel;
        this.hidden = hidden;
        this.batch = batch;
        this.threads = threads;
        this.scalarRounds = scalar.clone();
        this.vectorRounds = vector.clone();
        this.scalarNs = median(scalar);
        this.vectorNs = median(vector);
        this.speedup = scalarNs / vectorNs;
        double[] ratios = new double[scalar.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = scalar[i] / vector[i];
        }
        Arrays.sort(ratios);
        this.spread = (ratios[ratios.length - 1] - ratios[0]) / median(ratios);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
