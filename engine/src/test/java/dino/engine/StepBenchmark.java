// Measures Trainer.step on scalar and vector kernels in one JVM; a stopgap until the JMH module exists.
package dino.engine;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Prints the median time of one training step (forward, backward, clip, update over one dinosaur
 * name) for each kernel set and hidden size, and the vector/scalar speed-up. Not a test: run as
 * <pre>
 * java --add-modules jdk.incubator.vector -cp engine/target/classes:engine/target/test-classes \
 *     dino.engine.StepBenchmark 50 256 512
 * </pre>
 * from the repository root ({@code -Ddino.vectorBits=256} to compare widths). Each round runs the
 * kernel sets alternately, after a warm-up on n_a = 50 long enough for C2; it prints the bytes a
 * vector step allocates (0 once compiled).
 */
public final class StepBenchmark {
    private static final int ROUNDS = 5;

    public static void main(String[] args) {
        int[][] names = Corpus.read(Path.of("data/dinos.txt")).encodedLines();
        System.out.printf(Locale.ROOT, "%s %s, %d-bit vectors%n", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), new VectorKernels().vectorBits());
        // Compile both kernel sets first on a small model: at large n_a the timed warm-up below is too
        // few calls for C2, and the Vector API's interpreted fallbacks would be timed.
        run(trainer(new ScalarKernels(), 50, names), names, 10_000);
        run(trainer(new VectorKernels(), 50, names), names, 20_000);
        for (String arg : args.length == 0 ? new String[] {"50", "256", "512"} : args) {
            int nA = Integer.parseInt(arg);
            Trainer scalar = trainer(new ScalarKernels(), nA, names);
            Trainer vector = trainer(new VectorKernels(), nA, names);
            int steps = Math.max(200, (int) (4_000_000L / ((long) nA * nA + 54L * nA)));
            for (int r = 0; r < 3; r++) {
                run(scalar, names, steps);
                run(vector, names, steps);
            }
            double[] s = new double[ROUNDS];
            double[] v = new double[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                s[r] = run(scalar, names, steps);
                v[r] = run(vector, names, steps);
            }
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long b0 = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
            run(vector, names, steps);
            long b1 = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
            System.out.println("vector bytes/step " + (b1 - b0) / (double) steps);
            Arrays.sort(s);
            Arrays.sort(v);
            System.out.printf(Locale.ROOT, "n_a=%4d  scalar %9.2f us/step  vector %9.2f us/step  speed-up %.2fx"
                            + "  (scalar %.2f..%.2f, vector %.2f..%.2f)%n",
                    nA, s[ROUNDS / 2], v[ROUNDS / 2], s[ROUNDS / 2] / v[ROUNDS / 2], s[0], s[ROUNDS - 1], v[0], v[ROUNDS - 1]);
        }
    }

    private static Trainer trainer(Kernels kernels, int nA, int[][] names) {
        int longest = 0;
        for (int[] name : names) {
            longest = Math.max(longest, name.length);
        }
        return new Trainer(Model.initialize(new Layout(nA, 27, 27), 1), kernels, 0, longest, 0.01, 5.0);
    }

    /** Microseconds per step over {@code steps} steps through the names in order. */
    private static double run(Trainer trainer, int[][] names, int steps) {
        double sink = 0;
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            sink += trainer.step(names[i % names.length]);
        }
        long nanos = System.nanoTime() - start;
        if (Double.isNaN(sink)) {
            System.out.println("loss is NaN");
        }
        return nanos / 1e3 / steps;
    }
}
