// A whole training run: corpus, model, optimizer, example order, position and smoothed loss; resumable.
package dino.engine.train;

import dino.api.DinoException;
import dino.api.Mode;
import dino.api.TrainingConfig;
import dino.engine.data.Corpus;
import dino.engine.data.TextCursor;
import dino.engine.io.Checkpoint;
import dino.engine.kernels.Buffers;
import dino.engine.kernels.KernelSet;
import dino.engine.kernels.Kernels;
import dino.engine.kernels.ParallelKernels;
import dino.engine.model.Layout;
import dino.engine.model.Model;
import dino.engine.sample.Sampler;
import java.util.Arrays;

/**
 * The reference's {@code model()} loop, generalized to batches: LINES mode trains at iteration j on the
 * names {@code order[(j·B + b) % n]}, b &lt; B (the order shuffled once with numpy's stream; row b carries
 * its hidden state to row b of the next step); TEXT mode splits the training text into B equal segments
 * and trains on consecutive windows of {@code seqLength} characters at the same offset in each segment,
 * as char-rnn does (every state is reset and the offset wraps to 0 when the next window would run past
 * the end of a segment; B = 1 is min-char-rnn). The smoothed loss is {@code 0.999·smooth + 0.001·loss}
 * of the per-sequence loss. Everything needed to continue exactly is in {@link #checkpoint()}.
 *
 * <p>The corpus is read as the steps need it: a name by its index, each text stream through its own
 * {@link TextCursor} (a window is decoded into a small reused buffer, so the text's size does not
 * matter). The file is checked for changes at most once a second while training and before every
 * checkpoint, so a model is never saved from data that changed under it. How the data splits into
 * training and held-out data is {@link HeldOut}'s; the held-out loss and the best check so far, {@link Validation}'s.
 *
 * @param <A> the precision's array type ({@code double[]} or {@code float[]})
 */
public final class TrainingSession<A> {
    /**
     * Milliseconds at the start of a multi-threaded run in which the split kernels run on one thread, while the
     * JIT compiles them; {@code -Ddino.serialWarmupMillis} overrides it (0: none), for measuring.
     */
    static final long SERIAL_WARMUP_MILLIS = Long.getLong("dino.serialWarmupMillis", 1000);

    /** The reference's quirky initial smoothed loss length (its sample count) for lines, the window for text. */
    static int initialLossLength(TrainingConfig config) {
        return config.mode() == Mode.LINES ? 7 : config.seqLength();
    }

    /** Called after the step of a reported iteration. */
    @FunctionalInterface
    public interface Listener {
        void report(long iteration, double smoothLoss);
    }

    /** Sees every iteration before its step (progress, loss curves) and may stop the run early (Ctrl-C). */
    @FunctionalInterface
    public interface Monitor {
        /** Returns true to stop before iteration {@code iteration}; {@code smoothLoss} is the loss so far. */
        boolean stop(long iteration, double smoothLoss);
    }

    public final TrainingConfig config;
    public final Corpus corpus;
    /** The model's layout; the weights live in the trainer (in f64 they are also {@link #checkpoint}'s). */
    public final Layout layout;
    private final Kernels<A> kernels;
    private final Trainer<A> trainer;
    private final boolean lines;
    /**
     * LINES: training examples (indices of lines) in training order are order[0, orderLength); the
     * held-out ones validation[validationFrom, end). A new run shuffles one array and splits it in place.
     */
    private final int[] order;
    private final int orderLength;
    private final int[] validation;
    private final int validationFrom;
    /** LINES: the names of the current step, one per batch row (reused). */
    private final int[][] batchNames;
    /** TEXT: training uses characters [0, textEnd), validation [textEnd, length). */
    private final long textEnd;
    /** TEXT: each stream's segment length, its cursor, and the windows of the current step (stream b at b·(T+1)). */
    private final long segment;
    private final TextCursor[] streams;
    private final int[] windows;
    private final int[] windowOffsets;
    /** TEXT: the windows hold the previous step's (each starts with the last character of the one before). */
    private boolean windowsLoaded;
    private long position;
    private long iteration;
    /** Characters predicted by the training steps of this process (not saved). */
    private long charactersTrained;
    private double smoothLoss;
    /** The held-out data's loss and the best check so far. */
    private final Validation<A> validationSet;
    private final String dataSource;

