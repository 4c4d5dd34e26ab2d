// The training settings a sweep can vary or fix, by name: train's flag without its dashes, the API's name, or lr.
package dino.cli.sweep;

import dino.api.DinoException;
import dino.api.Mode;
import dino.api.Products;
import dino.api.TrainingConfig;
import dino.api.TrainingConfig.Setting;
import dino.cli.shared.Flags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One row per {@link Setting} of {@link TrainingConfig}: how a sweep names it and how a value written in a space
 * ({@code hidden=128}) goes into a config's builder. The limits are not here: building the config checks them
 * ({@link TrainingConfig}'s own validation), so a sweep refuses exactly what {@code dino train} refuses.
 */
enum SweepSetting {
    HIDDEN(Setting.HIDDEN, Kind.INT),
    LEARNING_RATE(Setting.LEARNING_RATE, Kind.REAL, "lr"),
    CLIP(Setting.CLIP, Kind.REAL),
    OPTIMIZER(Setting.OPTIMIZER, Kind.WORD),
    SEED(Setting.SEED, Kind.INT),
    MODE(Setting.MODE, Kind.WORD),
    SEQ_LENGTH(Setting.SEQ_LENGTH, Kind.INT),
    VAL_FRACTION(Setting.VAL_FRACTION, Kind.REAL),
    BATCH_SIZE(Setting.BATCH_SIZE, Kind.INT),
    PRECISION(Setting.PRECISION, Kind.WORD),
    CELL(Setting.CELL, Kind.WORD),
    LAYERS(Setting.LAYERS, Kind.INT),
    DROPOUT(Setting.DROPOUT, Kind.REAL),
    PRODUCTS(Setting.PRODUCTS, Kind.WORD);

    /** What a value is: a whole number, a real number (ranges of these two can be drawn), or a word (lists only). */
    enum Kind { INT, REAL, WORD }

    final Setting setting;
    final Kind kind;
    /** The name tables and messages use: train's flag without "--" ({@code learning-rate}). */
    final String label;
    private final String alias;

    SweepSetting(Setting setting, Kind kind) {
        this(setting, kind, null);
    }

    SweepSetting(Setting setting, Kind kind, String alias) {
        this.setting = setting;
        this.kind = kind;
        this.label = Flags.of(setting).substring(2);
        this.alias = alias;
    }

    /** The setting a name means: its label, its API name or its alias, in any case; else a one-line error. */
    static SweepSetting named(String name, String where) {
        for (SweepSetting s : values()) {
            if (s.label.equalsIgnoreCase(name) || s.setting.key().equalsIgnoreCase(name) || name.equalsIgnoreCase(s.alias)) {
                return s;
            }
        }
        List<String> labels = new ArrayList<>();
        for (SweepSetting s : values()) {
            labels.add(s.label);
        }
        throw new DinoException(where + ": unknown setting '" + name + "': use one of " + String.join(", ", labels));
    }

    /** Sets {@code value} (as written) on the builder; a value that is not of this setting's kind is a one-line error. */
    void apply(TrainingConfig.Builder b, String value, String where) {
        switch (this) {
            case HIDDEN -> b.hidden(Math.toIntExact(whole(value, where)));
            case LEARNING_RATE -> b.learningRate(real(value, where));
            case CLIP -> b.clip(real(value, where));
            case OPTIMIZER -> b.optimizer(TrainingConfig.Optimizer.parse(value));
            case SEED -> b.seed(whole(value, where));
            case MODE -> b.mode(Mode.parse(value));
            case SEQ_LENGTH -> b.seqLength(Math.toIntExact(whole(value, where)));
            case VAL_FRACTION -> b.valFraction(real(value, where));
            case BATCH_SIZE -> b.batchSize(Math.toIntExact(whole(value, where)));
            case PRECISION -> b.precision(TrainingConfig.Precision.parse(value));
            case CELL -> b.cell(TrainingConfig.Cell.parse(value));
            case LAYERS -> b.layers(Math.toIntExact(whole(value, where)));
            case DROPOUT -> b.dropout(real(value, where));
            case PRODUCTS -> b.products(Products.parse(value));
            default -> throw new AssertionError(this);
        }
    }

    /** The setting's value in a config, as {@link #apply} reads it back: exact (a double as Java writes it). */
    String valueIn(TrainingConfig config) {
        return String.valueOf(setting.valueIn(config));
    }

    long whole(String value, String where) {
        try {
            long v = Long.parseLong(value.trim());
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                if (this != SEED) {
                    throw new NumberFormatException();
                }
            }
            return v;
        } catch (NumberFormatException e) {
            throw new DinoException(where + ": " + label + " takes a whole number, got '" + value + "'");
        }
    }

    double real(String value, String where) {
        try {
            double v = Double.parseDouble(value.trim());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new DinoException(where + ": " + label + " takes a number, got '" + value + "'");
        }
    }

    /** A config's error with this sweep's names for the settings ({@code hidden}, {@code learning-rate}). */
    static String message(DinoException e) {
        return e.message(key -> {
            for (SweepSetting s : values()) {
                if (s.setting.key().equals(key)) {
                    return s.label;
                }
            }
            return Flags.of(key);
        });
    }

    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}
