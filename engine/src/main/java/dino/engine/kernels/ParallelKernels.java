// Runs large kernel calls on several threads, each computing whole elements, so results do not depend on the count.
package dino.engine.kernels;

import dino.api.TrainingConfig.Precision;

/**
 * A kernel set that splits the large calls of another over a pool of threads made once. Every element
 * of an output is computed whole by one thread, in the order the specification states, so the bits do
 * not depend on how many threads there are or how the work is split: the products, the row-wise
 * activations, the update and large zeroings are split by rows of their output (or ranges of the flat buffer), the
 * column sums and the scatter (whose rows may add into the same target) by columns, the packings of B by panels. The softmax, whose
 * loss is one sum over rows, and small calls (below {@link #MIN_WORK} multiply-adds, where handing work
 * over costs more than it saves) run on the caller's thread.
 *
 * <p>Kernels keep no state, so threads can share one ({@link Kernels}), and so can they share this set: any number of
 * threads may call it at once, each getting the bits the base kernels give. A split call first takes the pool for
 * itself (one compare-and-set, {@link WorkerPool#take}); a call that finds it held by another runs whole on its own
 * thread with the base kernels: the same bits, since each element is computed whole by one thread either way. Each
 * split operation has one job object ({@link ProductParts}, {@link ElementParts}), made with the kernel set, whose
 * fields only the call holding the pool sets (so they need no copy per thread): dispatch allocates nothing, and no
 * call sees another's operands. A call made from inside a {@link RowTask} of this set finds the pool held, and so
 * runs on its own thread too.
 *
 * <p>A training run starts with a serial warm-up ({@link #serialWarmup}): the same parts, one after another on the
 * caller's thread.
 */
public final class ParallelKernels<A> implements Kernels<A>, AutoCloseable {
    /**
     * Multiply-adds (elements × 8 for element-wise calls, × 32 for tanh) below which a call runs on one thread: about
     * 10 µs of work, several times what handing it over costs. The reference's model (n_a = 50, one name
     * per step) stays below it, so the default run is single-threaded whatever --threads says.
     */
    static final long MIN_WORK = 1 << 18;

    private final Kernels<A> base;
    private final WorkerPool pool;
    private final ProductParts<A> products;
    private final ElementParts<A> elements;

    /** {@code base} on {@code threads} threads (the caller's and threads − 1 daemon workers). */
    public ParallelKernels(Kernels<A> base, int threads) {
        this.base = base;
        this.pool = new WorkerPool(threads);
        this.products = new ProductParts<>(base, pool);
        this.elements = new ElementParts<>(base, pool);
    }

    /**
     * Runs each split call's parts one after another on the caller's thread for the first {@code millis}
     * milliseconds (counted from the first split call), then on all the threads: the same bits either way. While
     * the JIT compiles the kernels, a second thread running the same slow interpreted code only takes a core
     * from the compiler threads (measured: docs/jit-notes.md). Waits for the call holding the pool, if one does.
     */
    public ParallelKernels<A> serialWarmup(long millis) {
        pool.serialWarmup(millis * 1_000_000);
        return this;
    }

    /**
     * Stops the workers and waits for them to end: no thread of this set outlives the call (they are daemons, so a
     * process may also just exit). Called again, it does nothing. While other threads call this set: it waits for the
     * call holding the pool to end; calls already running on their own threads end as usual; a split call (or
     * {@link #forRows}) made after close throws {@link IllegalStateException}, a call below the split sizes still
     * runs on its caller's thread. Not from inside a {@link RowTask} of this set: it would wait for itself.
     */
    @Override
    public void close() {
        pool.close();
    }

    /**
     * Split by columns when C is wider than tall (a batch of rows times a weight matrix, as in every step
     * of the recurrence): each thread then reads only its columns of B, which stay in its core's cache from
     * step to step, where a split by rows would stream all of B through both cores.
     */
    @Override
    public void gemm(A c, int cOff, int ldc, A a, int aOff, int lda, A b, int bOff, int ldb, int m, int n, int k) {
        if ((long) m * n * k < MIN_WORK || (m < 2 && n < 128) || !pool.take()) {
            base.gemm(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, n, k);
            return;
        }
        pool.run(products.gemm.set(ProductParts.Form.PLAIN, c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, n, k));
    }

