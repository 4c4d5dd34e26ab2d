// The calls `dino bench` times: each kernel family and the full training step on one kernel set.
package dino.cli;

import dino.engine.kernels.Kernels;
import dino.engine.model.Layout;
import dino.engine.model.Model;
import dino.engine.numpy.NumpyRandom;
import dino.engine.train.Trainer;


/** Seeded model and buffers for one kernel set and size; {@link #time} returns ns per call. */
final class KernelWorkload {
    static final String[] KERNELS = {"train_step", "cell_forward", "output_forward", "backward", "clip_update"};

    private final Kernels k;
    private final Layout l;
    private final Model model;
    private final Trainer trainer;
    private final double[] g;
    private final double[] a;
    private final double[] aPrev;
    private final double[] p;
    private final double[] pSaved;
    private final double[] da;
    private final double[] daNext;
    private final int[][] names = new int[64][];
    private int next;
    /** Sunk results, so no call is dead code. */
    double sink;

    KernelWorkload(Kernels k, int hidden, int vocab) {
        this.k = k;
        this.l = new Layout(hidden, vocab, vocab);
        this.model = Model.initialize(l, 1);
        this.trainer = new Trainer(model, k, 0, 14, 1e-6, 5);
        NumpyRandom random = new NumpyRandom(2);
        this.g = new double[l.size];
        this.a = state(random);
        this.aPrev = state(random);
        this.da = state(random);
        this.daNext = state(random);
        this.p = new double[l.yStride];
        k.outputForward(p, 0, model.w, l.wya, l.by, a, 0, l.nY, l.nA, l.stride, -1);
        this.pSaved = p.clone();
        for (int i = 0; i < names.length; i++) {
            names[i] = new int[3 + (int) random.interval(11)];
            for (int c = 0; c < names[i].length; c++) {
                names[i][c] = 1 + (int) random.interval(vocab - 2);
            }
        }
    }

    private double[] state(NumpyRandom random) {
        double[] v = new double[l.stride];
        for (int i = 0; i < l.nA; i++) {
            v[i] = Math.tanh(random.randn());
        }
        return v;
    }

    /** Runs every workload until the JIT has compiled it (the Vector API is slow before C2). */
    void warmUp() {
        long until = System.nanoTime() + 1_500_000_000L;
        for (String kernel : KERNELS) {
            run(kernel, 200);
        }
        KernelWorkload small = new KernelWorkload(k, 50, l.nY);
        while (System.nanoTime() < until) {
            for (String kernel : KERNELS) {
                small.run(kernel, 500);
                run(kernel, 5);
            }
        }
    }

    /** Calls that take about {@code millis}. */
    long calibrate(String kernel, int millis) {
        long calls = 1;
        while (true) {
            long start = System.nanoTime();
            run(kernel, calls);
            long elapsed = System.nanoTime() - start;
            if (elapsed > millis * 1_000_000L / 4 || calls > 1L << 30) {
                return Math.max(1, calls * millis * 1_000_000L / Math.max(1, elapsed));
            }
            calls *= 4;
        }
    }

    /** Nanoseconds per call over {@code calls} calls. */
    double time(String kernel, long calls) {
        long start = System.nanoTime();
        run(kernel, calls);
        return (double) (System.nanoTime() - start) / calls;
    }

    private void run(String kernel, long calls) {
        double acc = 0;
        switch (kernel) {
            case "train_step":
                for (long i = 0; i < calls; i++) {
                    acc += trainer.step(names[next]);
                    next = (next + 1) & 63;
                }
                break;
            case "cell_forward":
                for (long i = 0; i < calls; i++) {
                    k.cellForward(a, 0, model.w, l.waa, l.waxColumn(3), l.ba, aPrev, 0, l.nA, l.stride);
                    acc += a[0];
                }
                break;
            case "output_forward":
                for (long i = 0; i < calls; i++) {
                    acc += k.outputForward(p, 0, model.w, l.wya, l.by, a, 0, l.nY, l.nA, l.stride, 5);
                }
                break;
            case "backward":
                for (long i = 0; i < calls; i++) {
                    System.arraycopy(pSaved, 0, p, 0, l.nY);
                    k.outputBackward(da, 0, g, l.wya, l.by, p, 0, 5, model.w, l.wya, a, 0, daNext, 0, l.nY, l.nA, l.stride);
                    k.cellBackward(daNext, 0, g, l.waa, l.waxColumn(3), l.ba, da, 0, a, 0, aPrev, 0, model.w, l.waa, l.nA, l.stride);
                    acc += daNext[0];
                }
                break;
            case "clip_update":
                for (long i = 0; i < calls; i++) {
                    k.clipAndUpdate(model.w, g, 0, l.size, 5, 1e-12);
                    acc += model.w[0];
                }
                break;
            default:
                throw new IllegalArgumentException(kernel);
        }
        sink += acc;
    }
}
