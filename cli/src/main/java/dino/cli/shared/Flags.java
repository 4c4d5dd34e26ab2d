// The one table from the API's setting names to the command line's flags: error messages and the resume check use it.
package dino.cli.shared;

import dino.api.DinoException;
import dino.api.TrainingConfig.Setting;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.ParseResult;

/** The flag of every setting the API names in its errors. */
public final class Flags {
    private static final Map<Setting, String> SETTINGS = new EnumMap<>(Setting.class);
    /** API names that are not training settings: how a run is driven, what is read, how samples are drawn. */
    private static final Map<String, String> OTHERS = Map.ofEntries(Map.entry("threads", "--threads"),
            Map.entry("maxLineLength", "--max-line-length"), Map.entry("corpus", "--data"), Map.entry("prefix", "--prefix"),
            Map.entry("count", "--count"), Map.entry("length", "--length"), Map.entry("temperature", "--temperature"),
            Map.entry("topK", "--top-k"), Map.entry("kernels", "--kernels"), Map.entry("save", "--save"),
            Map.entry("reportEvery", "--print-every"), Map.entry("keepBest", "--keep-best"),
            Map.entry("patience", "--patience"));

    static {
        SETTINGS.put(Setting.HIDDEN, "--hidden");
        SETTINGS.put(Setting.LEARNING_RATE, "--learning-rate");
        SETTINGS.put(Setting.CLIP, "--clip");
        SETTINGS.put(Setting.OPTIMIZER, "--optimizer");
        SETTINGS.put(Setting.SEED, "--seed");
        SETTINGS.put(Setting.MODE, "--mode");
        SETTINGS.put(Setting.SEQ_LENGTH, "--seq-length");
        SETTINGS.put(Setting.VAL_FRACTION, "--val-fraction");
        SETTINGS.put(Setting.BATCH_SIZE, "--batch-size");
        SETTINGS.put(Setting.PRECISION, "--precision");
        SETTINGS.put(Setting.CELL, "--cell");
        SETTINGS.put(Setting.LAYERS, "--layers");
        SETTINGS.put(Setting.DROPOUT, "--dropout");
        SETTINGS.put(Setting.PRODUCTS, "--products");
    }

    private Flags() {
    }

    /** The flag that gives a setting. */
    public static String of(Setting setting) {
        return SETTINGS.get(setting);
    }

    /** The flag for an API name (a setting's key or another name the API uses), or the name itself. */
    public static String of(String key) {
        for (Map.Entry<Setting, String> e : SETTINGS.entrySet()) {
            if (e.getKey().key().equals(key)) {
                return e.getValue();
            }
        }
        return OTHERS.getOrDefault(key, key);
    }

    /** The settings whose flags the command line holds. */
    public static Set<Setting> given(ParseResult parsed) {
        Set<Setting> given = EnumSet.noneOf(Setting.class);
        for (Setting s : Setting.values()) {
            if (parsed.hasMatchedOption(of(s))) {
                given.add(s);
            }
        }
        return given;
    }

    /** The error's message with the command line's flags in place of the API's names. */
    public static String message(DinoException e) {
        return e.message(Flags::of);
    }
}
