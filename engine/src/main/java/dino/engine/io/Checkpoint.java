// What a model file holds: weights, vocabulary, settings, and (for resuming) the full training state.
package dino.engine.io;

import dino.api.TrainingConfig;
import dino.engine.data.Corpus;
import dino.engine.data.Vocabulary;
import dino.engine.model.Model;

/** A saved model: {@link ModelFile} writes and reads it. */
public final class Checkpoint {
    public final Model model;
    public final Vocabulary vocabulary;
    public final TrainingConfig config;
    /** Where the training data came from: a path, or {@code bundled:dinos.txt}. */
    public final String dataSource;
    /** {@link Corpus#fingerprint()} of the training data. */
    public final String dataFingerprint;
    /** The training state, or null for a model saved without one. */
    public final State state;
    /** The best validation check so far of a run that keeps its best model, or null. */
    public final Best best;

    public Checkpoint(Model model, Vocabulary vocabulary, TrainingConfig config, String dataSource,
                      String dataFingerprint, State state) {
        this(model, vocabulary, config, dataSource, dataFingerprint, state, null);
    }

    public Checkpoint(Model model, Vocabulary vocabulary, TrainingConfig config, String dataSource,
                      String dataFingerprint, State state, Best best) {
        this.model = model;
        this.vocabulary = vocabulary;
        this.config = config;
        this.dataSource = dataSource;
        this.dataFingerprint = dataFingerprint;
        this.state = state;
        this.best = best;
    }

    /** The same checkpoint with other settings (a resumed run that changes how its products round). */
    public Checkpoint withConfig(TrainingConfig other) {
        return new Checkpoint(model, vocabulary, other, dataSource, dataFingerprint, state, best);
    }

    /**
     * The lowest validation loss of a run, the iteration whose report measured it, and the validation checks
     * since then (for patience): in a {@code --save} file so a resumed run goes on comparing with it, and in
     * the best model's own file (with 0 checks since).
     */
    public record Best(long iteration, double loss, long checksSince) {
    }

    /** Everything besides the weights that a run needs to continue exactly where it stopped. */
    public static final class State {
        /** Iterations done. */
        public final long iteration;
        public final double smoothLoss;
        /** The hidden state carried to the next step, n_a values. */
        public final double[] hidden;
        /** LINES: training examples (indices of lines in file order) in training order. */
        public final int[] order;
        /** LINES: held-out examples. */
        public final int[] validation;
        /** TEXT: where the next window starts. */
        public final long position;
        /** Optimizer buffers in the parameters' layout (Adagrad: memory; Adam: m, v). */
        public final double[][] optimizerState;
        /** Adam's step count t. */
        public final long optimizerSteps;

        public State(long iteration, double smoothLoss, double[] hidden, int[] order, int[] validation, long position,
                     double[][] optimizerState, long optimizerSteps) {
            this.iteration = iteration;
            this.smoothLoss = smoothLoss;
            this.hidden = hidden;
            this.order = order;
            this.validation = validation;
            this.position = position;
            this.optimizerState = optimizerState;
            this.optimizerSteps = optimizerSteps;
        }
    }
}
