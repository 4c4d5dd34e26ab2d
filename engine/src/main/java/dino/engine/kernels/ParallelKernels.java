// Runs large kernel calls on several threads, each computing whole elements, so results do not depend on the count.
package dino.engine.kernels;

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
 * from one thread. Dispatch allocates nothing: the call's arguments go into fields, the workers are
 * released by an epoch counter, spin briefly and then park. A training run starts with a serial warm-up
 * ({@link #serialWarmup}): the same parts, one after another on the caller's thread.
 */
public final class ParallelKernels<A> implements Kernels<A> {
    /**
     * Multiply-adds (elements × 8 for element-wise calls, × 32 for tanh) below which a call runs on one thread: about
     * 10 µs of work, several times what handing it over costs. The reference's model (n_a = 50, one name
     * per step) stays below it, so the default run is single-threaded whatever --threads says.
     */
    static final long MIN_WORK = 1 << 18;
    /** Spins before a waiting worker parks. */
    private static final int SPINS = 20_000;

    private enum Op {
        GEMM, GEMM_TA, GEMM_TB, GEMM_COLUMNS, GEMM_TA_COLUMNS, TRANSPOSE, GATHER, SCATTER, COLUMN_SUMS, BIAS_TANH,
        TANH_BACKWARD, CLIP, ADAGRAD, ADAM, ADD_BIAS, MULTIPLY, LSTM, LSTM_BACKWARD, GRU, GRU_BACKWARD, TANH_STEP,
        TANH_STEP_COLUMNS, TANH_BACK_STEP, TANH_BACK_STEP_COLUMNS
    }

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

    // The call being run: written by the caller before the epoch is published, read by the workers after.
    private Op op;
    private A c;
    private A a;
    private A b;
    private A d;
    private A e;
    private A f;
    private int dOff;
    private int eOff;
    private int fOff;
    private int cOff;
    private int ldc;
    private int aOff;
    private int lda;
    private int bOff;
    private int ldb;
    private int m;
    private int m2;
    private int n;
    private int ldd;
    private int ldf;
    private int k;
    private int[] idx;
    private int idxOff;
    private double x1;
    private double x2;
    private double x3;
    private double x4;

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
     * from the compiler threads. Measured on 2 cores (README, Performance): a 200-step run at n_a = 256 ends
     * 0.1–0.3 s sooner with 1000 ms of it.
     */
    public ParallelKernels<A> serialWarmup(long millis) {
        this.serialWarmup = millis * 1_000_000;
        this.serialUntil = 0;
        return this;
    }

    /** Stops the workers (they are daemons, so a process may also just exit). */
    public void close() {
        closed = true;
        for (Thread t : workers) {
            LockSupport.unpark(t);
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
            runPart(part);
            pending.decrementAndGet();
        }
    }

    /** Runs the call in the fields on every thread, the caller taking part 0, and waits for all parts. */
    private void dispatch() {
        if (serialWarmup != 0) {
            long now = System.nanoTime();
            if (serialUntil == 0) {
                serialUntil = now + serialWarmup;
            }
            if (now - serialUntil < 0) {
                for (int p = 0; p < threads; p++) {
                    runPart(p);
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
        runPart(0);
        while (pending.get() != 0) {
            Thread.onSpinWait();
        }
    }

    /** Part p of [0, total), in whole multiples of {@code unit} where possible. */
    private int from(int p, int total, int unit) {
        long units = (total + unit - 1) / unit;
        return (int) Math.min(total, units * p / threads * unit);
    }

    private void runPart(int p) {
        switch (op) {
            case GEMM: {
                int r0 = from(p, m, 4);
                int r1 = from(p + 1, m, 4);
                if (r0 < r1) {
                    base.gemm(c, cOff + r0 * ldc, ldc, a, aOff + r0 * lda, lda, b, bOff, ldb, r1 - r0, n, k);
                }
                break;
            }
            case GEMM_TA: {
                int r0 = from(p, m, 4);
                int r1 = from(p + 1, m, 4);
                if (r0 < r1) {
                    base.gemmTA(c, cOff + r0 * ldc, ldc, a, aOff + r0, lda, b, bOff, ldb, r1 - r0, n, k);
                }
                break;
            }
            case GEMM_COLUMNS: {
                int j0 = from(p, n, 64);
                int j1 = from(p + 1, n, 64);
                if (j0 < j1) {
                    base.gemm(c, cOff + j0, ldc, a, aOff, lda, b, bOff + j0, ldb, m, j1 - j0, k);
                }
                break;
            }
            case GEMM_TA_COLUMNS: {
                int j0 = from(p, n, 64);
                int j1 = from(p + 1, n, 64);
                if (j0 < j1) {
                    base.gemmTA(c, cOff + j0, ldc, a, aOff, lda, b, bOff + j0, ldb, m, j1 - j0, k);
                }
                break;
            }
            case TRANSPOSE: {
                int r0 = from(p, m, 8);
                int r1 = from(p + 1, m, 8);
                if (r0 < r1) {
                    base.transpose(c, cOff + r0, ldc, a, aOff + r0 * lda, lda, r1 - r0, n);
                }
                break;
            }
            case GEMM_TB: {
                int r0 = from(p, m, 4);
                int r1 = from(p + 1, m, 4);
                if (r0 < r1) {
                    base.gemmTB(c, cOff + r0 * ldc, ldc, a, aOff + r0 * lda, lda, b, bOff, ldb, r1 - r0, n, k);
                }
                break;
            }
            case GATHER: {
                int r0 = from(p, m, 1);
                int r1 = from(p + 1, m, 1);
                if (r0 < r1) {
                    base.gatherAdd(c, cOff + r0 * ldc, ldc, a, aOff, lda, idx, idxOff + r0, r1 - r0, n);
                }
                break;
            }
            case SCATTER: {
                int j0 = from(p, n, 16);
                int j1 = from(p + 1, n, 16);
                if (j0 < j1) {
                    base.scatterAdd(c, cOff + j0, ldc, a, aOff + j0, lda, idx, idxOff, m, j1 - j0);
                }
                break;
            }
            case COLUMN_SUMS: {
                int j0 = from(p, n, 16);
                int j1 = from(p + 1, n, 16);
                if (j0 < j1) {
                    base.addColumnSums(c, cOff + j0, a, aOff + j0, lda, m, j1 - j0);
                }
                break;
            }
            case BIAS_TANH: {
                int r0 = from(p, m, 1);
                int r1 = from(p + 1, m, 1);
                if (r0 < r1) {
                    base.biasTanh(c, cOff + r0 * ldc, ldc, a, aOff, r1 - r0, n);
                }
                break;
            }
            case TANH_BACKWARD: {
                int r0 = from(p, m, 1);
                int r1 = from(p + 1, m, 1);
                if (r0 < r1) {
                    base.tanhBackward(c, cOff + r0 * ldc, ldc, a, aOff + r0 * lda, lda, b, bOff + r0 * ldb, ldb, r1 - r0, n);
                }
                break;
            }
            case CLIP: {
                int i0 = from(p, n, 64);
                int i1 = from(p + 1, n, 64);
                if (i0 < i1) {
                    base.clipAndUpdate(c, a, cOff + i0, i1 - i0, x1, x2);
                }
                break;
            }
            case ADAGRAD: {
                int i0 = from(p, n, 64);
                int i1 = from(p + 1, n, 64);
                if (i0 < i1) {
                    base.clipAdagrad(c, a, b, cOff + i0, i1 - i0, x1, x2);
                }
                break;
            }
            case ADD_BIAS: {
                int r0 = from(p, m, 1);
                int r1 = from(p + 1, m, 1);
                if (r0 < r1) {
                    base.addBias(c, cOff + r0 * ldc, ldc, a, aOff, r1 - r0, n);
                }
                break;
            }
            case MULTIPLY: {
                int i0 = from(p, n, 64);
                int i1 = from(p + 1, n, 64);
                if (i0 < i1) {
                    base.multiply(c, cOff + i0, a, aOff + i0, b, bOff + i0, i1 - i0);
                }
                break;
            }
            case TANH_STEP: {
                int r0 = from(p, m, 4);
                int r1 = from(p + 1, m, 4);
                if (r0 < r1) {
                    base.tanhForward(c, cOff + r0 * ldc, ldc, a, aOff + r0 * lda, lda, b, bOff, ldb, d, dOff, ldd, idx,
                            idxOff + r0, e, eOff, r1 - r0, n, k);
                }
                break;
            }
            case TANH_STEP_COLUMNS: {
                int j0 = from(p, n, 64);
                int j1 = from(p + 1, n, 64);
                if (j0 < j1) {
                    base.tanhForward(c, cOff + j0, ldc, a, aOff, lda, b, bOff + j0, ldb, d, dOff + j0, ldd, idx, idxOff,
                            e, eOff + j0, m, j1 - j0, k);
                }
                break;
            }
            case TANH_BACK_STEP: {
                int rows = Math.max(m, m2);
                int r0 = from(p, rows, 4);
                int r1 = from(p + 1, rows, 4);
                if (r0 < r1) {
                    base.tanhBackwardStep(c, cOff + r0 * ldc, ldc, a, aOff + r0 * lda, lda, b, bOff, ldb,
                            Math.max(0, Math.min(r1, m) - r0), k, d, dOff + r0 * ldd, ldd, f, fOff + r0 * ldf, ldf,
                            Math.max(0, Math.min(r1, m2) - r0), n);
                }
                break;
            }
            case TANH_BACK_STEP_COLUMNS: {
                int j0 = from(p, n, 64);
                int j1 = from(p + 1, n, 64);
                if (j0 < j1) {
                    base.tanhBackwardStep(c, cOff + j0, ldc, a, aOff, lda, b, bOff + j0, ldb, m, k, d, dOff + j0, ldd,
                            f, fOff + j0, ldf, m2, j1 - j0);
                }
                break;
            }
            case LSTM: {
                int r0 = from(p, m, 1);
                int r1 = from(p + 1, m, 1);
                if (r0 < r1) {
                    base.lstmCell(c, cOff + r0 * 4 * n, a, aOff, b, bOff + r0 * n, d, dOff + r0 * n, e, eOff + r0 * n, r1 - r0, n);
                }
                break;
            }
            case LSTM_BACKWARD: {
                int r0 = from(p, m, 1);
                int r1 = from(p + 1, m, 1);
                if (r0 < r1) {
                    base.lstmCellBackward(c, cOff + r0 * 4 * n, a, aOff + r0 * n, b, bOff + r0 * n, d, dOff + r0 * n,
                            e, eOff + r0 * n, f, fOff + r0 * n, r1 - r0, n);
                }
                break;
            }
            case GRU: {
                int r0 = from(p, m, 1);
                int r1 = from(p + 1, m, 1);
                if (r0 < r1) {
                    base.gruCell(c, cOff + r0 * 3 * n, a, aOff + r0 * 3 * n, b, bOff, d, dOff + r0 * n, e, eOff + r0 * n, r1 - r0, n);
                }
                break;
            }
            case GRU_BACKWARD: {
                int r0 = from(p, m, 1);
                int r1 = from(p + 1, m, 1);
                if (r0 < r1) {
                    base.gruCellBackward(c, cOff + r0 * 3 * n, a, aOff + r0 * 3 * n, b, bOff + r0 * n, d, dOff + r0 * n,
                            e, eOff + r0 * n, r1 - r0, n);
                }
                break;
            }
            default: {
                int i0 = from(p, n, 64);
                int i1 = from(p + 1, n, 64);
                if (i0 < i1) {
                    base.clipAdam(c, a, b, d, cOff + i0, i1 - i0, x1, x2, x3, x4);
                }
            }
        }
    }

    private void product(Op kind, A c, int cOff, int ldc, A a, int aOff, int lda, A b, int bOff, int ldb, int m, int n, int k) {
        this.op = kind;
        this.c = c;
        this.cOff = cOff;
        this.ldc = ldc;
        this.a = a;
        this.aOff = aOff;
        this.lda = lda;
        this.b = b;
        this.bOff = bOff;
        this.ldb = ldb;
        this.m = m;
        this.n = n;
        this.k = k;
        dispatch();
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
        product(m < n && n >= 128 ? Op.GEMM_COLUMNS : Op.GEMM, c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, n, k);
    }

    /** Split as {@link #gemm}, by columns (or rows) of C: each element's four operations on one thread. */
    @Override
    public void tanhForward(A c, int cOff, int ldc, A a, int aOff, int lda, A b, int bOff, int ldb, A t, int tOff,
                            int ldt, int[] idx, int idxOff, A bias, int biasOff, int m, int n, int k) {
        if ((long) m * n * k < MIN_WORK || (m < 2 && n < 128)) {
            base.tanhForward(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, t, tOff, ldt, idx, idxOff, bias, biasOff, m, n, k);
            return;
        }
        this.d = t;
        this.dOff = tOff;
        this.ldd = ldt;
        this.idx = idx;
        this.idxOff = idxOff;
        this.e = bias;
        this.eOff = biasOff;
        product(m < n && n >= 128 ? Op.TANH_STEP_COLUMNS : Op.TANH_STEP, c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, n, k);
    }

    /**
     * Split as {@link #gemm}: by columns, each thread computes its columns of E and then the same columns of D
     * (which need no other); by rows, its rows of both.
     */
    @Override
    public void tanhBackwardStep(A e, int eOff, int lde, A dt, int dtOff, int lddt, A w, int wOff, int ldw, int m,
                                 int k, A d, int dOff, int ldd, A y, int yOff, int ldy, int m2, int n) {
        if ((long) m * n * k < MIN_WORK || (Math.max(m, m2) < 2 && n < 128)) {
            base.tanhBackwardStep(e, eOff, lde, dt, dtOff, lddt, w, wOff, ldw, m, k, d, dOff, ldd, y, yOff, ldy, m2, n);
            return;
        }
        this.d = d;
        this.dOff = dOff;
        this.ldd = ldd;
        this.f = y;
        this.fOff = yOff;
        this.ldf = ldy;
        this.m2 = m2;
        product(Math.max(m, m2) < n && n >= 128 ? Op.TANH_BACK_STEP_COLUMNS : Op.TANH_BACK_STEP, e, eOff, lde, dt, dtOff,
                lddt, w, wOff, ldw, m, n, k);
    }

    /** Split as {@link #gemm}. */
    @Override
    public void gemmTA(A c, int cOff, int ldc, A a, int aOff, int lda, A b, int bOff, int ldb, int m, int n, int k) {
        if ((long) m * n * k < MIN_WORK || (m < 2 && n < 128)) {
            base.gemmTA(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, n, k);
            return;
        }
        product(m < n && n >= 128 ? Op.GEMM_TA_COLUMNS : Op.GEMM_TA, c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, n, k);
    }

    @Override
    public void gemmTB(A c, int cOff, int ldc, A a, int aOff, int lda, A b, int bOff, int ldb, int m, int n, int k) {
        if ((long) m * n * k < MIN_WORK || m < 2) {
            base.gemmTB(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, n, k);
            return;
        }
        product(Op.GEMM_TB, c, cOff, ldc, a, aOff, lda, b, bOff, ldb, m, n, k);
    }

    @Override
    public void gatherAdd(A c, int cOff, int ldc, A t, int tOff, int ldt, int[] idx, int idxOff, int m, int n) {
        if ((long) m * n * 8 < MIN_WORK || m < 2) {
            base.gatherAdd(c, cOff, ldc, t, tOff, ldt, idx, idxOff, m, n);
            return;
        }
        this.idx = idx;
        this.idxOff = idxOff;
        product(Op.GATHER, c, cOff, ldc, t, tOff, ldt, null, 0, 0, m, n, 0);
    }

    @Override
    public void scatterAdd(A t, int tOff, int ldt, A c, int cOff, int ldc, int[] idx, int idxOff, int m, int n) {
        if ((long) m * n * 8 < MIN_WORK || n < 32) {
            base.scatterAdd(t, tOff, ldt, c, cOff, ldc, idx, idxOff, m, n);
            return;
        }
        this.idx = idx;
        this.idxOff = idxOff;
        product(Op.SCATTER, t, tOff, ldt, c, cOff, ldc, null, 0, 0, m, n, 0);
    }

    @Override
    public void addColumnSums(A out, int outOff, A x, int xOff, int ldx, int m, int n) {
        if ((long) m * n * 8 < MIN_WORK || n < 32) {
            base.addColumnSums(out, outOff, x, xOff, ldx, m, n);
            return;
        }
        product(Op.COLUMN_SUMS, out, outOff, 0, x, xOff, ldx, null, 0, 0, m, n, 0);
    }

    @Override
    public void biasTanh(A x, int xOff, int ldx, A bias, int biasOff, int m, int n) {
        if ((long) m * n * 32 < MIN_WORK || m < 2) {
            base.biasTanh(x, xOff, ldx, bias, biasOff, m, n);
            return;
        }
        product(Op.BIAS_TANH, x, xOff, ldx, bias, biasOff, 0, null, 0, 0, m, n, 0);
    }

    @Override
    public void tanhBackward(A d, int dOff, int ldd, A y, int yOff, int ldy, A add, int addOff, int ldadd, int m, int n) {
        if ((long) m * n * 8 < MIN_WORK || m < 2) {
            base.tanhBackward(d, dOff, ldd, y, yOff, ldy, add, addOff, ldadd, m, n);
            return;
        }
        product(Op.TANH_BACKWARD, d, dOff, ldd, y, yOff, ldy, add, addOff, ldadd, m, n, 0);
    }

    @Override
    public void addBias(A x, int xOff, int ldx, A bias, int biasOff, int m, int n) {
        if ((long) m * n * 8 < MIN_WORK || m < 2) {
            base.addBias(x, xOff, ldx, bias, biasOff, m, n);
            return;
        }
        product(Op.ADD_BIAS, x, xOff, ldx, bias, biasOff, 0, null, 0, 0, m, n, 0);
    }

    @Override
    public void multiply(A out, int outOff, A a, int aOff, A b, int bOff, int len) {
        if ((long) len * 8 < MIN_WORK) {
            base.multiply(out, outOff, a, aOff, b, bOff, len);
            return;
        }
        product(Op.MULTIPLY, out, outOff, 0, a, aOff, 0, b, bOff, 0, 0, len, 0);
    }

    /** Split by rows (the cell kernels cost about four transcendentals per element). */
    @Override
    public void lstmCell(A gates, int gOff, A bias, int biasOff, A cPrev, int cPrevOff, A c, int cOff, A h, int hOff,
                         int m, int n) {
        if ((long) m * n * 128 < MIN_WORK || m < 2) {
            base.lstmCell(gates, gOff, bias, biasOff, cPrev, cPrevOff, c, cOff, h, hOff, m, n);
            return;
        }
        cell(Op.LSTM, gates, gOff, bias, biasOff, cPrev, cPrevOff, c, cOff, h, hOff, null, 0, m, n);
    }

    @Override
    public void lstmCellBackward(A gates, int gOff, A c, int cOff, A cPrev, int cPrevOff, A dh, int dhOff, A dNext,
                                 int dNextOff, A dc, int dcOff, int m, int n) {
        if ((long) m * n * 64 < MIN_WORK || m < 2) {
            base.lstmCellBackward(gates, gOff, c, cOff, cPrev, cPrevOff, dh, dhOff, dNext, dNextOff, dc, dcOff, m, n);
            return;
        }
        cell(Op.LSTM_BACKWARD, gates, gOff, c, cOff, cPrev, cPrevOff, dh, dhOff, dNext, dNextOff, dc, dcOff, m, n);
    }

    @Override
    public void gruCell(A gi, int giOff, A gh, int ghOff, A bias, int biasOff, A hPrev, int hPrevOff, A h, int hOff,
                        int m, int n) {
        if ((long) m * n * 96 < MIN_WORK || m < 2) {
            base.gruCell(gi, giOff, gh, ghOff, bias, biasOff, hPrev, hPrevOff, h, hOff, m, n);
            return;
        }
        cell(Op.GRU, gi, giOff, gh, ghOff, bias, biasOff, hPrev, hPrevOff, h, hOff, null, 0, m, n);
    }

    @Override
    public void gruCellBackward(A gi, int giOff, A gh, int ghOff, A hPrev, int hPrevOff, A dh, int dhOff, A dNext,
                                int dNextOff, int m, int n) {
        if ((long) m * n * 32 < MIN_WORK || m < 2) {
            base.gruCellBackward(gi, giOff, gh, ghOff, hPrev, hPrevOff, dh, dhOff, dNext, dNextOff, m, n);
            return;
        }
        cell(Op.GRU_BACKWARD, gi, giOff, gh, ghOff, hPrev, hPrevOff, dh, dhOff, dNext, dNextOff, null, 0, m, n);
    }

    /** Dispatches a cell kernel: its arrays, in argument order, go to c, a, b, d, e, f. */
    private void cell(Op kind, A c, int cOff, A a, int aOff, A b, int bOff, A d, int dOff, A e, int eOff, A f, int fOff,
                      int m, int n) {
        this.d = d;
        this.dOff = dOff;
        this.e = e;
        this.eOff = eOff;
        this.f = f;
        this.fOff = fOff;
        product(kind, c, cOff, 0, a, aOff, 0, b, bOff, 0, m, n, 0);
    }

    @Override
    public void clipAndUpdate(A w, A g, int off, int len, double clip, double lr) {
        if ((long) len * 8 < MIN_WORK * 4) {
            base.clipAndUpdate(w, g, off, len, clip, lr);
            return;
        }
        this.x1 = clip;
        this.x2 = lr;
        product(Op.CLIP, w, off, 0, g, 0, 0, null, 0, 0, 0, len, 0);
    }

    @Override
    public void clipAdagrad(A w, A g, A memory, int off, int len, double clip, double lr) {
        if ((long) len * 8 < MIN_WORK * 4) {
            base.clipAdagrad(w, g, memory, off, len, clip, lr);
            return;
        }
        this.x1 = clip;
        this.x2 = lr;
        product(Op.ADAGRAD, w, off, 0, g, 0, 0, memory, 0, 0, 0, len, 0);
    }

    @Override
    public void clipAdam(A w, A g, A m, A v, int off, int len, double clip, double lr, double c1, double c2) {
        if ((long) len * 8 < MIN_WORK * 4) {
            base.clipAdam(w, g, m, v, off, len, clip, lr, c1, c2);
            return;
        }
        this.d = v;
        this.x1 = clip;
        this.x2 = lr;
        this.x3 = c1;
        this.x4 = c2;
        product(Op.ADAM, w, off, 0, g, 0, 0, m, 0, 0, 0, len, 0);
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
        product(Op.TRANSPOSE, dst, dstOff, ldd, src, srcOff, lds, null, 0, 0, rows, cols, 0);
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
    public int vectorBits() {
        return base.vectorBits();
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