    private TrainingSession(TrainingConfig config, Corpus corpus, Model model, Kernels<A> kernels, int[] order,
                            int orderLength, int[] validation, int validationFrom, long textEnd, String dataSource,
                            Checkpoint.Best best) {
        this.config = config;
        this.corpus = corpus;
        this.layout = model.layout;
        this.kernels = kernels;
        this.dataSource = dataSource;
        int vocab = corpus.vocabulary.size();
        int newline = Math.max(0, corpus.vocabulary.newline());
        int batch = config.batchSize();
        A w = Buffers.of(kernels, model.w);
        Optimizer<A> optimizer = Optimizer.create(config.optimizer(), kernels, layout.size, config.learningRate(), config.clip());
        this.lines = corpus.mode == Mode.LINES;
        if (lines) {
            this.trainer = new Trainer<>(layout, w, kernels, newline, corpus.longestLine(), batch, optimizer);
            this.batchNames = new int[batch][];
            this.segment = 0;
            this.streams = null;
            this.windows = null;
            this.windowOffsets = null;
        } else {
            this.trainer = new Trainer<>(layout, w, kernels, newline, config.seqLength(), batch, optimizer);
            this.batchNames = null;
            this.segment = textEnd / batch;
            this.streams = new TextCursor[batch];
            this.windows = new int[batch * (config.seqLength() + 1)];
            this.windowOffsets = new int[batch];
            for (int b = 0; b < batch; b++) {
                streams[b] = corpus.cursor();
                windowOffsets[b] = b * (config.seqLength() + 1);
            }
        }
        trainer.dropout(config.dropout(), config.seed());
        this.order = order;
        this.orderLength = orderLength;
        this.validation = validation;
        this.validationFrom = validationFrom;
        this.textEnd = textEnd;
        this.smoothLoss = -StrictMath.log(1.0 / vocab) * initialLossLength(config);
        this.validationSet = new Validation<>(corpus, layout, trainer, kernels, lines ? validation : null, validationFrom,
                textEnd, config.seqLength(), best);
    }

    /**
     * Approximate heap bytes a run needs besides the corpus: weights, gradients, optimizer state,
     * activations, and the example order (twice: a checkpoint of a run with validation copies it).
     */
    public static long estimateBytes(TrainingConfig config, Corpus corpus) {
        int vocab = corpus.vocabulary.size();
        Layout layout = Layout.of(config, vocab);
        int buffers = 2 + config.optimizer().stateBuffers();
        long longest = corpus.mode == Mode.TEXT ? config.seqLength() : corpus.longestLine();
        long transposed = (long) layout.stride * (2L * layout.gateStride * layout.layers + layout.yStride);
        return (long) layout.precision.bytes * ((long) layout.size * buffers + transposed)
                + 8L * layout.size + Trainer.activationBytes(layout, (int) longest, config.batchSize())
                + 8L * corpus.lineCount();
    }

    /**
     * A new run: weights from seed + 1, example order shuffled with seed, validation held out; large kernel
     * calls split over {@code threads} threads (the same bits for every count).
     */
    public static TrainingSession<?> start(TrainingConfig config, Corpus corpus, KernelSet kernels, int threads,
                                           String dataSource) {
        return start(config, corpus, parallel(kernels.of(config.precision(), config.products()), threads), dataSource);
    }

    /**
     * The kernels, split over threads when there is more than one, one thread at a time for the run's first
     * {@link #SERIAL_WARMUP_MILLIS} (see {@link ParallelKernels#serialWarmup}).
     */
    private static <A> Kernels<A> parallel(Kernels<A> kernels, int threads) {
        return threads == 1 ? kernels : new ParallelKernels<>(kernels, threads).serialWarmup(SERIAL_WARMUP_MILLIS);
    }

