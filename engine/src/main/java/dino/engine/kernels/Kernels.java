// The kernel set of one training step and of sampling: one interface, a scalar and a vector implementation.
package dino.engine.kernels;

import dino.engine.model.Layout;

/**
 * Every floating-point loop of a training step and of sampling, over the flat {@link Layout} buffers.
 *
 * <p>Arguments are arrays, offsets and sizes, outputs first. Matrices are row-major with rows of
 * {@code stride} doubles ({@link Layout#stride}); vectors of length n live at an offset and are padded
 * to {@code stride}. Kernels allocate nothing. {@link ScalarKernels} is the specification: plain loops
 * in the reference's order of operations. Other implementations state next to each kernel how far they
 * may differ from it.
 *
 * <p>The RNN step, in the reference's names (x one-hot with index {@code x}, or the zero vector):
 * <pre>
 * a  = tanh(Waa·a_prev + Wax[:, x] + ba)          cellForward
 * p  = softmax(Wya·a + by),  loss = −log p[y]     outputForward
 * dy = p − onehot(y); dWya += dy⊗a; dby += dy;    outputBackward
 * da = Wyaᵀ·dy + da_next
 * dt = (1 − a²)∘da; dba += dt; dWax[:, x] += dt;  cellBackward
 * dWaa += dt⊗a_prev; da_next = Waaᵀ·dt
 * g = clip(g, ±c); w −= lr·g                       clipAndUpdate
 * </pre>
 */
public interface Kernels {

    /** Short name of the implementation: {@code scalar} or {@code vector}. */
    String name();

    /** Vector width in bits, or 0 for scalar code. */
    int vectorBits();

    /**
     * Cell forward: {@code a[i] = tanh((Σ_j Waa[i][j]·aPrev[j] + Wax[i][x]) + ba[i])} for i < n.
     *
     * @param a         output hidden state, n values at aOff (padding untouched)
     * @param w         parameters
     * @param waaOff    offset of Waa (n rows of stride)
     * @param waxColOff offset of the contiguous column Wax[:, x], or -1 for the zero input
     * @param baOff     offset of ba
     * @param aPrev     previous hidden state, n values at aPrevOff
     */
    void cellForward(double[] a, int aOff, double[] w, int waaOff, int waxColOff, int baOff,
                     double[] aPrev, int aPrevOff, int n, int stride);

    /**
     * Output forward fused with softmax and the loss: {@code p = softmax(Wya·a + by)}; returns
     * {@code −log p[y]}, or 0 when {@code y < 0} (sampling).
     *
     * @param p      output probabilities, nY values at pOff
     * @param wyaOff offset of Wya (nY rows of stride)
     * @param byOff  offset of by
     * @param a      hidden state, nA values at aOff
     */
    double outputForward(double[] p, int pOff, double[] w, int wyaOff, int byOff,
                         double[] a, int aOff, int nY, int nA, int stride, int y);

    /**
     * Output backward: {@code dy = p − onehot(y)} (written over p), {@code dWya += dy⊗a},
     * {@code dby += dy}, {@code da = Wyaᵀ·dy + daNext}.
     *
     * @param da      output gradient of the hidden state, nA values at daOff
     * @param g       gradients (same layout as w)
     * @param p       probabilities of this step, overwritten with dy
     * @param daNext  gradient flowing back from the next step, nA values at daNextOff
     */
    void outputBackward(double[] da, int daOff, double[] g, int dWyaOff, int dbyOff,
                        double[] p, int pOff, int y, double[] w, int wyaOff,
                        double[] a, int aOff, double[] daNext, int daNextOff, int nY, int nA, int stride);

    /**
     * Cell backward: {@code dt = (1 − a²)∘da} (written over da), {@code dba += dt},
     * {@code dWax[:, x] += dt}, {@code dWaa += dt⊗aPrev}, {@code daNext = Waaᵀ·dt}.
     *
     * @param daNext     output gradient for the previous step, n values at daNextOff
     * @param dWaxColOff offset of the gradient column dWax[:, x], or -1 for the zero input
     * @param da         gradient of this step's hidden state, overwritten with dt
     * @param a          this step's hidden state
     * @param aPrev      previous hidden state
     */
    void cellBackward(double[] daNext, int daNextOff, double[] g, int dWaaOff, int dWaxColOff, int dbaOff,
                      double[] da, int daOff, double[] a, int aOff, double[] aPrev, int aPrevOff,
                      double[] w, int waaOff, int n, int stride);

    /** Clip every gradient in [off, off + len) to [−clip, clip], then SGD: {@code w += −lr·g}. */
    void clipAndUpdate(double[] w, double[] g, int off, int len, double clip, double lr);
}
