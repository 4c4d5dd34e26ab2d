// How ParallelKernels splits the element-wise calls (gathers, sums, biases, cells, updates) into parts.
package dino.engine.kernels;

import dino.engine.kernels.WorkerPool.Job;

/**
 * The split element-wise calls of a {@link ParallelKernels}: one job object per operation, made once, whose fields
 * only the call holding the {@link WorkerPool} sets ({@link WorkerPool#take}), before the pool runs its parts. Row-wise calls split by rows, the column sums and the scatter
 * (whose rows may add into the same target) by columns, the update by ranges of the flat buffer; each element is
 * computed whole by one part, so the bits do not depend on the number of parts.
 */
final class ElementParts<A> {
    private final Kernels<A> base;
    private final WorkerPool pool;
    final Gather gather = new Gather();
    final Scatter scatter = new Scatter();
    final ColumnSums columnSums = new ColumnSums();
    final RowBias rowBias = new RowBias();
    final TanhBackward tanhBackward = new TanhBackward();
    final Multiply multiply = new Multiply();
    final LstmCell lstmCell = new LstmCell();
    final LstmCellBackward lstmCellBackward = new LstmCellBackward();
    final GruCell gruCell = new GruCell();
    final GruCellBackward gruCellBackward = new GruCellBackward();
    final Update update = new Update();
    final Zero zero = new Zero();

    ElementParts(Kernels<A> base, WorkerPool pool) {
        this.base = base;
        this.pool = pool;
    }

    /** By rows of C (each row gathers its own). */
    final class Gather implements Job {
        private A c, t;
        private int cOff, ldc, tOff, ldt;
        private int[] idx;
        private int idxOff, m, n;

        Job set(A c, int cOff, int ldc, A t, int tOff, int ldt, int[] idx, int idxOff, int m, int n) {
            this.c = c; this.cOff = cOff; this.ldc = ldc; this.t = t; this.tOff = tOff; this.ldt = ldt;
            this.idx = idx; this.idxOff = idxOff; this.m = m; this.n = n;
            return this;
        }

        @Override
        public void run(int p) {
            int r0 = pool.from(p, m, 1);
            int r1 = pool.from(p + 1, m, 1);
            if (r0 < r1) {
                base.gatherAdd(c, cOff + r0 * ldc, ldc, t, tOff, ldt, idx, idxOff + r0, r1 - r0, n);
            }
        }
    }

    /** By columns, 16 at a time: rows may scatter into the same target row, so each column's sum stays in row order. */
    final class Scatter implements Job {
        private A t, c;
        private int tOff, ldt, cOff, ldc;
        private int[] idx;
        private int idxOff, m, n;

        Job set(A t, int tOff, int ldt, A c, int cOff, int ldc, int[] idx, int idxOff, int m, int n) {
            this.t = t; this.tOff = tOff; this.ldt = ldt; this.c = c; this.cOff = cOff; this.ldc = ldc;
            this.idx = idx; this.idxOff = idxOff; this.m = m; this.n = n;
            return this;
        }

        @Override
        public void run(int p) {
            int j0 = pool.from(p, n, 16);
            int j1 = pool.from(p + 1, n, 16);
            if (j0 < j1) {
                base.scatterAdd(t, tOff + j0, ldt, c, cOff + j0, ldc, idx, idxOff, m, j1 - j0);
            }
        }
    }

    /** By columns, 16 at a time, each column's sum in row order. */
    final class ColumnSums implements Job {
        private A out, x;
        private int outOff, xOff, ldx, m, n;

        Job set(A out, int outOff, A x, int xOff, int ldx, int m, int n) {
            this.out = out; this.outOff = outOff; this.x = x; this.xOff = xOff; this.ldx = ldx; this.m = m;
            this.n = n;
            return this;
        }

        @Override
        public void run(int p) {
            int j0 = pool.from(p, n, 16);
            int j1 = pool.from(p + 1, n, 16);
            if (j0 < j1) {
                base.addColumnSums(out, outOff + j0, x, xOff + j0, ldx, m, j1 - j0);
            }
        }
    }

    /** {@link Kernels#addBias}, or with the tanh {@link Kernels#biasTanh}: by rows. */
    final class RowBias implements Job {
        private boolean tanh;
        private A x, bias;
        private int xOff, ldx, biasOff, m, n;

