// `--format jmh`: key for key the shape of a file JMH wrote, JMH's statistics, and what three consumers read.
package dino.cli.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dino.bench.harness.BenchEntry;
import dino.bench.harness.BenchJmhFormat;
import dino.bench.harness.BenchStats;
import dino.bench.workload.WorkloadKernel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture {@code jmh/kernelbench-cell_forward.json} is a real JMH 1.37 file from the bench module, made by
 * (see src/test/resources/jmh/README.md)
 * {@code java -jar bench/target/benchmarks.jar 'KernelBench.cell_forward' -p hidden=50 -p vocab=27 -p kernels=vector
 * -f 1 -wi 1 -i 3 -w 200ms -r 200ms -prof gc -rf json -rff kernelbench-cell_forward.json}; its secondary metrics
 * come from JMH's gc profiler.
 */
class JmhFormatTest {
    @TempDir
    Path dir;

    private static JsonObject fixture() throws IOException {
        try (InputStream in = JmhFormatTest.class.getResourceAsStream("/jmh/kernelbench-cell_forward.json")) {
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonArray().get(0).getAsJsonObject();
        }
    }

    private static BenchEntry vectorEntry() {
        Map<String, String> params = BenchFiles.with(BenchFiles.params(50, 27, "f64", 1, 1), "vector");
        return new BenchEntry(BenchEntry.DINO_BENCHMARK + "train_step", params, new double[] {5035.8, 5038.0, 5077.1, 5230.8, 4887.3},
                new double[] {3.15, 2.92, 2.89, 2.92, 3.24});
    }

    @Test
    void entryHasTheFixturesKeysInOrderAndTypes() throws IOException {
        JsonObject jmh = fixture();
        JsonObject dino = BenchJmhFormat.entry(vectorEntry(), 100, 200, 1500);
        sameShape(jmh, dino, "", Set.of("params", "secondaryMetrics"));
        // Every secondary metric is shaped as JMH's (the gc profiler's metrics in the fixture).
        JsonObject jmhMetric = jmh.getAsJsonObject("secondaryMetrics").getAsJsonObject("gc.alloc.rate");
        for (Map.Entry<String, JsonElement> m : dino.getAsJsonObject("secondaryMetrics").entrySet()) {
            sameShape(jmhMetric, m.getValue().getAsJsonObject(), m.getKey() + ".", Set.of());
        }
        assertEquals(Set.of("speedup", "gflops", "peak.share"), dino.getAsJsonObject("secondaryMetrics").keySet());
        // Params are strings, as JMH writes them.
        for (Map.Entry<String, JsonElement> p : dino.getAsJsonObject("params").entrySet()) {
            assertTrue(p.getValue().getAsJsonPrimitive().isString(), p.getKey());
        }
        assertEquals("avgt", dino.get("mode").getAsString());
        assertEquals("ns/op", dino.getAsJsonObject("primaryMetric").get("scoreUnit").getAsString());
    }

    @Test
    void threadsAreTheEntrysAndJmhVersionIsAVersion() throws IOException {
        // A batched step on two threads: JMH's "threads" is the threads of one call, the same as params.threads.
        Map<String, String> params = BenchFiles.with(BenchFiles.params(50, 27, "f32", 8, 2), "vector");
        BenchEntry twoThreads = new BenchEntry(BenchEntry.DINO_BENCHMARK + "lstm_step", params, new double[] {10, 11, 12}, null);
        JsonObject o = BenchJmhFormat.entry(twoThreads, 100, 200, 1500);
        assertEquals("2", o.getAsJsonObject("params").get("threads").getAsString());
        assertEquals(2, o.get("threads").getAsInt());
        assertEquals(1, BenchJmhFormat.entry(vectorEntry(), 100, 200, 1500).get("threads").getAsInt());
        // jmhVersion as JMH writes it (the fixture's "1.37"): digits and dots, which tools parse as a version.
        assertEquals(fixture().get("jmhVersion").getAsString(), o.get("jmhVersion").getAsString());
        assertTrue(o.get("jmhVersion").getAsString().matches("\\d+(\\.\\d+)+"), o.get("jmhVersion").toString());
    }

