// Turns JMH's JSON results into Markdown tables: times with errors, speed-up, GFLOP/s, share of the measured peak.
package dino.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dino.bench.harness.FmaChains;
import dino.bench.workload.WorkloadKernel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Usage: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dino.bench.Report
 * results.json}. Prints the FMA peak of one core that {@link FmaPeakBench} measured in the same run, then
 * a table of the per-kernel benchmarks ({@link KernelBench}) and one of the batched step
 * ({@link BatchStepBench}): scalar and vector time per call with JMH's error, the speed-up, the vector
 * kernels' GFLOP/s from {@link WorkloadKernel#flops} (matrix-product FLOPs only) and their share of the peak
 * of their precision (times the thread count for the batched step), and one of the products
 * ({@link ProductBench}) by shape. Without the probe in the file the share is left out; a kernel set that was
 * not run shows a dash.
 */
public final class Report {
    private Report() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Report results.json");
            System.exit(2);
        }
        JsonArray results = JsonParser.parseString(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8)).getAsJsonArray();
        Map<String, Double> peaks = new HashMap<>();
        Map<String, double[]> kernels = new TreeMap<>();
        Map<String, double[]> batches = new TreeMap<>();
        Map<String, double[]> products = new TreeMap<>();
        for (JsonElement e : results) {
            JsonObject r = e.getAsJsonObject();
            String name = r.get("benchmark").getAsString();
            name = name.substring(name.lastIndexOf('.') + 1);
            JsonObject params = r.has("params") ? r.getAsJsonObject("params") : new JsonObject();
            JsonObject metric = r.getAsJsonObject("primaryMetric");
            double score = metric.get("score").getAsDouble();
            double error = metric.get("scoreError").isJsonPrimitive() ? metric.get("scoreError").getAsDouble() : Double.NaN;
            if (name.equals("fma_peak")) {
                String precision = params.get("precision").getAsString();
                int lanes = FmaChains.lanes(precision.equals("f64"));
                peaks.put(precision, 2.0 * lanes / score);
                continue;
            }
            if (params.has("shape")) {
                String[] mnk = params.get("shape").getAsString().split("x");
                String key = String.format(Locale.ROOT, "%-11s %s %s", name, params.get("precision").getAsString(), params.get("shape").getAsString());
                products.put(key, new double[] {score, error,
                    2.0 * Double.parseDouble(mnk[0]) * Double.parseDouble(mnk[1]) * Double.parseDouble(mnk[2])});
                continue;
            }
            boolean vector = params.get("kernels").getAsString().equals("vector");
            int hidden = params.get("hidden").getAsInt();
            if (WorkloadKernel.named(name).batched()) {
                int batch = params.get("batch").getAsInt();
                int threads = params.has("threads") ? params.get("threads").getAsInt() : 1;
                String precision = params.get("precision").getAsString();
                String key = String.format(Locale.ROOT, "%-10s %s %5d %5d %3d", name, precision, hidden, batch, threads);
                double[] row = batches.computeIfAbsent(key,
                        k -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, hidden, batch, threads});
                row[vector ? 2 : 0] = score;
                row[vector ? 3 : 1] = error;
                continue;
            }
            int vocab = params.get("vocab").getAsInt();
            String key = String.format(Locale.ROOT, "%-14s %5d %3d", name, hidden, vocab);
            double[] row = kernels.computeIfAbsent(key, k -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, hidden, vocab});
            row[vector ? 2 : 0] = score;
            row[vector ? 3 : 1] = error;
        }
        for (Map.Entry<String, Double> p : new TreeMap<>(peaks).entrySet()) {
            System.out.printf(Locale.ROOT, "FMA peak, one core, %s: %.1f GFLOP/s (measured by fma_peak)%n", p.getKey(), p.getValue());
        }
        if (!kernels.isEmpty()) {
            Double peak = peaks.get("f64");
            System.out.println();
            System.out.println("| kernel | n_a | vocab | scalar ns/op | vector ns/op | speed-up | vector GFLOP/s | % of f64 peak |");
            System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            for (Map.Entry<String, double[]> e : kernels.entrySet()) {
                String kernel = e.getKey().trim().split("\\s+")[0];
                double[] r = e.getValue();
                double gflops = WorkloadKernel.named(kernel).flops((int) r[4], (int) r[5], 1) / r[2];
                System.out.printf(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %.2f | %s |%n",
                        kernel, (int) r[4], (int) r[5], time(r[0], r[1]), time(r[2], r[3]), ratio(r[0], r[2]), gflops,
                        share(gflops, peak));
            }
        }
        if (!batches.isEmpty()) {
            System.out.println();
            System.out.println("| step | precision | n_a | B | threads | scalar µs/step | vector µs/step | speed-up | vector GFLOP/s | % of peak (threads × one core's) |");
            System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            for (Map.Entry<String, double[]> e : batches.entrySet()) {
                String[] key = e.getKey().trim().split("\\s+");
                String step = key[0];
                String precision = key[1];
                double[] r = e.getValue();
                double gflops = WorkloadKernel.named(step).flops((int) r[4], 65, (int) r[5]) / (r[2] * 1000);
                Double peak = peaks.get(precision);
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %d | %s | %s | %s | %.2f | %s |%n",
                        step, precision, (int) r[4], (int) r[5], (int) r[6], time(r[0], r[1]), time(r[2], r[3]), ratio(r[0], r[2]),
                        gflops, share(gflops, peak == null ? null : peak * r[6]));
            }
        }
        if (!products.isEmpty()) {
            System.out.println();
            System.out.println("| product | precision | m×n×k | µs | GFLOP/s | % of one core's peak |");
            System.out.println("| --- | --- | --- | ---: | ---: | ---: |");
            for (Map.Entry<String, double[]> e : products.entrySet()) {
                String[] key = e.getKey().trim().split("\\s+");
                double[] r = e.getValue();
                double gflops = r[2] / (r[0] * 1000);
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %.1f | %s |%n", key[0], key[1], key[2].replace('x', '×'),
                        time(r[0], r[1]), gflops, share(gflops, peaks.get(key[1])));
            }
        }
    }

    /** A time with its error, or a dash where that kernel set was not run. */
    private static String time(double score, double error) {
        return Double.isNaN(score) ? "—" : String.format(Locale.ROOT, "%.1f ± %.1f", score, error);
    }

    private static String ratio(double scalar, double vector) {
        return Double.isNaN(scalar) || Double.isNaN(vector) ? "—" : String.format(Locale.ROOT, "%.2f×", scalar / vector);
    }

    private static String share(double gflops, Double peak) {
        return peak == null ? "—" : String.format(Locale.ROOT, "%.1f%%", 100 * gflops / peak);
    }
}
