// A whole training run: corpus, model, optimizer, example order, position and smoothed loss; resumable.
package dino.engine.train;

import dino.engine.DinoException;
import dino.engine.data.Corpus;
import dino.engine.io.Checkpoint;
import dino.engine.kernels.Kernels;
import dino.engine.model.Layout;
import dino.engine.model.Model;
import dino.engine.numpy.NumpyRandom;
import java.util.Arrays;

/**
 * The reference's {@code model()} loop, generalized: LINES mode trains on name {@code order[j % n]} at
 * iteration j (the order shuffled once with numpy's stream, the hidden state carried over); TEXT mode
 * trains on consecutive windows of {@code seqLength} characters as min-char-rnn does (the state is reset
 * and the position wraps to 0 when the next window would run past the end). The smoothed loss is
 * {@code 0.999·smooth + 0.001·loss}. Everything needed to continue exactly is in {@link #checkpoint()}.
 */
public final class TrainingSession {
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
    public final Model model;
    private final Trainer trainer;
    /** LINES: every line encoded, in file order. */
    private final int[][] lines;
    /** LINES: training examples (indices into lines), in training order. */
    private final int[] order;
    /** LINES: held-out examples (indices into lines). */
    private final int[] validation;
    /** TEXT: the encoded text; training uses [0, textEnd), validation [textEnd, length). */
    private final int[] text;
    private final int textEnd;
    private long position;
    private long iteration;
    private double smoothLoss;
    private final String dataSource;
    private Evaluator validationEvaluator;

    private TrainingSession(TrainingConfig config, Corpus corpus, Model model, Kernels kernels, int[] order,
                            int[] validation, int textEnd, String dataSource) {
        this.config = config;
        this.corpus = corpus;
        this.model = model;
        this.dataSource = dataSource;
        int vocab = corpus.vocabulary.size();
        int newline = Math.max(0, corpus.vocabulary.newline());
        if (corpus.mode == Corpus.Mode.LINES) {
            this.lines = corpus.encodedLines();
            this.text = null;
            int longest = 0;
            for (int[] line : lines) {
                longest = Math.max(longest, line.length);
            }
            this.trainer = new Trainer(model, kernels, newline, longest,
                    Optimizer.create(config.optimizer, kernels, model.layout.size, config.learningRate, config.clip));
        } else {
            this.lines = null;
            this.text = corpus.encodedText();
            this.trainer = new Trainer(model, kernels, newline, config.seqLength,
                    Optimizer.create(config.optimizer, kernels, model.layout.size, config.learningRate, config.clip));
        }
        this.order = order;
        this.validation = validation;
        this.textEnd = textEnd;
        this.smoothLoss = -StrictMath.log(1.0 / vocab) * config.initialLossLength();
    }

    /** Approximate heap bytes a run needs: weights, gradients, optimizer state, activations, encoded data. */
    public static long estimateBytes(TrainingConfig config, Corpus corpus) {
        int vocab = corpus.vocabulary.size();
        long stride = Layout.roundUp(config.hidden);
        long size = (2L * vocab + config.hidden) * stride + stride + Layout.roundUp(vocab);
        int buffers = 2 + (config.optimizer == Optimizer.Kind.SGD ? 0 : config.optimizer == Optimizer.Kind.ADAGRAD ? 1 : 2);
        long longest = corpus.mode == Corpus.Mode.TEXT ? config.seqLength : corpus.lines.stream().mapToInt(String::length).max().orElse(0);
        long activations = (longest + 2) * (stride + Layout.roundUp(vocab));
        return 8 * (size * (buffers + 1) + activations) + 4L * corpus.text.length();
    }

    /** A new run: weights from seed + 1, example order shuffled with seed, validation held out. */
    public static TrainingSession start(TrainingConfig config, Corpus corpus, Kernels kernels, String dataSource) {
        if (config.mode != corpus.mode) {
            throw new IllegalArgumentException("config mode " + config.mode + " but corpus mode " + corpus.mode);
        }
        int vocab = corpus.vocabulary.size();
        Model model = Model.initialize(new Layout(config.hidden, vocab, vocab), config.seed + 1);
        if (corpus.mode == Corpus.Mode.LINES) {
            int n = corpus.lines.size();
            int[] shuffled = new int[n];
            Arrays.setAll(shuffled, i -> i);
            new NumpyRandom(config.seed).shuffle(shuffled);
            int held = (int) Math.floor(config.valFraction * n);
            if (held > 0 && n - held < 1) {
                throw new DinoException("--val-fraction " + config.valFraction + " leaves no training example");
            }
            return new TrainingSession(config, corpus, model, kernels, Arrays.copyOf(shuffled, n - held),
                    Arrays.copyOfRange(shuffled, n - held, n), 0, dataSource);
        }
        int length = corpus.text.codePointCount(0, corpus.text.length());
        int textEnd = length - (int) Math.floor(config.valFraction * length);
        if (textEnd < config.seqLength + 1) {
            throw new DinoException("the training text (" + textEnd + " characters) is shorter than one window of "
                    + (config.seqLength + 1) + ": use a smaller --seq-length or --val-fraction");
        }
        return new TrainingSession(config, corpus, model, kernels, null, null, textEnd, dataSource);
    }

