// The calls every benchmark times, one source for `dino bench` and the JMH suites: the seeded model, inputs and buffers.
package dino.bench.workload;

import dino.api.TrainingConfig;
import dino.api.TrainingConfig.Cell;
import dino.api.TrainingConfig.Precision;
import dino.engine.kernels.Buffers;
import dino.engine.kernels.Kernels;
import dino.engine.kernels.ParallelKernels;
import dino.engine.model.Layout;
import dino.engine.model.Model;
import dino.engine.model.TanhCell;
import dino.engine.numpy.NumpyRandom;
import dino.engine.sample.Sampler;
import dino.engine.train.Optimizer;
import dino.engine.train.Trainer;

/**
 * A seeded model, inputs and buffers for one kernel set, precision and size, and one method per timed
 * call. The inputs come from numpy's seeded stream, so every harness and every fork times the same
 * numbers. Weights are ten times the reference's initialization (activations not all near zero) and the
 * learning rate is tiny, so they stay in range however long a benchmark runs.
 *
 * <p>The kernels ({@link WorkloadKernel}), by the names both harnesses report:
 * <pre>
 * train_step      Trainer.step on one name (3 to 14 characters, 9.5 on average: 10.5 time steps)
 * batch_step      Trainer.step on B windows of 25 characters of text (the batched engine), on T threads
 * lstm_step       the same with a one-layer LSTM (PyTorch's nn.LSTM and an nn.Linear decoder)
 * gru_step        the same with a one-layer GRU
 * cell_forward    one time step of the tanh cell, one row
 * output_forward  logits, softmax and loss of one row
 * backward        one time step of the recurrence backward and its output layer, one row, with the
 *                 weight gradients of that step (what train_step does per time step)
 * clip_update     clip and SGD over the whole flat parameter buffer
 * sample_name     one sample of 10 characters (the end token does not stop it, so both kernel sets do
 *                 the same work): per character a cell step, the output layer, a reseed and a draw
 * gemm_forward    lstm_step's recurrent product forward, one time step: C[B×4n] = h[B×n]·W_hhᵀ from packed panels
 * gemm_backward   its product backward, one time step: C[B×n] = dgates[B×4n]·W_hh from packed panels
 * gemm_weights    its weight gradient, once per step: C[4n×n] = dgatesᵀ·h over the 25·B rows of the window
 * </pre>
 *
 * <p>The three products run with the LSTM's shapes (4 gate blocks; a GRU has 3, the tanh RNN 1) on the
 * workload's threads, as the step splits them, each into a zeroed C: their GFLOP/s against the peak say
 * which of a step's products keeps it from the peak. Each kernel's name, call, FLOPs and bytes are one
 * {@link WorkloadKernel}. A workload on more than one thread owns them until {@link #close()}.
 *
 * <p>It builds its model and drives the trainer and the sampler one call at a time, so it reads the engine's
 * internals that {@code dino.engine} exports to {@code dino.bench} by name (its module-info says which).
 */
public final class Workload<A> implements AutoCloseable {
    /** Characters of sample_name's samples. */
    public static final int SAMPLE_LENGTH = 10;
    /** Characters per window of the batched step. */
    public static final int WINDOW = 25;
    /** Average time steps of train_step's names (3 to 14 characters, plus the end token). */
    static final double NAME_STEPS = 9.5 + 1;

    private final Kernels<A> k;
    private final Layout l;
    private final int batch;
    private final A w;
    private final A g;
    private final TanhCell<A> cell;
    private final Trainer<A> nameTrainer;
    private final Trainer<A> batchTrainer;
    private final Kernels<A> batchKernels;
    /** The gated cells' trainers, made on first use (their buffers are large at large sizes). */
    private Trainer<A> lstmTrainer;
    private Trainer<A> gruTrainer;
    private final Sampler<A> sampler;
    private final int[] sample = new int[SAMPLE_LENGTH + 1];
    private long sampleSeed;
    private final A a;
    private final A aPrev;
    private final A p;
    private final A pSaved;
    private final A da;
    private final A daNext;
    private final int[] xs;
    private final int[] ys;
    private final int[][] names = new int[64][];
    private final int[] text;
    private final int[] offsets;
    private int nextName;
    private int nextWindow;
    /** The LSTM step's products' operands, made on first use ({@link #products()}). */
    private LstmProducts<A> products;

    /** One thread. */
    public Workload(Kernels<A> kernels, int hidden, int vocab, int batch) {
        this(kernels, hidden, vocab, batch, 1);
    }

