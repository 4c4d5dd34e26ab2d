// The time of one batched training step in a warm JVM (issue 27's "step in-process" figures, docs/performance.md):
// Workload.run(KERNEL, 10) in a loop for SECONDS, one line of ms per step every 10 steps; read the last rounds.
// usage: java [-XX:UseAVX=2] --add-modules jdk.incubator.vector -cp cli/target/dino.jar bench/jit/StepTime.java \
//            [KERNEL=lstm_step] [HIDDEN=512] [THREADS=1] [SECONDS=10]     (B 32, vocab 27, f32, fused products)
import dino.api.Products;
import dino.engine.kernels.KernelChoice;
import dino.bench.workload.Workload;
import dino.bench.workload.WorkloadKernel;

public class StepTime {
    public static void main(String[] args) {
        WorkloadKernel kernel = WorkloadKernel.named(args.length > 0 ? args[0] : "lstm_step");
        int hidden = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 10;
        try (Workload<float[]> w = new Workload<>(KernelChoice.vectorOnly().f32(Products.FMA), hidden, 27, 32, threads)) {
            long end = System.nanoTime() + (long) (seconds * 1e9);
            double sink = 0;
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                sink += w.run(kernel, 10);
                System.out.printf("%s %.2f ms/step%n", kernel.label(), (System.nanoTime() - t0) / 1e6 / 10);
            }
            System.out.println(Double.isNaN(sink) ? "(a loss was NaN)" : "");
        }
    }
}
