// The RNN's parameters: a Layout, one flat double[] of weights, and the vocabulary they were trained on.
package dino.engine.model;

import dino.engine.numpy.NumpyRandom;

/**
 * A vanilla tanh RNN character model: {@code a = tanh(Waa·a_prev + Wax·x + ba)},
 * {@code ŷ = softmax(Wya·a + by)}, all weights in one flat buffer laid out by {@link Layout}.
 *
 * <p>Names, reference (Coursera "Dinosaur Island") to min-char-rnn:
 * <pre>
 * reference   min-char-rnn   shape
 * Wax         Wxh            (n_a, n_x)  input to hidden
 * Waa         Whh            (n_a, n_a)  hidden to hidden
 * Wya         Why            (n_y, n_a)  hidden to output
 * ba          bh             (n_a, 1)    hidden bias
 * by          by             (n_y, 1)    output bias
 * a, a_prev   hs[t], hs[t-1] (n_a, 1)    hidden state
 * </pre>
 */
public final class Model {
    public final Layout layout;
    /** Parameters, {@link Layout#size} values; padding is zero. */
    public final double[] w;

    public Model(Layout layout, double[] w) {
        if (w.length != layout.size) {
            throw new IllegalArgumentException("parameter buffer has " + w.length + " values, layout needs " + layout.size);
        }
        this.layout = layout;
        this.w = w;
    }

    /**
     * The reference's {@code initialize_parameters}: {@code np.random.seed(seed)}, then
     * {@code Wax}, {@code Waa}, {@code Wya} drawn in that order with {@code randn(rows, cols) * 0.01}
     * (row-major fill), {@code ba} and {@code by} zero.
     */
    public static Model initialize(Layout layout, long seed) {
        return initialize(layout, new NumpyRandom(seed));
    }

    /**
     * {@link #initialize(Layout, long)} with a given, freshly seeded stream. A stacked model (PyTorch's
     * blocks) is drawn as PyTorch draws it, from numpy's stream: every block in {@link Layout#blocks} order,
     * row-major, {@code np.random.uniform(-k, k)} with k = 1/√n_a (the decoder's fan-in is n_a too).
     */
    public static Model initialize(Layout layout, NumpyRandom random) {
        double[] w = new double[layout.size];
        if (!layout.reference) {
            double k = 1.0 / Math.sqrt(layout.nA);
            for (Layout.Block b : layout.blocks()) {
                for (int r = 0; r < b.rows(); r++) {
                    for (int c = 0; c < b.cols(); c++) {
                        w[b.index(r, c)] = -k + 2 * k * random.randomSample();
                    }
                }
            }
            return new Model(layout, w);
        }
        for (int i = 0; i < layout.nA; i++) {
            for (int x = 0; x < layout.nX; x++) {
                w[layout.wax(i, x)] = random.randn() * 0.01;
            }
        }
        for (int i = 0; i < layout.nA; i++) {
            for (int j = 0; j < layout.nA; j++) {
                w[layout.waa(i, j)] = random.randn() * 0.01;
            }
        }
        for (int k = 0; k < layout.nY; k++) {
            for (int j = 0; j < layout.nA; j++) {
                w[layout.wya(k, j)] = random.randn() * 0.01;
            }
        }
        return new Model(layout, w);
    }
}
