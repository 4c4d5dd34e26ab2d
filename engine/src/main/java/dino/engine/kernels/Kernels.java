// The primitives every cell is written in: batched products, fused activations, softmax + loss, update.
package dino.engine.kernels;

import dino.api.Products;
import dino.api.TrainingConfig.Precision;

/**
 * Every floating-point loop of training and sampling, over one precision's arrays ({@code A} is
 * {@code double[]} or {@code float[]}). A cell (the tanh RNN today) is a short forward/backward pair
 * written in these primitives; a kernel set implements them once, not once per cell.
 *
 * <p>Arguments are arrays, offsets, leading dimensions (the distance between rows, in elements) and
 * sizes, outputs first. Matrices are row-major blocks whose rows are padded with zeros to a multiple of
 * the precision's {@link Precision#align() alignment}; a caller passes the padded width as the column
 * count {@code n} of an output (vector kernels need whole vectors there) and the real size as the sum
 * length {@code k}. Kernels allocate nothing and keep no state, so threads can share one.
 *
 * <p>{@link ScalarKernels} (f64) and {@link ScalarFloatKernels} (f32) are the specification: plain
 * loops, no fused multiply-add, the order of every sum stated at its method. In f64 that order is the
 * reference's (numpy over the reference BLAS), so the default run reproduces the reference. Other
 * implementations say next to each method how far they may differ from it. {@link ScalarFmaKernels} and
 * {@link ScalarFloatFmaKernels} are the same specification with fused products ({@link Products#FMA}).
 *
 * <p>The products accumulate every element in place, in one chain: {@code for p in 0..k−1: c = c + a·b}
 * (a multiply, then an add; one {@code Math.fma(a, b, c)} in the fused form, {@link #products()}). Callers
 * start from a zeroed C where the reference starts its sums at 0, so the chain is the reference's;
 * accumulating in place lets an implementation split the sum into blocks of p and keep the same bits.
 */
public interface Kernels<A> {

    /** Short name of the implementation: {@code scalar} or {@code vector}. */
    String name();

    /** Vector width in bits, or 0 for scalar code. */
    int vectorBits();

    /** The form every product's step takes: a multiply then an add, or one fused multiply-add. */
    Products products();

    /** The element type of {@code A}. */
    Precision precision();

    /** Threads that this set's calls are split over: 1 but for {@link ParallelKernels}. */
    default int threads() {
        return 1;
    }

    /**
     * Rows [0, rows) in parts, one a thread, each part run whole by {@code task} with kernels that do not split
     * further; returns when all parts are done. Parts are whole multiples of 4 rows where possible. A row's results
     * must not depend on the other rows, so they are the same bits for every partition. Here, with no threads: one
     * part, this set.
     */
    default void forRows(int rows, RowTask<A> task) {
        task.run(this, 0, rows);
    }

    /** A new zeroed array of n elements (set-up only, never on a hot path). */
    A allocate(int n);

    /** Element i as a double (set-up, saving and tests; never on a hot path). */
    double get(A x, int i);

    /** Sets element i, rounded to the precision (set-up, loading and tests). */
    void set(A x, int i, double value);

    /** {@code x[off..off+len) = 0}. */
    void zero(A x, int off, int len);

    /** {@code C[m×n] += A[m×k]·B[k×n]}: {@code c[i][j] += a[i][p]·b[p][j]} for p ascending. */
    void gemm(A c, int cOff, int ldc, A a, int aOff, int lda, A b, int bOff, int ldb, int m, int n, int k);

    /** {@code C[m×n] += Aᵀ·B} with A stored k×m: {@code c[i][j] += a[p][i]·b[p][j]} for p ascending. */
    void gemmTA(A c, int cOff, int ldc, A a, int aOff, int lda, A b, int bOff, int ldb, int m, int n, int k);

    /** {@code C[m×n] += A·Bᵀ} with B stored n×k: {@code c[i][j] += a[i][p]·b[j][p]} for p ascending. */
    void gemmTB(A c, int cOff, int ldc, A a, int aOff, int lda, A b, int bOff, int ldb, int m, int n, int k);

    /**
     * Columns per panel of a packed B ({@link #packB}): a whole number of this kernel set's register tiles, and a
     * divisor of 64, so that a split of the columns at multiples of 64 starts a panel.
     */
    int panelWidth();

    /**
     * Packs B[k×n] (rows {@code ldb} apart) for {@link #gemmPacked}: panels of {@link #panelWidth()} columns (the
     * last one may be narrower), each its k rows of its width one after another, the panels one after another, so
     * that the panel of columns from j (a multiple of the width) starts at {@code dst[dstOff + j·k]}. A weight that
     * every time step multiplies is packed once per optimizer step: its rows then stream through the cache in
     * order, where rows a power of two apart would meet in the same cache sets. A copy: no rounding.
     */
    void packB(A dst, int dstOff, A b, int bOff, int ldb, int k, int n);