    /** Split as {@link #gemm}: by columns, each thread multiplies whole panels of B. */
    @Override
    public void gemmPacked(A c, int cOff, int ldc, A a, int aOff, int lda, A bp, int bpOff, int m, int n, int k) {
        if ((long) m * n * k < MIN_WORK || (m < 2 && n < 128) || !pool.take()) {
            base.gemmPacked(c, cOff, ldc, a, aOff, lda, bp, bpOff, m, n, k);
            return;
        }
        pool.run(products.gemm.set(ProductParts.Form.PACKED_B, c, cOff, ldc, a, aOff, lda, bp, bpOff, 0, m, n, k));
    }

    @Override
    public int panelWidth() {
        return base.panelWidth();
    }

    /** Split by columns, 64 at a time (whole panels): a copy, once per optimizer step, that the other threads would wait for. */
    @Override
    public void packB(A dst, int dstOff, A b, int bOff, int ldb, int k, int n) {
        if ((long) k * n * 8 < MIN_WORK || n < 128 || !pool.take()) {
            base.packB(dst, dstOff, b, bOff, ldb, k, n);
            return;
        }
        pool.run(products.pack.set(false, dst, dstOff, b, bOff, ldb, k, n));
    }

    /** Split as {@link #packB}: by columns of B, the rows of the matrix stored. */
    @Override
    public void packBT(A dst, int dstOff, A b, int bOff, int ldb, int k, int n) {
        if ((long) k * n * 8 < MIN_WORK || n < 128 || !pool.take()) {
            base.packBT(dst, dstOff, b, bOff, ldb, k, n);
            return;
        }
        pool.run(products.pack.set(true, dst, dstOff, b, bOff, ldb, k, n));
    }

    /** Split as {@link #gemm}, by columns (or rows) of C: each element's four operations on one thread. */
    @Override
    public void tanhForward(A c, int cOff, int ldc, A a, int aOff, int lda, A bp, int bpOff, A t, int tOff,
                            int ldt, int[] idx, int idxOff, A bias, int biasOff, int m, int n, int k) {
        if ((long) m * n * k < MIN_WORK || (m < 2 && n < 128) || !pool.take()) {
            base.tanhForward(c, cOff, ldc, a, aOff, lda, bp, bpOff, t, tOff, ldt, idx, idxOff, bias, biasOff, m, n, k);
            return;
        }
        pool.run(products.tanhStep.set(c, cOff, ldc, a, aOff, lda, bp, bpOff, t, tOff, ldt, idx, idxOff, bias, biasOff, m, n, k));
    }

    /** Split as {@link #gemm}, by columns (or rows) of E and D. */
    @Override
    public void tanhBackwardStep(A e, int eOff, int lde, A dt, int dtOff, int lddt, A wp, int wpOff, int m, int k, A d,
                                 int dOff, int ldd, A y, int yOff, int ldy, int m2, int n) {
        if ((long) m * n * k < MIN_WORK || (Math.max(m, m2) < 2 && n < 128) || !pool.take()) {
            base.tanhBackwardStep(e, eOff, lde, dt, dtOff, lddt, wp, wpOff, m, k, d, dOff, ldd, y, yOff, ldy, m2, n);
            return;
        }
        pool.run(products.tanhBackStep.set(e, eOff, lde, dt, dtOff, lddt, wp, wpOff, m, k, d, dOff, ldd, y, yOff, ldy, m2, n));
    }

    /** Split as {@link #gemm}. */
    @Override
    public void gemmTA(A c, int cOff, int ldc, A a, int aOff, int lda, A b, int bOff, int ldb, int m, int n, int k) {
        if ((long) m * n * k < MIN_WORK || (m < 2 && n < 128) || !pool.take()) {
            base.gemmTA(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, n, k);
            return;
        }
        pool.run(products.gemm.set(ProductParts.Form.TRANSPOSED_A, c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, n, k));
    }

    @Override
    public void gemmTB(A c, int cOff, int ldc, A a, int aOff, int lda, A b, int bOff, int ldb, int m, int n, int k) {
        if ((long) m * n * k < MIN_WORK || m < 2 || !pool.take()) {
            base.gemmTB(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, n, k);
            return;
        }
        pool.run(products.gemm.set(ProductParts.Form.TRANSPOSED_B, c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, n, k));
    }

    @Override
    public void gatherAdd(A c, int cOff, int ldc, A t, int tOff, int ldt, int[] idx, int idxOff, int m, int n) {
        if ((long) m * n * 8 < MIN_WORK || m < 2 || !pool.take()) {
            base.gatherAdd(c, cOff, ldc, t, tOff, ldt, idx, idxOff, m, n);
            return;
        }
        pool.run(elements.gather.set(c, cOff, ldc, t, tOff, ldt, idx, idxOff, m, n));
    }