    /** Same keys in the same order, and each value of the same JSON type, recursively (maps in skip: keys free). */
    private static void sameShape(JsonObject expected, JsonObject actual, String path, Set<String> skip) {
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(actual.keySet()), "keys of " + (path.isEmpty() ? "an entry" : path));
        for (String key : expected.keySet()) {
            JsonElement e = expected.get(key);
            JsonElement a = actual.get(key);
            assertEquals(kind(e), kind(a), path + key);
            if (e.isJsonObject() && !skip.contains(key)) {
                sameShape(e.getAsJsonObject(), a.getAsJsonObject(), path + key + ".", skip);
            }
            if (e.isJsonArray() && e.getAsJsonArray().size() > 0 && a.getAsJsonArray().size() > 0) {
                assertEquals(kind(e.getAsJsonArray().get(0)), kind(a.getAsJsonArray().get(0)), path + key + "[0]");
            }
        }
    }

    private static String kind(JsonElement e) {
        if (e.isJsonObject()) {
            return "object";
        }
        if (e.isJsonArray()) {
            return "array";
        }
        if (e.isJsonNull()) {
            return "null";
        }
        return e.getAsJsonPrimitive().isNumber() ? "number" : e.getAsJsonPrimitive().isString() ? "string" : "boolean";
    }

    @Test
    void statisticsAreJmhsOwn() throws IOException {
        JsonObject primary = fixture().getAsJsonObject("primaryMetric");
        double[] raw = numbers(primary.getAsJsonArray("rawData").get(0).getAsJsonArray());
        JsonObject ours = BenchJmhFormat.metric(raw, "ns/op");
        for (String key : List.of("score", "scoreError")) {
            assertEquals(primary.get(key).getAsDouble(), ours.get(key).getAsDouble(), 1e-9 * primary.get(key).getAsDouble(), key);
        }
        assertArrayEquals(numbers(primary.getAsJsonArray("scoreConfidence")), numbers(ours.getAsJsonArray("scoreConfidence")), 1e-9);
        JsonObject percentiles = primary.getAsJsonObject("scorePercentiles");
        for (String p : percentiles.keySet()) {
            assertEquals(percentiles.get(p).getAsDouble(), ours.getAsJsonObject("scorePercentiles").get(p).getAsDouble(), 1e-9, p);
        }
        assertEquals(primary.get("rawData"), ours.get("rawData"));
        // Percentiles of more values interpolate as Commons Math's legacy estimator: position p (n + 1) / 100.
        assertEquals(2.5, BenchStats.percentile(new double[] {4, 1, 3, 2}, 50), 1e-12);
        assertEquals(4.0, BenchStats.percentile(new double[] {4, 1, 3, 2}, 90), 1e-12);
        assertEquals(1.5, BenchStats.percentile(new double[] {4, 1, 3, 2}, 30), 1e-12);
    }

    private static double[] numbers(JsonArray a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsDouble();
        }
        return v;
    }

    @Test
    void writtenFileReadsBackAndMeetsTheConsumersRules() throws IOException {
        BenchEntry vector = vectorEntry();
        BenchEntry scalar = new BenchEntry(vector.benchmark, BenchFiles.with(BenchFiles.params(50, 27, "f64", 1, 1), "scalar"),
                new double[] {15000, 15100, 14900, 15050, 15200}, null);
        Path file = dir.resolve("jmh.json");
        Files.writeString(file, BenchJmhFormat.json(List.of(scalar, vector), 100, 200, 1500));
        JsonArray list = JsonParser.parseString(Files.readString(file)).getAsJsonArray();
        assertEquals(2, list.size());
        Set<String> actionNames = new HashSet<>();
        for (JsonElement e : list) {
            JsonObject b = e.getAsJsonObject();
            // github-action-benchmark (tool: jmh): name = benchmark + " ( " + JSON of params + " )", value = score,
            // unit = scoreUnit, extra from measurementIterations, forks, threads. Names must be unique.
            assertTrue(actionNames.add(b.get("benchmark").getAsString() + " ( " + b.get("params") + " )"));
            JsonObject primary = b.getAsJsonObject("primaryMetric");
            assertTrue(primary.get("score").getAsJsonPrimitive().isNumber());
            assertTrue(b.get("measurementIterations").getAsInt() == 5 && b.get("forks").getAsInt() == 1 && b.get("threads").getAsInt() == 1);
            // Bencher (java_jmh, JSON): score and scoreError parse as floats; a latency unit is "<time unit>/op".
            assertTrue(primary.get("scoreError").getAsJsonPrimitive().isNumber());
            assertTrue(Double.isFinite(primary.get("scoreError").getAsDouble()));
            String[] unit = primary.get("scoreUnit").getAsString().split("/op", -1);
            assertTrue(unit.length == 2 && unit[1].isEmpty() && Set.of("ns", "us", "ms", "s").contains(unit[0]));
            // JMH Visualizer: class and method from the benchmark name; every metric has score, scoreError,
            // scoreConfidence, scoreUnit and rawData (a list of forks).
            assertTrue(b.get("benchmark").getAsString().matches("[\\w.]+\\.\\w+\\.\\w+"));
            List<JsonObject> metrics = new ArrayList<>(List.of(primary));
            b.getAsJsonObject("secondaryMetrics").entrySet().forEach(m -> metrics.add(m.getValue().getAsJsonObject()));
            for (JsonObject m : metrics) {
                for (String key : List.of("score", "scoreError", "scoreConfidence", "scoreUnit", "rawData")) {
                    assertTrue(m.has(key), key);
                }
                assertEquals(5, m.getAsJsonArray("rawData").get(0).getAsJsonArray().size());
            }
        }
        // GFLOP/s and share of peak per round: FLOPs / ns, and that over the peak.
        JsonObject gflops = list.get(1).getAsJsonObject().getAsJsonObject("secondaryMetrics").getAsJsonObject("gflops");
        double flops = WorkloadKernel.TRAIN_STEP.flops(50, 27, 1);
        assertEquals(flops / 5035.8, gflops.getAsJsonArray("rawData").get(0).getAsJsonArray().get(0).getAsDouble(), 1e-12);
        JsonObject share = list.get(1).getAsJsonObject().getAsJsonObject("secondaryMetrics").getAsJsonObject("peak.share");
        assertEquals(100 * flops / 5035.8 / 100, share.getAsJsonArray("rawData").get(0).getAsJsonArray().get(0).getAsDouble(), 1e-12);
        // What compare reads back is what was written.
        List<BenchEntry> back = BenchFiles.read(file, "NEW");
        assertEquals(2, back.size());
        assertEquals(vector.key(), back.get(1).key());
        assertArrayEquals(vector.ns, back.get(1).ns, 0);
        assertArrayEquals(vector.speedups, back.get(1).speedups, 0);
        assertEquals(null, back.get(0).speedups);
    }

    @Test
    void jmhsOwnFileIsReadWithItsParamsAndRounds() {
        Path fixture = Path.of("src/test/resources/jmh/kernelbench-cell_forward.json");
        List<BenchEntry> entries = BenchFiles.read(fixture, "OLD");
        assertEquals(1, entries.size());
        assertEquals("dino.bench.KernelBench.cell_forward", entries.get(0).benchmark);
        assertEquals(Map.of("hidden", "50", "kernels", "vector", "vocab", "27"), entries.get(0).params);
        assertEquals(3, entries.get(0).ns.length);
        assertEquals(null, entries.get(0).speedups);
    }
}
