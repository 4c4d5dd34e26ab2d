// The settings of a training run, as a record with a builder; the defaults are the reference run's. Validated here only.
package dino.api;

import java.util.Locale;
import java.util.function.Function;

/**
 * Everything that decides what a training run computes, saved with its model so that a resumed run
 * continues with the same settings. {@link #reference()} is the reference run (lines mode, 50 hidden units,
 * SGD at 0.01, clip 5, seed 0); change settings through the builder:
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.reference().toBuilder()
 *         .mode(Mode.TEXT).cell(TrainingConfig.Cell.LSTM).layers(2).hidden(256).build();
 * }</pre>
 * Every setting is checked here, against the named limits below, and nowhere else: a value out of range is a
 * {@link DinoException} that names the setting ({@link Setting#key()}).
 *
 * @param hidden       hidden units per layer, n_a: 1 to {@link #MAX_HIDDEN}
 * @param learningRate step size, a positive finite number
 * @param clip         every gradient element is clipped to [-clip, clip]; positive
 * @param optimizer    the update rule
 * @param seed         order seed; the weights use {@code seed + 1} (0 gives the reference's 0 and 1): 0 to {@link #MAX_SEED}
 * @param mode         names one per line, or running text
 * @param seqLength    text mode: characters per truncated-backpropagation window, 1 to {@link #MAX_SEQ_LENGTH}
 * @param valFraction  share of the names (or the end of the text) held out for validation, in [0, 1)
 * @param batchSize    sequences per optimizer step, 1 to {@link #MAX_BATCH_SIZE} (1 is the reference)
 * @param precision    of parameters, activations, gradients and optimizer state
 * @param cell         the recurrent cell
 * @param layers       stacked recurrent layers, 1 to {@link #MAX_LAYERS}
 * @param dropout      probability of dropping each output of every layer but the last while training, in [0, 1)
 * @param products     the form of every product's step; null (and a builder where it is not set) means
 *                     {@link #defaultProducts}: {@code MUL_ADD} for the reference model, {@code FMA} for every other
 */
