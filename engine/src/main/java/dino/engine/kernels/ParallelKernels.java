// Runs large kernel calls on several threads, each computing whole elements, so results do not depend on the count.
package dino.engine.kernels;

import dino.api.TrainingConfig.Precision;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A kernel set that splits the large calls of another over a pool of threads made once. Every element
 * of an output is computed whole by one thread, in the order the specification states, so the bits do
 * not depend on how many threads there are or how the work is split: the products, the row-wise
 * activations and the update are split by rows of their output (or ranges of the flat buffer), the
 * column sums and the scatter (whose rows may add into the same target) by columns. The softmax, whose
 * loss is one sum over rows, and small calls (below {@link #MIN_WORK} multiply-adds, where handing work
 * over costs more than it saves) run on the caller's thread.
 *
 * <p>One caller at a time: a trainer, and the evaluator and sampler it shares its kernels with, call
 * from one thread. Dispatch allocates nothing: each split operation has one task object, made with the
 * kernel set, whose fields the call sets; the workers are released by an epoch counter, spin briefly and then park. A training run starts with a serial warm-up
 * ({@link #serialWarmup}): the same parts, one after another on the caller's thread.
 */
public final class ParallelKernels<A> implements Kernels<A>, AutoCloseable {
    /**
     * Multiply-adds (elements × 8 for element-wise calls, × 32 for tanh) below which a call runs on one thread: about
     * 10 µs of work, several times what handing it over costs. The reference's model (n_a = 50, one name
     * per step) stays below it, so the default run is single-threaded whatever --threads says.
     */
    static final long MIN_WORK = 1 << 18;
    /** Spins before a waiting worker parks. */
    private static final int SPINS = 20_000;

    private final Kernels<A> base;
    private final int threads;
    private final Thread[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile long epoch;
    private volatile boolean closed;
    /** Nanoseconds of serial warm-up ({@link #serialWarmup}); 0 once it is over, or with none. */
    private long serialWarmup;
    /** When the serial warm-up ends (System.nanoTime), set at the first split call; 0 before it. */
    private long serialUntil;
    /** The call being run: set by the caller before the epoch is published, read by the workers after. */
    private Split running;

    // One task per split operation, made once: a call sets its task's arguments and dispatches it.
    private final Gemm gemm = new Gemm();
    private final TanhStep tanhStep = new TanhStep();
    private final TanhBackStep tanhBackStep = new TanhBackStep();
    private final Transpose transpose = new Transpose();
    private final Gather gather = new Gather();
    private final Scatter scatter = new Scatter();
    private final ColumnSums columnSums = new ColumnSums();
    private final RowBias rowBias = new RowBias();
    private final TanhBackward tanhBackward = new TanhBackward();
    private final Multiply multiply = new Multiply();
    private final LstmCell lstmCell = new LstmCell();
    private final LstmCellBackward lstmCellBackward = new LstmCellBackward();
    private final GruCell gruCell = new GruCell();
    private final GruCellBackward gruCellBackward = new GruCellBackward();
    private final Update update = new Update();
    private final Rows rowParts = new Rows();

    /** {@code base} on {@code threads} threads (the caller's and threads − 1 daemon workers). */
    public ParallelKernels(Kernels<A> base, int threads) {
        if (threads < 2) {
            throw new IllegalArgumentException("a parallel kernel set needs at least 2 threads, got " + threads);
        }
        this.base = base;
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int part = i + 1;
            workers[i] = new Thread(() -> work(part), "dino-kernels-" + part);
            workers[i].setDaemon(true);
            workers[i].start();
        }
    }

    /**
     * Runs each split call's parts one after another on the caller's thread for the first {@code millis}
     * milliseconds (counted from the first split call), then on all the threads: the same bits either way. While
     * the JIT compiles the kernels, a second thread running the same slow interpreted code only takes a core
     * from the compiler threads (measured: docs/jit-notes.md).
     */
    public ParallelKernels<A> serialWarmup(long millis) {
        this.serialWarmup = millis * 1_000_000;
        this.serialUntil = 0;
        return this;
    }

    /**
     * Stops the workers and waits for them to end: no thread of this set outlives the call (they are daemons, so a
     * process may also just exit). Called again, it does nothing; a kernel called after it is an error.
     */
    @Override
    public void close() {
        closed = true;
        for (Thread t : workers) {
            LockSupport.unpark(t);
        }
        boolean interrupted = false;
        for (Thread t : workers) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true; // finish stopping the workers, then tell the caller
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void work(int part) {
        long seen = 0;
        while (true) {
            int spins = 0;
            while (epoch == seen) {
                if (closed) {
                    return;
                }
                if (++spins > SPINS) {
                    LockSupport.park(this);
                } else {
                    Thread.onSpinWait();
                }
            }
            seen = epoch;
            running.run(part);
            pending.decrementAndGet();
        }
    }

    /** Runs {@code task} on every thread, the caller taking part 0, and waits for all parts. */
    private void dispatch(Split task) {
        if (closed) {
            throw new IllegalStateException("the parallel kernels are closed");
        }
        running = task;
        if (serialWarmup != 0) {
            long now = System.nanoTime();
            if (serialUntil == 0) {
                serialUntil = now + serialWarmup;
            }
            if (now - serialUntil < 0) {
                for (int p = 0; p < threads; p++) {
                    task.run(p);
                }
                return;
            }
            serialWarmup = 0;
        }
        pending.set(workers.length);
        epoch = epoch + 1;
        for (Thread t : workers) {
            LockSupport.unpark(t);
        }
        task.run(0);
        while (pending.get() != 0) {
            Thread.onSpinWait();
        }
    }

    /** Part p of [0, total), in whole multiples of {@code unit} where possible. */
    private int from(int p, int total, int unit) {
        long units = (total + unit - 1) / unit;
        return (int) Math.min(total, units * p / threads * unit);
    }

    /** A split operation: part p of {@link #threads} computes its own rows, columns or range of the output. */
    private abstract class Split {
        abstract void run(int p);
    }

    /** {@link #forRows}: part p's rows with the base kernels. */
    private final class Rows extends Split {
        private RowTask<A> task;
        private int total;

        Split set(RowTask<A> task, int total) {
            this.task = task;
            this.total = total;
            return this;
        }

        @Override
        void run(int p) {
            int r0 = from(p, total, 4);
            int r1 = from(p + 1, total, 4);
            if (r0 < r1) {
                task.run(base, r0, r1);
            }
        }
    }

    /** The operands of a {@link Gemm}: {@code A·B}, {@code Aᵀ·B}, {@code A·Bᵀ}, or {@code A·B} with B packed ({@link Kernels#packB}). */
    private enum Form { PLAIN, TRANSPOSED_A, TRANSPOSED_B, PACKED_B }

    /**
     * {@code C += A·B}, {@code Aᵀ·B}, {@code A·Bᵀ} or {@code A·B} from packed panels: by rows of C, 4 at a time (a
     * register tile's), or (but A·Bᵀ, whose dot products read whole rows of B) by columns, 64 at a time (whole
     * packed panels: the panel width divides 64).
     */
    private final class Gemm extends Split {
        private Form form;
        private boolean byColumns;
        private A c, a, b;
        private int cOff, ldc, aOff, lda, bOff, ldb, m, n, k;

        Split set(Form form, A c, int cOff, int ldc, A a, int aOff, int lda, A b, int bOff, int ldb, int m, int n, int k) {
            this.form = form;
            this.byColumns = form != Form.TRANSPOSED_B && byColumns(m, n);
            this.c = c; this.cOff = cOff; this.ldc = ldc; this.a = a; this.aOff = aOff; this.lda = lda; this.b = b;
            this.bOff = bOff; this.ldb = ldb; this.m = m; this.n = n; this.k = k;
            return this;
        }

        @Override
        void run(int p) {
            if (byColumns) {
                int j0 = from(p, n, 64);
                int j1 = from(p + 1, n, 64);
                if (j0 < j1) {
                    product(cOff + j0, aOff, bOff + (form == Form.PACKED_B ? j0 * k : j0), m, j1 - j0);
                }
            } else {
                int r0 = from(p, m, 4);
                int r1 = from(p + 1, m, 4);
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
    private final class TanhStep extends Split {
        private boolean byColumns;
        private A c, a, bp, t, bias;
        private int cOff, ldc, aOff, lda, bpOff, tOff, ldt;
        private int[] idx;
        private int idxOff, biasOff, m, n, k;

        Split set(A c, int cOff, int ldc, A a, int aOff, int lda, A bp, int bpOff, A t, int tOff, int ldt, int[] idx,
                  int idxOff, A bias, int biasOff, int m, int n, int k) {
            this.byColumns = byColumns(m, n);
            this.c = c; this.cOff = cOff; this.ldc = ldc; this.a = a; this.aOff = aOff; this.lda = lda; this.bp = bp;
            this.bpOff = bpOff; this.t = t; this.tOff = tOff; this.ldt = ldt; this.idx = idx;
            this.idxOff = idxOff; this.bias = bias; this.biasOff = biasOff; this.m = m; this.n = n; this.k = k;
            return this;
        }

        @Override
        void run(int p) {
            if (byColumns) {
                int j0 = from(p, n, 64);
                int j1 = from(p + 1, n, 64);
                if (j0 < j1) {
                    base.tanhForward(c, cOff + j0, ldc, a, aOff, lda, bp, bpOff + j0 * k, t, tOff + j0, ldt, idx, idxOff,
                            bias, biasOff + j0, m, j1 - j0, k);
                }
            } else {
                int r0 = from(p, m, 4);
                int r1 = from(p + 1, m, 4);
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
    private final class TanhBackStep extends Split {
        private boolean byColumns;
        private A e, dt, wp, d, y;
        private int eOff, lde, dtOff, lddt, wpOff, dOff, ldd, yOff, ldy, m, k, m2, n;

        Split set(A e, int eOff, int lde, A dt, int dtOff, int lddt, A wp, int wpOff, int m, int k, A d, int dOff,
                  int ldd, A y, int yOff, int ldy, int m2, int n) {
            this.byColumns = byColumns(Math.max(m, m2), n);
            this.e = e; this.eOff = eOff; this.lde = lde; this.dt = dt; this.dtOff = dtOff; this.lddt = lddt;
            this.wp = wp; this.wpOff = wpOff; this.m = m; this.k = k; this.d = d; this.dOff = dOff;
            this.ldd = ldd; this.y = y; this.yOff = yOff; this.ldy = ldy; this.m2 = m2; this.n = n;
            return this;
        }

        @Override
        void run(int p) {
            if (byColumns) {
                int j0 = from(p, n, 64);
                int j1 = from(p + 1, n, 64);
                if (j0 < j1) {
                    base.tanhBackwardStep(e, eOff + j0, lde, dt, dtOff, lddt, wp, wpOff + j0 * k, m, k, d, dOff + j0, ldd,
                            y, yOff + j0, ldy, m2, j1 - j0);
                }
            } else {
                int rows = Math.max(m, m2);
                int r0 = from(p, rows, 4);
                int r1 = from(p + 1, rows, 4);
                if (r0 < r1) {
                    base.tanhBackwardStep(e, eOff + r0 * lde, lde, dt, dtOff + r0 * lddt, lddt, wp, wpOff,
                            Math.max(0, Math.min(r1, m) - r0), k, d, dOff + r0 * ldd, ldd, y, yOff + r0 * ldy, ldy,
                            Math.max(0, Math.min(r1, m2) - r0), n);
                }
            }
        }
    }

    /** By rows of the source (columns of the destination), 8 at a time. */
    private final class Transpose extends Split {
        private A dst, src;
        private int dstOff, ldd, srcOff, lds, rows, cols;

        Split set(A dst, int dstOff, int ldd, A src, int srcOff, int lds, int rows, int cols) {
            this.dst = dst; this.dstOff = dstOff; this.ldd = ldd; this.src = src; this.srcOff = srcOff;
            this.lds = lds; this.rows = rows; this.cols = cols;
            return this;
        }

        @Override
        void run(int p) {
            int r0 = from(p, rows, 8);
            int r1 = from(p + 1, rows, 8);
            if (r0 < r1) {
                base.transpose(dst, dstOff + r0, ldd, src, srcOff + r0 * lds, lds, r1 - r0, cols);
            }
        }
    }

    /** By rows of C (each row gathers its own). */
    private final class Gather extends Split {
        private A c, t;
        private int cOff, ldc, tOff, ldt;
        private int[] idx;
        private int idxOff, m, n;

        Split set(A c, int cOff, int ldc, A t, int tOff, int ldt, int[] idx, int idxOff, int m, int n) {
            this.c = c; this.cOff = cOff; this.ldc = ldc; this.t = t; this.tOff = tOff; this.ldt = ldt;
            this.idx = idx; this.idxOff = idxOff; this.m = m; this.n = n;
            return this;
        }

        @Override
        void run(int p) {
            int r0 = from(p, m, 1);
            int r1 = from(p + 1, m, 1);
            if (r0 < r1) {
                base.gatherAdd(c, cOff + r0 * ldc, ldc, t, tOff, ldt, idx, idxOff + r0, r1 - r0, n);
            }
        }
    }

    /** By columns, 16 at a time: rows may scatter into the same target row, so each column's sum stays in row order. */
    private final class Scatter extends Split {
        private A t, c;
        private int tOff, ldt, cOff, ldc;
        private int[] idx;
        private int idxOff, m, n;

        Split set(A t, int tOff, int ldt, A c, int cOff, int ldc, int[] idx, int idxOff, int m, int n) {
            this.t = t; this.tOff = tOff; this.ldt = ldt; this.c = c; this.cOff = cOff; this.ldc = ldc;
            this.idx = idx; this.idxOff = idxOff; this.m = m; this.n = n;
            return this;
        }

        @Override
        void run(int p) {
            int j0 = from(p, n, 16);
            int j1 = from(p + 1, n, 16);
            if (j0 < j1) {
                base.scatterAdd(t, tOff + j0, ldt, c, cOff + j0, ldc, idx, idxOff, m, j1 - j0);
            }
        }
    }

    /** By columns, 16 at a time, each column's sum in row order. */
    private final class ColumnSums extends Split {
        private A out, x;
        private int outOff, xOff, ldx, m, n;

        Split set(A out, int outOff, A x, int xOff, int ldx, int m, int n) {
            this.out = out; this.outOff = outOff; this.x = x; this.xOff = xOff; this.ldx = ldx; this.m = m;
            this.n = n;
            return this;
        }

        @Override
        void run(int p) {
            int j0 = from(p, n, 16);
            int j1 = from(p + 1, n, 16);
            if (j0 < j1) {
                base.addColumnSums(out, outOff + j0, x, xOff + j0, ldx, m, j1 - j0);
            }
        }
    }

    /** {@link Kernels#addBias}, or with the tanh {@link Kernels#biasTanh}: by rows. */
    private final class RowBias extends Split {
        private boolean tanh;
        private A x, bias;
        private int xOff, ldx, biasOff, m, n;

        Split set(boolean tanh, A x, int xOff, int ldx, A bias, int biasOff, int m, int n) {
            this.tanh = tanh;
            this.x = x; this.xOff = xOff; this.ldx = ldx; this.bias = bias; this.biasOff = biasOff; this.m = m; this.n = n;
            return this;
        }

        @Override
        void run(int p) {
            int r0 = from(p, m, 1);
            int r1 = from(p + 1, m, 1);
            if (r0 < r1 && tanh) {
                base.biasTanh(x, xOff + r0 * ldx, ldx, bias, biasOff, r1 - r0, n);
            } else if (r0 < r1) {
                base.addBias(x, xOff + r0 * ldx, ldx, bias, biasOff, r1 - r0, n);
            }
        }
    }

    /** By rows. */
    private final class TanhBackward extends Split {
        private A d, y, add;
        private int dOff, ldd, yOff, ldy, addOff, ldadd, m, n;

        Split set(A d, int dOff, int ldd, A y, int yOff, int ldy, A add, int addOff, int ldadd, int m, int n) {
            this.d = d; this.dOff = dOff; this.ldd = ldd; this.y = y; this.yOff = yOff; this.ldy = ldy;
            this.add = add; this.addOff = addOff; this.ldadd = ldadd; this.m = m; this.n = n;
            return this;
        }

        @Override
        void run(int p) {
            int r0 = from(p, m, 1);
            int r1 = from(p + 1, m, 1);
            if (r0 < r1) {
                base.tanhBackward(d, dOff + r0 * ldd, ldd, y, yOff + r0 * ldy, ldy, add, addOff + r0 * ldadd, ldadd,
                        r1 - r0, n);
            }
        }
    }

    /** By ranges of 64 elements. */
    private final class Multiply extends Split {
        private A out, a, b;
        private int outOff, aOff, bOff, len;

        Split set(A out, int outOff, A a, int aOff, A b, int bOff, int len) {
            this.out = out; this.outOff = outOff; this.a = a; this.aOff = aOff; this.b = b; this.bOff = bOff;
            this.len = len;
            return this;
        }

        @Override
        void run(int p) {
            int i0 = from(p, len, 64);
            int i1 = from(p + 1, len, 64);
            if (i0 < i1) {
                base.multiply(out, outOff + i0, a, aOff + i0, b, bOff + i0, i1 - i0);
            }
        }
    }

    /** By rows: a row of gates has 4n values, a row of a state n. */
    private final class LstmCell extends Split {
        private A gates, bias, cPrev, c, h;
        private int gOff, biasOff, cPrevOff, cOff, hOff, m, n;

        Split set(A gates, int gOff, A bias, int biasOff, A cPrev, int cPrevOff, A c, int cOff, A h, int hOff, int m, int n) {
            this.gates = gates; this.gOff = gOff; this.bias = bias; this.biasOff = biasOff; this.cPrev = cPrev;
            this.cPrevOff = cPrevOff; this.c = c; this.cOff = cOff; this.h = h; this.hOff = hOff; this.m = m;
            this.n = n;
            return this;
        }

        @Override
        void run(int p) {
            int r0 = from(p, m, 1);
            int r1 = from(p + 1, m, 1);
            if (r0 < r1) {
                base.lstmCell(gates, gOff + r0 * 4 * n, bias, biasOff, cPrev, cPrevOff + r0 * n, c, cOff + r0 * n, h,
                        hOff + r0 * n, r1 - r0, n);
            }
        }
    }

    /** By rows, as {@link LstmCell}. */
    private final class LstmCellBackward extends Split {
        private A gates, c, cPrev, dh, dNext, dc;
        private int gOff, cOff, cPrevOff, dhOff, dNextOff, dcOff, m, n;

        Split set(A gates, int gOff, A c, int cOff, A cPrev, int cPrevOff, A dh, int dhOff, A dNext, int dNextOff, A dc,
                  int dcOff, int m, int n) {
            this.gates = gates; this.gOff = gOff; this.c = c; this.cOff = cOff; this.cPrev = cPrev;
            this.cPrevOff = cPrevOff; this.dh = dh; this.dhOff = dhOff; this.dNext = dNext; this.dNextOff = dNextOff;
            this.dc = dc; this.dcOff = dcOff; this.m = m; this.n = n;
            return this;
        }

        @Override
        void run(int p) {
            int r0 = from(p, m, 1);
            int r1 = from(p + 1, m, 1);
            if (r0 < r1) {
                base.lstmCellBackward(gates, gOff + r0 * 4 * n, c, cOff + r0 * n, cPrev, cPrevOff + r0 * n, dh,
                        dhOff + r0 * n, dNext, dNextOff + r0 * n, dc, dcOff + r0 * n, r1 - r0, n);
            }
        }
    }

    /** By rows: rows of gi and gh have 3n values, a row of a state n. */
    private final class GruCell extends Split {
        private A gi, gh, bias, hPrev, h;
        private int giOff, ghOff, biasOff, hPrevOff, hOff, m, n;

        Split set(A gi, int giOff, A gh, int ghOff, A bias, int biasOff, A hPrev, int hPrevOff, A h, int hOff, int m, int n) {
            this.gi = gi; this.giOff = giOff; this.gh = gh; this.ghOff = ghOff; this.bias = bias;
            this.biasOff = biasOff; this.hPrev = hPrev; this.hPrevOff = hPrevOff; this.h = h; this.hOff = hOff;
            this.m = m; this.n = n;
            return this;
        }

        @Override
        void run(int p) {
            int r0 = from(p, m, 1);
            int r1 = from(p + 1, m, 1);
            if (r0 < r1) {
                base.gruCell(gi, giOff + r0 * 3 * n, gh, ghOff + r0 * 3 * n, bias, biasOff, hPrev, hPrevOff + r0 * n, h,
                        hOff + r0 * n, r1 - r0, n);
            }
        }
    }

    /** By rows, as {@link GruCell}. */
    private final class GruCellBackward extends Split {
        private A gi, gh, hPrev, dh, dNext;
        private int giOff, ghOff, hPrevOff, dhOff, dNextOff, m, n;

        Split set(A gi, int giOff, A gh, int ghOff, A hPrev, int hPrevOff, A dh, int dhOff, A dNext, int dNextOff, int m,
                  int n) {
            this.gi = gi; this.giOff = giOff; this.gh = gh; this.ghOff = ghOff; this.hPrev = hPrev;
            this.hPrevOff = hPrevOff; this.dh = dh; this.dhOff = dhOff; this.dNext = dNext; this.dNextOff = dNextOff;
            this.m = m; this.n = n;
            return this;
        }

        @Override
        void run(int p) {
            int r0 = from(p, m, 1);
            int r1 = from(p + 1, m, 1);
            if (r0 < r1) {
                base.gruCellBackward(gi, giOff + r0 * 3 * n, gh, ghOff + r0 * 3 * n, hPrev, hPrevOff + r0 * n, dh,
                        dhOff + r0 * n, dNext, dNextOff + r0 * n, r1 - r0, n);
            }
        }
    }

    /** The update kernel an {@link Update} runs. */
    private enum Rule { SGD, ADAGRAD, ADAM }

    /** Clip and one optimizer rule's update, by ranges of 64 elements of the flat buffers. */
    private final class Update extends Split {
        private Rule rule;
        private A w, g, m, v;
        private int off, len;
        private double clip, lr, c1, c2;

        Split set(Rule rule, A w, A g, A m, A v, int off, int len, double clip, double lr, double c1, double c2) {
            this.rule = rule; this.w = w; this.g = g; this.m = m; this.v = v; this.off = off; this.len = len;
            this.clip = clip; this.lr = lr; this.c1 = c1; this.c2 = c2;
            return this;
        }

        @Override
        void run(int p) {
            int i0 = off + from(p, len, 64);
            int i1 = off + from(p + 1, len, 64);
            if (i0 >= i1) {
                return;
            }
            switch (rule) {
                case SGD:
                    base.clipAndUpdate(w, g, i0, i1 - i0, clip, lr);
                    break;
                case ADAGRAD:
                    base.clipAdagrad(w, g, m, i0, i1 - i0, clip, lr);
                    break;
                default:
                    base.clipAdam(w, g, m, v, i0, i1 - i0, clip, lr, c1, c2);
            }
        }
    }

    /**
     * Whether a product (or a step built on one) of m rows and n columns splits by columns: when C is wider than
     * tall (a batch of rows times a weight matrix, as in every step of the recurrence), each thread then reads only
     * its columns of B, which stay in its core's cache from step to step, where a split by rows would stream all
     * of B through both cores.
     */
    private static boolean byColumns(int m, int n) {
        return m < n && n >= 128;
    }

    /**
     * Split by columns when C is wider than tall (a batch of rows times a weight matrix, as in every step
     * of the recurrence): each thread then reads only its columns of B, which stay in its core's cache from
     * step to step, where a split by rows would stream all of B through both cores.
     */
    @Override
    public void gemm(A c, int cOff, int ldc, A a, int aOff, int lda, A b, int bOff, int ldb, int m, int n, int k) {
        if ((long) m * n * k < MIN_WORK || (m < 2 && n < 128)) {
            base.gemm(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, n, k);
            return;
        }
        dispatch(gemm.set(Form.PLAIN, c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, n, k));
    }

    /** Split as {@link #gemm}: by columns, each thread multiplies whole panels of B. */
    @Override
    public void gemmPacked(A c, int cOff, int ldc, A a, int aOff, int lda, A bp, int bpOff, int m, int n, int k) {
        if ((long) m * n * k < MIN_WORK || (m < 2 && n < 128)) {
            base.gemmPacked(c, cOff, ldc, a, aOff, lda, bp, bpOff, m, n, k);
            return;
        }
        dispatch(gemm.set(Form.PACKED_B, c, cOff, ldc, a, aOff, lda, bp, bpOff, 0, m, n, k));
    }

    @Override
    public int panelWidth() {
        return base.panelWidth();
    }

    /** On the caller's thread: a copy, once per optimizer step. */
    @Override
    public void packB(A dst, int dstOff, A b, int bOff, int ldb, int k, int n) {
        base.packB(dst, dstOff, b, bOff, ldb, k, n);
    }

    /** Split as {@link #gemm}, by columns (or rows) of C: each element's four operations on one thread. */
    @Override
    public void tanhForward(A c, int cOff, int ldc, A a, int aOff, int lda, A bp, int bpOff, A t, int tOff,
                            int ldt, int[] idx, int idxOff, A bias, int biasOff, int m, int n, int k) {
        if ((long) m * n * k < MIN_WORK || (m < 2 && n < 128)) {
            base.tanhForward(c, cOff, ldc, a, aOff, lda, bp, bpOff, t, tOff, ldt, idx, idxOff, bias, biasOff, m, n, k);
            return;
        }
        dispatch(tanhStep.set(c, cOff, ldc, a, aOff, lda, bp, bpOff, t, tOff, ldt, idx, idxOff, bias, biasOff, m, n, k));
    }

    /** Split as {@link #gemm}, by columns (or rows) of E and D. */
    @Override
    public void tanhBackwardStep(A e, int eOff, int lde, A dt, int dtOff, int lddt, A wp, int wpOff, int m, int k, A d,
                                 int dOff, int ldd, A y, int yOff, int ldy, int m2, int n) {
        if ((long) m * n * k < MIN_WORK || (Math.max(m, m2) < 2 && n < 128)) {
            base.tanhBackwardStep(e, eOff, lde, dt, dtOff, lddt, wp, wpOff, m, k, d, dOff, ldd, y, yOff, ldy, m2, n);
            return;
        }
        dispatch(tanhBackStep.set(e, eOff, lde, dt, dtOff, lddt, wp, wpOff, m, k, d, dOff, ldd, y, yOff, ldy, m2, n));
    }

    /** Split as {@link #gemm}. */
    @Override
    public void gemmTA(A c, int cOff, int ldc, A a, int aOff, int lda, A b, int bOff, int ldb, int m, int n, int k) {
        if ((long) m * n * k < MIN_WORK || (m < 2 && n < 128)) {
            base.gemmTA(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, n, k);
            return;
        }
        dispatch(gemm.set(Form.TRANSPOSED_A, c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, n, k));
    }

    @Override
    public void gemmTB(A c, int cOff, int ldc, A a, int aOff, int lda, A b, int bOff, int ldb, int m, int n, int k) {
        if ((long) m * n * k < MIN_WORK || m < 2) {
            base.gemmTB(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, n, k);
            return;
        }
        dispatch(gemm.set(Form.TRANSPOSED_B, c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, n, k));
    }

    @Override
    public void gatherAdd(A c, int cOff, int ldc, A t, int tOff, int ldt, int[] idx, int idxOff, int m, int n) {
        if ((long) m * n * 8 < MIN_WORK || m < 2) {
            base.gatherAdd(c, cOff, ldc, t, tOff, ldt, idx, idxOff, m, n);
            return;
        }
        dispatch(gather.set(c, cOff, ldc, t, tOff, ldt, idx, idxOff, m, n));
    }

    @Override
    public void scatterAdd(A t, int tOff, int ldt, A c, int cOff, int ldc, int[] idx, int idxOff, int m, int n) {
        if ((long) m * n * 8 < MIN_WORK || n < 32) {
            base.scatterAdd(t, tOff, ldt, c, cOff, ldc, idx, idxOff, m, n);
            return;
        }
        dispatch(scatter.set(t, tOff, ldt, c, cOff, ldc, idx, idxOff, m, n));
    }

    @Override
    public void addColumnSums(A out, int outOff, A x, int xOff, int ldx, int m, int n) {
        if ((long) m * n * 8 < MIN_WORK || n < 32) {
            base.addColumnSums(out, outOff, x, xOff, ldx, m, n);
            return;
        }
        dispatch(columnSums.set(out, outOff, x, xOff, ldx, m, n));
    }

    @Override
    public void biasTanh(A x, int xOff, int ldx, A bias, int biasOff, int m, int n) {
        if ((long) m * n * 32 < MIN_WORK || m < 2) {
            base.biasTanh(x, xOff, ldx, bias, biasOff, m, n);
            return;
        }
        dispatch(rowBias.set(true, x, xOff, ldx, bias, biasOff, m, n));
    }

    @Override
    public void tanhBackward(A d, int dOff, int ldd, A y, int yOff, int ldy, A add, int addOff, int ldadd, int m, int n) {
        if ((long) m * n * 8 < MIN_WORK || m < 2) {
            base.tanhBackward(d, dOff, ldd, y, yOff, ldy, add, addOff, ldadd, m, n);
            return;
        }
        dispatch(tanhBackward.set(d, dOff, ldd, y, yOff, ldy, add, addOff, ldadd, m, n));
    }

    @Override
    public void addBias(A x, int xOff, int ldx, A bias, int biasOff, int m, int n) {
        if ((long) m * n * 8 < MIN_WORK || m < 2) {
            base.addBias(x, xOff, ldx, bias, biasOff, m, n);
            return;
        }
        dispatch(rowBias.set(false, x, xOff, ldx, bias, biasOff, m, n));
    }

    @Override
    public void multiply(A out, int outOff, A a, int aOff, A b, int bOff, int len) {
        if ((long) len * 8 < MIN_WORK) {
            base.multiply(out, outOff, a, aOff, b, bOff, len);
            return;
        }
        dispatch(multiply.set(out, outOff, a, aOff, b, bOff, len));
    }

    /** Split by rows (the cell kernels cost about four transcendentals per element). */
    @Override
    public void lstmCell(A gates, int gOff, A bias, int biasOff, A cPrev, int cPrevOff, A c, int cOff, A h, int hOff,
                         int m, int n) {
        if ((long) m * n * 128 < MIN_WORK || m < 2) {
            base.lstmCell(gates, gOff, bias, biasOff, cPrev, cPrevOff, c, cOff, h, hOff, m, n);
            return;
        }
        dispatch(lstmCell.set(gates, gOff, bias, biasOff, cPrev, cPrevOff, c, cOff, h, hOff, m, n));
    }

    @Override
    public void lstmCellBackward(A gates, int gOff, A c, int cOff, A cPrev, int cPrevOff, A dh, int dhOff, A dNext,
                                 int dNextOff, A dc, int dcOff, int m, int n) {
        if ((long) m * n * 64 < MIN_WORK || m < 2) {
            base.lstmCellBackward(gates, gOff, c, cOff, cPrev, cPrevOff, dh, dhOff, dNext, dNextOff, dc, dcOff, m, n);
            return;
        }
        dispatch(lstmCellBackward.set(gates, gOff, c, cOff, cPrev, cPrevOff, dh, dhOff, dNext, dNextOff, dc, dcOff, m, n));
    }

    @Override
    public void gruCell(A gi, int giOff, A gh, int ghOff, A bias, int biasOff, A hPrev, int hPrevOff, A h, int hOff,
                        int m, int n) {
        if ((long) m * n * 96 < MIN_WORK || m < 2) {
            base.gruCell(gi, giOff, gh, ghOff, bias, biasOff, hPrev, hPrevOff, h, hOff, m, n);
            return;
        }
        dispatch(gruCell.set(gi, giOff, gh, ghOff, bias, biasOff, hPrev, hPrevOff, h, hOff, m, n));
    }

    @Override
    public void gruCellBackward(A gi, int giOff, A gh, int ghOff, A hPrev, int hPrevOff, A dh, int dhOff, A dNext,
                                int dNextOff, int m, int n) {
        if ((long) m * n * 32 < MIN_WORK || m < 2) {
            base.gruCellBackward(gi, giOff, gh, ghOff, hPrev, hPrevOff, dh, dhOff, dNext, dNextOff, m, n);
            return;
        }
        dispatch(gruCellBackward.set(gi, giOff, gh, ghOff, hPrev, hPrevOff, dh, dhOff, dNext, dNextOff, m, n));
    }

    @Override
    public void clipAndUpdate(A w, A g, int off, int len, double clip, double lr) {
        if ((long) len * 8 < MIN_WORK * 4) {
            base.clipAndUpdate(w, g, off, len, clip, lr);
            return;
        }
        dispatch(update.set(Rule.SGD, w, g, null, null, off, len, clip, lr, 0, 0));
    }

    @Override
    public void clipAdagrad(A w, A g, A memory, int off, int len, double clip, double lr) {
        if ((long) len * 8 < MIN_WORK * 4) {
            base.clipAdagrad(w, g, memory, off, len, clip, lr);
            return;
        }
        dispatch(update.set(Rule.ADAGRAD, w, g, memory, null, off, len, clip, lr, 0, 0));
    }

    @Override
    public void clipAdam(A w, A g, A m, A v, int off, int len, double clip, double lr, double c1, double c2) {
        if ((long) len * 8 < MIN_WORK * 4) {
            base.clipAdam(w, g, m, v, off, len, clip, lr, c1, c2);
            return;
        }
        dispatch(update.set(Rule.ADAM, w, g, m, v, off, len, clip, lr, c1, c2));
    }

    @Override
    public double softmaxCrossEntropy(A p, int pOff, int ldp, A bias, int biasOff, int[] targets, int tOff, int m, int n,
                                      double scale) {
        return base.softmaxCrossEntropy(p, pOff, ldp, bias, biasOff, targets, tOff, m, n, scale);
    }

    /** Split by rows of the source (columns of the destination). */
    @Override
    public void transpose(A dst, int dstOff, int ldd, A src, int srcOff, int lds, int rows, int cols) {
        if ((long) rows * cols * 8 < MIN_WORK || rows < 16) {
            base.transpose(dst, dstOff, ldd, src, srcOff, lds, rows, cols);
            return;
        }
        dispatch(transpose.set(dst, dstOff, ldd, src, srcOff, lds, rows, cols));
    }

    @Override
    public void zero(A x, int off, int len) {
        base.zero(x, off, len);
    }

    @Override
    public String name() {
        return base.name();
    }

    @Override
    public int threads() {
        return threads;
    }

    /** One hand-over: each thread runs its part of the rows with the base kernels. */
    @Override
    public void forRows(int rows, RowTask<A> task) {
        dispatch(rowParts.set(task, rows));
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