    /** Continues a saved run on the same corpus (the caller has checked the fingerprint). */
    public static TrainingSession resume(Checkpoint saved, Corpus corpus, Kernels kernels, String dataSource) {
        TrainingConfig config = saved.config;
        Checkpoint.State state = saved.state;
        if (state == null) {
            throw new DinoException("the model file holds no training state: it cannot be resumed");
        }
        int textEnd = 0;
        if (corpus.mode == Corpus.Mode.TEXT) {
            int length = corpus.text.codePointCount(0, corpus.text.length());
            textEnd = length - (int) Math.floor(config.valFraction * length);
        } else {
            int n = corpus.lines.size();
            for (int i : state.order) {
                if (i < 0 || i >= n) {
                    throw new DinoException("the model file's example order does not fit the data: pass the --data it was trained on");
                }
            }
            for (int i : state.validation) {
                if (i < 0 || i >= n) {
                    throw new DinoException("the model file's validation set does not fit the data: pass the --data it was trained on");
                }
            }
        }
        TrainingSession session = new TrainingSession(config, corpus, saved.model, kernels, state.order,
                state.validation, textEnd, dataSource);
        session.iteration = state.iteration;
        session.smoothLoss = state.smoothLoss;
        session.position = state.position;
        session.trainer.restoreHidden(state.hidden);
        session.trainer.optimizer().restore(state.optimizerState, state.optimizerSteps);
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
                    + "): lower --learning-rate or keep --clip small");
            this.iteration = iteration;
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
        if (lines != null) {
            return trainer.step(lines[order[(int) (iteration % order.length)]]);
        }
        int window = config.seqLength;
        if (iteration == 0 || position + window + 1 >= textEnd) {
            trainer.resetHidden();
            position = 0;
        }
        double loss = trainer.step(text, (int) position, window);
        position += window;
        return loss;
    }

    /**
     * Mean cross-entropy per predicted character on the held-out data: every held-out name from the
     * zero state (LINES), or the held-out text in windows with the state carried from zero (TEXT).
     * NaN when nothing is held out.
     */
    public double validationLoss() {
        if (lines != null) {
            if (validation.length == 0) {
                return Double.NaN;
            }
            if (validationEvaluator == null) {
                validationEvaluator = new Evaluator(model, trainer.kernels(), Math.max(0, corpus.vocabulary.newline()),
                        trainer.maxLength());
            }
            double total = 0;
            long characters = 0;
            for (int v : validation) {
                total += validationEvaluator.nameLoss(lines[v]);
                characters += lines[v].length + 1;
            }
            return total / characters;
        }
        if (textEnd >= text.length - 1) {
            return Double.NaN;
        }
        if (validationEvaluator == null) {
            validationEvaluator = new Evaluator(model, trainer.kernels(), 0, config.seqLength);
        }
        return validationEvaluator.textLoss(text, textEnd, text.length, config.seqLength) / (text.length - 1 - textEnd);
    }

    /**
     * Everything needed to continue this run exactly, with copies of the live buffers. A run whose
     * weights are no longer finite has diverged: that is thrown rather than saved over a good file.
     */
    public Checkpoint checkpoint() {
        for (double v : model.w) {
            if (!Double.isFinite(v)) {
                throw new DivergedException(iteration, "weights are no longer finite");
            }
        }
        double[][] optimizerState = trainer.optimizer().state();
        double[][] copies = new double[optimizerState.length][];
        for (int i = 0; i < copies.length; i++) {
            copies[i] = optimizerState[i].clone();
        }
        Checkpoint.State state = new Checkpoint.State(iteration, smoothLoss,
                Arrays.copyOf(trainer.hidden(), model.layout.nA),
                order == null ? new int[0] : order.clone(), validation == null ? new int[0] : validation.clone(),
                position, copies, trainer.optimizer().steps());
        return new Checkpoint(new Model(model.layout, model.w.clone()), corpus.vocabulary, config,
                dataSource, corpus.fingerprint(), state);
    }

    public long iteration() {
        return iteration;
    }

    public double smoothLoss() {
        return smoothLoss;
    }
}
