// Compiles the product kernels on a tiny reference RNN before a batched network's first large products.
package dino.engine.model;

import dino.api.Products;
import dino.api.TrainingConfig.Precision;
import dino.engine.kernels.Kernels;

/**
 * A warm-up: compiles the vector product tiles on a tiny problem before a batched network's first large products
 * would run them interpreted. It was first the workaround for the JDK 17 fault in the tiles, whose cause
 * {@code OperatorProfiles} now removes; measured as a warm-up it still saves about half a second of a batched run's
 * process, on JDK 25 as on JDK 17 (it was left out on JDK 25 while only the steady state was measured). The default
 * run (one name per step) is left out, where it cost more than it saved. The measurements: docs/jit-notes.md.
 *
 * <p>So before the first stacked network of a precision and form of the products, or the first reference network
 * of more than one
 * row, is built, this runs 100 forward and backward passes of a tiny reference RNN (n_a = 64, 8 rows, 25
 * steps) on the same kernels, once per process. It reads and writes only its own buffers.
 */
final class ProductWarmup {
    private static final int STEPS = 100;
    /** {@code -Ddino.productWarmup=off} skips it (to measure it, or to reproduce the JDK 17 fault: docs/jit-notes.md). */
    static final String PROPERTY = "dino.productWarmup";
    private static final boolean NEEDED = !"off".equals(System.getProperty(PROPERTY));
    /** Per precision and form of the products: each is a class of its own, compiled on its own. */
    private static final boolean[][] DONE = new boolean[Precision.values().length][Products.values().length];

    private ProductWarmup() {
    }

    static synchronized <A> void once(Kernels<A> kernels) {
        Precision p = kernels.precision();
        boolean[] done = DONE[p.ordinal()];
        int form = kernels.products().ordinal();
        if (!NEEDED || kernels.vectorBits() == 0 || done[form]) {
            return;
        }
        done[form] = true;
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
