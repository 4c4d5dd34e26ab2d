// One trial of a sweep: its index, the values the space chose, and every setting of its config, as plain strings.
package dino.cli.sweep;

import dino.api.TrainingConfig;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trial travels as strings (to a thread, or to a Spark executor, which rebuilds the config with {@link #config()}):
 * {@code settings} holds every setting exactly (a double as Java writes it), the products' form included, so a
 * machine whose JVM would choose another default form still trains the same numbers.
 *
 * @param index    0, 1, ...: the order of the space; the folder is {@code trials/trial-007}
 * @param varied   the values the space chose, by {@link SweepSetting} label, in the space's order
 * @param settings every setting of the trial's config, by label
 */
public record Trial(int index, Map<String, String> varied, Map<String, String> settings) implements Serializable {
    public Trial {
        varied = Collections.unmodifiableMap(new LinkedHashMap<>(varied));
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    static Trial of(int index, Map<String, String> varied, TrainingConfig config) {
        Map<String, String> all = new LinkedHashMap<>();
        for (SweepSetting s : SweepSetting.values()) {
            all.put(s.label, s.valueIn(config));
        }
        return new Trial(index, varied, all);
    }

    /** The trial's config, rebuilt from its settings. */
    TrainingConfig config() {
        TrainingConfig.Builder b = TrainingConfig.builder();
        for (SweepSetting s : SweepSetting.values()) {
            s.apply(b, settings.get(s.label), "trial " + index);
        }
        return b.build();
    }

    long seed() {
        return Long.parseLong(settings.get(SweepSetting.SEED.label));
    }

    /** The folder of its files, under the sweep's output folder. */
    String folder() {
        return String.format("trials/trial-%03d", index);
    }

    /** {@code cell=lstm hidden=128}: the varied values as a space writes them. */
    static String words(Map<String, String> values) {
        List<String> words = new ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            words.add(e.getKey() + "=" + e.getValue());
        }
        return String.join(" ", words);
    }
}
