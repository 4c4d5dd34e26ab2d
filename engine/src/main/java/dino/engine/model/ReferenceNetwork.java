// The reference's one-layer tanh RNN over a batch, with its sums in the reference's order.
package dino.engine.model;

import dino.engine.kernels.Kernels;

/**
 * The reference's model ({@link TanhCell} and its output layer) as a {@link Network}. Its state is the
 * hidden state a. The output layer and the weight gradients are hoisted out of the recurrence: one product
 * over all T·B rows; activations are stored time-backwards, so that such a product sums each element over
 * steps T − 1 down to 0, the order of the reference's loop: with one row and the scalar kernels every
 * gradient element is the reference's, bit for bit.
 */
final class ReferenceNetwork<A> implements Network<A> {
    private final Layout l;
    private final Kernels<A> k;
    private final TanhCell<A> cell;
    private final int maxSteps;
    private final int batch;
    private final int[] xs;
    private final int[] ys;
    private final int[] active;
    /** Hidden states: a_t of row r at block(t) + r·stride; a_{−1} (the loaded state) at block(−1). */
    private final A h;
    /** Logits, then probabilities, then dy, in the same block order (rows of yStride). */
    private final A p;
    /** Gradient of each step's hidden state: dy·Wya, then dt, in the same block order. */
    private final A dh;
    /** Gradient flowing into the previous step's state (batch rows). */
    private final A daNext;
    private final int[] input = new int[1];

    ReferenceNetwork(Kernels<A> kernels, Layout layout, int maxSteps, int batch, int[] xs, int[] ys, int[] active) {
        this.l = layout;
        this.k = kernels;
        this.cell = new TanhCell<>(kernels, layout);
        this.maxSteps = maxSteps;
        this.batch = batch;
        this.xs = xs;
        this.ys = ys;
        this.active = active;
        int rows = maxSteps * batch;
        this.h = kernels.allocate((rows + batch) * layout.stride);
        this.p = kernels.allocate(rows * layout.yStride);
        this.dh = kernels.allocate(rows * layout.stride);
        this.daNext = kernels.allocate(batch * layout.stride);
    }

    @Override
    public int stateSize() {
        return l.stride;
    }

    @Override
    public int stateValues() {
        return l.stateValues();
    }

    @Override
    public int stateIndex(int i) {
        return i;
    }

    /** One layer: no layer input to drop. */
    @Override
    public void dropout(double p, long seed) {
    }

    @Override
    public void prepare(A w) {
        cell.transposeWeights(w);
    }

    @Override
    public void loadState(int row, A src, int off) {
        if (src == null) {
            k.zero(h, block(-1) + row * l.stride, l.stride);
        } else {
            System.arraycopy(src, off, h, block(-1) + row * l.stride, l.stride);
        }
    }

    @Override
    public void storeState(int row, int steps, A dst, int off) {
        System.arraycopy(h, block(steps - 1) + row * l.stride, dst, off, l.stride);
    }

    @Override
    public double forward(A w, int steps, int m, double scale, long dropoutStep) {
        int s = l.stride;
        for (int t = 0; t < steps; t++) {
            int running = Math.min(m, active[t]);
            cell.forward(w, h, block(t), h, block(t - 1), xs, slot(t) * batch, running);
            if (running < m) {
                System.arraycopy(h, block(t - 1) + running * s, h, block(t) + running * s, (m - running) * s);
            }
        }
        double loss = 0.0;
        if (m == batch) {
            cell.logits(p, pBlock(steps - 1), h, block(steps - 1), steps * batch);
            for (int t = 0; t < steps; t++) {
                loss += cell.softmaxLoss(w, p, pBlock(t), ys, slot(t) * batch, batch, scale);
            }
        } else {
            for (int t = 0; t < steps; t++) {
                cell.logits(p, pBlock(t), h, block(t), m);
                loss += cell.softmaxLoss(w, p, pBlock(t), ys, slot(t) * batch, m, scale);
            }
        }
        return loss;
    }

    @Override
    public void backward(A w, A g, int steps) {
        int first = block(steps - 1);
        int rows = steps * batch;
        k.zero(g, 0, l.size);
        cell.outputBackward(g, dh, first, w, p, pBlock(steps - 1), h, first, rows);
        k.zero(daNext, 0, batch * l.stride);
        cell.backward(dh, block(steps - 1), h, block(steps - 1), daNext, 0, active[steps - 1]);
        for (int t = steps - 1; t > 0; t--) {
            cell.backwardStep(w, daNext, 0, dh, block(t), active[t], dh, block(t - 1), h, block(t - 1), active[t - 1]);
        }
        cell.weightGradients(g, dh, first, h, block(steps - 2), xs, slot(steps - 1) * batch, rows);
    }

    @Override
    public void advance(A w, int x) {
        input[0] = x;
        cell.forward(w, h, block(0), h, block(-1), input, 0, 1);
        System.arraycopy(h, block(0), h, block(-1), l.stride);
    }

    @Override
    public void probabilities(A w, A out) {
        cell.logits(out, 0, h, block(-1), 1);
        cell.softmax(w, out, 0, 1);
    }

    /** Block index of time step t (t = −1: the loaded state). */
    private int slot(int t) {
        return maxSteps - 1 - t;
    }

    /** Offset of step t's hidden-state block in h and dh (dh has no block −1). */
    private int block(int t) {
        return slot(t) * batch * l.stride;
    }

    private int pBlock(int t) {
        return slot(t) * batch * l.yStride;
    }
}
