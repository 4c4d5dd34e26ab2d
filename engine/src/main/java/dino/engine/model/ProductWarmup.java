// On JDK 17, compiles the product kernels under a tiny reference RNN's calls before a batched network's first call.
package dino.engine.model;

import dino.engine.kernels.Kernels;
import dino.engine.kernels.Precision;

/**
 * A JIT workaround, measured: on JDK 17, when C2 first compiles the vector product tiles while the LSTM and
 * GRU kernels are running, it sometimes leaves Vector API operations in them as allocating Java fallbacks
 * (its intrinsics report "missing constant" for the vector class, after the shared Vector API methods
 * have seen the gate kernels' vectors), and every product of the run is then 4–8 times slower; which run
 * gets which code changed from one JVM to the next. Compiled first under the reference RNN's calls, they
 * come out fast every time. Measured, GRU step at n_a = 256, B = 32, f32, one thread (AMD EPYC, AVX-512):
 * 6 to 36 k characters/s without this, 49 to 53 k with it; JDK 25 runs at 51 k either way, so it is
 * skipped there.
 *
 * <p>The same fault, rarer, hits the batched tanh RNN: on the Zen 4, n_a = 256, B = 32, f32, 2 threads, 200
 * steps, about one JDK 17 run in ten trained 3–6 times slower (3 of 30, 1 of 30 in another sample); with
 * this warm-up first, 0 of 30, and the whole process took as long (medians 2.69 against 2.77 s of 12
 * alternating runs), as the big products then start compiled. The default run (one name per step) got
 * slower with it (2.47 against 2.15 s) and has not shown the fault but once in about 45 runs, so it is
 * left out.
 *
 * <p>So before the first stacked network of a precision, or the first reference network of more than one
 * row, is built, this runs 100 forward and backward passes of a tiny reference RNN (n_a = 64, 8 rows, 25
 * steps) on the same kernels: 0.74 s measured, most of it interpreting before the first compilations, once
 * per process. It reads and writes only its own buffers.
 */
final class ProductWarmup {
    private static final int STEPS = 100;
    private static final boolean NEEDED = Runtime.version().feature() < 25;
    private static final boolean[] DONE = new boolean[Precision.values().length];

    private ProductWarmup() {
    }

    static synchronized <A> void once(Kernels<A> kernels) {
        Precision p = kernels.precision();
        if (!NEEDED || kernels.vectorBits() == 0 || DONE[p.ordinal()]) {
            return;
        }
        DONE[p.ordinal()] = true;
        int steps = 25;
        int batch = 8;
        Layout l = new Layout(64, 65, 65, p);
        int[] xs = new int[steps * batch];
        int[] ys = new int[steps * batch];
        int[] active = new int[steps];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = i % 65;
            ys[i] = (i * 7 + 3) % 65;
        }
        java.util.Arrays.fill(active, batch);
        A w = kernels.allocate(l.size);
        for (int i = 0; i < l.size; i++) {
            kernels.set(w, i, ((i * 2654435761L) % 1000) * 1e-4);
        }
        A g = kernels.allocate(l.size);
        Network<A> net = new ReferenceNetwork<>(kernels, l, steps, batch, xs, ys, active);
        for (int i = 0; i < STEPS; i++) {
            for (int r = 0; r < batch; r++) {
                net.loadState(r, null, 0);
            }
            net.prepare(w);
            net.forward(w, steps, batch, 1.0 / batch, -1);
            net.backward(w, g, steps);
        }
    }
}