        Job set(boolean tanh, A x, int xOff, int ldx, A bias, int biasOff, int m, int n) {
            this.tanh = tanh;
            this.x = x; this.xOff = xOff; this.ldx = ldx; this.bias = bias; this.biasOff = biasOff; this.m = m; this.n = n;
            return this;
        }

        @Override
        public void run(int p) {
            int r0 = pool.from(p, m, 1);
            int r1 = pool.from(p + 1, m, 1);
            if (r0 < r1 && tanh) {
                base.biasTanh(x, xOff + r0 * ldx, ldx, bias, biasOff, r1 - r0, n);
            } else if (r0 < r1) {
                base.addBias(x, xOff + r0 * ldx, ldx, bias, biasOff, r1 - r0, n);
            }
        }
    }

    /** By rows. */
    final class TanhBackward implements Job {
        private A d, y, add;
        private int dOff, ldd, yOff, ldy, addOff, ldadd, m, n;

        Job set(A d, int dOff, int ldd, A y, int yOff, int ldy, A add, int addOff, int ldadd, int m, int n) {
            this.d = d; this.dOff = dOff; this.ldd = ldd; this.y = y; this.yOff = yOff; this.ldy = ldy;
            this.add = add; this.addOff = addOff; this.ldadd = ldadd; this.m = m; this.n = n;
            return this;
        }

        @Override
        public void run(int p) {
            int r0 = pool.from(p, m, 1);
            int r1 = pool.from(p + 1, m, 1);
            if (r0 < r1) {
                base.tanhBackward(d, dOff + r0 * ldd, ldd, y, yOff + r0 * ldy, ldy, add, addOff + r0 * ldadd, ldadd,
                        r1 - r0, n);
            }
        }
    }

    /** By ranges of 64 elements. */
    final class Multiply implements Job {
        private A out, a, b;
        private int outOff, aOff, bOff, len;

        Job set(A out, int outOff, A a, int aOff, A b, int bOff, int len) {
            this.out = out; this.outOff = outOff; this.a = a; this.aOff = aOff; this.b = b; this.bOff = bOff;
            this.len = len;
            return this;
        }

        @Override
        public void run(int p) {
            int i0 = pool.from(p, len, 64);
            int i1 = pool.from(p + 1, len, 64);
            if (i0 < i1) {
                base.multiply(out, outOff + i0, a, aOff + i0, b, bOff + i0, i1 - i0);
            }
        }
    }

    /** By rows: a row of gates has 4n values, a row of a state n. */
    final class LstmCell implements Job {
        private A gates, bias, cPrev, c, h;
        private int gOff, biasOff, cPrevOff, cOff, hOff, m, n;

        Job set(A gates, int gOff, A bias, int biasOff, A cPrev, int cPrevOff, A c, int cOff, A h, int hOff, int m, int n) {
            this.gates = gates; this.gOff = gOff; this.bias = bias; this.biasOff = biasOff; this.cPrev = cPrev;
            this.cPrevOff = cPrevOff; this.c = c; this.cOff = cOff; this.h = h; this.hOff = hOff; this.m = m;
            this.n = n;
            return this;
        }

        @Override
        public void run(int p) {
            int r0 = pool.from(p, m, 1);
            int r1 = pool.from(p + 1, m, 1);
            if (r0 < r1) {
                base.lstmCell(gates, gOff + r0 * 4 * n, bias, biasOff, cPrev, cPrevOff + r0 * n, c, cOff + r0 * n, h,
                        hOff + r0 * n, r1 - r0, n);
            }
        }
    }

    /** By rows, as {@link LstmCell}. */
    final class LstmCellBackward implements Job {
        private A gates, c, cPrev, dh, dNext, dc;
        private int gOff, cOff, cPrevOff, dhOff, dNextOff, dcOff, m, n;

        Job set(A gates, int gOff, A c, int cOff, A cPrev, int cPrevOff, A dh, int dhOff, A dNext, int dNextOff, A dc,
                  int dcOff, int m, int n) {
            this.gates = gates; this.gOff = gOff; this.c = c; this.cOff = cOff; this.cPrev = cPrev;
            this.cPrevOff = cPrevOff; this.dh = dh; this.dhOff = dhOff; this.dNext = dNext; this.dNextOff = dNextOff;
            this.dc = dc; this.dcOff = dcOff; this.m = m; this.n = n;
            return this;
        }

