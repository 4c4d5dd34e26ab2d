// How `dino bench` times a Workload: warm-up until compiled, calibrated call counts, ns per call.
package dino.bench.harness;

import dino.bench.workload.Workload;
import dino.bench.workload.WorkloadKernel;
import dino.engine.kernels.Kernels;

/** One kernel set's {@link Workload} of one size, with the timing loop of `dino bench`. */
public final class KernelWorkload implements AutoCloseable {
    private final Workload<?> workload;
    private final Kernels<?> kernels;
    private final int vocab;
    private final int batch;
    /** How long {@link #warmUp} runs, per size and kernel set (JMH-format results report it as the warm-up). */
    public static final int WARMUP_MILLIS = 1500;
    /** Relative difference of two timings in a row that counts as settled ({@link #settle}). */
    public static final double SETTLED = 0.03;
    /** Sunk results, so no call is dead code. */
    private double sink;

    public KernelWorkload(Kernels<?> kernels, int hidden, int vocab, int batch, int threads) {
        this.kernels = kernels;
        this.vocab = vocab;
        this.batch = batch;
        this.workload = new Workload<>(kernels, hidden, vocab, batch, threads);
    }

    /** Ends the workload's kernel threads (no thread outlives the call). */
    @Override
    public void close() {
        workload.close();
    }

    /** Runs every kernel until the JIT has compiled it (the Vector API is slow before C2), on a small model too. */
    public void warmUp() {
        long until = System.nanoTime() + WARMUP_MILLIS * 1_000_000L;
        for (WorkloadKernel kernel : WorkloadKernel.values()) {
            sink += workload.run(kernel, kernel.batched() ? 2 : 200);
        }
        Workload<?> small = new Workload<>(kernels, 50, vocab, Math.min(batch, 4));
        while (System.nanoTime() < until) {
            for (WorkloadKernel kernel : WorkloadKernel.values()) {
                sink += small.run(kernel, kernel.batched() ? 20 : 500);
                sink += workload.run(kernel, 1);
            }
        }
    }

    /** Calls that take about {@code millis}. */
    public long calibrate(WorkloadKernel kernel, int millis) {
        long calls = 1;
        while (true) {
            long start = System.nanoTime();
            sink += workload.run(kernel, calls);
            long elapsed = System.nanoTime() - start;
            if (elapsed > millis * 1_000_000L / 4 || calls > 1L << 30) {
                return Math.max(1, calls * millis * 1_000_000L / Math.max(1, elapsed));
            }
            calls *= 4;
        }
    }

    /**
     * Times {@code calls} calls of {@code kernel} (results not kept) until two timings in a row agree within
     * {@link #SETTLED}, or {@code budgetNanos} have passed (at least two timings): the warm-up runs each large kernel
     * only a few times at its size, and C2 may still be compiling that size's paths when it ends (the gated steps'
     * first round at n_a 512 was 40% slower than the rest: docs/performance.md).
     */
    public void settle(WorkloadKernel kernel, long calls, long budgetNanos) {
        long end = System.nanoTime() + budgetNanos;
        double last = time(kernel, calls);
        while (true) {
            double now = time(kernel, calls);
            if (Math.abs(now - last) <= SETTLED * now || System.nanoTime() - end > 0) {
                return;
            }
            last = now;
        }
    }

    /** Nanoseconds per call over {@code calls} calls. */
    public double time(WorkloadKernel kernel, long calls) {
        long start = System.nanoTime();
        sink += workload.run(kernel, calls);
        return (double) (System.nanoTime() - start) / calls;
    }
}
