// Trains on scalar kernels while a background thread gets the vector kernels JIT-compiled, then switches.
package dino.engine;

/**
 * Vector kernels with a warm start: the first training steps run on {@link ScalarKernels} while a daemon
 * thread runs the vector kernels on a tiny dummy model so that C2 compiles them; then every call goes to
 * the vector kernels.
 *
 * <p>Why: until C2 compiles them, Vector API code runs its interpreted or C1 fallbacks, which box every
 * vector and are many times slower than scalar code (on this project's default run, vector kernels from
 * the first step took about 1.1 s for the first 2000 steps, scalar kernels about 0.25 s).
 *
 * <p>The switch happens at a fixed training step, so a run's output does not depend on timing: the
 * {@link Trainer} announces every step with {@link #beginStep} (counted over the whole run, so a resumed
 * run switches on the same step as an uninterrupted one, and whatever the optimizer); from step
 * {@link #switchStep} on, the wrapper waits for the warm-up thread (a wait for speed only:
 * {@link VectorKernels} compute the same bits in every JIT tier) and switches. The switch step depends
 * only on the model's sizes: {@link #SCALAR_WORK} multiply-adds of scalar training. Sampling between steps uses
 * whichever kernels training uses at that point.
 *
 * <p>Opt-in ({@code -Ddino.vectorWarmStart=true}): on the default run it measured slower than vector
 * kernels from the first step (numbers at {@link KernelChoice}), since the warm-up's interpreted vector
 * work competes with training and the compiler for two cores.
 *
 * <p>Not thread-safe: one trainer (and its samplers) on one thread, as {@link Trainer} is.
 */
final class WarmStartKernels implements Kernels {
    /**
     * Scalar training work before the switch, in multiply-adds per time step (n_a·n_a + n_y·n_a) summed
     * over steps: 1500 steps at n_a = 50, n_y = 27 (the default run), 15 at n_a = 512. Measured on the
     * default run (JDK 17, two cores, one of them busy with another process), whole process: switch at
     * 1500 steps 3.60 and 3.74 s, at 3000 4.06 and 4.34 s, at 6000 4.23 and 4.46 s, no warm start 3.84
     * and 3.79 s, scalar kernels 4.94 and 4.84 s. The warm-up usually outlasts 1500 scalar steps; waiting
     * for it hands its core to the compiler.
     */
    static final long SCALAR_WORK = 1500L * (50 * 50 + 27 * 50);
    /** Dummy-model steps the warm-up thread runs: enough for C2 to compile every vector kernel. */
    static final int WARMUP_STEPS = 12000;

    private final Kernels vector;
    private final Thread warmup;
    private Kernels current;
    private long switchStep = -1;

    WarmStartKernels(Kernels scalar, Kernels vector) {
        this.vector = vector;
        this.current = scalar;
        // The warm-up calls through a second wrapper already on the vector kernels, so that this class's
        // call sites see both kernel classes from the start and C2 need not recompile them at the switch.
        this.warmup = new Thread(() -> warmUp(new WarmStartKernels(vector)), "dino-vector-warmup");
        warmup.setDaemon(true);
        warmup.start();
    }

    /** A wrapper that is on the vector kernels from the start and never switches: the warm-up's. */
    private WarmStartKernels(Kernels vector) {
        this.vector = vector;
        this.current = vector;
        this.warmup = null;
    }