    /**
     * @param batch   sequences of batch_step (the other kernels run one row)
     * @param threads threads batch_step's large kernel calls are split over ({@link ParallelKernels})
     */
    public Workload(Kernels<A> kernels, int hidden, int vocab, int batch, int threads) {
        this.k = kernels;
        this.l = new Layout(hidden, vocab, vocab, kernels.precision());
        this.batch = batch;
        Model model = Model.initialize(l, 1);
        for (int i = 0; i < l.size; i++) {
            model.w[i] *= 10;
        }
        for (int i = 0; i < l.nA; i++) {
            model.w[l.ba + i] = 0.01 * (i % 7 - 3);
        }
        this.w = Buffers.of(kernels, model.w.clone());
        this.g = kernels.allocate(l.size);
        this.cell = new TanhCell<>(kernels, l);
        cell.transposeWeights(w);
        this.nameTrainer = new Trainer<>(l, Buffers.of(kernels, model.w.clone()), kernels, 0, 14, 1,
                Optimizer.create(TrainingConfig.Optimizer.SGD, kernels, l.size, 1e-6, 5));
        this.batchKernels = threads > 1 ? new ParallelKernels<>(kernels, threads) : kernels;
        this.batchTrainer = new Trainer<>(l, Buffers.of(kernels, model.w.clone()), batchKernels, 0, WINDOW, batch,
                Optimizer.create(TrainingConfig.Optimizer.SGD, batchKernels, l.size, 1e-6, 5));
        this.sampler = new Sampler<>(l, w, kernels, 0, SAMPLE_LENGTH, false);
        NumpyRandom random = new NumpyRandom(2);
        this.a = states(random);
        this.aPrev = states(random);
        this.da = states(random);
        this.daNext = states(random);
        this.xs = new int[] {1 + (int) random.interval(vocab - 2)};
        this.ys = new int[] {1 + (int) random.interval(vocab - 2)};
        this.p = kernels.allocate(l.yStride);
        cell.logits(p, 0, a, 0, 1);
        cell.softmaxLoss(w, p, 0, ys, 0, 1, 1.0);
        this.pSaved = kernels.allocate(l.yStride);
        System.arraycopy(p, 0, pSaved, 0, l.yStride);
        for (int i = 0; i < names.length; i++) {
            names[i] = new int[3 + (int) random.interval(11)];
            for (int c = 0; c < names[i].length; c++) {
                names[i][c] = 1 + (int) random.interval(vocab - 2);
            }
        }
        this.text = new int[batch * 4 * (WINDOW + 1)];
        for (int i = 0; i < text.length; i++) {
            text[i] = (int) random.interval(vocab - 1);
        }
        this.offsets = new int[batch];
    }

    /** Stops the threads of the batched kernels, if it has any, and waits for them (no thread outlives the call). */
    @Override
    public void close() {
        if (batchKernels instanceof ParallelKernels) {
            ((ParallelKernels<?>) batchKernels).close();
        }
    }

    /** One row of tanh of Gaussians, padding zero. */
    private A states(NumpyRandom random) {
        A v = k.allocate(l.stride);
        for (int i = 0; i < l.nA; i++) {
            k.set(v, i, Math.tanh(random.randn()));
        }
        return v;
    }

    /** Runs {@code calls} calls of a kernel; returns a value to sink. */
    public double run(WorkloadKernel kernel, long calls) {
        double acc = 0;
        for (long i = 0; i < calls; i++) {
            acc += kernel.call(this);
        }
        return acc;
    }

    public double trainStep() {
        int[] name = names[nextName];
        nextName = (nextName + 1) & 63;
        return nameTrainer.step(name);
    }

    public double batchStep() {
        nextWindows();
        return batchTrainer.step(text, offsets, WINDOW);
    }

    /** batch_step with a one-layer LSTM or GRU. */
    public double gatedStep(Cell cell) {
        Trainer<A> t = cell == Cell.LSTM ? lstmTrainer : gruTrainer;
        if (t == null) {
            Layout gated = Layout.stacked(cell, 1, l.nA, l.nX, l.precision);
            Model model = Model.initialize(gated, 1);
            t = new Trainer<>(gated, Buffers.of(k, model.w), batchKernels, 0, WINDOW, batch,
                    Optimizer.create(TrainingConfig.Optimizer.SGD, batchKernels, gated.size, 1e-6, 5));
            if (cell == Cell.LSTM) {
                lstmTrainer = t;
            } else {
                gruTrainer = t;
            }
        }
        nextWindows();
        return t.step(text, offsets, WINDOW);
    }

    private void nextWindows() {
        int segment = text.length / batch;
        for (int r = 0; r < batch; r++) {
            offsets[r] = r * segment + nextWindow * WINDOW;
        }
        nextWindow = (nextWindow + 1) % ((segment - 1) / WINDOW);
    }