    /**
     * Packs B[k×n] = Sᵀ for {@link #gemmPacked}, where S[n×k] is stored (rows {@code ldb} apart: b[j][p] is at
     * {@code b[bOff + j·ldb + p]}): the same elements at the same places as {@link #transpose} into a k×n buffer,
     * then {@link #packB}, in one pass and without the buffer. A copy: no rounding.
     */
    void packBT(A dst, int dstOff, A b, int bOff, int ldb, int k, int n);

    /** {@code C[m×n] += A[m×k]·B} with B packed by {@link #packB}: the same chains, in the same order, as {@link #gemm}. */
    void gemmPacked(A c, int cOff, int ldc, A a, int aOff, int lda, A bp, int bpOff, int m, int n, int k);

    /** {@code dst[j][i] = src[i][j]} for i &lt; rows, j &lt; cols (keeps a weight's transpose for {@link #gemm}). */
    void transpose(A dst, int dstOff, int ldd, A src, int srcOff, int lds, int rows, int cols);

    /**
     * A one-hot input's product, a row gather: {@code c[r][0..n) += t[idx[r]][0..n)} for r &lt; m, and
     * nothing for rows whose {@code idx[idxOff + r]} is negative (the zero input).
     */
    void gatherAdd(A c, int cOff, int ldc, A t, int tOff, int ldt, int[] idx, int idxOff, int m, int n);

    /** Its gradient, a row scatter: {@code t[idx[r]][0..n) += c[r][0..n)} for r = 0, 1, …, m − 1 in order; negative idx skipped. */
    void scatterAdd(A t, int tOff, int ldt, A c, int cOff, int ldc, int[] idx, int idxOff, int m, int n);

    /** {@code out[j] += x[r][j]} for r = 0, 1, …, m − 1 in order (a bias gradient), j &lt; n. */
    void addColumnSums(A out, int outOff, A x, int xOff, int ldx, int m, int n);

    /** Fused tanh cell activation: {@code x[r][j] = tanh(x[r][j] + bias[j])} for r &lt; m, j &lt; n. */
    void biasTanh(A x, int xOff, int ldx, A bias, int biasOff, int m, int n);

    /**
     * Fused tanh backward: {@code d[r][j] = (1 − y[r][j]·y[r][j])·(d[r][j] + add[r][j])}: the gradient
     * from the output plus the one from the next step, through the tanh whose output was y.
     */
    void tanhBackward(A d, int dOff, int ldd, A y, int yOff, int ldy, A add, int addOff, int ldadd, int m, int n);

    /**
     * One time step of the tanh RNN for m rows, {@code c = tanh(a·B + T[idx] + bias)} with B (k×n) packed by
     * {@link #packB}: C zeroed, then {@link #gemmPacked} (k terms), {@link #gatherAdd}, {@link #biasTanh}, in that
     * order. This composition is its specification in every kernel set; a parallel set runs it whole on each
     * thread's columns (or rows), in one hand-over where the four calls would take three.
     */
    default void tanhForward(A c, int cOff, int ldc, A a, int aOff, int lda, A bp, int bpOff, A t, int tOff,
                             int ldt, int[] idx, int idxOff, A bias, int biasOff, int m, int n, int k) {
        for (int r = 0; r < m; r++) {
            zero(c, cOff + r * ldc, n);
        }
        gemmPacked(c, cOff, ldc, a, aOff, lda, bp, bpOff, m, n, k);
        gatherAdd(c, cOff, ldc, t, tOff, ldt, idx, idxOff, m, n);
        biasTanh(c, cOff, ldc, bias, biasOff, m, n);
    }

    /**
     * Backward from one time step of the tanh RNN into the one before: {@code e = dt·W} over m rows with W (k×n)
     * packed by {@link #packB} (E zeroed, then {@link #gemmPacked}), then {@link #tanhBackward}
     * {@code d = (1 − y²)∘(d + e)} over m2 rows (rows of E from m on are left as they are). This composition is
     * its specification; a parallel set runs it whole on each thread's columns (or rows), in one hand-over.
     */
    default void tanhBackwardStep(A e, int eOff, int lde, A dt, int dtOff, int lddt, A wp, int wpOff, int m,
                                  int k, A d, int dOff, int ldd, A y, int yOff, int ldy, int m2, int n) {
        for (int r = 0; r < m; r++) {
            zero(e, eOff + r * lde, n);
        }
        gemmPacked(e, eOff, lde, dt, dtOff, lddt, wp, wpOff, m, n, k);
        tanhBackward(d, dOff, ldd, y, yOff, ldy, e, eOff, lde, m2, n);
    }

    /** {@code x[r][j] = x[r][j] + bias[j]} for r &lt; m, j &lt; n (an input projection's bias, over all time steps at once). */
    void addBias(A x, int xOff, int ldx, A bias, int biasOff, int m, int n);

    /** {@code out[i] = a[i]·b[i]} for i &lt; len ({@code out} may be {@code a}): a dropout mask, forward and backward. */
    void multiply(A out, int outOff, A a, int aOff, A b, int bOff, int len);

