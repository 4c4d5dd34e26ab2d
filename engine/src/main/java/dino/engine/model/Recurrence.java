// The sequential part of a stacked network: each layer's recurrence over the time steps, forward and backward.
package dino.engine.model;

import dino.api.DinoException;
import dino.api.TrainingConfig.Cell;
import dino.engine.kernels.Kernels;
import dino.engine.kernels.RowTask;

/**
 * What a {@link StackedNetwork} cannot hoist out of its time steps: per layer and step, {@code h_prev·W_hhᵀ} and the
 * fused cell kernel, and backwards the cell's gradient and {@code dgates·W_hh}, on the states of the layer. It owns
 * those buffers (in the block order of {@link Network}: time backwards, B rows per block, the loaded state in block
 * −1) and the recurrent weights packed once per optimizer step; the network computes everything else around it.
 *
 * <p>Rows of the batch are independent in the recurrence, so it runs split by rows ({@link #byRows}): each thread
 * takes its rows through all the steps of a layer with no hand-over between steps. The bits are the same either way.
 */
final class Recurrence<A> {
    private final Layout l;
    private final Kernels<A> k;
    private final Cell cell;
    private final int layers;
    private final int maxSteps;
    private final int batch;
    private final int s;
    private final int gs;
    /** Rows of the batch still running at each step (ragged names end early; the rest carry their state on). */
    private final int[] active;
    /** Each layer's states h (and an LSTM's c), with the loaded state in block −1. */
    final A[] h;
    final A[] c;
    /** The gates of each layer (rnn: h itself; gru: gi); backward overwrites them with their gradients. */
    final A[] gates;
    /** A GRU's state gates gh. */
    final A[] gh;
    /**
     * The weights every time step multiplies, packed once per optimizer step ({@link Kernels#packBT}, {@link Kernels#packB}): W_hhᵀ for
     * the forward steps, and W_hh for the backward steps' {@code dgates·W_hh}.
     */
    private final A[] whhPacked;
    private final A[] whhBackPacked;
    /** The gradient carried to the step before (on h, and an LSTM's on c), one block of B rows. */
    private final A dNext;
    private final A dc;
    /** Whether the recurrence runs split by rows ({@link #byRows}) rather than one split call a kernel a step. */
    private final boolean rowParts;
    private final RowTask<A> forwardRows = this::forwardRows;
    private final RowTask<A> backwardRows = this::backwardRows;
    // The recurrence's arguments while forwardRows or backwardRows runs (set by the caller's thread before the
    // hand-over, read by every part): the weights, the layer, the steps, the rows in use, the gradient on h.
    private A runW;
    private int runLayer;
    private int runSteps;
    private int runRows;
    private A runDh;

    @SuppressWarnings("unchecked")
    Recurrence(Kernels<A> kernels, Layout layout, int maxSteps, int batch, int[] active) {
        this.l = layout;
        this.k = kernels;
        this.cell = layout.cell;
        this.layers = layout.layers;
        this.maxSteps = maxSteps;
        this.batch = batch;
        this.s = layout.stride;
        this.gs = layout.gateStride;
        this.active = active;
        int rowsWithState = maxSteps * batch + batch;
        this.h = (A[]) new Object[layers];
        this.c = (A[]) new Object[layers];
        this.gates = (A[]) new Object[layers];
        this.gh = (A[]) new Object[layers];
        this.whhPacked = (A[]) new Object[layers];
        this.whhBackPacked = (A[]) new Object[layers];
        for (int i = 0; i < layers; i++) {
            h[i] = kernels.allocate(rowsWithState * s);
            if (cell == Cell.LSTM) {
                c[i] = kernels.allocate(rowsWithState * s);
            }
            gates[i] = cell == Cell.RNN ? h[i] : kernels.allocate(rowsWithState * gs);
            if (cell == Cell.GRU) {
                gh[i] = kernels.allocate(rowsWithState * gs);
            }
            whhPacked[i] = kernels.allocate(s * gs);
            whhBackPacked[i] = kernels.allocate(gs * s);
        }
        this.dNext = kernels.allocate(batch * s);
        this.dc = kernels.allocate(batch * s);
        this.rowParts = byRows(System.getProperty(RECURRENCE_PROPERTY), batch, kernels.threads());
    }

    /** System property that chooses how the recurrence is split over threads: {@code rows} or {@code steps}. */
    static final String RECURRENCE_PROPERTY = "dino.recurrence";
    /** Rows a thread needs at least for the recurrence to be split by rows by default. */
    static final int ROWS_PER_THREAD = 8;

