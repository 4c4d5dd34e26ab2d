// One training step over one sequence (forward, backpropagation through time, clip, update), allocation-free.
package dino.engine.train;

import dino.engine.kernels.Kernels;
import dino.engine.model.Layout;
import dino.engine.model.Model;
import java.util.Arrays;

/**
 * The reference's {@code optimize}: forward through a sequence, backward through time, clip every
 * gradient, update; the hidden state is carried from one sequence to the next.
 *
 * <p>All buffers are allocated here once, sized for the longest sequence: a step allocates nothing.
 * For a name of ids {@code c_1..c_m} ({@link #step(int[])}) the inputs are {@code [zero, c_1..c_m]}
 * and the targets {@code [c_1..c_m, newline]}, so a step runs T = m + 1 time steps. A window of text
 * ({@link #step(int[], int, int)}) has inputs {@code text[off..off+T)} and targets one further.
 */
public final class Trainer {
    private final Model model;
    private final Layout layout;
    private final Kernels kernels;
    private final int newline;
    private final int maxSteps;
    private final Optimizer optimizer;

    /** Hidden states: slot 0 is a_prev of the name, slot t + 1 is a[t]; each slot is stride long. */
    private final double[] a;
    /** Probabilities of step t at t·yStride, overwritten by dy in the backward pass. */
    private final double[] p;
    private final double[] da;
    private final double[] daNext;
    /** Gradients, in the parameters' layout. */
    private final double[] g;
    /** The hidden state carried to the next name. */
    private final double[] hidden;
    /** Inputs (−1: the zero vector) and targets of the current sequence. */
    private final int[] xs;
    private final int[] ys;

    /** A trainer with the reference's optimizer: clipped SGD. */
    public Trainer(Model model, Kernels kernels, int newline, int maxLength, double learningRate, double clip) {
        this(model, kernels, newline, maxLength,
                Optimizer.create(Optimizer.Kind.SGD, kernels, model.layout.size, learningRate, clip));
    }

    /**
     * @param newline   index of the end-of-name token (the target after a name's last character)
     * @param maxLength the longest name, or window of text, that a step will be given
     */
    public Trainer(Model model, Kernels kernels, int newline, int maxLength, Optimizer optimizer) {
        this.model = model;
        this.layout = model.layout;
        this.kernels = kernels;
        this.newline = newline;
        this.maxSteps = maxLength + 1;
        this.optimizer = optimizer;
        this.xs = new int[maxSteps];
        this.ys = new int[maxSteps];
        this.a = new double[(maxSteps + 1) * layout.stride];
        this.p = new double[maxSteps * layout.yStride];
        this.da = new double[layout.stride];
        this.daNext = new double[layout.stride];
        this.g = new double[layout.size];
        this.hidden = new double[layout.stride];
    }

    /** One optimization step on a name of {@code ids.length} characters; returns its summed cross-entropy. */
    public double step(int[] ids) {
        return stepSequence(loadName(ids));
    }

    /**
     * One optimization step on a window of text: inputs {@code text[off..off+steps)}, targets
     * {@code text[off+1..off+steps]}; returns the summed cross-entropy.
     */
    public double step(int[] text, int off, int steps) {
        loadWindow(text, off, steps);
        return stepSequence(steps);
    }

    /** The summed cross-entropy of a name from the zero state, without training (evaluation). */
    public double loss(int[] ids) {
        int steps = loadName(ids);
        Arrays.fill(a, 0, layout.stride, 0.0);
        return forwardFrom(steps);
    }

    /** The summed cross-entropy of a window of text from the carried state, which moves on; no training. */
    public double loss(int[] text, int off, int steps) {
        loadWindow(text, off, steps);
        System.arraycopy(hidden, 0, a, 0, layout.stride);
        double loss = forwardFrom(steps);
        System.arraycopy(a, steps * layout.stride, hidden, 0, layout.stride);
        return loss;
    }

    /** Inputs [zero, c_1..c_m] and targets [c_1..c_m, newline] of a name; returns the step count m + 1. */
    private int loadName(int[] ids) {
        int steps = ids.length + 1;
        checkLength(steps);
        xs[0] = -1;
        System.arraycopy(ids, 0, xs, 1, ids.length);
        System.arraycopy(ids, 0, ys, 0, ids.length);
        ys[ids.length] = newline;
        return steps;
    }

    /** Inputs text[off..off+steps) and targets one further. */
    private void loadWindow(int[] text, int off, int steps) {
        checkLength(steps);
        System.arraycopy(text, off, xs, 0, steps);
        System.arraycopy(text, off + 1, ys, 0, steps);
    }

    private void checkLength(int steps) {
        if (steps > maxSteps) {
            throw new IllegalArgumentException("sequence of " + steps + " steps exceeds the trainer's maximum " + maxSteps);
        }
    }

    private double stepSequence(int steps) {
        System.arraycopy(hidden, 0, a, 0, layout.stride);
        double loss = forwardFrom(steps);
        backward(steps);
        optimizer.update(model.w, g);
        System.arraycopy(a, steps * layout.stride, hidden, 0, layout.stride);
        return loss;
    }

    /** Forward from the state in slot 0 of {@code a}. */
    private double forwardFrom(int steps) {
        Layout l = layout;
        double loss = 0.0;
        for (int t = 0; t < steps; t++) {
            int waxCol = xs[t] < 0 ? -1 : l.waxColumn(xs[t]);
            // loss -= log p[y], as the reference accumulates it (x − log p == x + (−log p) exactly).
            kernels.cellForward(a, (t + 1) * l.stride, model.w, l.waa, waxCol, l.ba, a, t * l.stride, l.nA, l.stride);
            loss += kernels.outputForward(p, t * l.yStride, model.w, l.wya, l.by, a, (t + 1) * l.stride,
                    l.nY, l.nA, l.stride, ys[t]);
        }
        return loss;
    }

    private void backward(int steps) {
        Layout l = layout;
        Arrays.fill(g, 0.0);
        Arrays.fill(daNext, 0.0);
        for (int t = steps - 1; t >= 0; t--) {
            int waxCol = xs[t] < 0 ? -1 : l.waxColumn(xs[t]);
            int y = ys[t];
            kernels.outputBackward(da, 0, g, l.wya, l.by, p, t * l.yStride, y, model.w, l.wya,
                    a, (t + 1) * l.stride, daNext, 0, l.nY, l.nA, l.stride);
            kernels.cellBackward(daNext, 0, g, l.waa, waxCol, l.ba, da, 0, a, (t + 1) * l.stride, a, t * l.stride,
                    model.w, l.waa, l.nA, l.stride);
        }
    }

    /** The hidden state carried to the next name (n_a values, then zero padding). Live view, do not modify. */
    public double[] hidden() {
        return hidden;
    }

    /** Resets the carried hidden state to zero. */
    public void resetHidden() {
        Arrays.fill(hidden, 0.0);
    }

    /** The longest name, or window of text, a step takes. */
    public int maxLength() {
        return maxSteps - 1;
    }

    /** Sets the hidden state carried to the next name (n_a values). */
    public void restoreHidden(double[] state) {
        if (state.length < layout.nA) {
            throw new IllegalArgumentException("hidden state needs " + layout.nA + " values, got " + state.length);
        }
        Arrays.fill(hidden, 0.0);
        System.arraycopy(state, 0, hidden, 0, layout.nA);
    }

    /** The gradients of the last step, clipped (live view, in the parameters' layout). */
    public double[] gradients() {
        return g;
    }

    public Model model() {
        return model;
    }

    public Kernels kernels() {
        return kernels;
    }

    public Optimizer optimizer() {
        return optimizer;
    }
}
