// One training step over a batch of sequences (forward, backpropagation through time, clip, update), allocation-free.
package dino.engine.train;

import dino.api.TrainingConfig;
import dino.engine.kernels.Buffers;
import dino.engine.kernels.Kernels;
import dino.engine.model.Layout;
import dino.engine.model.Model;
import dino.engine.model.Network;

/**
 * The reference's {@code optimize}, over B sequences at once: forward through every sequence, backward
 * through time, average the gradients over the batch, clip, update. Row b of the batch is stream b: it
 * carries its hidden state to row b of the next step, as the reference carries it from name to name.
 *
 * <p>For a name of ids {@code c_1..c_m} the inputs are {@code [zero, c_1..c_m]} and the targets
 * {@code [c_1..c_m, newline]}: m + 1 time steps. Names in one batch differ in length, so each row runs its
 * own number of steps: past its end a row has no loss, no gradient and a frozen state. Rows are ordered
 * by length, longest first, so the rows still running at step t are a prefix of the batch and every
 * product runs on that prefix only. A window of text has inputs {@code text[off..off+T)} and targets one
 * further, the same length in every row.
 *
 * <p>The math is a {@link Network}'s (the reference's tanh RNN, or stacked RNN, LSTM or GRU layers). Inputs
 * and targets are stored with time running backwards through memory (step t in block
 * {@code maxSteps − 1 − t}), and so are the network's activations, so that a product over all steps at
 * once (the output layer and the weight gradients, hoisted out of the recurrence) sums each element over
 * steps T − 1 down to 0, the order in which the reference's loop adds them: with B = 1 and the scalar
 * kernels every gradient element is the reference's, bit for bit. The gradient is the mean over the batch of each sequence's gradient (no
 * scaling at B = 1), so the learning rate keeps its meaning; the loss returned is per sequence.
 *
 * <p>All buffers are allocated here once, sized for the longest sequence and the batch: a step
 * allocates nothing.
 */
public final class Trainer<A> {
    private final Kernels<A> kernels;
    private final Network<A> net;
    private final A w;
    private final int newline;
    private final int maxSteps;
    private final int batch;
    private final Optimizer<A> optimizer;

    /** Gradients, in the parameters' layout. */
    private final A g;
    /** The state each stream carries to its next sequence, stream b at b·stateSize. */
    private final A hidden;
    private final int stateSize;
    /** Inputs (−1: the zero vector) and targets (−1: past the row's end) in block order. */
    private final int[] xs;
    private final int[] ys;
    /** Row r of the batch is stream rowStream[r]; steps[r] is its number of time steps. */
    private final int[] rowStream;
    private final int[] rowSteps;
    /** active[t]: rows still running at step t (a prefix of the batch). */
    private final int[] active;
    /** Training steps taken (a resumed run restores it): numbers each step's dropout masks. */
    private long steps;
    /** The arguments of the batch-of-one steps, reused. */
    private final int[][] single = new int[1][];
    private final int[] singleOffset = new int[1];