    /**
     * Whether the recurrence is split by rows: each thread runs its rows of the batch through all the steps of a
     * layer, forward and backward, with no hand-over between steps (a row's results do not depend on the other
     * rows, so the bits are the same); else ({@code steps}) each step's product and cell are split calls, two to
     * four hand-overs a step. By rows when there are threads and at least {@link #ROWS_PER_THREAD} rows for each,
     * or as the property says.
     */
    static boolean byRows(String property, int batch, int threads) {
        if (property == null || property.isEmpty()) {
            return threads > 1 && batch >= ROWS_PER_THREAD * threads;
        }
        switch (property.trim()) {
            case "rows":
                return true;
            case "steps":
                return false;
            default:
                throw new DinoException("-D" + RECURRENCE_PROPERTY + " must be rows or steps, got '" + property + "'");
        }
    }

    /** Packs every layer's W_hh for this optimizer step's forward and backward steps. */
    void prepare(A w) {
        for (int i = 0; i < layers; i++) {
            k.packBT(whhPacked[i], 0, w, l.whh[i], s, l.nA, gs);
            // An rnn layer's backward step multiplies by W_hh's n_a rows, a gated layer's by all gs rows of gates.
            k.packB(whhBackPacked[i], 0, w, l.whh[i], s, cell == Cell.RNN ? l.nA : gs, s);
        }
    }

    /** A row's state: for each layer its h, then (LSTM) its c. */
    void loadState(int row, A src, int off) {
        int at = off;
        for (int i = 0; i < layers; i++) {
            copyIn(src, at, h[i], block(-1) + row * s);
            at += s;
            if (cell == Cell.LSTM) {
                copyIn(src, at, c[i], block(-1) + row * s);
                at += s;
            }
        }
    }

    private void copyIn(A src, int off, A dst, int dstOff) {
        if (src == null) {
            k.zero(dst, dstOff, s);
        } else {
            System.arraycopy(src, off, dst, dstOff, s);
        }
    }

    void storeState(int row, int steps, A dst, int off) {
        int at = off;
        for (int i = 0; i < layers; i++) {
            System.arraycopy(h[i], block(steps - 1) + row * s, dst, at, s);
            at += s;
            if (cell == Cell.LSTM) {
                System.arraycopy(c[i], block(steps - 1) + row * s, dst, at, s);
                at += s;
            }
        }
    }

    /**
     * Layer i's recurrence forward over {@code steps} steps for the first m rows of the batch; the gates already hold
     * the input's products and b_ih.
     */
    void forward(A w, int i, int steps, int m) {
        runW = w;
        runLayer = i;
        runSteps = steps;
        runRows = m;
        if (rowParts) {
            k.forRows(batch, forwardRows);
        } else {
            forwardRows(k, 0, batch);
        }
    }

    /**
     * Layer runLayer's recurrence forward over runSteps steps for rows [from, to) of the batch with kernels kk:
     * each step for the rows still running, the rows that have ended carrying their state on.
     */
    private void forwardRows(Kernels<A> kk, int from, int to) {
        int i = runLayer;
        int end = Math.min(to, runRows);
        for (int t = 0; t < runSteps; t++) {
            int running = Math.max(from, Math.min(end, active[t]));
            if (running > from) {
                step(kk, runW, i, t, from, running - from);
            }
            if (running < end) {
                int before = block(t - 1) + running * s;
                int now = block(t) + running * s;
                System.arraycopy(h[i], before, h[i], now, (end - running) * s);
                if (cell == Cell.LSTM) {
                    System.arraycopy(c[i], before, c[i], now, (end - running) * s);
                }
            }
        }
    }

    /** One step of layer i's recurrence for rows [r, r + m) (gates already hold the input's part). */
    private void step(Kernels<A> kk, A w, int i, int t, int r, int m) {
        int g = (slot(t) * batch + r) * gs;
        int now = block(t) + r * s;
        int before = block(t - 1) + r * s;
        switch (cell) {
            case RNN:
                kk.gemmPacked(h[i], now, s, h[i], before, s, whhPacked[i], 0, m, s, l.nA);
                kk.biasTanh(h[i], now, s, w, l.bhh[i], m, s);
                break;
            case LSTM:
                kk.gemmPacked(gates[i], g, gs, h[i], before, s, whhPacked[i], 0, m, gs, l.nA);
                kk.lstmCell(gates[i], g, w, l.bhh[i], c[i], before, c[i], now, h[i], now, m, s);
                break;
            default:
                kk.zero(gh[i], g, m * gs);
                kk.gemmPacked(gh[i], g, gs, h[i], before, s, whhPacked[i], 0, m, gs, l.nA);
                kk.gruCell(gates[i], g, gh[i], g, w, l.bhh[i], h[i], before, h[i], now, m, s);
                break;
        }
    }