    /**
     * Calls every vector kernel in a loop on a dummy model, so that every branch and loop of the kernels
     * runs and gets profiled (a path C2 has not seen profiled becomes a deoptimization trap, and a trip
     * back to slow code, when training first takes it), with as little work per call as that allows,
     * because until compiled every vector operation costs microseconds: n_a = 5 (a four-row pass and a
     * single row), n_y = 9 and sometimes 5 (both branches of numpy's pairwise sum below 128), rows of
     * 40 doubles (a block of four vectors and single vectors at every width up to 512 bits), inputs with
     * and without a column of Wax, sampling (y &lt; 0) and targets, and a clip range with a scalar tail.
     */
    static void warmUp(Kernels vector) {
        int n = 5;
        int outputs = 9;
        int stride = 40;
        int waa = 0;
        int wya = waa + n * stride;
        int wax = wya + outputs * stride;
        int ba = wax + 2 * stride;
        int by = ba + stride;
        int size = by + Layout.roundUp(outputs);
        double[] w = new double[size];
        for (int row = 0; row < (by - waa) / stride; row++) {
            for (int j = 0; j < n; j++) {
                w[row * stride + j] = 0.01 * ((row * 7 + j * 3) % 11 - 5);
            }
        }
        double[] g = new double[size];
        double[] a = new double[2 * stride];
        double[] p = new double[Layout.roundUp(outputs)];
        double[] da = new double[stride];
        double[] daNext = new double[stride];
        for (int s = 0; s < WARMUP_STEPS; s++) {
            int waxCol = s % 8 == 0 ? -1 : wax + (s % 2) * stride;
            int nY = s % 16 == 3 ? 5 : outputs;
            int y = s % 8 == 1 ? -1 : s % nY;
            vector.cellForward(a, stride, w, waa, waxCol, ba, a, 0, n, stride);
            vector.outputForward(p, 0, w, wya, by, a, stride, nY, n, stride, y);
            vector.outputBackward(da, 0, g, wya, by, p, 0, s % nY, w, wya, a, stride, daNext, 0, nY, n, stride);
            vector.cellBackward(daNext, 0, g, waa, waxCol, ba, da, 0, a, stride, a, 0, w, waa, n, stride);
            vector.clipAndUpdate(w, g, 0, s % 8 == 2 ? size - 1 : size, 5.0, 0.01);
            System.arraycopy(a, stride, a, 0, stride);
            java.util.Arrays.fill(g, 0.0);
        }
    }

    /** The training step after which calls go to the vector kernels (known after the first call). */
    long switchStep() {
        return switchStep;
    }

    private void sizes(int nA, int nY) {
        if (switchStep < 0) {
            switchStep = Math.max(1, SCALAR_WORK / ((long) nA * nA + (long) nY * nA));
        }
    }

    @Override
    public String name() {
        return vector.name();
    }

    @Override
    public int vectorBits() {
        return vector.vectorBits();
    }

    @Override
    public void cellForward(double[] a, int aOff, double[] w, int waaOff, int waxColOff, int baOff,
                            double[] aPrev, int aPrevOff, int n, int stride) {
        current.cellForward(a, aOff, w, waaOff, waxColOff, baOff, aPrev, aPrevOff, n, stride);
    }

    @Override
    public double outputForward(double[] p, int pOff, double[] w, int wyaOff, int byOff,
                                double[] a, int aOff, int nY, int nA, int stride, int y) {
        sizes(nA, nY);
        return current.outputForward(p, pOff, w, wyaOff, byOff, a, aOff, nY, nA, stride, y);
    }

    @Override
    public void outputBackward(double[] da, int daOff, double[] g, int dWyaOff, int dbyOff,
                               double[] p, int pOff, int y, double[] w, int wyaOff,
                               double[] a, int aOff, double[] daNext, int daNextOff, int nY, int nA, int stride) {
        current.outputBackward(da, daOff, g, dWyaOff, dbyOff, p, pOff, y, w, wyaOff, a, aOff, daNext, daNextOff,
                nY, nA, stride);
    }

    @Override
    public void cellBackward(double[] daNext, int daNextOff, double[] g, int dWaaOff, int dWaxColOff, int dbaOff,
                             double[] da, int daOff, double[] a, int aOff, double[] aPrev, int aPrevOff,
                             double[] w, int waaOff, int n, int stride) {
        current.cellBackward(daNext, daNextOff, g, dWaaOff, dWaxColOff, dbaOff, da, daOff, a, aOff, aPrev, aPrevOff,
                w, waaOff, n, stride);
    }

    @Override
    public void clipAndUpdate(double[] w, double[] g, int off, int len, double clip, double lr) {
        current.clipAndUpdate(w, g, off, len, clip, lr);
    }

    @Override
    public void beginStep(long step, int nA, int nY) {
        sizes(nA, nY);
        if (step >= switchStep && current != vector) {
            awaitWarmUp();
            current = vector;
        }
    }

    private void awaitWarmUp() {
        boolean interrupted = false;
        while (warmup != null && warmup.isAlive()) {
            try {
                warmup.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