        @Override
        public void run(int p) {
            int r0 = pool.from(p, m, 1);
            int r1 = pool.from(p + 1, m, 1);
            if (r0 < r1) {
                base.lstmCellBackward(gates, gOff + r0 * 4 * n, c, cOff + r0 * n, cPrev, cPrevOff + r0 * n, dh,
                        dhOff + r0 * n, dNext, dNextOff + r0 * n, dc, dcOff + r0 * n, r1 - r0, n);
            }
        }
    }

    /** By rows: rows of gi and gh have 3n values, a row of a state n. */
    final class GruCell implements Job {
        private A gi, gh, bias, hPrev, h;
        private int giOff, ghOff, biasOff, hPrevOff, hOff, m, n;

        Job set(A gi, int giOff, A gh, int ghOff, A bias, int biasOff, A hPrev, int hPrevOff, A h, int hOff, int m, int n) {
            this.gi = gi; this.giOff = giOff; this.gh = gh; this.ghOff = ghOff; this.bias = bias;
            this.biasOff = biasOff; this.hPrev = hPrev; this.hPrevOff = hPrevOff; this.h = h; this.hOff = hOff;
            this.m = m; this.n = n;
            return this;
        }

        @Override
        public void run(int p) {
            int r0 = pool.from(p, m, 1);
            int r1 = pool.from(p + 1, m, 1);
            if (r0 < r1) {
                base.gruCell(gi, giOff + r0 * 3 * n, gh, ghOff + r0 * 3 * n, bias, biasOff, hPrev, hPrevOff + r0 * n, h,
                        hOff + r0 * n, r1 - r0, n);
            }
        }
    }

    /** By rows, as {@link GruCell}. */
    final class GruCellBackward implements Job {
        private A gi, gh, hPrev, dh, dNext;
        private int giOff, ghOff, hPrevOff, dhOff, dNextOff, m, n;

        Job set(A gi, int giOff, A gh, int ghOff, A hPrev, int hPrevOff, A dh, int dhOff, A dNext, int dNextOff, int m,
                  int n) {
            this.gi = gi; this.giOff = giOff; this.gh = gh; this.ghOff = ghOff; this.hPrev = hPrev;
            this.hPrevOff = hPrevOff; this.dh = dh; this.dhOff = dhOff; this.dNext = dNext; this.dNextOff = dNextOff;
            this.m = m; this.n = n;
            return this;
        }

        @Override
        public void run(int p) {
            int r0 = pool.from(p, m, 1);
            int r1 = pool.from(p + 1, m, 1);
            if (r0 < r1) {
                base.gruCellBackward(gi, giOff + r0 * 3 * n, gh, ghOff + r0 * 3 * n, hPrev, hPrevOff + r0 * n, dh,
                        dhOff + r0 * n, dNext, dNextOff + r0 * n, r1 - r0, n);
            }
        }
    }

    /** The update kernel an {@link Update} runs. */
    enum Rule { SGD, ADAGRAD, ADAM }

    /** Clip and one optimizer rule's update, by ranges of 64 elements of the flat buffers. */
    final class Update implements Job {
        private Rule rule;
        private A w, g, m, v;
        private int off, len;
        private double clip, lr, c1, c2;

        Job set(Rule rule, A w, A g, A m, A v, int off, int len, double clip, double lr, double c1, double c2) {
            this.rule = rule; this.w = w; this.g = g; this.m = m; this.v = v; this.off = off; this.len = len;
            this.clip = clip; this.lr = lr; this.c1 = c1; this.c2 = c2;
            return this;
        }

        @Override
        public void run(int p) {
            int i0 = off + pool.from(p, len, 64);
            int i1 = off + pool.from(p + 1, len, 64);
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

    /** By ranges of the buffer, 64 elements at a time: each part writes the zeros of its range. */
    final class Zero implements Job {
        private A x;
        private int off, len;

        Job set(A x, int off, int len) {
            this.x = x; this.off = off; this.len = len;
            return this;
        }

        @Override
        public void run(int p) {
            int i0 = pool.from(p, len, 64);
            int i1 = pool.from(p + 1, len, 64);
            if (i0 < i1) {
                base.zero(x, off + i0, i1 - i0);
            }
        }
    }
}
