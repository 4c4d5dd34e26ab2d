// Stacked RNN, LSTM or GRU layers and a linear decoder, as PyTorch defines them, over a batch.
package dino.engine.model;

import dino.api.DinoException;
import dino.api.TrainingConfig.Cell;
import dino.engine.kernels.Kernels;
import dino.engine.kernels.RowTask;

/**
 * L layers of one {@link Cell} under a linear decoder and a softmax, weight for weight PyTorch's
 * {@code nn.RNN}/{@code nn.LSTM}/{@code nn.GRU} followed by {@code nn.Linear}:
 * <pre>
 * layer k, step t    input x (one-hot for k = 0, else layer k − 1's h, dropout-masked while training)
 *   rnn              h = tanh(x·W_ihᵀ + b_ih + h_prev·W_hhᵀ + b_hh)
 *   lstm             [i f g o] = x·W_ihᵀ + b_ih + h_prev·W_hhᵀ + b_hh;  c = σf·c_prev + σi·tanh g;  h = σo·tanh c
 *   gru              [r z n] rows: gi = x·W_ihᵀ + b_ih, gh = h_prev·W_hhᵀ; r, z = σ(gi + gh + b_hh);
 *                    n = tanh(gi_n + r·(gh_n + b_hn));  h = (1 − z)·n + z·h_prev
 * output             p = softmax(h_top·decoderᵀ + decoder_bias), loss = −log p[y]
 * </pre>
 * As oneDNN and cuDNN run them, layer by layer: what does not depend on the previous step is hoisted out
 * of the recurrence into one product over all T·B rows (each layer's input products, the decoder, and in
 * the backward pass every weight gradient and the gradient into the layer below), so only {@code h·W_hhᵀ},
 * the fused cell kernel, and their backward run per time step. A one-hot input's product is a row gather.
 *
 * <p>Buffers, per layer, in the block order of {@link Network} (time backwards, B rows per block): h (and an
 * LSTM's c) with the loaded state in block −1; the gates (the rnn's pre-activations are h itself; a GRU
 * has the input's gates gi and the state's gh). The backward pass overwrites the gates with their
 * gradients. Dropout draws its mask from a counter-based hash of (seed, step, element), so a step's
 * masks do not depend on anything before it and a resumed run draws the same ones.
 */
final class StackedNetwork<A> implements Network<A> {
    private final Layout l;
    private final Kernels<A> k;
    private final Cell cell;
    private final int layers;
    private final int maxSteps;
    private final int batch;
    private final int s;
    private final int gs;
    private final int[] xs;
    private final int[] ys;
    private final int[] active;
    private final A[] h;
    private final A[] c;
    /** The gates of each layer (rnn: h itself; gru: gi). */
    private final A[] gates;
    /** A GRU's state gates gh. */
    private final A[] gh;
    /** Dropout masks and masked inputs of layers 1..L−1 (null without dropout). */
    private final A[] mask;
    private final A[] masked;
    /**
     * W_hhᵀ of the layer being packed (stride rows of gateStride: scratch, read only by the packing); W_ihᵀ of layers
     * ≥ 1; decoderᵀ (stride rows of yStride).
     */
    private final A whhT;
    /**
     * The weights every time step multiplies, packed once per optimizer step ({@link Kernels#packB}): W_hhᵀ for
     * the forward steps, and W_hh for the backward steps' {@code dgates·W_hh}.
     */
    private final A[] whhPacked;
    private final A[] whhBackPacked;
    private final A[] wihT;
    private final A decT;
    private final A p;
    /**
     * Gradient on a layer's h from outside its recurrence (decoder or layer above): two buffers, the
     * current layer's and the one below's (an rnn layer's gate gradients are its dh).
     */
    private final A dhA;
    private final A dhB;
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
    private double dropout;
    private long dropoutSeed;
    /** Whether the last forward pass masked its inputs (backward then uses the masked ones). */
    private boolean lastForwardDropped;

    @SuppressWarnings("unchecked")
    StackedNetwork(Kernels<A> kernels, Layout layout, int maxSteps, int batch, int[] xs, int[] ys, int[] active) {
        this.l = layout;
        this.k = kernels;
        this.cell = layout.cell;
        this.layers = layout.layers;
        this.maxSteps = maxSteps;
        this.batch = batch;
        this.s = layout.stride;
        this.gs = layout.gateStride;
        this.xs = xs;
        this.ys = ys;
        this.active = active;
        int rows = maxSteps * batch;
        int rowsWithState = rows + batch;
        this.h = (A[]) new Object[layers];
        this.c = (A[]) new Object[layers];
        this.gates = (A[]) new Object[layers];
        this.gh = (A[]) new Object[layers];
        this.mask = (A[]) new Object[layers];
        this.masked = (A[]) new Object[layers];
        this.whhT = kernels.allocate(s * gs);
        this.whhPacked = (A[]) new Object[layers];
        this.whhBackPacked = (A[]) new Object[layers];
        this.wihT = (A[]) new Object[layers];
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
            if (i > 0) {
                wihT[i] = kernels.allocate(s * gs);
            }
        }
        this.decT = kernels.allocate(s * layout.yStride);
        this.p = kernels.allocate(rows * layout.yStride);
        this.dhA = kernels.allocate(rows * s);
        this.dhB = layers > 1 ? kernels.allocate(rows * s) : null;
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

