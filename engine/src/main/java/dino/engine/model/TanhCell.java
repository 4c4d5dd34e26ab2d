// The reference's tanh RNN cell and its softmax output layer, forward and backward, over a batch of rows.
package dino.engine.model;

import dino.engine.kernels.Kernels;

/**
 * The vanilla tanh RNN written in {@link Kernels} primitives, for a block of m batch rows (each row one
 * sequence, rows {@code stride} apart):
 * <pre>
 * forward   a  = tanh(a_prev·Waaᵀ + Wax[:, x] + ba)      tanhForward (gemmPacked with WaaT, gatherAdd, biasTanh)
 * output    p  = softmax(a·Wyaᵀ + by), loss = −log p[y]  gemm with WyaT, softmaxCrossEntropy
 * backward  da = dy·Wya + da_next                        (output gradient, then)
 *           dt = (1 − a²)∘da                             tanhBackward
 *           da_next = dt·Waa                             tanhBackwardStep (gemmPacked, then the step before's tanhBackward)
 * weights   dWaa += dtᵀ·a_prev, dWax[:, x] += dt, dba += Σ dt, dWya += dyᵀ·a, dby += Σ dy
 * </pre>
 * The weight gradients and the output layer do not depend on the recurrence, so a trainer runs them
 * once over all time steps (one product over T·B rows) and only the recurrence runs per step. The
 * forward products use transposed copies of {@code Waa} and {@code Wya} ({@link #transposeWeights}) so
 * that every product is a {@link Kernels#gemm} whose sums run in the specification's order; the recurrence's,
 * which every time step repeats, multiply from {@code Waaᵀ} and {@code Waa} packed into panels
 * ({@link Kernels#packB}) once per optimizer step.
 */
public final class TanhCell<A> {
    private final Kernels<A> k;
    private final Layout l;
    /** WaaT[j][i] = Waa[i][j]: n_a rows of stride. */
    private final A waaT;
    /** WyaT[j][k] = Wya[k][j]: n_a rows of yStride. */
    private final A wyaT;
    /** WaaT (forward) and Waa (backward), n_a rows of stride each, packed for {@link Kernels#gemmPacked}. */
    private final A waaTPacked;
    private final A waaPacked;

    public TanhCell(Kernels<A> kernels, Layout layout) {
        this.k = kernels;
        this.l = layout;
        this.waaT = kernels.allocate(layout.nA * layout.stride);
        this.wyaT = kernels.allocate(layout.nA * layout.yStride);
        this.waaTPacked = kernels.allocate(layout.nA * layout.stride);
        this.waaPacked = kernels.allocate(layout.nA * layout.stride);
    }

    /** Refreshes the transposed and packed weights from w; call after every update of w. */
    public void transposeWeights(A w) {
        k.transpose(waaT, 0, l.stride, w, l.waa, l.stride, l.nA, l.nA);
        k.transpose(wyaT, 0, l.yStride, w, l.wya, l.stride, l.nY, l.nA);
        k.packB(waaTPacked, 0, waaT, 0, l.stride, l.nA, l.stride);
        k.packB(waaPacked, 0, w, l.waa, l.stride, l.nA, l.stride);
    }

    /**
     * One time step for rows r &lt; m: {@code a[r] = tanh(aPrev[r]·Waaᵀ + Wax[:, xs[r]] + ba)} (x &lt; 0: the
     * zero input). Rows are {@code stride} apart; padding comes out zero.
     */
    public void forward(A w, A a, int aOff, A aPrev, int aPrevOff, int[] xs, int xOff, int m) {
        int s = l.stride;
        k.tanhForward(a, aOff, s, aPrev, aPrevOff, s, waaTPacked, 0, w, l.waxT, s, xs, xOff, w, l.ba, m, s, l.nA);
    }

    /** Logits of m rows of hidden states: {@code p[r] = a[r]·Wyaᵀ} (the bias is added by the softmax). */
    public void logits(A p, int pOff, A a, int aOff, int m) {
        k.zero(p, pOff, m * l.yStride);
        k.gemm(p, pOff, l.yStride, a, aOff, l.stride, wyaT, 0, l.yStride, m, l.yStride, l.nA);
    }

    /**
     * Softmax, loss and output gradient of m rows of logits (targets &lt; 0 mask a row); returns the
     * summed loss. The rows become {@code dy·scale}.
     */
    public double softmaxLoss(A w, A p, int pOff, int[] ys, int yOff, int m, double scale) {
        return k.softmaxCrossEntropy(p, pOff, l.yStride, w, l.by, ys, yOff, m, l.nY, scale);
    }

    /** Probabilities of m rows of logits, for sampling. */
    public void softmax(A w, A p, int pOff, int m) {
        k.softmaxCrossEntropy(p, pOff, l.yStride, w, l.by, null, 0, m, l.nY, 1.0);
    }

    /**
     * Output layer backward over m rows of dy and the hidden states a they came from:
     * {@code dWya += dyᵀ·a}, {@code dby += Σ dy}, and {@code da = dy·Wya} written (not added) into da.
     */
    public void outputBackward(A g, A da, int daOff, A w, A dy, int dyOff, A a, int aOff, int m) {
        k.gemmTA(g, l.wya, l.stride, dy, dyOff, l.yStride, a, aOff, l.stride, l.nY, l.stride, m);
        k.addColumnSums(g, l.by, dy, dyOff, l.yStride, m, l.nY);
        k.zero(da, daOff, m * l.stride);
        k.gemm(da, daOff, l.stride, dy, dyOff, l.yStride, w, l.wya, l.stride, m, l.stride, l.nY);
    }

    /**
     * The last time step of the recurrence backward, rows r &lt; m: {@code dt = (1 − a²)∘(da + daNext)}, written
     * over da.
     */
    public void backward(A da, int daOff, A a, int aOff, A daNext, int daNextOff, int m) {
        int s = l.stride;
        k.tanhBackward(da, daOff, s, a, aOff, s, daNext, daNextOff, s, m, s);
    }

    /**
     * One step further back, in one kernel call ({@link Kernels#tanhBackwardStep}): {@code daNext = dt·Waa} from
     * a step's m rows of dt (the gradient into the step before, written, not added), then that earlier step's
     * {@code dt = (1 − a²)∘(da + daNext)} over its m2 rows, written over da.
     */
    public void backwardStep(A w, A daNext, int daNextOff, A dt, int dtOff, int m, A da, int daOff, A a, int aOff, int m2) {
        int s = l.stride;
        k.tanhBackwardStep(daNext, daNextOff, s, dt, dtOff, s, waaPacked, 0, m, l.nA, da, daOff, s, a, aOff, s, m2, s);
    }

    /** The cell's weight gradients over m rows of dt and the states they came from: dWaa, dWax, dba. */
    public void weightGradients(A g, A dt, int dtOff, A aPrev, int aPrevOff, int[] xs, int xOff, int m) {
        int s = l.stride;
        k.gemmTA(g, l.waa, s, dt, dtOff, s, aPrev, aPrevOff, s, l.nA, s, m);
        k.scatterAdd(g, l.waxT, s, dt, dtOff, s, xs, xOff, m, s);
        k.addColumnSums(g, l.ba, dt, dtOff, s, m, s);
    }
}
