// On JDK 17, compiles the product kernels under a tiny reference RNN's calls before a batched network's first call.
package dino.engine.model;

import dino.engine.kernels.Kernels;
import dino.engine.kernels.Precision;

/**
 * A JIT workaround: on JDK 17, when C2 first compiles the vector product tiles while the LSTM and GRU
 * kernels are running, it sometimes leaves Vector API operations in them as allocating Java fallbacks
 * (its intrinsics report "missing constant" for the vector class, after the shared Vector API methods
 * have seen the gate kernels' vectors), and every product of the run is then several times slower; which
 * run gets which code changes from one JVM to the next. Compiled first under the reference RNN's calls,
 * they come out fast. The same fault, rarer, hits the batched tanh RNN; JDK 25 does not show it, so this
 * is skipped there, and the default run (one name per step) is left out, where it cost more than it saved.
 * The measurements: docs/jit-notes.md.
 *
 * <p>So before the first stacked network of a precision, or the first reference network of more than one
 * row, is built, this runs 100 forward and backward passes of a tiny reference RNN (n_a = 64, 8 rows, 25
 * steps) on the same kernels, once per process. It reads and writes only its own buffers.
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