    /**
     * Layer i's recurrence backward over {@code steps} steps from dh, the gradient on its states from outside the
     * recurrence; leaves the gates' gradients of every step in {@link #gates} (and a GRU's {@link #gh}).
     */
    void backward(A w, int i, int steps, A dh) {
        k.zero(dNext, 0, batch * s);
        k.zero(dc, 0, batch * s);
        runW = w;
        runLayer = i;
        runSteps = steps;
        runDh = dh;
        if (rowParts) {
            k.forRows(batch, backwardRows);
        } else {
            backwardRows(k, 0, batch);
        }
    }

    /**
     * Layer runLayer's recurrence backward over runSteps steps for rows [from, to) of the batch with kernels kk,
     * from the gradient runDh on its states; leaves the gates' gradients of every step in place.
     */
    private void backwardRows(Kernels<A> kk, int from, int to) {
        int i = runLayer;
        A dh = runDh;
        int last = runSteps - 1;
        if (cell == Cell.RNN) {
            // As the reference's cell: each step's dh·W_hh and the step before's tanh backward in one call.
            int at = from * s;
            kk.tanhBackward(dh, block(last) + at, s, h[i], block(last) + at, s, dNext, at, s, rowsOf(last, from, to), s);
            for (int t = last; t > 0; t--) {
                kk.tanhBackwardStep(dNext, at, s, dh, block(t) + at, s, whhBackPacked[i], 0, rowsOf(t, from, to), l.nA, dh,
                        block(t - 1) + at, s, h[i], block(t - 1) + at, s, rowsOf(t - 1, from, to), s);
            }
        } else {
            for (int t = last; t >= 0; t--) {
                stepBackward(kk, dh, i, t, from, to);
            }
        }
    }

    /** Of rows [from, to), how many (from the first) are still running at step t. */
    private int rowsOf(int t, int from, int to) {
        return Math.max(0, Math.min(to, active[t]) - from);
    }

    /**
     * Step t of an LSTM or GRU layer i backward for rows [from, to), those running at t; leaves the gates' gradients
     * of the step in place (0 on the rows that have ended).
     */
    private void stepBackward(Kernels<A> kk, A dh, int i, int t, int from, int to) {
        int m = rowsOf(t, from, to);
        int g = (slot(t) * batch + from) * gs;
        int now = block(t) + from * s;
        int at = from * s;
        int ended = to - from - m;
        switch (cell) {
            case LSTM:
                kk.lstmCellBackward(gates[i], g, c[i], now, c[i], block(t - 1) + at, dh, now, dNext, at, dc, at, m, s);
                kk.zero(gates[i], g + m * gs, ended * gs);
                kk.zero(dNext, at, (to - from) * s);
                kk.gemmPacked(dNext, at, s, gates[i], g, gs, whhBackPacked[i], 0, m, s, gs);
                break;
            default:
                kk.gruCellBackward(gates[i], g, gh[i], g, h[i], block(t - 1) + at, dh, now, dNext, at, m, s);
                kk.zero(gates[i], g + m * gs, ended * gs);
                kk.zero(gh[i], g + m * gs, ended * gs);
                kk.gemmPacked(dNext, at, s, gh[i], g, gs, whhBackPacked[i], 0, m, s, gs);
                break;
        }
    }

    /** Layer i one step on from its loaded state, for one row (sampling): the step's state becomes the loaded one. */
    void advance(A w, int i) {
        step(k, w, i, 0, 0, 1);
        System.arraycopy(h[i], block(0), h[i], block(-1), s);
        if (cell == Cell.LSTM) {
            System.arraycopy(c[i], block(0), c[i], block(-1), s);
        }
    }

    /** Step t's slot: the blocks run backwards in time, so that the loaded state (t = −1) comes last. */
    int slot(int t) {
        return maxSteps - 1 - t;
    }

    /** Offset of step t's block in the state-sized buffers (t = −1: the loaded state). */
    int block(int t) {
        return slot(t) * batch * s;
    }
}
