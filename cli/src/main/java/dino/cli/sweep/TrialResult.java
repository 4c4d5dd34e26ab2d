// What one finished trial gives: its best validation loss and where, its speed; one row of the sweep's table.
package dino.cli.sweep;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One trial's outcome. The losses are the training's own doubles ({@code Training.bestValidationLoss()}), written
 * in JSON and CSV as Java writes a double (the shortest text that reads back to the same bits), so two tables can be
 * compared bit for bit; characters per second and wall time are this run's, and differ from run to run.
 *
 * @param trial               the trial's index
 * @param varied              the values the space chose
 * @param seed                the trial's seed
 * @param status              {@code done}, or {@code diverged} (a NaN or infinite loss; no loss then)
 * @param bestIteration       the iteration of the lowest validation loss (-1 when none was measured)
 * @param bestValidationLoss  the lowest validation loss per character (natural log), NaN when none
 * @param iterations          iterations trained in all
 * @param stoppedEarly        whether patience ended the trial before its iterations
 * @param charactersPerSecond characters trained per second, over the trial's runs
 * @param wallSeconds         the trial's training time, over its runs (a resumed trial adds its parts)
 * @param kernels             the kernel set it ran on ({@code vector} or {@code scalar}): tanh and exp differ by ulps
 * @param resumedAt           the iteration its last run resumed from a checkpoint at, or -1 (in result.json only)
 */
public record TrialResult(int trial, Map<String, String> varied, long seed, String status, long bestIteration,
                          double bestValidationLoss, long iterations, boolean stoppedEarly, double charactersPerSecond,
                          double wallSeconds, String kernels, long resumedAt) implements Serializable {
    static final String DONE = "done";
    static final String DIVERGED = "diverged";

    public TrialResult {
        varied = Collections.unmodifiableMap(new LinkedHashMap<>(varied));
    }

    /** Bits per character of the best validation loss: the loss over ln 2. */
    public double bitsPerCharacter() {
        return bestValidationLoss / Math.log(2);
    }

    JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("trial", trial);
        JsonObject v = new JsonObject();
        varied.forEach(v::addProperty);
        o.add("varied", v);
        o.addProperty("seed", seed);
        o.addProperty("status", status);
        o.addProperty("bestIteration", bestIteration);
        o.add("bestValidationLoss", number(bestValidationLoss));
        o.add("bitsPerCharacter", number(bitsPerCharacter()));
        o.addProperty("iterations", iterations);
        o.addProperty("stoppedEarly", stoppedEarly);
        o.add("charactersPerSecond", number(charactersPerSecond));
        o.add("wallSeconds", number(wallSeconds));
        o.addProperty("kernels", kernels);
        o.addProperty("resumedAt", resumedAt);
        return o;
    }

    static TrialResult fromJson(JsonObject o) {
        Map<String, String> varied = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("varied").entrySet()) {
            varied.put(e.getKey(), e.getValue().getAsString());
        }
        return new TrialResult(o.get("trial").getAsInt(), varied, o.get("seed").getAsLong(), o.get("status").getAsString(),
                o.get("bestIteration").getAsLong(), real(o.get("bestValidationLoss")), o.get("iterations").getAsLong(),
                o.get("stoppedEarly").getAsBoolean(), real(o.get("charactersPerSecond")), real(o.get("wallSeconds")),
                o.get("kernels").getAsString(), o.has("resumedAt") ? o.get("resumedAt").getAsLong() : -1);
    }

    /** A double as JSON: Gson writes {@link Double#toString}, which reads back to the same bits; NaN (no loss) as null. */
    private static JsonElement number(double x) {
        return Double.isFinite(x) ? new JsonPrimitive(x) : JsonNull.INSTANCE;
    }

    private static double real(JsonElement e) {
        return e == null || e.isJsonNull() ? Double.NaN : Double.parseDouble(e.getAsString());
    }
}
