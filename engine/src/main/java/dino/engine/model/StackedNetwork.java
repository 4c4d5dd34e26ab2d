// Stacked RNN, LSTM or GRU layers and a linear decoder, as PyTorch defines them, over a batch.
package dino.engine.model;

import dino.api.TrainingConfig.Cell;
import dino.engine.kernels.Kernels;

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
 * masks do not depend on anything before it and a resumed run draws the same ones. The states, the gates
 * and the steps that depend on the step before are the {@link Recurrence}'s; this class runs the rest.
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
    /** Each layer's states and gates, and the steps that depend on the step before. */
    private final Recurrence<A> rec;
    /** Dropout masks and masked inputs of layers 1..L−1 (null without dropout). */
    private final A[] mask;
    private final A[] masked;
    /** W_ihᵀ of layers ≥ 1; decoderᵀ (stride rows of yStride). */
    private final A[] wihT;
    private final A decT;
    private final A p;
    /**
     * Gradient on a layer's h from outside its recurrence (decoder or layer above): two buffers, the
     * current layer's and the one below's (an rnn layer's gate gradients are its dh).
     */
    private final A dhA;
    private final A dhB;
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
        this.rec = new Recurrence<>(kernels, layout, maxSteps, batch, active);
        int rows = maxSteps * batch;
        this.mask = (A[]) new Object[layers];
        this.masked = (A[]) new Object[layers];
        this.wihT = (A[]) new Object[layers];
        for (int i = 1; i < layers; i++) {
            wihT[i] = kernels.allocate(s * gs);
        }
        this.decT = kernels.allocate(s * layout.yStride);
        this.p = kernels.allocate(rows * layout.yStride);
        this.dhA = kernels.allocate(rows * s);
        this.dhB = layers > 1 ? kernels.allocate(rows * s) : null;
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
        rec.prepare(w);
        for (int i = 1; i < layers; i++) {
            k.transpose(wihT[i], 0, gs, w, l.wih[i], s, gs, l.nA);
        }
        k.transpose(decT, 0, l.yStride, w, l.dec, s, l.nY, l.nA);
    }

    /** A row's state: for each layer its h, then (LSTM) its c. */
    @Override
    public void loadState(int row, A src, int off) {
        rec.loadState(row, src, off);
    }

    @Override
    public void storeState(int row, int steps, A dst, int off) {
        rec.storeState(row, steps, dst, off);
    }

    @Override
    public double forward(A w, int steps, int m, double scale, long dropoutStep) {
        int rows = steps * batch;
        int first = slot(steps - 1) * batch;
        lastForwardDropped = dropoutStep >= 0 && dropout > 0;
        for (int i = 0; i < layers; i++) {
            // The input's products for all steps at once: a gather of W_ihᵀ's rows for the one-hot input,
            // a product with the layer below's states above it; then b_ih.
            k.zero(rec.gates[i], first * gs, rows * gs);
            if (i == 0) {
                k.gatherAdd(rec.gates[0], first * gs, gs, w, l.wih[0], gs, xs, first, rows, gs);
            } else {
                A x = input(i, steps, dropoutStep);
                k.gemm(rec.gates[i], first * gs, gs, x, first * s, s, wihT[i], 0, gs, rows, gs, l.nA);
            }
            k.addBias(rec.gates[i], first * gs, gs, w, l.bih[i], rows, gs);
            rec.forward(w, i, steps, m);
        }
        A top = rec.h[layers - 1];
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

    /** Layer i's input: layer i − 1's states, masked by this step's dropout while training. */
    private A input(int i, int steps, long dropoutStep) {
        if (dropoutStep < 0 || dropout == 0) {
            return rec.h[i - 1];
        }
        int first = slot(steps - 1) * batch * s;
        int len = steps * batch * s;
        fillMask(mask[i], first, len, i, dropoutStep);
        k.multiply(masked[i], first, rec.h[i - 1], first, mask[i], first, len);
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
        A top = rec.h[layers - 1];
        A dh = dhA;
        A below = dhB;
        k.zero(g, 0, l.size);
        k.gemmTA(g, l.dec, s, p, first * l.yStride, l.yStride, top, first * s, s, l.nY, s, rows);
        k.addColumnSums(g, l.decBias, p, first * l.yStride, l.yStride, rows, l.nY);
        k.zero(dh, first * s, rows * s);
        k.gemm(dh, first * s, s, p, first * l.yStride, l.yStride, w, l.dec, s, rows, s, l.nY);
        for (int i = layers - 1; i >= 0; i--) {
            rec.backward(w, i, steps, dh);
            // Hoisted over all steps: the state side's weight gradients (the gates' gradients of steps
            // T − 1..0 against h of steps T − 2..−1, row for row), then the input side's.
            A dState = cell == Cell.RNN ? dh : cell == Cell.GRU ? rec.gh[i] : rec.gates[i];
            A dInput = cell == Cell.RNN ? dh : rec.gates[i];
            int dOff = first * gs;
            k.gemmTA(g, l.whh[i], s, dState, dOff, gs, rec.h[i], prev * s, s, gs, s, rows);
            k.addColumnSums(g, l.bhh[i], dState, dOff, gs, rows, gs);
            k.addColumnSums(g, l.bih[i], dInput, dOff, gs, rows, gs);
            if (i == 0) {
                k.scatterAdd(g, l.wih[0], gs, dInput, dOff, gs, xs, first, rows, gs);
            } else {
                A x = lastForwardDropped ? masked[i] : rec.h[i - 1];
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

    @Override
    public void advance(A w, int x) {
        xs[slot(0) * batch] = x;
        for (int i = 0; i < layers; i++) {
            int g = slot(0) * batch * gs;
            k.zero(rec.gates[i], g, gs);
            if (i == 0) {
                k.gatherAdd(rec.gates[0], g, gs, w, l.wih[0], gs, xs, slot(0) * batch, 1, gs);
            } else {
                k.gemm(rec.gates[i], g, gs, rec.h[i - 1], block(0), s, wihT[i], 0, gs, 1, gs, l.nA);
            }
            k.addBias(rec.gates[i], g, gs, w, l.bih[i], 1, gs);
            rec.advance(w, i);
        }
    }

    @Override
    public void probabilities(A w, A out) {
        k.zero(out, 0, l.yStride);
        k.gemm(out, 0, l.yStride, rec.h[layers - 1], block(-1), s, decT, 0, l.yStride, 1, l.yStride, l.nA);
        k.softmaxCrossEntropy(out, 0, l.yStride, w, l.decBias, null, 0, 1, l.nY, 1.0);
    }

    private int slot(int t) {
        return rec.slot(t);
    }

    private int block(int t) {
        return rec.block(t);
    }
}
