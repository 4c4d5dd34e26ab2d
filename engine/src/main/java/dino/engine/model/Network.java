// A whole model's math over a batch of sequences: the recurrence of every layer, the output layer, their gradients.
package dino.engine.model;

import dino.engine.kernels.Kernels;

/**
 * A model's forward and backward pass over up to {@code batch} rows (sequences) of up to {@code maxSteps}
 * time steps, written in {@link Kernels} primitives, with every activation buffer allocated once here.
 * The trainer, the evaluator and the sampler drive a network; the network does not know where its rows
 * come from.
 *
 * <p>The inputs and targets are the caller's arrays {@code xs} and {@code ys}, in block order: time step t
 * of row r at {@code (maxSteps − 1 − t)·batch + r} (time runs backwards through memory, see
 * {@link dino.engine.train.Trainer}); an input of −1 is the zero vector, a target of −1 a masked row.
 * {@code active[t]} is the number of rows still running at step t (a prefix of the rows; the others
 * keep their state frozen).
 *
 * <p>Each row carries a state from one call to the next: {@link #stateSize} values (padded), loaded
 * before and stored after a pass.
 */
public interface Network<A> {

    /** The network for a layout: the reference's tanh RNN, or a stack of PyTorch-style layers. */
    static <A> Network<A> create(Kernels<A> kernels, Layout layout, int maxSteps, int batch, int[] xs, int[] ys,
                                 int[] active) {
        if (!layout.reference || batch > 1) { // a JDK 17 warm-up: see ProductWarmup
            ProductWarmup.once(kernels);
        }
        return layout.reference
                ? new ReferenceNetwork<>(kernels, layout, maxSteps, batch, xs, ys, active)
                : new StackedNetwork<>(kernels, layout, maxSteps, batch, xs, ys, active);
    }

    /** Values of a row's carried state, padded: per layer its h (and an LSTM's c), each of stride values. */
    int stateSize();

    /** Real values of a row's carried state (stateSize without the padding). */
    int stateValues();

    /** Offset, within a row's state, of real value i (0 ≤ i &lt; stateValues). */
    int stateIndex(int i);

    /**
     * Trains with dropout of probability p on the inputs of layers 1..L−1 (PyTorch's {@code dropout}), its
     * masks drawn from {@code seed} and the step number; nothing to drop in a one-layer network.
     */
    void dropout(double p, long seed);

    /** Refreshes what the network derives from the weights (transposed copies); call after every update. */
    void prepare(A w);

    /** Sets row r's state before a pass from {@code src[off..off + stateSize)}, or zero when src is null. */
    void loadState(int row, A src, int off);

    /** Copies row r's state after a pass of {@code steps} steps to {@code dst[off..off + stateSize)}. */
    void storeState(int row, int steps, A dst, int off);

    /**
     * Forward over {@code steps} time steps for rows r &lt; m from the loaded states; returns the summed
     * cross-entropy of the targets. With m = batch the output gradient, scaled by {@code scale}, is kept
     * for {@link #backward}. {@code dropoutStep} ≥ 0 trains with the dropout masks of that step; −1 runs
     * without dropout (evaluation).
     */
    double forward(A w, int steps, int m, double scale, long dropoutStep);

    /** Gradients of the last forward (with m = batch) into g, which this zeroes first. */
    void backward(A w, A g, int steps);

    /** Sampling, row 0: one step from the current state with input x (−1: zero); the result becomes the state. */
    void advance(A w, int x);

    /** Sampling, row 0: the output distribution of the current state into out (yStride values). */
    void probabilities(A w, A out);
}
