// Trains on scalar kernels while a background thread gets the vector kernels JIT-compiled, then switches.
package dino.engine;

/**
 * Vector kernels with a warm start: the first training steps run on {@link ScalarKernels} while a daemon
 * thread runs the vector kernels on a private dummy model until C2 has compiled them; then every call
 * goes to the vector kernels.
 *
 * <p>Why: until C2 compiles them, Vector API code runs its interpreted fallbacks, about ten times slower
 * than scalar code; a cold start on vector kernels loses the first seconds of a run.
 *
 * <p>The switch happens at a fixed training step, so a run's output does not depend on timing: steps are
 * counted by {@link #clipAndUpdate} calls (one per {@link Trainer#step}); after step {@link #switchStep}
 * the wrapper waits for the warm-up thread (it has usually finished) and switches. The switch step
 * depends only on the model's sizes, seen at the first call: about {@link #SCALAR_WORK} multiply-adds of
 * scalar training, roughly the time the warm-up takes on the second core of a two-core machine.
 * Sampling between steps uses whichever kernels training uses at that point.
 *
 * <p>Not thread-safe: one trainer (and its samplers) on one thread, as {@link Trainer} is.
 */
final class WarmStartKernels implements Kernels {
    /**
     * Scalar training work before the switch, in multiply-adds per time step (n_a·n_a + n_y·n_a) summed
     * over steps: 3000 steps at n_a = 50, n_y = 27, about 0.35 s of scalar training there. Measured: the
     * warm-up thread needs 0.2 to 0.3 s on JDK 17 and 25 (see the report in the commit history).
     */
    static final long SCALAR_WORK = Long.getLong("dino.sw", 3000L) * (50 * 50 + 27 * 50);
    /** Dummy-model steps the warm-up thread runs: enough for C2 to compile every vector kernel. */
    static final int WARMUP_STEPS = 12000;

    private final Kernels vector;
    private final Thread warmup;
    private Kernels current;
    private long switchStep = -1;
    private long steps;

    WarmStartKernels(Kernels scalar, Kernels vector) {
        this.vector = vector;
        this.current = scalar;
        this.warmup = new Thread(() -> warmUp(vector), "dino-vector-warmup");
        warmup.setDaemon(true);
        warmup.start();
    }

    /**
     * Calls every vector kernel in a loop on a dummy model of n_a = n_y = 5 (one four-row pass and one
     * single row in every matrix loop, a padded tail in every vector: every branch gets profiled; tiny,
     * because until compiled every vector operation costs microseconds).
     */
    static void warmUp(Kernels vector) {
        Layout l = new Layout(5, 5, 5);
        double[] w = Model.initialize(l, 2).w;
        double[] g = new double[l.size];
        double[] a = new double[2 * l.stride];
        double[] p = new double[l.yStride];
        double[] da = new double[l.stride];
        double[] daNext = new double[l.stride];
        for (int s = 0; s < WARMUP_STEPS; s++) {
            int x = s % l.nX;
            int y = (s + 1) % l.nY;
            vector.cellForward(a, l.stride, w, l.waa, s % 8 == 0 ? -1 : l.waxColumn(x), l.ba, a, 0, l.nA, l.stride);
            vector.outputForward(p, 0, w, l.wya, l.by, a, l.stride, l.nY, l.nA, l.stride, s % 8 == 1 ? -1 : y);
            vector.outputBackward(da, 0, g, l.wya, l.by, p, 0, y, w, l.wya, a, l.stride, daNext, 0, l.nY, l.nA, l.stride);
            vector.cellBackward(daNext, 0, g, l.waa, s % 8 == 0 ? -1 : l.waxColumn(x), l.ba, da, 0, a, l.stride, a, 0,
                    w, l.waa, l.nA, l.stride);
            vector.clipAndUpdate(w, g, 0, s % 8 == 2 ? l.size - 1 : l.size, 5.0, 0.01);
            System.arraycopy(a, l.stride, a, 0, l.stride);
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
        if (++steps == switchStep) {
            awaitWarmUp();
            current = vector;
        }
    }

    private void awaitWarmUp() {
        boolean interrupted = false;
        while (warmup.isAlive()) {
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