public record TrainingConfig(int hidden, double learningRate, double clip, Optimizer optimizer, long seed, Mode mode,
                             int seqLength, double valFraction, int batchSize, Precision precision, Cell cell, int layers,
                             double dropout, Products products) {
    /** Largest {@link #hidden}. */
    public static final int MAX_HIDDEN = 32_768;
    /** Largest {@link #batchSize}. */
    public static final int MAX_BATCH_SIZE = 65_536;
    /** Largest {@link #layers}. */
    public static final int MAX_LAYERS = 64;
    /** Largest {@link #seqLength}. */
    public static final int MAX_SEQ_LENGTH = 100_000;
    /** Largest {@link #seed}: numpy seeds are 32-bit, and the weights use seed + 1. */
    public static final long MAX_SEED = 0xffff_fffeL;

    /** The update rule. */
    public enum Optimizer {
        /** Plain SGD (the reference). */
        SGD,
        /** Adagrad, as min-char-rnn. */
        ADAGRAD,
        /** Adam with β 0.9 / 0.999 and ε 1e-8. */
        ADAM;

        /** Buffers of state the rule keeps, each the size of the parameters: none, Adagrad's memory, Adam's moments. */
        public int stateBuffers() {
            return this == SGD ? 0 : this == ADAGRAD ? 1 : 2;
        }

        /** {@code sgd}, {@code adagrad} or {@code adam}, any case. */
        public static Optimizer parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new DinoException("unknown optimizer '" + name + "': use sgd, adagrad or adam");
            }
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Floating-point precision of a model and its training. */
    public enum Precision {
        /** float64 (the reference). */
        F64(Double.BYTES),
        /** float32: twice the vector lanes, half the memory. */
        F32(Float.BYTES);

        /** Row padding of a model's layout in bytes: one 512-bit vector, one cache line. */
        public static final int ALIGN_BYTES = 64;

        /** Bytes per element. */
        public final int bytes;

        Precision(int bytes) {
            this.bytes = bytes;
        }

        /** Row padding in elements: 8 doubles or 16 floats, a whole number of vectors at every width up to 512 bits. */
        public int align() {
            return ALIGN_BYTES / bytes;
        }

        /** {@code f64} or {@code f32}, any case. */
        public static Precision parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw DinoException.naming("{precision} must be f64 or f32, got '" + name + "'");
            }
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The recurrent cell: the reference's tanh RNN, or PyTorch's {@code nn.LSTM} / {@code nn.GRU}. */
    public enum Cell {
        /** A tanh RNN, {@code h = tanh(W_ih x + b_ih + W_hh h + b_hh)}; one layer of it is the reference's model. */
        RNN(1),
        /** PyTorch's {@code nn.LSTM}: gates i, f, g, o stacked in that order. */
        LSTM(4),
        /** PyTorch's {@code nn.GRU}: gates r, z, n stacked in that order. */
        GRU(3);

        /** Blocks of hidden size in a layer's stacked weights (PyTorch's order): 1, 4 or 3. */
        public final int gates;

        Cell(int gates) {
            this.gates = gates;
        }

        /** {@code rnn}, {@code lstm} or {@code gru}, any case. */
        public static Cell parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw DinoException.naming("{cell} must be rnn, lstm or gru, got '" + name + "'");
            }
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The table of settings: each one's API name and its value in a config. A program that spells settings its
     * own way (the command line's flags) maps these to its names; a resumed run checks them one by one.
     */
    public enum Setting {
        HIDDEN("hidden", TrainingConfig::hidden),
        LEARNING_RATE("learningRate", TrainingConfig::learningRate),
        CLIP("clip", TrainingConfig::clip),
        OPTIMIZER("optimizer", c -> c.optimizer().label()),
        SEED("seed", TrainingConfig::seed),
        MODE("mode", c -> c.mode().label()),
        SEQ_LENGTH("seqLength", TrainingConfig::seqLength),
        VAL_FRACTION("valFraction", TrainingConfig::valFraction),
        BATCH_SIZE("batchSize", TrainingConfig::batchSize),
        PRECISION("precision", c -> c.precision().label()),
        CELL("cell", c -> c.cell().label()),
        LAYERS("layers", TrainingConfig::layers),
        DROPOUT("dropout", TrainingConfig::dropout),
        PRODUCTS("products", c -> c.products().label());

        private final String key;
        private final Function<TrainingConfig, Object> value;

        Setting(String key, Function<TrainingConfig, Object> value) {
            this.key = key;
            this.value = value;
        }

        /** The API name: the record component and builder method, and how error messages name it. */
        public String key() {
            return key;
        }

        /** The setting's value in a config, as printed: a number, or an enum's label. */
        public Object valueIn(TrainingConfig config) {
            return value.apply(config);
        }
    }

    /** Checks every setting; the first out of its range is an error that names it. */
    public TrainingConfig {
        if (hidden < 1 || hidden > MAX_HIDDEN) {
            throw DinoException.naming("{hidden} must be between 1 and " + MAX_HIDDEN + ", got " + hidden);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw DinoException.naming("{learningRate} must be a positive number, got " + learningRate);
        }
        if (!(clip > 0)) {
            throw DinoException.naming("{clip} must be positive (use a large value to disable clipping), got " + clip);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw DinoException.naming("{batchSize} must be between 1 and " + MAX_BATCH_SIZE + ", got " + batchSize);
        }
        if (layers < 1 || layers > MAX_LAYERS) {
            throw DinoException.naming("{layers} must be between 1 and " + MAX_LAYERS + ", got " + layers);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw DinoException.naming("{dropout} must be in [0, 1), got " + dropout);
        }
        if (seqLength < 1 || seqLength > MAX_SEQ_LENGTH) {
            throw DinoException.naming("{seqLength} must be between 1 and " + MAX_SEQ_LENGTH + ", got " + seqLength);
        }
        if (!(valFraction >= 0 && valFraction < 1)) {
            throw DinoException.naming("{valFraction} must be in [0, 1), got " + valFraction);
        }
        if (seed < 0 || seed > MAX_SEED) {
            throw DinoException.naming("{seed} must be between 0 and " + MAX_SEED + ", got " + seed);
        }
        if (optimizer == null || mode == null || precision == null || cell == null) {
            throw DinoException.naming("{" + (optimizer == null ? "optimizer" : mode == null ? "mode"
                    : precision == null ? "precision" : "cell") + "} must be given");
        }
        if (products == null) {
            products = defaultProducts(cell, layers, batchSize, precision);
        }
    }

    /**
     * Refuses a run option that watches the validation loss ({@code keepBest}, {@code patience}: named as
     * {@code setting}) when these settings hold nothing out: the one place that rule is written.
     */
    public void requireValidation(String setting) {
        if (!(valFraction > 0)) {
            throw DinoException.naming("{" + setting + "} needs a validation set: give {valFraction} above 0");
        }
    }

    /** The reference run's settings. */
    public static TrainingConfig reference() {
        return new TrainingConfig(50, 0.01, 5, Optimizer.SGD, 0, Mode.LINES, 25, 0, 1, Precision.F64, Cell.RNN, 1, 0, null);
    }

    /**
     * The products' form a model trains in unless its config says otherwise: the reference model (one tanh RNN
     * layer, one sequence per step, f64: the numpy port) keeps the reference's {@code MUL_ADD}, so that its runs
     * print the reference's numbers; every other model takes {@code FMA}, faster where a fused multiply-add is one
     * instruction, and what BLAS libraries and PyTorch compute; on a JVM without one ({@link Products#fusedInHardware()})
     * every model keeps {@code MUL_ADD}, since software fused multiply-adds are a thousand times slower.
     */
    public static Products defaultProducts(Cell cell, int layers, int batchSize, Precision precision) {
        boolean referenceModel = cell == Cell.RNN && layers == 1 && batchSize == 1 && precision == Precision.F64;
        return referenceModel || !Products.fusedInHardware() ? Products.MUL_ADD : Products.FMA;
    }

    /** A builder that starts from the reference's settings. */
    public static Builder builder() {
        return reference().toBuilder();
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes settings one at a time; {@link #build()} checks them all. */
    public static final class Builder {
        private int hidden;
        private double learningRate;
        private double clip;
        private Optimizer optimizer;
        private long seed;
        private Mode mode;
        private int seqLength;
        private double valFraction;
        private int batchSize;
        private Precision precision;
        private Cell cell;
        private int layers;
        private double dropout;
        /** Null: the model's default form ({@link #defaultProducts}), decided at {@link #build()}. */
        private Products products;

        private Builder(TrainingConfig c) {
            hidden = c.hidden();
            learningRate = c.learningRate();
            clip = c.clip();
            optimizer = c.optimizer();
            seed = c.seed();
            mode = c.mode();
            seqLength = c.seqLength();
            valFraction = c.valFraction();
            batchSize = c.batchSize();
            precision = c.precision();
            cell = c.cell();
            layers = c.layers();
            dropout = c.dropout();
            // A form that is its model's default stays unset, so that it follows the model the builder makes.
            products = c.products() == defaultProducts(c.cell(), c.layers(), c.batchSize(), c.precision()) ? null : c.products();
        }

        public Builder hidden(int v) {
            hidden = v;
            return this;
        }

        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        public Builder clip(double v) {
            clip = v;
            return this;
        }

        public Builder optimizer(Optimizer v) {
            optimizer = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder mode(Mode v) {
            mode = v;
            return this;
        }

        public Builder seqLength(int v) {
            seqLength = v;
            return this;
        }

        public Builder valFraction(double v) {
            valFraction = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder precision(Precision v) {
            precision = v;
            return this;
        }

        public Builder cell(Cell v) {
            cell = v;
            return this;
        }

        public Builder layers(int v) {
            layers = v;
            return this;
        }

        public Builder dropout(double v) {
            dropout = v;
            return this;
        }

        /** The products' form; null: the default of the model being built ({@link #defaultProducts}). */
        public Builder products(Products v) {
            products = v;
            return this;
        }

        /** The config; a setting out of range is a {@link DinoException} that names it. */
        public TrainingConfig build() {
            return new TrainingConfig(hidden, learningRate, clip, optimizer, seed, mode, seqLength, valFraction,
                    batchSize, precision, cell, layers, dropout, products);
        }
    }
}