    @Override
    public void scatterAdd(A t, int tOff, int ldt, A c, int cOff, int ldc, int[] idx, int idxOff, int m, int n) {
        if ((long) m * n * 8 < MIN_WORK || n < 32 || !pool.take()) {
            base.scatterAdd(t, tOff, ldt, c, cOff, ldc, idx, idxOff, m, n);
            return;
        }
        pool.run(elements.scatter.set(t, tOff, ldt, c, cOff, ldc, idx, idxOff, m, n));
    }

    @Override
    public void addColumnSums(A out, int outOff, A x, int xOff, int ldx, int m, int n) {
        if ((long) m * n * 8 < MIN_WORK || n < 32 || !pool.take()) {
            base.addColumnSums(out, outOff, x, xOff, ldx, m, n);
            return;
        }
        pool.run(elements.columnSums.set(out, outOff, x, xOff, ldx, m, n));
    }

    @Override
    public void biasTanh(A x, int xOff, int ldx, A bias, int biasOff, int m, int n) {
        if ((long) m * n * 32 < MIN_WORK || m < 2 || !pool.take()) {
            base.biasTanh(x, xOff, ldx, bias, biasOff, m, n);
            return;
        }
        pool.run(elements.rowBias.set(true, x, xOff, ldx, bias, biasOff, m, n));
    }

    @Override
    public void tanhBackward(A d, int dOff, int ldd, A y, int yOff, int ldy, A add, int addOff, int ldadd, int m, int n) {
        if ((long) m * n * 8 < MIN_WORK || m < 2 || !pool.take()) {
            base.tanhBackward(d, dOff, ldd, y, yOff, ldy, add, addOff, ldadd, m, n);
            return;
        }
        pool.run(elements.tanhBackward.set(d, dOff, ldd, y, yOff, ldy, add, addOff, ldadd, m, n));
    }

    @Override
    public void addBias(A x, int xOff, int ldx, A bias, int biasOff, int m, int n) {
        if ((long) m * n * 8 < MIN_WORK || m < 2 || !pool.take()) {
            base.addBias(x, xOff, ldx, bias, biasOff, m, n);
            return;
        }
        pool.run(elements.rowBias.set(false, x, xOff, ldx, bias, biasOff, m, n));
    }

    @Override
    public void multiply(A out, int outOff, A a, int aOff, A b, int bOff, int len) {
        if ((long) len * 8 < MIN_WORK || !pool.take()) {
            base.multiply(out, outOff, a, aOff, b, bOff, len);
            return;
        }
        pool.run(elements.multiply.set(out, outOff, a, aOff, b, bOff, len));
    }

    /** Split by rows (the cell kernels cost about four transcendentals per element). */
    @Override
    public void lstmCell(A gates, int gOff, A bias, int biasOff, A cPrev, int cPrevOff, A c, int cOff, A h, int hOff,
                         int m, int n) {
        if ((long) m * n * 128 < MIN_WORK || m < 2 || !pool.take()) {
            base.lstmCell(gates, gOff, bias, biasOff, cPrev, cPrevOff, c, cOff, h, hOff, m, n);
            return;
        }
        pool.run(elements.lstmCell.set(gates, gOff, bias, biasOff, cPrev, cPrevOff, c, cOff, h, hOff, m, n));
    }

    @Override
    public void lstmCellBackward(A gates, int gOff, A c, int cOff, A cPrev, int cPrevOff, A dh, int dhOff, A dNext,
                                 int dNextOff, A dc, int dcOff, int m, int n) {
        if ((long) m * n * 64 < MIN_WORK || m < 2 || !pool.take()) {
            base.lstmCellBackward(gates, gOff, c, cOff, cPrev, cPrevOff, dh, dhOff, dNext, dNextOff, dc, dcOff, m, n);
            return;
        }
        pool.run(elements.lstmCellBackward.set(gates, gOff, c, cOff, cPrev, cPrevOff, dh, dhOff, dNext, dNextOff, dc, dcOff, m, n));
    }

