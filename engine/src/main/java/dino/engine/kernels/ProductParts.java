// How ParallelKernels splits the products, and the steps built on them, into parts: by rows of C or by columns.
package dino.engine.kernels;

import dino.engine.kernels.WorkerPool.Job;

/**
 * The split products of a {@link ParallelKernels}: one job object per operation, made once, whose fields only the call
 * holding the {@link WorkerPool} sets ({@link WorkerPool#take}), before the pool runs its parts: a call allocates
 * nothing, and calls on other threads, which do not hold the pool, never touch them. Part p computes whole elements of the
 * output (its rows, or its columns), each in the order the base kernels state, so the bits do not depend on the
 * number of parts.
 */
final class ProductParts<A> {
    private final Kernels<A> base;
    private final WorkerPool pool;
    final Rows rows = new Rows();
    final Gemm gemm = new Gemm();
    final TanhStep tanhStep = new TanhStep();
    final TanhBackStep tanhBackStep = new TanhBackStep();
    final Transpose transpose = new Transpose();
    final Pack pack = new Pack();

    ProductParts(Kernels<A> base, WorkerPool pool) {
        this.base = base;
        this.pool = pool;
    }

    /** {@link ParallelKernels#forRows}: part p's rows with the base kernels. */
    final class Rows implements Job {
        private RowTask<A> task;
        private int total;

        Job set(RowTask<A> task, int total) {
            this.task = task;
            this.total = total;
            return this;
        }

        @Override
        public void run(int p) {
            int r0 = pool.from(p, total, 4);
            int r1 = pool.from(p + 1, total, 4);
            if (r0 < r1) {
                task.run(base, r0, r1);
            }
        }
    }

    /** The operands of a {@link Gemm}: {@code A·B}, {@code Aᵀ·B}, {@code A·Bᵀ}, or {@code A·B} with B packed ({@link Kernels#packB}). */
    enum Form { PLAIN, TRANSPOSED_A, TRANSPOSED_B, PACKED_B }

    /**
     * {@code C += A·B}, {@code Aᵀ·B}, {@code A·Bᵀ} or {@code A·B} from packed panels: by rows of C, 4 at a time (a
     * register tile's), or (but A·Bᵀ, whose dot products read whole rows of B) by columns, 64 at a time (whole
     * packed panels: the panel width divides 64).
     */
    final class Gemm implements Job {
        private Form form;
        private boolean byColumns;
        private A c, a, b;
        private int cOff, ldc, aOff, lda, bOff, ldb, m, n, k;

        Job set(Form form, A c, int cOff, int ldc, A a, int aOff, int lda, A b, int bOff, int ldb, int m, int n, int k) {
            this.form = form;
            this.byColumns = form != Form.TRANSPOSED_B && byColumns(m, n);
            this.c = c; this.cOff = cOff; this.ldc = ldc; this.a = a; this.aOff = aOff; this.lda = lda; this.b = b;
            this.bOff = bOff; this.ldb = ldb; this.m = m; this.n = n; this.k = k;
            return this;
        }

        @Override
        public void run(int p) {
            if (byColumns) {
                int j0 = pool.from(p, n, 64);
                int j1 = pool.from(p + 1, n, 64);
                if (j0 < j1) {
                    product(cOff + j0, aOff, bOff + (form == Form.PACKED_B ? j0 * k : j0), m, j1 - j0);
                }
            } else {
                int r0 = pool.from(p, m, 4);
                int r1 = pool.from(p + 1, m, 4);
                if (r0 < r1) {
                    product(cOff + r0 * ldc, aOff + (form == Form.TRANSPOSED_A ? r0 : r0 * lda), bOff, r1 - r0, n);
                }
            }
        }

        private void product(int cAt, int aAt, int bAt, int rows, int cols) {
            switch (form) {
                case PLAIN:
                    base.gemm(c, cAt, ldc, a, aAt, lda, b, bAt, ldb, rows, cols, k);
                    break;
                case TRANSPOSED_A:
                    base.gemmTA(c, cAt, ldc, a, aAt, lda, b, bAt, ldb, rows, cols, k);
                    break;
                case TRANSPOSED_B:
                    base.gemmTB(c, cAt, ldc, a, aAt, lda, b, bAt, ldb, rows, cols, k);
                    break;
                default:
                    base.gemmPacked(c, cAt, ldc, a, aAt, lda, b, bAt, rows, cols, k);
            }
        }
    }

    /** {@link Kernels#tanhForward}: each part's columns (64 at a time) or rows (4 at a time), all four steps. */
    final class TanhStep implements Job {
        private boolean byColumns;
        private A c, a, bp, t, bias;
        private int cOff, ldc, aOff, lda, bpOff, tOff, ldt;
        private int[] idx;
        private int idxOff, biasOff, m, n, k;

        Job set(A c, int cOff, int ldc, A a, int aOff, int lda, A bp, int bpOff, A t, int tOff, int ldt, int[] idx,
                  int idxOff, A bias, int biasOff, int m, int n, int k) {
            this.byColumns = byColumns(m, n);
            this.c = c; this.cOff = cOff; this.ldc = ldc; this.a = a; this.aOff = aOff; this.lda = lda; this.bp = bp;
            this.bpOff = bpOff; this.t = t; this.tOff = tOff; this.ldt = ldt; this.idx = idx;
            this.idxOff = idxOff; this.bias = bias; this.biasOff = biasOff; this.m = m; this.n = n; this.k = k;
            return this;
        }