    @Override
    public void dropout(double probability, long seed) {
        this.dropout = probability;
        this.dropoutSeed = seed;
        if (probability > 0) {
            for (int i = 1; i < layers; i++) {
                if (mask[i] == null) {
                    mask[i] = k.allocate(maxSteps * batch * s);
                    masked[i] = k.allocate(maxSteps * batch * s);
                }
            }
        }
    }

    @Override
    public int stateSize() {
        return layers * s * (cell == Cell.LSTM ? 2 : 1);
    }

    @Override
    public int stateValues() {
        return l.stateValues();
    }

    @Override
    public int stateIndex(int i) {
        return i / l.nA * s + i % l.nA;
    }

    @Override
    public void prepare(A w) {
        for (int i = 0; i < layers; i++) {
            k.transpose(whhT, 0, gs, w, l.whh[i], s, gs, l.nA);
            k.packB(whhPacked[i], 0, whhT, 0, gs, l.nA, gs);
            // An rnn layer's backward step multiplies by W_hh's n_a rows, a gated layer's by all gs rows of gates.
            k.packB(whhBackPacked[i], 0, w, l.whh[i], s, cell == Cell.RNN ? l.nA : gs, s);
            if (i > 0) {
                k.transpose(wihT[i], 0, gs, w, l.wih[i], s, gs, l.nA);
            }
        }
        k.transpose(decT, 0, l.yStride, w, l.dec, s, l.nY, l.nA);
    }