    /**
     * Fused LSTM cell, PyTorch's gates, for rows r &lt; m. A row of {@code gates} holds four sections of n
     * (i, f, g, o: row stride 4n) with the products of the input and the previous state; states (cPrev, c,
     * h) have rows of n. With σ(x) = 1 / (1 + exp(−x)):
     * <pre>
     * i = σ(gates_i + bias_i)   f = σ(gates_f + bias_f)   g = tanh(gates_g + bias_g)   o = σ(gates_o + bias_o)
     * c = f·cPrev + i·g         h = o·tanh(c)
     * </pre>
     * The activated gates i, f, g, o are written back over {@code gates} for {@link #lstmCellBackward}.
     * Zero padding (gates, bias, cPrev) gives zero c and h.
     */
    void lstmCell(A gates, int gOff, A bias, int biasOff, A cPrev, int cPrevOff, A c, int cOff, A h, int hOff,
                  int m, int n);

    /**
     * Its backward, for rows r &lt; m, from the activated gates and the cell states c and cPrev of the step:
     * <pre>
     * dh' = dh + dNext;  t = tanh(c);  dc' = dc + dh'·o·(1 − t·t)
     * gates ← (dc'·g·i·(1 − i), dc'·cPrev·f·(1 − f), dc'·i·(1 − g·g), dh'·t·o·(1 − o))   (pre-activation gradients)
     * dc ← dc'·f                                                                         (into the previous step's c)
     * </pre>
     * products left to right. dh is the gradient on h from outside the recurrence (output layer or the
     * layer above), dNext the one through the next step's gates; afterwards dh holds dh' and dNext holds
     * t = tanh(c) (a row the caller no longer needs, used as scratch: kernels allocate nothing).
     */
    void lstmCellBackward(A gates, int gOff, A c, int cOff, A cPrev, int cPrevOff, A dh, int dhOff, A dNext,
                          int dNextOff, A dc, int dcOff, int m, int n);

    /**
     * Fused GRU cell, PyTorch's gates, for rows r &lt; m. Rows of {@code gi} (the input's products plus
     * its bias) and {@code gh} (the previous state's products, without bias) hold three sections of n (r, z,
     * n: row stride 3n); {@code bias} is the state's bias, three sections; states have rows of n:
     * <pre>
     * r = σ(gi_r + (gh_r + bias_r))   z = σ(gi_z + (gh_z + bias_z))   hn = gh_n + bias_n
     * n = tanh(gi_n + r·hn)           h = (1 − z)·n + z·hPrev
     * </pre>
     * r, z and n are written over {@code gi}, hn over {@code gh}'s n section, for {@link #gruCellBackward}.
     */
    void gruCell(A gi, int giOff, A gh, int ghOff, A bias, int biasOff, A hPrev, int hPrevOff, A h, int hOff,
                 int m, int n);

    /**
     * Its backward, for rows r &lt; m:
     * <pre>
     * dh' = dh + dNext;  dn = dh'·(1 − z)·(1 − n·n);  dz = dh'·(hPrev − n)·z·(1 − z);  dr = dn·hn·r·(1 − r)
     * gi ← (dr, dz, dn)   gh ← (dr, dz, dn·r)   dNext ← dh'·z
     * </pre>
     * products left to right: the pre-activation gradients of the input's and the state's products, and
     * the part of the previous state's gradient that does not go through a product (the caller adds
     * {@code gh·W_hh}).
     */
    void gruCellBackward(A gi, int giOff, A gh, int ghOff, A hPrev, int hPrevOff, A dh, int dhOff, A dNext,
                         int dNextOff, int m, int n);

    /**
     * Fused output layer: for each row r &lt; m of {@code p} (logits without bias, n values at a stride of
     * ldp), {@code p = softmax(p + bias)}. With targets, y = {@code targets[tOff + r]}: when y ≥ 0 the row's
     * loss {@code −log p[y]} is added to the returned sum (rows in order) and the row becomes the
     * gradient {@code (p − onehot(y))·scale} (no multiply when scale is 1); when y &lt; 0 the row is
     * masked: no loss and a zero gradient. Without targets ({@code null}, sampling) the row keeps p and
     * 0 is returned. Row padding (columns n..ldp) is left as it was.
     *
     * <p>Specification: logits {@code z = p + bias}; {@code max} in index order; {@code e = exp(z − max)};
     * the denominator by numpy's pairwise summation ({@link ScalarKernels#pairwiseSum}); {@code p = e / sum}.
     */
    double softmaxCrossEntropy(A p, int pOff, int ldp, A bias, int biasOff, int[] targets, int tOff,
                               int m, int n, double scale);

    /** Clip every gradient in [off, off + len) to [−clip, clip], then SGD: {@code w = w + (−lr)·g}. */
    void clipAndUpdate(A w, A g, int off, int len, double clip, double lr);

    /** Clip, then min-char-rnn's Adagrad: {@code m += g²; w += −lr·g / sqrt(m + 1e-8)}. */
    void clipAdagrad(A w, A g, A memory, int off, int len, double clip, double lr);

    /**
     * Clip, then Adam: {@code m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²;
     * w += −lr·(m / c1) / (sqrt(v / c2) + ε)} with the bias corrections c1, c2 of this step.
     */
    void clipAdam(A w, A g, A m, A v, int off, int len, double clip, double lr, double c1, double c2);
}