        @Override
        public void run(int p) {
            if (byColumns) {
                int j0 = pool.from(p, n, 64);
                int j1 = pool.from(p + 1, n, 64);
                if (j0 < j1) {
                    base.tanhForward(c, cOff + j0, ldc, a, aOff, lda, bp, bpOff + j0 * k, t, tOff + j0, ldt, idx, idxOff,
                            bias, biasOff + j0, m, j1 - j0, k);
                }
            } else {
                int r0 = pool.from(p, m, 4);
                int r1 = pool.from(p + 1, m, 4);
                if (r0 < r1) {
                    base.tanhForward(c, cOff + r0 * ldc, ldc, a, aOff + r0 * lda, lda, bp, bpOff, t, tOff, ldt, idx,
                            idxOff + r0, bias, biasOff, r1 - r0, n, k);
                }
            }
        }
    }

    /**
     * {@link Kernels#tanhBackwardStep}: by columns, each part computes its columns of E and then the same columns
     * of D (which need no other); by rows, its rows of both (the product over m rows, the tanh over m2).
     */
    final class TanhBackStep implements Job {
        private boolean byColumns;
        private A e, dt, wp, d, y;
        private int eOff, lde, dtOff, lddt, wpOff, dOff, ldd, yOff, ldy, m, k, m2, n;

        Job set(A e, int eOff, int lde, A dt, int dtOff, int lddt, A wp, int wpOff, int m, int k, A d, int dOff,
                  int ldd, A y, int yOff, int ldy, int m2, int n) {
            this.byColumns = byColumns(Math.max(m, m2), n);
            this.e = e; this.eOff = eOff; this.lde = lde; this.dt = dt; this.dtOff = dtOff; this.lddt = lddt;
            this.wp = wp; this.wpOff = wpOff; this.m = m; this.k = k; this.d = d; this.dOff = dOff;
            this.ldd = ldd; this.y = y; this.yOff = yOff; this.ldy = ldy; this.m2 = m2; this.n = n;
            return this;
        }

        @Override
        public void run(int p) {
            if (byColumns) {
                int j0 = pool.from(p, n, 64);
                int j1 = pool.from(p + 1, n, 64);
                if (j0 < j1) {
                    base.tanhBackwardStep(e, eOff + j0, lde, dt, dtOff, lddt, wp, wpOff + j0 * k, m, k, d, dOff + j0, ldd,
                            y, yOff + j0, ldy, m2, j1 - j0);
                }
            } else {
                int rows = Math.max(m, m2);
                int r0 = pool.from(p, rows, 4);
                int r1 = pool.from(p + 1, rows, 4);
                if (r0 < r1) {
                    base.tanhBackwardStep(e, eOff + r0 * lde, lde, dt, dtOff + r0 * lddt, lddt, wp, wpOff,
                            Math.max(0, Math.min(r1, m) - r0), k, d, dOff + r0 * ldd, ldd, y, yOff + r0 * ldy, ldy,
                            Math.max(0, Math.min(r1, m2) - r0), n);
                }
            }
        }
    }

    /** By rows of the source (columns of the destination), 8 at a time. */
    final class Transpose implements Job {
        private A dst, src;
        private int dstOff, ldd, srcOff, lds, rows, cols;

        Job set(A dst, int dstOff, int ldd, A src, int srcOff, int lds, int rows, int cols) {
            this.dst = dst; this.dstOff = dstOff; this.ldd = ldd; this.src = src; this.srcOff = srcOff;
            this.lds = lds; this.rows = rows; this.cols = cols;
            return this;
        }

        @Override
        public void run(int p) {
            int r0 = pool.from(p, rows, 8);
            int r1 = pool.from(p + 1, rows, 8);
            if (r0 < r1) {
                base.transpose(dst, dstOff + r0, ldd, src, srcOff + r0 * lds, lds, r1 - r0, cols);
            }
        }
    }

    /**
     * {@link Kernels#packB} or {@link Kernels#packBT}: by columns of B, 64 at a time (whole panels: the panel width
     * divides 64), so each part writes its own panels, the same elements to the same places as one call.
     */
    final class Pack implements Job {
        private boolean transposed;
        private A dst, b;
        private int dstOff, bOff, ldb, k, n;

        Job set(boolean transposed, A dst, int dstOff, A b, int bOff, int ldb, int k, int n) {
            this.transposed = transposed;
            this.dst = dst; this.dstOff = dstOff; this.b = b; this.bOff = bOff; this.ldb = ldb; this.k = k; this.n = n;
            return this;
        }

        @Override
        public void run(int p) {
            int j0 = pool.from(p, n, 64);
            int j1 = pool.from(p + 1, n, 64);
            if (j0 >= j1) {
                return;
            }
            if (transposed) {
                base.packBT(dst, dstOff + j0 * k, b, bOff + j0 * ldb, ldb, k, j1 - j0);
            } else {
                base.packB(dst, dstOff + j0 * k, b, bOff + j0, ldb, k, j1 - j0);
            }
        }
    }

    /**
     * Whether a product (or a step built on one) of m rows and n columns splits by columns: when C is wider than
     * tall (a batch of rows times a weight matrix, as in every step of the recurrence), each thread then reads only
     * its columns of B, which stay in its core's cache from step to step, where a split by rows would stream all
     * of B through both cores.
     */
    static boolean byColumns(int m, int n) {
        return m < n && n >= 128;
    }
}
