// What a model file holds, as ordered key/value facts: `dino info --model` prints them, `dino serve` sends them as JSON.
package dino.cli.shared;

import dino.api.TrainingConfig;
import dino.lib.Model;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The facts of a model file, in the order {@code dino info} prints them. */
public final class ModelFacts {
    private ModelFacts() {
    }

    /** One entry per fact: the key as {@code info} prints it, and its value. */
    public static Map<String, String> of(Model m, Path file) {
        TrainingConfig c = m.config();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("model", file.toString());
        facts.put("layout", m.referenceLayout() ? "the reference's tanh RNN (Wax, Waa, Wya, ba, by)"
                : "PyTorch state dict (rnn.weight_ih_l0 ..., decoder.weight, decoder.bias)");
        facts.put("cell", c.cell().label());
        facts.put("layers", String.valueOf(c.layers()));
        facts.put("hidden", String.valueOf(c.hidden()));
        facts.put("vocabulary", String.valueOf(m.vocabulary().codePointCount(0, m.vocabulary().length())));
        facts.put("precision", c.precision().label());
        facts.put("parameters", String.valueOf(m.parameterCount()));
        facts.put("mode", c.mode().label());
        facts.put("optimizer", c.optimizer().label());
        facts.put("learning rate", String.valueOf(c.learningRate()));
        facts.put("clip", String.valueOf(c.clip()));
        facts.put("seed", String.valueOf(c.seed()));
        facts.put("batch size", String.valueOf(c.batchSize()));
        facts.put("seq length", String.valueOf(c.seqLength()));
        facts.put("validation fraction", String.valueOf(c.valFraction()));
        facts.put("dropout", String.valueOf(c.dropout()));
        facts.put("products", c.products().label());
        facts.put("data", m.dataSource().isEmpty() ? "unknown" : m.dataSource());
        if (!m.dataFingerprint().isEmpty()) {
            facts.put("data sha256", m.dataFingerprint());
        }
        if (!m.resumable()) {
            facts.put("training state", "none (sample and eval work; --resume does not)");
        } else {
            facts.put("iterations", String.valueOf(m.iterations()));
            facts.put("smoothed loss", String.format(Locale.ROOT, "%.6f", m.smoothLoss()));
        }
        if (m.bestIteration() >= 0) {
            facts.put("best iteration", String.valueOf(m.bestIteration()));
            facts.put("best validation loss", String.format(Locale.ROOT, "%.6f", m.bestValidationLoss()));
        }
        return facts;
    }
}
