// What a sweep computes: the data, the trials and how each one trains; the manifest that marks its output folder.
package dino.cli.sweep;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Everything that decides a sweep's numbers, and nothing about how it runs (threads, trials at once, Spark): a second
 * run with the same plan into the same folder finds its finished trials, one with another plan is refused
 * ({@link SweepCommand}). Serializable, as a Spark task carries it to its executor.
 *
 * @param data        the corpus: an absolute path or URI, or null for the bundled dinosaur names
 * @param search      {@code grid} or {@code random}
 * @param space       the space, normalized ({@link SweepSpace#written()})
 * @param base        every setting the trials start from, by {@link SweepSetting} label (the seed: trial 0's)
 * @param iterations  each trial trains up to this many iterations
 * @param printEvery  the validation loss is measured, the best model kept and a checkpoint written every so many
 * @param patience    a trial stops after this many checks in a row without a lower validation loss
 * @param trials      the trials, in index order
 */
public record SweepPlan(String data, String search, String space, Map<String, String> base, long iterations,
                        long printEvery, int patience, List<Trial> trials) implements Serializable {
    /** The file in the output folder that says which sweep it holds. */
    static final String MANIFEST = "manifest.json";
    /** Written in every manifest; a folder whose manifest lacks it is not a sweep's. */
    static final String FORMAT = "dino sweep 1";

    public SweepPlan {
        base = Map.copyOf(base);
        trials = List.copyOf(trials);
    }

    /** The manifest: this plan as JSON, key by key in a fixed order, so two equal plans write the same text. */
    String manifest() {
        JsonObject m = new JsonObject();
        m.addProperty("format", FORMAT);
        m.addProperty("data", data == null ? "bundled:dinos.txt" : data);
        m.addProperty("search", search);
        m.addProperty("space", space);
        JsonObject b = new JsonObject();
        for (SweepSetting s : SweepSetting.values()) {
            b.addProperty(s.label, base.get(s.label));
        }
        m.add("base", b);
        m.addProperty("iterations", iterations);
        m.addProperty("printEvery", printEvery);
        m.addProperty("patience", patience);
        JsonArray list = new JsonArray();
        for (Trial t : trials) {
            JsonObject o = new JsonObject();
            o.addProperty("trial", t.index());
            o.addProperty("folder", t.folder());
            JsonObject varied = new JsonObject();
            t.varied().forEach(varied::addProperty);
            o.add("varied", varied);
            o.addProperty("seed", t.seed());
            list.add(o);
        }
        m.add("trials", list);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(m) + "\n";
    }
}
