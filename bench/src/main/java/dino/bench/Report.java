// Turns JMH's JSON results into a table: scalar and vector ns/op with errors, speed-up, GFLOP/s, share of peak.
package dino.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Usage: {@code java -cp bench/target/benchmarks.jar dino.bench.Report results.json [PEAK_GFLOPS]}.
 * Prints a Markdown table, one row per benchmark, hidden size and vocabulary. FLOP counts per call
 * (n = hidden, V = vocabulary, multiply and add counted apart; tanh, exp, log as one):
 * <pre>
 * cellForward    2n² + 3n                     (matrix-vector, column, bias, tanh)
 * outputForward  2Vn + 5V                     (matrix-vector, bias, max, exp, sum, divide)
 * backward       4Vn + 2V + n  +  4n² + 6n     (output backward, then cell backward)
 * clipAndUpdate  4·size                       (two compares, multiply, add per element)
 * trainStep      10·(forward + backward) + clipAndUpdate   (the names average 9 characters: 10 steps)
 * sampleName     10·(cellForward + outputForward)          (10 characters)
 * </pre>
 * The peak is a stated single-core FP64 figure (default 2 × 512-bit FMA per cycle × 3.0 GHz = 96 GFLOP/s).
 */
public final class Report {
    private Report() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: Report results.json [peak GFLOP/s]");
            System.exit(2);
        }
        double peak = args.length > 1 ? Double.parseDouble(args[1]) : 96.0;
        JsonArray results = JsonParser.parseString(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8)).getAsJsonArray();
        Map<String, double[]> rows = new TreeMap<>();
        for (JsonElement e : results) {
            JsonObject r = e.getAsJsonObject();
            String name = r.get("benchmark").getAsString();
            name = name.substring(name.lastIndexOf('.') + 1);
            JsonObject params = r.getAsJsonObject("params");
            int hidden = params.get("hidden").getAsInt();
            int vocab = params.get("vocab").getAsInt();
            boolean vector = params.get("kernels").getAsString().equals("vector");
            JsonObject metric = r.getAsJsonObject("primaryMetric");
            double score = metric.get("score").getAsDouble();
            double error = metric.get("scoreError").isJsonPrimitive() ? metric.get("scoreError").getAsDouble() : Double.NaN;
            String key = String.format(Locale.ROOT, "%-14s %5d %3d", name, hidden, vocab);
            double[] row = rows.computeIfAbsent(key, k -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, hidden, vocab});
            row[vector ? 2 : 0] = score;
            row[vector ? 3 : 1] = error;
        }
        System.out.printf(Locale.ROOT, "| kernel | n_a | vocab | scalar ns/op | vector ns/op | speed-up | vector GFLOP/s | %% of %.0f GFLOP/s |%n", peak);
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Map.Entry<String, double[]> e : rows.entrySet()) {
            String[] parts = e.getKey().trim().split("\\s+");
            double[] r = e.getValue();
            double flops = flops(parts[0], (int) r[4], (int) r[5]);
            double gflops = flops / r[2];
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f ± %.1f | %.1f ± %.1f | %.2f× | %.2f | %.1f%% |%n",
                    parts[0], (int) r[4], (int) r[5], r[0], r[1], r[2], r[3], r[0] / r[2], gflops, 100 * gflops / peak);
        }
    }

    /** FLOPs of one call, as documented above. */
    static double flops(String kernel, int n, int v) {
        double cell = 2.0 * n * n + 3.0 * n;
        double output = 2.0 * v * n + 5.0 * v;
        double backward = 4.0 * v * n + 2.0 * v + n + 4.0 * n * n + 6.0 * n;
        long stride = (n + 7) / 8 * 8;
        double size = (2.0 * v + n) * stride + stride + (v + 7) / 8 * 8;
        switch (kernel) {
            case "cellForward": return cell;
            case "outputForward": return output;
            case "backward": return backward;
            case "clipAndUpdate": return 4 * size;
            case "trainStep": return 10 * (cell + output + backward) + 4 * size;
            case "sampleName": return SampleBench.LENGTH * (cell + output);
            default: throw new IllegalArgumentException("unknown benchmark " + kernel);
        }
    }
}
