// What `dino bench` writes besides its table: the JSON results, JMH-style entries, the Markdown summary, the roofline.
package dino.cli.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dino.api.Products;
import dino.api.TrainingConfig.Precision;
import dino.bench.harness.BenchEntry;
import dino.bench.harness.BenchStats;
import dino.bench.workload.WorkloadKernel;
import dino.cli.shared.CpuFacts;
import dino.engine.io.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The reports of one `dino bench` run: its settings, and each result written in the forms the options ask for. */
final class BenchReport {
    private final int vocab;
    private final int rounds;
    private final Products products;
    private final int batchSize;
    private final int threads;

    BenchReport(int vocab, int rounds, Products products, int batchSize, int threads) {
        this.vocab = vocab;
        this.rounds = rounds;
        this.products = products;
        this.batchSize = batchSize;
        this.threads = threads;
    }

    /** Each result as two JMH-style entries, scalar and vector, under the names {@link BenchFiles} reads back. */
    List<BenchEntry> entries(List<BenchResult> results, Precision p) {
        List<BenchEntry> entries = new ArrayList<>();
        for (BenchResult r : results) {
            java.util.Map<String, String> params = BenchFiles.params(r.hidden, vocab, p.label(), r.batch, r.threads);
            double[] speedups = new double[r.scalarRounds.length];
            for (int i = 0; i < speedups.length; i++) {
                speedups[i] = r.scalarRounds[i] / r.vectorRounds[i];
            }
            entries.add(new BenchEntry(BenchEntry.DINO_BENCHMARK + r.kernel.label(), BenchFiles.with(params, "scalar"), r.scalarRounds, null));
            entries.add(new BenchEntry(BenchEntry.DINO_BENCHMARK + r.kernel.label(), BenchFiles.with(params, "vector"), r.vectorRounds, speedups));
        }
        return entries;
    }

    /** The vector kernels' matrix-product GFLOP/s ({@link WorkloadKernel#flops}) at the median time. */
    double gflops(BenchResult r) {
        return r.kernel.flops(r.hidden, vocab, r.batch) / r.vectorNs;
    }

    void writeJson(Path file, List<BenchResult> results, int bits, Precision p, double peak) {
        JsonObject root = new JsonObject();
        root.addProperty("jdk", BenchCommand.jdk());
        root.addProperty("cpu", CpuFacts.ofThisMachine().model);
        root.addProperty("vectorBits", bits);
        root.addProperty("products", products.label());
        if (!Double.isNaN(peak)) {
            root.addProperty("peakGflops", peak);
        }
        root.addProperty("vocab", vocab);
        root.addProperty("rounds", rounds);
        JsonArray list = new JsonArray();
        for (BenchResult r : results) {
            JsonObject o = new JsonObject();
            o.addProperty("kernel", r.kernel.label());
            o.addProperty("hidden", r.hidden);
            o.addProperty("precision", p.label());
            o.addProperty("batch", r.batch);
            o.addProperty("threads", r.threads);
            o.addProperty("scalarNs", r.scalarNs);
            o.addProperty("vectorNs", r.vectorNs);
            o.addProperty("speedup", r.speedup);
            o.addProperty("spread", r.spread);
            o.addProperty("gflops", gflops(r));
            if (!Double.isNaN(peak)) {
                o.addProperty("peakShare", gflops(r) / (peak * r.threads));
            }
            o.add("scalarRounds", numbers(r.scalarRounds));
            o.add("vectorRounds", numbers(r.vectorRounds));
            list.add(o);
        }
        root.add("results", list);
        byte[] bytes = (new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, "--json", out -> out.write(bytes));
    }

    static JsonArray numbers(double[] values) {
        JsonArray a = new JsonArray();
        for (double v : values) {
            a.add(v);
        }
        return a;
    }

    /** The run's own table in Markdown, for --summary without --baseline. */
    String runMarkdown(List<BenchResult> results, Precision p) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "### dino bench: %s, %s, %s, %d rounds%n%n", CpuFacts.ofThisMachine().model,
                BenchCommand.jdk(), p.label(), rounds));
        s.append("| kernel | n_a | scalar ns | vector ns | speed-up | spread |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (BenchResult r : results) {
            s.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.2fx | %.1f%% |%n", r.kernel.label(), r.hidden, r.scalarNs, r.vectorNs,
                    r.speedup, 100 * r.spread));
        }
        return s.toString();
    }

    void writePlot(Path plot, List<BenchEntry> entries, Precision p, double peak, double bandwidth) {
        RooflinePlot roofline = new RooflinePlot();
        for (BenchEntry e : entries) {
            String kernel = e.benchmark.substring(e.benchmark.lastIndexOf('.') + 1);
            int n = Integer.parseInt(e.params.get("hidden"));
            WorkloadKernel timed = WorkloadKernel.named(kernel);
            double flops = timed.flops(n, vocab, Integer.parseInt(e.params.get("batch")));
            roofline.add(kernel, n, !e.reference(), flops / timed.bytes(n, vocab, p), flops / BenchStats.median(e.ns));
        }
        roofline.write(plot, String.format(Locale.ROOT, "dino bench roofline: %s, %s, %s, batched steps B=%d on %d thread%s",
                CpuFacts.ofThisMachine().model, BenchCommand.jdk(), p.label(), batchSize, threads, threads == 1 ? "" : "s"), peak, threads, bandwidth);
    }
}