    /** {@link #start(TrainingConfig, Corpus, KernelSet, int, String)} with kernels of the config's precision. */
    public static <A> TrainingSession<A> start(TrainingConfig config, Corpus corpus, Kernels<A> kernels, String dataSource) {
        if (config.mode() != corpus.mode) {
            throw new IllegalArgumentException("config mode " + config.mode() + " but corpus mode " + corpus.mode);
        }
        int vocab = corpus.vocabulary.size();
        Model model = Model.initialize(Layout.of(config, vocab), config.seed() + 1);
        if (corpus.mode == Mode.LINES) {
            int[] shuffled = HeldOut.shuffledNames(config, corpus);
            int training = HeldOut.trainingNames(config, shuffled.length);
            return new TrainingSession<>(config, corpus, model, kernels, shuffled, training, shuffled, training, 0,
                    dataSource, null);
        }
        long textEnd = HeldOut.textEnd(config, corpus);
        return new TrainingSession<>(config, corpus, model, kernels, null, 0, null, 0, textEnd, dataSource, null);
    }

    /** Continues a saved run on the same corpus (the caller has checked the fingerprint). */
    public static TrainingSession<?> resume(Checkpoint saved, Corpus corpus, KernelSet kernels, int threads,
                                            String dataSource) {
        return resume(saved, corpus, parallel(kernels.of(saved.config.precision(), saved.config.products()), threads), dataSource);
    }

    /** {@link #resume(Checkpoint, Corpus, KernelSet, int, String)} with kernels of the model's precision. */
    public static <A> TrainingSession<A> resume(Checkpoint saved, Corpus corpus, Kernels<A> kernels, String dataSource) {
        TrainingConfig config = saved.config;
        Checkpoint.State state = saved.state;
        if (state == null) {
            throw new DinoException("the model file holds no training state: it cannot be resumed");
        }
        long textEnd = 0;
        if (corpus.mode == Mode.TEXT) {
            textEnd = HeldOut.textEnd(config, corpus);
        } else {
            HeldOut.checkSavedNames(state, config, corpus);
        }
        TrainingSession<A> session = new TrainingSession<>(config, corpus, saved.model, kernels, state.order,
                state.order.length, state.validation, 0, textEnd, dataSource, saved.best);
        session.iteration = state.iteration;
        session.smoothLoss = state.smoothLoss;
        session.position = state.position;
        if (state.hidden.length != config.batchSize() * session.trainer.stateValues()) {
            throw new DinoException("the model file's hidden state does not match its batch size");
        }
        session.trainer.restoreHidden(state.hidden);
        session.trainer.restoreSteps(state.iteration);
        Optimizer<A> optimizer = session.trainer.optimizer();
        java.util.List<A> buffers = optimizer.state();
        if (buffers.size() != state.optimizerState.length) {
            throw new DinoException("the model file's optimizer state does not match its optimizer");
        }
        for (int i = 0; i < buffers.size(); i++) {
            Buffers.copy(kernels, state.optimizerState[i], buffers.get(i));
        }
        optimizer.restoreSteps(state.optimizerSteps);
        return session;
    }

    /** Training produced a NaN or infinite loss; the weights are no longer usable. */
    public static final class DivergedException extends DinoException {
        private static final long serialVersionUID = 1L;
        public final long iteration;

        DivergedException(long iteration, double loss) {
            this(iteration, "loss " + loss);
        }

        DivergedException(long iteration, String what) {
            super("training diverged at iteration " + iteration + " (" + what
                    + "): lower {learningRate} or keep {clip} small", true);
            this.iteration = iteration;
        }

        @Override
        public boolean diverged() {
            return true;
        }
    }

    /**
     * Trains until {@code total} iterations have been done in all (or the monitor says stop between
     * steps), calling the listener after every iteration j with {@code j % reportEvery == 0}.
     */
    public void runUntil(long total, long reportEvery, Listener listener, Monitor monitor) {
        while (iteration < total && !monitor.stop(iteration, smoothLoss)) {
            double loss = step();
            if (!Double.isFinite(loss)) {
                throw new DivergedException(iteration, loss);
            }
            smoothLoss = smoothLoss * 0.999 + loss * 0.001;
            if (reportEvery > 0 && iteration % reportEvery == 0) {
                listener.report(iteration, smoothLoss);
            }
            iteration++;
        }
    }