    /** A row's state: for each layer its h, then (LSTM) its c. */
    @Override
    public void loadState(int row, A src, int off) {
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

    @Override
    public void storeState(int row, int steps, A dst, int off) {
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

    @Override
    public double forward(A w, int steps, int m, double scale, long dropoutStep) {
        int rows = steps * batch;
        int first = slot(steps - 1) * batch;
        lastForwardDropped = dropoutStep >= 0 && dropout > 0;
        for (int i = 0; i < layers; i++) {
            // The input's products for all steps at once: a gather of W_ihᵀ's rows for the one-hot input,
            // a product with the layer below's states above it; then b_ih.
            k.zero(gates[i], first * gs, rows * gs);
            if (i == 0) {
                k.gatherAdd(gates[0], first * gs, gs, w, l.wih[0], gs, xs, first, rows, gs);
            } else {
                A x = input(i, steps, dropoutStep);
                k.gemm(gates[i], first * gs, gs, x, first * s, s, wihT[i], 0, gs, rows, gs, l.nA);
            }
            k.addBias(gates[i], first * gs, gs, w, l.bih[i], rows, gs);
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
        A top = h[layers - 1];
        double loss = 0.0;
        if (m == batch) {
            k.zero(p, first * l.yStride, rows * l.yStride);
            k.gemm(p, first * l.yStride, l.yStride, top, first * s, s, decT, 0, l.yStride, rows, l.yStride, l.nA);
            for (int t = 0; t < steps; t++) {
                loss += k.softmaxCrossEntropy(p, slot(t) * batch * l.yStride, l.yStride, w, l.decBias, ys, slot(t) * batch,
                        batch, l.nY, scale);
            }
        } else {
            for (int t = 0; t < steps; t++) {
                int at = slot(t) * batch * l.yStride;
                k.zero(p, at, m * l.yStride);
                k.gemm(p, at, l.yStride, top, block(t), s, decT, 0, l.yStride, m, l.yStride, l.nA);
                loss += k.softmaxCrossEntropy(p, at, l.yStride, w, l.decBias, ys, slot(t) * batch, m, l.nY, scale);
            }
        }
        return loss;
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

    /** Layer i's input: layer i − 1's states, masked by this step's dropout while training. */
    private A input(int i, int steps, long dropoutStep) {
        if (dropoutStep < 0 || dropout == 0) {
            return h[i - 1];
        }
        int first = slot(steps - 1) * batch * s;
        int len = steps * batch * s;
        fillMask(mask[i], first, len, i, dropoutStep);
        k.multiply(masked[i], first, h[i - 1], first, mask[i], first, len);
        return masked[i];
    }

    /**
     * Inverted dropout: each element 0 with probability p, else 1 / (1 − p) (so the expected input is
     * unchanged and evaluation needs no scaling); padding columns 0.
     */
    private void fillMask(A m, int first, int len, int layer, long step) {
        double keep = 1.0 / (1.0 - dropout);
        long base = mix(mix(dropoutSeed ^ 0x5DEECE66DL) + step * 0x9E3779B97F4A7C15L + layer);
        for (int e = 0; e < len; e++) {
            int col = e % s;
            double u = (mix(base + e) >>> 11) * 0x1p-53;
            k.set(m, first + e, col < l.nA && u >= dropout ? keep : 0.0);
        }
    }

    /** SplitMix64's finalizer: a bijective hash of 64 bits. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public void backward(A w, A g, int steps) {
        int rows = steps * batch;
        int first = slot(steps - 1) * batch;
        int prev = slot(steps - 2) * batch;
        A top = h[layers - 1];
        A dh = dhA;
        A below = dhB;
        k.zero(g, 0, l.size);
        k.gemmTA(g, l.dec, s, p, first * l.yStride, l.yStride, top, first * s, s, l.nY, s, rows);
        k.addColumnSums(g, l.decBias, p, first * l.yStride, l.yStride, rows, l.nY);
        k.zero(dh, first * s, rows * s);
        k.gemm(dh, first * s, s, p, first * l.yStride, l.yStride, w, l.dec, s, rows, s, l.nY);
        for (int i = layers - 1; i >= 0; i--) {
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
            // Hoisted over all steps: the state side's weight gradients (the gates' gradients of steps
            // T − 1..0 against h of steps T − 2..−1, row for row), then the input side's.
            A dState = cell == Cell.RNN ? dh : cell == Cell.GRU ? gh[i] : gates[i];
            A dInput = cell == Cell.RNN ? dh : gates[i];
            int dOff = first * gs;
            k.gemmTA(g, l.whh[i], s, dState, dOff, gs, h[i], prev * s, s, gs, s, rows);
            k.addColumnSums(g, l.bhh[i], dState, dOff, gs, rows, gs);
            k.addColumnSums(g, l.bih[i], dInput, dOff, gs, rows, gs);
            if (i == 0) {
                k.scatterAdd(g, l.wih[0], gs, dInput, dOff, gs, xs, first, rows, gs);
            } else {
                A x = lastForwardDropped ? masked[i] : h[i - 1];
                k.gemmTA(g, l.wih[i], s, dInput, dOff, gs, x, first * s, s, gs, s, rows);
                // The gradient into the layer below, over all steps: D·W_ih, through the dropout mask.
                k.zero(below, first * s, rows * s);
                k.gemm(below, first * s, s, dInput, dOff, gs, w, l.wih[i], s, rows, s, gs);
                if (lastForwardDropped) {
                    k.multiply(below, first * s, below, first * s, mask[i], first * s, rows * s);
                }
                A swap = dh;
                dh = below;
                below = swap;
            }
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

    @Override
    public void advance(A w, int x) {
        xs[slot(0) * batch] = x;
        for (int i = 0; i < layers; i++) {
            int g = slot(0) * batch * gs;
            k.zero(gates[i], g, gs);
            if (i == 0) {
                k.gatherAdd(gates[0], g, gs, w, l.wih[0], gs, xs, slot(0) * batch, 1, gs);
            } else {
                k.gemm(gates[i], g, gs, h[i - 1], block(0), s, wihT[i], 0, gs, 1, gs, l.nA);
            }
            k.addBias(gates[i], g, gs, w, l.bih[i], 1, gs);
            step(k, w, i, 0, 0, 1);
            System.arraycopy(h[i], block(0), h[i], block(-1), s);
            if (cell == Cell.LSTM) {
                System.arraycopy(c[i], block(0), c[i], block(-1), s);
            }
        }
    }

    @Override
    public void probabilities(A w, A out) {
        k.zero(out, 0, l.yStride);
        k.gemm(out, 0, l.yStride, h[layers - 1], block(-1), s, decT, 0, l.yStride, 1, l.yStride, l.nA);
        k.softmaxCrossEntropy(out, 0, l.yStride, w, l.decBias, null, 0, 1, l.nY, 1.0);
    }

    private int slot(int t) {
        return maxSteps - 1 - t;
    }

    /** Offset of step t's block in the state-sized buffers (t = −1: the loaded state). */
    private int block(int t) {
        return slot(t) * batch * s;
    }
}
