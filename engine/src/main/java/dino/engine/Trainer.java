// One SGD step over one name (forward, backpropagation through time, clip, update), allocation-free.
package dino.engine;

import java.util.Arrays;

/**
 * The reference's {@code optimize}: forward through the name, backward through time, clip every
 * gradient, SGD update; the hidden state is carried from one name to the next.
 *
 * <p>All buffers are allocated here once, sized for the longest name: {@link #step} allocates nothing.
 * For a name of ids {@code c_1..c_m} the inputs are {@code [zero, c_1..c_m]} and the targets
 * {@code [c_1..c_m, newline]}, so a step runs T = m + 1 time steps.
 */
public final class Trainer {
    private final Model model;
    private final Layout layout;
    private final Kernels kernels;
    private final int newline;
    private final int maxSteps;
    private final double learningRate;
    private final double clip;

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

    /**
     * @param maxLength the longest name (in characters) that {@link #step} will be given
     */
    public Trainer(Model model, Kernels kernels, int newline, int maxLength, double learningRate, double clip) {
        this.model = model;
        this.layout = model.layout;
        this.kernels = kernels;
        this.newline = newline;
        this.maxSteps = maxLength + 1;
        this.learningRate = learningRate;
        this.clip = clip;
        this.a = new double[(maxSteps + 1) * layout.stride];
        this.p = new double[maxSteps * layout.yStride];
        this.da = new double[layout.stride];
        this.daNext = new double[layout.stride];
        this.g = new double[layout.size];
        this.hidden = new double[layout.stride];
    }

    /** One optimization step on a name of {@code ids.length} characters; returns its summed cross-entropy. */
    public double step(int[] ids) {
        int steps = ids.length + 1;
        if (steps > maxSteps) {
            throw new IllegalArgumentException("name of " + ids.length + " characters exceeds the trainer's maximum " + (maxSteps - 1));
        }
        double loss = forward(ids, steps);
        backward(ids, steps);
        kernels.clipAndUpdate(model.w, g, 0, layout.size, clip, learningRate);
        System.arraycopy(a, steps * layout.stride, hidden, 0, layout.stride);
        return loss;
    }

    private double forward(int[] ids, int steps) {
        Layout l = layout;
        System.arraycopy(hidden, 0, a, 0, l.stride);
        double loss = 0.0;
        for (int t = 0; t < steps; t++) {
            int waxCol = t == 0 ? -1 : l.waxColumn(ids[t - 1]);
            int y = t < ids.length ? ids[t] : newline;
            // loss -= log p[y], as the reference accumulates it (x − log p == x + (−log p) exactly).
            kernels.cellForward(a, (t + 1) * l.stride, model.w, l.waa, waxCol, l.ba, a, t * l.stride, l.nA, l.stride);
            loss += kernels.outputForward(p, t * l.yStride, model.w, l.wya, l.by, a, (t + 1) * l.stride,
                    l.nY, l.nA, l.stride, y);
        }
        return loss;
    }

    private void backward(int[] ids, int steps) {
        Layout l = layout;
        Arrays.fill(g, 0.0);
        Arrays.fill(daNext, 0.0);
        for (int t = steps - 1; t >= 0; t--) {
            int waxCol = t == 0 ? -1 : l.waxColumn(ids[t - 1]);
            int y = t < ids.length ? ids[t] : newline;
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
}