    private double step() {
        int batch = config.batchSize();
        corpus.watch();
        if (lines) {
            long first = iteration * batch;
            for (int b = 0; b < batch; b++) {
                batchNames[b] = corpus.line(order[(int) ((first + b) % orderLength)]);
                charactersTrained += batchNames[b].length + 1;
            }
            return trainer.step(batchNames);
        }
        int window = config.seqLength();
        boolean reset = iteration == 0 || position + window + 1 >= segment;
        if (reset) {
            trainer.resetHidden();
            position = 0;
        }
        int stride = window + 1;
        for (int b = 0; b < batch; b++) {
            if (reset || !windowsLoaded) {
                streams[b].seek(b * segment + position);
                streams[b].read(windows, b * stride, stride);
            } else {
                windows[b * stride] = windows[b * stride + window]; // this window starts where the last one ended
                streams[b].read(windows, b * stride + 1, window);
            }
        }
        windowsLoaded = true;
        double loss = trainer.step(windows, windowOffsets, window);
        position += window;
        charactersTrained += (long) window * batch;
        return loss;
    }

    /**
     * Mean cross-entropy per predicted character on the held-out data: every held-out name from the
     * zero state (LINES), or the held-out text in windows with the state carried from zero (TEXT).
     * NaN when nothing is held out.
     */
    public double validationLoss() {
        return validationSet.loss();
    }

    /**
     * Everything needed to continue this run exactly, with copies of the live buffers. A run whose
     * weights are no longer finite has diverged, and one whose data file changed learnt from something
     * else: either is thrown rather than saved over a good file.
     */
    public Checkpoint checkpoint() {
        double[] weights = checkedWeights();
        java.util.List<A> buffers = trainer.optimizer().state();
        double[][] copies = new double[buffers.size()][];
        for (int i = 0; i < copies.length; i++) {
            copies[i] = Buffers.toDoubles(kernels, buffers.get(i), layout.size);
        }
        // The order never changes after the shuffle, so a checkpoint shares it (ten million names: 40 MB).
        Checkpoint.State state = new Checkpoint.State(iteration, smoothLoss, trainer.hiddenState(),
                order == null ? new int[0] : orderLength == order.length ? order : Arrays.copyOf(order, orderLength),
                validation == null ? new int[0] : validationFrom == 0 ? validation
                        : Arrays.copyOfRange(validation, validationFrom, validation.length),
                position, copies, trainer.optimizer().steps());
        return new Checkpoint(new Model(layout, weights), corpus.vocabulary, config,
                dataSource, corpus.fingerprint(), state, validationSet.best());
    }

    /** A copy of the weights, refused when they are no longer finite or the data file changed. */
    private double[] checkedWeights() {
        corpus.checkUnchanged();
        double[] weights = Buffers.toDoubles(kernels, trainer.parameters(), layout.size);
        for (double v : weights) {
            if (!Double.isFinite(v)) {
                throw new DivergedException(iteration, "weights are no longer finite");
            }
        }
        return weights;
    }

    /**
     * Counts a validation check made after training iteration {@code trained}: returns whether {@code loss} is
     * lower than every earlier one (the first always is). From the first call on, the best and the checks since
     * it are part of every {@link #checkpoint()}, so a resumed run compares with the same best.
     */
    public boolean recordValidation(long trained, double loss) {
        return validationSet.record(trained, loss);
    }

    /** The best validation check so far, or null before the first {@link #recordValidation}. */
    public Checkpoint.Best best() {
        return validationSet.best();
    }

    /**
     * The current weights as a model without training state, recording the best check: what a run that keeps its
     * best model writes right after {@link #recordValidation} returned true.
     */
    public Checkpoint bestModel() {
        return new Checkpoint(new Model(layout, checkedWeights()), corpus.vocabulary, config, dataSource,
                corpus.fingerprint(), null, validationSet.best());
    }

    /**
     * A sampler over the live weights (it sees each update after {@link Sampler#refresh}), in the run's
     * precision and kernels.
     */
    public Sampler<A> sampler(int newline, int maxLength, boolean stopAtNewline) {
        return new Sampler<>(layout, trainer.parameters(), kernels, newline, maxLength, stopAtNewline);
    }

    public long iteration() {
        return iteration;
    }

    /** Stops the threads of the run's split kernels, if it has any, and waits for them to end. */
    public void close() {
        if (kernels instanceof ParallelKernels) {
            ((ParallelKernels<?>) kernels).close();
        }
    }

    /** Characters (predictions) the training steps of this process have trained on, for throughput figures. */
    public long charactersTrained() {
        return charactersTrained;
    }

    public double smoothLoss() {
        return smoothLoss;
    }
}
