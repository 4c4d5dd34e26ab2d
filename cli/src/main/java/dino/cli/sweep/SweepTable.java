// The sweep's answer: every trial, lowest best validation loss first, as Markdown, CSV and JSON (read back too).
package dino.cli.sweep;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The results sorted by best validation loss (a trial with none, NaN, last; ties by trial index). The Markdown is for
 * people (losses to 4 decimals); CSV and JSON are for programs and hold every double exactly as Java writes it, so a
 * table read back ({@link #parseCsv}, {@link #parseJson}) equals the one written, bit for bit.
 */
final class SweepTable {
    static final String CSV = "results.csv";
    static final String JSON = "results.json";
    static final String MARKDOWN = "results.md";
    private static final String[] FIXED = {"seed", "status", "best_iteration", "val_loss", "bits_per_char", "iterations",
        "stopped_early", "chars_per_s", "wall_s", "kernels"};

    private final List<TrialResult> rows;

    SweepTable(List<TrialResult> results) {
        rows = new ArrayList<>(results);
        rows.sort(ORDER);
    }

    /** Lowest best validation loss first; NaN last; then by trial. */
    static final Comparator<TrialResult> ORDER = Comparator
            .comparing((TrialResult r) -> Double.isNaN(r.bestValidationLoss()))
            .thenComparingDouble(r -> Double.isNaN(r.bestValidationLoss()) ? 0 : r.bestValidationLoss())
            .thenComparingInt(TrialResult::trial);

    List<TrialResult> rows() {
        return rows;
    }

    /** The varied settings' names, in the order the trials give them. */
    private Set<String> settings() {
        Set<String> names = new LinkedHashSet<>();
        for (TrialResult r : rows) {
            names.addAll(r.varied().keySet());
        }
        return names;
    }

    String markdown() {
        Set<String> settings = settings();
        StringBuilder s = new StringBuilder("| rank | trial |");
        StringBuilder rule = new StringBuilder("| ---: | ---: |");
        for (String name : settings) {
            s.append(' ').append(name).append(" |");
            rule.append(" --- |");
        }
        s.append(" seed | best iteration | val loss | bits/char | chars/s | wall s |\n");
        rule.append(" ---: | ---: | ---: | ---: | ---: | ---: |\n");
        s.append(rule);
        int rank = 1;
        for (TrialResult r : rows) {
            s.append("| ").append(rank++).append(" | ").append(r.trial()).append(" |");
            for (String name : settings) {
                s.append(' ').append(r.varied().getOrDefault(name, "")).append(" |");
            }
            s.append(' ').append(r.seed()).append(" | ")
                    .append(r.bestIteration() < 0 ? "-" : Long.toString(r.bestIteration()))
                    .append(r.stoppedEarly() ? " (stopped " + r.iterations() + ")" : "").append(" | ")
                    .append(Double.isNaN(r.bestValidationLoss()) ? "-" : fixed(r.bestValidationLoss(), 4))
                    .append(TrialResult.DIVERGED.equals(r.status()) ? " (diverged)" : "").append(" | ")
                    .append(Double.isNaN(r.bestValidationLoss()) ? "-" : fixed(r.bitsPerCharacter(), 4)).append(" | ")
                    .append(fixed(r.charactersPerSecond(), 0)).append(" | ").append(fixed(r.wallSeconds(), 1)).append(" |\n");
        }
        return s.toString();
    }

    String csv() {
        Set<String> settings = settings();
        List<String> header = new ArrayList<>(List.of("rank", "trial"));
        header.addAll(settings);
        header.addAll(List.of(FIXED));
        StringBuilder s = new StringBuilder(String.join(",", header)).append('\n');
        int rank = 1;
        for (TrialResult r : rows) {
            List<String> cells = new ArrayList<>(List.of(Integer.toString(rank++), Integer.toString(r.trial())));
            for (String name : settings) {
                cells.add(r.varied().getOrDefault(name, ""));
            }
            cells.addAll(List.of(Long.toString(r.seed()), r.status(), Long.toString(r.bestIteration()),
                    Double.toString(r.bestValidationLoss()), Double.toString(r.bitsPerCharacter()),
                    Long.toString(r.iterations()), Boolean.toString(r.stoppedEarly()),
                    Double.toString(r.charactersPerSecond()), Double.toString(r.wallSeconds()), r.kernels()));
            s.append(String.join(",", cells)).append('\n');
        }
        return s.toString();
    }

    String json() {
        JsonArray list = new JsonArray();
        int rank = 1;
        for (TrialResult r : rows) {
            JsonObject o = r.toJson();
            o.addProperty("rank", rank++);
            list.add(o);
        }
        JsonObject doc = new JsonObject();
        doc.add("results", list);
        return new String(TrialRunner.json(doc), StandardCharsets.UTF_8);
    }

    /** A table from its CSV: the columns between {@code trial} and {@code seed} are the varied settings. */
    static SweepTable parseCsv(String csv) {
        String[] lines = csv.split("\n");
        String[] header = lines[0].split(",", -1);
        int seed = List.of(header).indexOf("seed");
        List<TrialResult> results = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] c = lines[i].split(",", -1);
            Map<String, String> varied = new LinkedHashMap<>();
            for (int k = 2; k < seed; k++) {
                if (!c[k].isEmpty()) {
                    varied.put(header[k], c[k]);
                }
            }
            results.add(new TrialResult(Integer.parseInt(c[1]), varied, Long.parseLong(c[seed]), c[seed + 1],
                    Long.parseLong(c[seed + 2]), Double.parseDouble(c[seed + 3]), Long.parseLong(c[seed + 5]),
                    Boolean.parseBoolean(c[seed + 6]), Double.parseDouble(c[seed + 7]), Double.parseDouble(c[seed + 8]),
                    c[seed + 9], -1));
        }
        return new SweepTable(results);
    }

    static SweepTable parseJson(String json) {
        List<TrialResult> results = new ArrayList<>();
        for (JsonElement e : JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("results")) {
            results.add(TrialResult.fromJson(e.getAsJsonObject()));
        }
        return new SweepTable(results);
    }

    private static String fixed(double x, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", x);
    }
}