    /** gemm_forward: the LSTM step's recurrent product of one time step, with the call, strides and packing {@code StackedNetwork} makes. */
    public double gemmForward() {
        LstmProducts<A> o = products();
        batchKernels.zero(o.gates, 0, batch * o.gs);
        batchKernels.gemmPacked(o.gates, 0, o.gs, o.h, 0, o.s, o.forward, 0, batch, o.gs, l.nA);
        return k.get(o.gates, 0);
    }

    /** gemm_backward: its product of one time step backward. */
    public double gemmBackward() {
        LstmProducts<A> o = products();
        batchKernels.zero(o.dh, 0, batch * o.s);
        batchKernels.gemmPacked(o.dh, 0, o.s, o.dgates, 0, o.gs, o.backward, 0, batch, o.s, o.gs);
        return k.get(o.dh, 0);
    }

    /** gemm_weights: its weight gradient over the window's 25·B rows. */
    public double gemmWeights() {
        LstmProducts<A> o = products();
        batchKernels.zero(o.gradient, 0, o.gs * o.s);
        batchKernels.gemmTA(o.gradient, 0, o.s, o.dgates, 0, o.gs, o.h, 0, o.s, o.gs, o.s, WINDOW * batch);
        return k.get(o.gradient, 0);
    }

    private LstmProducts<A> products() {
        if (products == null) {
            products = new LstmProducts<>(k, Layout.stacked(Cell.LSTM, 1, l.nA, l.nX, l.precision), batch);
        }
        return products;
    }

    /**
     * The operands of the three products in an LSTM layer's layout (rows of stride s, gate rows of gs = 4·s): h (25·B
     * rows of tanh of Gaussians), the gates' gradients (25·B rows of Gaussians / 10), W_hhᵀ packed for the
     * forward product and W_hh packed for the backward one (Gaussians / √n), and the three results.
     */
    private static final class LstmProducts<A> {
        final int s;
        final int gs;
        final A h;
        final A dgates;
        final A forward;
        final A backward;
        final A gates;
        final A dh;
        final A gradient;

        LstmProducts(Kernels<A> k, Layout lstm, int batch) {
            int n = lstm.nA;
            int rows = WINDOW * batch;
            this.s = lstm.stride;
            this.gs = lstm.gateStride;
            NumpyRandom random = new NumpyRandom(3);
            this.h = k.allocate(rows * s);
            this.dgates = k.allocate(rows * gs);
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < n; i++) {
                    k.set(h, r * s + i, Math.tanh(random.randn()));
                }
                for (int i = 0; i < 4 * n; i++) {
                    k.set(dgates, r * gs + i / n * s + i % n, random.randn() / 10);
                }
            }
            A whh = k.allocate(gs * s);
            for (int r = 0; r < 4 * n; r++) {
                for (int i = 0; i < n; i++) {
                    k.set(whh, (r / n * s + r % n) * s + i, random.randn() / Math.sqrt(n));
                }
            }
            A whhT = k.allocate(s * gs);
            k.transpose(whhT, 0, gs, whh, 0, s, gs, n);
            this.forward = k.allocate(s * gs);
            k.packB(forward, 0, whhT, 0, gs, n, gs);
            this.backward = k.allocate(gs * s);
            k.packB(backward, 0, whh, 0, s, gs, s);
            this.gates = k.allocate(batch * gs);
            this.dh = k.allocate(batch * s);
            this.gradient = k.allocate(gs * s);
        }
    }

    public double cellForward() {
        cell.forward(w, a, 0, aPrev, 0, xs, 0, 1);
        return k.get(a, 0);
    }

    public double outputForward() {
        cell.logits(p, 0, a, 0, 1);
        return cell.softmaxLoss(w, p, 0, ys, 0, 1, 1.0);
    }

    public double backward() {
        System.arraycopy(pSaved, 0, p, 0, l.yStride);
        cell.outputBackward(g, da, 0, w, p, 0, a, 0, 1);
        cell.backwardStep(w, daNext, 0, da, 0, 1, da, 0, a, 0, 1);
        cell.weightGradients(g, da, 0, aPrev, 0, xs, 0, 1);
        return k.get(daNext, 0);
    }

    public double clipUpdate() {
        k.clipAndUpdate(w, g, 0, l.size, 5, 1e-12);
        return k.get(w, 0);
    }

    public double sampleName() {
        return sampler.sample(sampleSeed++ & 1023, sample) + sample[SAMPLE_LENGTH - 1];
    }
}
