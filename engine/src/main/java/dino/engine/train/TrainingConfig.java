// Internal: the engine's view of a dino.api.TrainingConfig, in the engine's own enums. Checks nothing itself.
package dino.engine.train;

import dino.engine.data.Corpus;
import dino.engine.kernels.Precision;
import dino.engine.model.Cell;
import dino.engine.model.Layout;

/**
 * The settings of {@link dino.api.TrainingConfig} (which checks them, the only place that does) as the
 * training loop, the model files and the layouts read them. Not for library users: they use the record.
 */
public final class TrainingConfig {
    /** The settings as the public record holds them. */
    public final dino.api.TrainingConfig settings;
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
    /** The form of every product's step (the kernels are chosen in it). */
    public final dino.api.Products products;

    public TrainingConfig(dino.api.TrainingConfig s) {
        this.settings = s;
        this.mode = mode(s.mode());
        this.hidden = s.hidden();
        this.learningRate = s.learningRate();
        this.clip = s.clip();
        this.optimizer = Optimizer.Kind.valueOf(s.optimizer().name());
        this.seed = s.seed();
        this.seqLength = s.seqLength();
        this.valFraction = s.valFraction();
        this.batchSize = s.batchSize();
        this.precision = Precision.valueOf(s.precision().name());
        this.cell = Cell.valueOf(s.cell().name());
        this.layers = s.layers();
        this.dropout = s.dropout();
        this.products = s.products();
    }

    /** One sequence per step, a one-layer tanh RNN in f64: the reference's kind of run (tests make these). */
    public TrainingConfig(Corpus.Mode mode, int hidden, double learningRate, double clip, Optimizer.Kind optimizer,
                          long seed, int seqLength, double valFraction) {
        this(dino.api.TrainingConfig.builder().mode(mode(mode)).hidden(hidden).learningRate(learningRate).clip(clip)
                .optimizer(dino.api.TrainingConfig.Optimizer.valueOf(optimizer.name())).seed(seed).seqLength(seqLength)
                .valFraction(valFraction).build());
    }

    /** The engine's mode for the API's, and back. */
    public static Corpus.Mode mode(dino.api.Mode mode) {
        return Corpus.Mode.valueOf(mode.name());
    }

    public static dino.api.Mode mode(Corpus.Mode mode) {
        return dino.api.Mode.valueOf(mode.name());
    }

    /** The model's layout over a vocabulary of {@code vocab} characters. */
    public Layout layout(int vocab) {
        return Layout.of(cell, layers, hidden, vocab, precision);
    }

    /** The reference run's settings. */
    public static TrainingConfig reference() {
        return new TrainingConfig(dino.api.TrainingConfig.reference());
    }

    /** The reference's quirky initial smoothed loss length (its sample count) for lines, the window for text. */
    public int initialLossLength() {
        return mode == Corpus.Mode.LINES ? 7 : seqLength;
    }
}