    /**
     * @param w         the parameters, in layout's order (shared, updated in place)
     * @param newline   index of the end-of-name token (the target after a name's last character)
     * @param maxLength the longest name, or window of text, that a step will be given
     * @param batch     sequences per step
     */
    public Trainer(Layout layout, A w, Kernels<A> kernels, int newline, int maxLength, int batch, Optimizer<A> optimizer) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        this.kernels = kernels;
        this.w = w;
        this.newline = newline;
        this.maxSteps = maxLength + 1;
        this.batch = batch;
        this.optimizer = optimizer;
        long rows = (long) maxSteps * batch;
        if ((rows + batch) * Math.max(layout.gateStride, layout.yStride) > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("batch " + batch + " × " + maxSteps + " steps is too large for one buffer");
        }
        this.xs = new int[(int) rows];
        this.ys = new int[(int) rows];
        this.rowStream = new int[batch];
        this.rowSteps = new int[batch];
        this.active = new int[maxSteps];
        this.net = Network.create(kernels, layout, maxSteps, batch, xs, ys, active);
        this.stateSize = net.stateSize();
        this.g = kernels.allocate(layout.size);
        this.hidden = kernels.allocate(batch * stateSize);
    }

    /**
     * A trainer with the reference's optimizer, clipped SGD, over the model's weights (shared in f64, a
     * copy in f32).
     */
    public static <A> Trainer<A> sgd(Model model, Kernels<A> kernels, int newline, int maxLength, int batch,
                                     double learningRate, double clip) {
        return new Trainer<>(model.layout, Buffers.of(kernels, model.w), kernels, newline, maxLength, batch,
                Optimizer.create(TrainingConfig.Optimizer.SGD, kernels, model.layout.size, learningRate, clip));
    }

    /** Approximate bytes of the activation buffers of a trainer of these sizes (for the up-front memory check). */
    public static long activationBytes(Layout layout, int maxLength, int batch) {
        long rows = (long) (maxLength + 1) * batch;
        long perLayer = (rows + batch) * (layout.stride * 3L + layout.gateStride * 2L);
        return layout.precision.bytes * (perLayer * layout.layers + rows * layout.yStride + rows * layout.stride * 2);
    }

    /** Trains with dropout p between layers (see {@link Network#dropout}); masks from seed and the step number. */
    public Trainer<A> dropout(double p, long seed) {
        net.dropout(p, seed);
        return this;
    }

    /** Sets the number of training steps taken (a resumed run), which numbers the dropout masks. */
    public void restoreSteps(long taken) {
        this.steps = taken;
    }

    /**
     * One optimization step on {@code batch} names, name b continuing stream b's hidden state; returns the
     * summed cross-entropy per name (the mean over the batch of each name's sum).
     */
    public double step(int[][] names) {
        if (names.length != batch) {
            throw new IllegalArgumentException(names.length + " names for a batch of " + batch);
        }
        int steps = loadNames(names);
        return trainSteps(steps);
    }

    /** One optimization step of a batch of one name (the reference's step); see {@link #step(int[][])}. */
    public double step(int[] name) {
        single[0] = name;
        return step(single);
    }

    /** One optimization step of a batch of one window of text at {@code off}; see {@link #step(int[], int[], int)}. */
    public double step(int[] text, int off, int steps) {
        singleOffset[0] = off;
        return step(text, singleOffset, steps);
    }

    /**
     * One optimization step on windows of text: row b has inputs {@code text[offsets[b]..+steps)} and
     * targets one further, continuing stream b's state; returns the summed cross-entropy per window.
     */
    public double step(int[] text, int[] offsets, int steps) {
        if (offsets.length != batch) {
            throw new IllegalArgumentException(offsets.length + " windows for a batch of " + batch);
        }
        loadWindows(text, offsets, steps);
        return trainSteps(steps);
    }

    /** The summed cross-entropy of a name from the zero state, without training (row 0 only). */
    public double loss(int[] ids) {
        int n = loadName(ids, 0);
        rowStream[0] = 0;
        net.loadState(0, null, 0);
        net.prepare(w);
        return net.forward(w, n, 1, 1.0, -1);
    }

    /** The summed cross-entropy of a window of text from stream 0's carried state, which moves on; no training. */
    public double loss(int[] text, int off, int n) {
        checkLength(n);
        for (int t = 0; t < n; t++) {
            xs[slot(t) * batch] = text[off + t];
            ys[slot(t) * batch] = text[off + t + 1];
            active[t] = 1;
        }
        rowStream[0] = 0;
        net.loadState(0, hidden, 0);
        net.prepare(w);
        double loss = net.forward(w, n, 1, 1.0, -1);
        net.storeState(0, n, hidden, 0);
        return loss;
    }

    /** Loads names (sorted longest first into rows) and returns the number of time steps of the longest. */
    private int loadNames(int[][] names) {
        for (int b = 0; b < batch; b++) {
            int r = b;
            int length = names[b].length;
            while (r > 0 && names[rowStream[r - 1]].length < length) {
                rowStream[r] = rowStream[r - 1];
                r--;
            }
            rowStream[r] = b;
        }
        int steps = names[rowStream[0]].length + 1;
        checkLength(steps);
        for (int r = 0; r < batch; r++) {
            loadName(names[rowStream[r]], r);
        }
        for (int t = 0; t < steps; t++) {
            int m = 0;
            while (m < batch && rowSteps[m] > t) {
                m++;
            }
            active[t] = m;
        }
        return steps;
    }

    /** Row r's inputs [zero, c_1..c_m] and targets [c_1..c_m, newline], −1 past its end; returns m + 1. */
    private int loadName(int[] ids, int r) {
        int steps = ids.length + 1;
        checkLength(steps);
        rowSteps[r] = steps;
        for (int t = 0; t < maxSteps; t++) {
            int i = slot(t) * batch + r;
            xs[i] = t == 0 || t >= steps ? -1 : ids[t - 1];
            ys[i] = t < ids.length ? ids[t] : t == ids.length ? newline : -1;
        }
        if (r == 0) {
            for (int t = 0; t < steps; t++) {
                active[t] = 1;
            }
        }
        return steps;
    }

    private void loadWindows(int[] text, int[] offsets, int steps) {
        checkLength(steps);
        for (int r = 0; r < batch; r++) {
            rowStream[r] = r;
            rowSteps[r] = steps;
            for (int t = 0; t < steps; t++) {
                xs[slot(t) * batch + r] = text[offsets[r] + t];
                ys[slot(t) * batch + r] = text[offsets[r] + t + 1];
            }
        }
        for (int t = 0; t < steps; t++) {
            active[t] = batch;
        }
    }

    private void checkLength(int steps) {
        if (steps > maxSteps) {
            throw new IllegalArgumentException("sequence of " + steps + " steps exceeds the trainer's maximum " + maxSteps);
        }
    }

    private double trainSteps(int n) {
        for (int r = 0; r < batch; r++) {
            net.loadState(r, hidden, rowStream[r] * stateSize);
        }
        net.prepare(w);
        double scale = batch == 1 ? 1.0 : 1.0 / batch;
        double loss = net.forward(w, n, batch, scale, steps);
        net.backward(w, g, n);
        optimizer.update(w, g);
        steps++;
        for (int r = 0; r < batch; r++) {
            net.storeState(r, n, hidden, rowStream[r] * stateSize);
        }
        return batch == 1 ? loss : loss / batch;
    }

    /** Block index of time step t. */
    private int slot(int t) {
        return maxSteps - 1 - t;
    }

    /** Stream b's carried state ({@link #stateSize} values from b·stateSize). Live view, do not modify. */
    public A hidden() {
        return hidden;
    }

    /** Resets every stream's carried hidden state to zero. */
    public void resetHidden() {
        kernels.zero(hidden, 0, batch * stateSize);
    }

    /** Real values of one stream's carried state: n_a per layer (twice for an LSTM). */
    public int stateValues() {
        return net.stateValues();
    }

    /** Sets the states carried to the next step: batch × {@link #stateValues} values, stream by stream. */
    public void restoreHidden(double[] state) {
        int values = net.stateValues();
        if (state.length != batch * values) {
            throw new IllegalArgumentException("hidden state needs " + batch * values + " values, got " + state.length);
        }
        resetHidden();
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < values; i++) {
                kernels.set(hidden, b * stateSize + net.stateIndex(i), state[b * values + i]);
            }
        }
    }

    /** The carried states, batch × {@link #stateValues} values, as doubles (a copy, for saving). */
    public double[] hiddenState() {
        int values = net.stateValues();
        double[] out = new double[batch * values];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < values; i++) {
                out[b * values + i] = kernels.get(hidden, b * stateSize + net.stateIndex(i));
            }
        }
        return out;
    }

    /** The gradients of the last step, averaged and clipped (live view, in the parameters' layout). */
    public A gradients() {
        return g;
    }

    /** The parameters (live). */
    public A parameters() {
        return w;
    }

    public Optimizer<A> optimizer() {
        return optimizer;
    }

    /** The longest name, or window of text, a step takes. */
    public int maxLength() {
        return maxSteps - 1;
    }
}
