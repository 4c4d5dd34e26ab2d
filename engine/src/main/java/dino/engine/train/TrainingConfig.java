// The settings of a training run; the defaults are the reference's.
package dino.engine.train;

import dino.engine.DinoException;
import dino.engine.data.Corpus;
import dino.engine.kernels.Precision;
import dino.engine.model.Cell;
import dino.engine.model.Layout;

/**
 * Hyperparameters and data settings, saved with a model so that a resumed run continues with them.
 * The defaults reproduce the reference: lines mode, 50 hidden units, SGD at 0.01, clip 5, seed 0
 * (the example order is shuffled with seed 0 and the weights drawn with seed 1, as the reference does).
 */
public final class TrainingConfig {
    public final Corpus.Mode mode;
    public final int hidden;
    public final double learningRate;
    public final double clip;
    public final Optimizer.Kind optimizer;
    /** Order seed; the weights use {@code seed + 1} (0 gives the reference's seeds 0 and 1). */
    public final long seed;
    /** TEXT mode: characters per truncated-backpropagation window. */
    public final int seqLength;
    /** Share of the examples (LINES) or of the text (TEXT) held out for validation. */
    public final double valFraction;
    /** Sequences per optimizer step (names, or text streams). */
    public final int batchSize;
    /** Precision of the parameters, activations, gradients and optimizer state. */
    public final Precision precision;
    /** The recurrent cell. */
    public final Cell cell;
    /** Stacked recurrent layers. */
    public final int layers;
    /** Dropout probability on the outputs of every layer but the last, while training. */
    public final double dropout;

    /** One sequence per step in f64: the reference's kind of run. */
    public TrainingConfig(Corpus.Mode mode, int hidden, double learningRate, double clip, Optimizer.Kind optimizer,
                          long seed, int seqLength, double valFraction) {
        this(mode, hidden, learningRate, clip, optimizer, seed, seqLength, valFraction, 1, Precision.F64);
    }

    /** A one-layer tanh RNN (the reference's model). */
    public TrainingConfig(Corpus.Mode mode, int hidden, double learningRate, double clip, Optimizer.Kind optimizer,
                          long seed, int seqLength, double valFraction, int batchSize, Precision precision) {
        this(mode, hidden, learningRate, clip, optimizer, seed, seqLength, valFraction, batchSize, precision, Cell.RNN, 1, 0);
    }

    public TrainingConfig(Corpus.Mode mode, int hidden, double learningRate, double clip, Optimizer.Kind optimizer,
                          long seed, int seqLength, double valFraction, int batchSize, Precision precision, Cell cell,
                          int layers, double dropout) {
        if (layers < 1) {
            throw new DinoException("--layers must be at least 1, got " + layers);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new DinoException("--dropout must be in [0, 1), got " + dropout);
        }
        if (hidden < 1) {
            throw new DinoException("hidden size must be at least 1, got " + hidden);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new DinoException("learning rate must be a positive number, got " + learningRate);
        }
        if (!(clip > 0)) {
            throw new DinoException("clip must be positive, got " + clip);
        }
        if (seed < 0 || seed >= 0xffffffffL) {
            throw new DinoException("seed must be between 0 and 4294967294, got " + seed);
        }
        if (seqLength < 1) {
            throw new DinoException("sequence length must be at least 1, got " + seqLength);
        }
        if (!(valFraction >= 0 && valFraction < 1)) {
            throw new DinoException("validation fraction must be in [0, 1), got " + valFraction);
        }
        if (batchSize < 1) {
            throw new DinoException("batch size must be at least 1, got " + batchSize);
        }
        this.mode = mode;
        this.hidden = hidden;
        this.learningRate = learningRate;
        this.clip = clip;
        this.optimizer = optimizer;
        this.seed = seed;
        this.seqLength = seqLength;
        this.valFraction = valFraction;
        this.batchSize = batchSize;
        this.precision = precision;
        this.cell = cell;
        this.layers = layers;
        this.dropout = dropout;
    }

    /** The model's layout over a vocabulary of {@code vocab} characters. */
    public Layout layout(int vocab) {
        return Layout.of(cell, layers, hidden, vocab, precision);
    }

    /** The reference run's settings. */
    public static TrainingConfig reference() {
        return new TrainingConfig(Corpus.Mode.LINES, 50, 0.01, 5, Optimizer.Kind.SGD, 0, 25, 0);
    }

    /** The reference's quirky initial smoothed loss length (its sample count) for lines, the window for text. */
    public int initialLossLength() {
        return mode == Corpus.Mode.LINES ? 7 : seqLength;
    }
}