    @Override
    public void gruCell(A gi, int giOff, A gh, int ghOff, A bias, int biasOff, A hPrev, int hPrevOff, A h, int hOff,
                        int m, int n) {
        if ((long) m * n * 96 < MIN_WORK || m < 2 || !pool.take()) {
            base.gruCell(gi, giOff, gh, ghOff, bias, biasOff, hPrev, hPrevOff, h, hOff, m, n);
            return;
        }
        pool.run(elements.gruCell.set(gi, giOff, gh, ghOff, bias, biasOff, hPrev, hPrevOff, h, hOff, m, n));
    }

    @Override
    public void gruCellBackward(A gi, int giOff, A gh, int ghOff, A hPrev, int hPrevOff, A dh, int dhOff, A dNext,
                                int dNextOff, int m, int n) {
        if ((long) m * n * 32 < MIN_WORK || m < 2 || !pool.take()) {
            base.gruCellBackward(gi, giOff, gh, ghOff, hPrev, hPrevOff, dh, dhOff, dNext, dNextOff, m, n);
            return;
        }
        pool.run(elements.gruCellBackward.set(gi, giOff, gh, ghOff, hPrev, hPrevOff, dh, dhOff, dNext, dNextOff, m, n));
    }

    @Override
    public void clipAndUpdate(A w, A g, int off, int len, double clip, double lr) {
        if ((long) len * 8 < MIN_WORK * 4 || !pool.take()) {
            base.clipAndUpdate(w, g, off, len, clip, lr);
            return;
        }
        pool.run(elements.update.set(ElementParts.Rule.SGD, w, g, null, null, off, len, clip, lr, 0, 0));
    }

    @Override
    public void clipAdagrad(A w, A g, A memory, int off, int len, double clip, double lr) {
        if ((long) len * 8 < MIN_WORK * 4 || !pool.take()) {
            base.clipAdagrad(w, g, memory, off, len, clip, lr);
            return;
        }
        pool.run(elements.update.set(ElementParts.Rule.ADAGRAD, w, g, memory, null, off, len, clip, lr, 0, 0));
    }

    @Override
    public void clipAdam(A w, A g, A m, A v, int off, int len, double clip, double lr, double c1, double c2) {
        if ((long) len * 8 < MIN_WORK * 4 || !pool.take()) {
            base.clipAdam(w, g, m, v, off, len, clip, lr, c1, c2);
            return;
        }
        pool.run(elements.update.set(ElementParts.Rule.ADAM, w, g, m, v, off, len, clip, lr, c1, c2));
    }

    @Override
    public double softmaxCrossEntropy(A p, int pOff, int ldp, A bias, int biasOff, int[] targets, int tOff, int m, int n,
                                      double scale) {
        return base.softmaxCrossEntropy(p, pOff, ldp, bias, biasOff, targets, tOff, m, n, scale);
    }

    /** Split by rows of the source (columns of the destination). */
    @Override
    public void transpose(A dst, int dstOff, int ldd, A src, int srcOff, int lds, int rows, int cols) {
        if ((long) rows * cols * 8 < MIN_WORK || rows < 16 || !pool.take()) {
            base.transpose(dst, dstOff, ldd, src, srcOff, lds, rows, cols);
            return;
        }
        pool.run(products.transpose.set(dst, dstOff, ldd, src, srcOff, lds, rows, cols));
    }

    /**
     * Split by ranges from {@link #MIN_WORK} elements (a megabyte in f32): a step's gates and the gradient buffer, zeroed
     * once a step, which the other threads would otherwise wait for.
     */
    @Override
    public void zero(A x, int off, int len) {
        if (len < MIN_WORK || !pool.take()) {
            base.zero(x, off, len);
            return;
        }
        pool.run(elements.zero.set(x, off, len));
    }

    @Override
    public String name() {
        return base.name();
    }

    @Override
    public int threads() {
        return pool.threads();
    }

    /**
     * One hand-over: each thread runs its part of the rows with the base kernels; or, when another call holds the
     * pool, one part of all the rows on the caller's thread.
     */
    @Override
    public void forRows(int rows, RowTask<A> task) {
        if (!pool.take()) {
            task.run(base, 0, rows);
            return;
        }
        pool.run(products.rows.set(task, rows));
    }

    @Override
    public int vectorBits() {
        return base.vectorBits();
    }

    @Override
    public dino.api.Products products() {
        return base.products();
    }

    @Override
    public Precision precision() {
        return base.precision();
    }

    @Override
    public A allocate(int n) {
        return base.allocate(n);
    }

    @Override
    public double get(A x, int i) {
        return base.get(x, i);
    }

    @Override
    public void set(A x, int i, double value) {
        base.set(x, i, value);
    }
}
