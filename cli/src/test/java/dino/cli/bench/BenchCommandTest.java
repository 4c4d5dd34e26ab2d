// `dino bench`: its JSON holds every expected entry, and --baseline flags regressions (no timing asserted).
package dino.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dino.bench.workload.WorkloadKernel;
import dino.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @TempDir
    Path dir;

    private JsonObject quickRun(Path json, String... extra) throws IOException {
        String[] base = {"bench", "--hidden", "9,17", "--rounds", "1", "--millis", "2", "--json", json.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        Cli run = Cli.run(args);
        assertEquals(0, run.exitCode, run.err);
        assertTrue(run.out.contains("train_step"), run.out);
        assertTrue(run.out.contains("GFLOP/s") && run.out.contains("% peak") && run.out.contains("gemm_weights"), run.out);
        return JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    }

    @Test
    void jsonHoldsEveryKernelAndSize() throws IOException {
        JsonObject root = quickRun(dir.resolve("b.json"));
        assertTrue(root.get("jdk").getAsString().contains(System.getProperty("java.runtime.version")));
        assertTrue(root.has("cpu"));
        assertTrue(root.get("vectorBits").getAsInt() >= 64);
        assertEquals("fma", root.get("products").getAsString(), "the products' form, unless --products says otherwise");
        double peak = root.get("peakGflops").getAsDouble();
        assertTrue(peak > 0, "the FMA peak measured in the run");
        Set<String> seen = new HashSet<>();
        for (JsonElement e : root.getAsJsonArray("results")) {
            JsonObject r = e.getAsJsonObject();
            seen.add(r.get("kernel").getAsString() + "/" + r.get("hidden").getAsInt());
            assertTrue(r.get("scalarNs").getAsDouble() > 0 && r.get("vectorNs").getAsDouble() > 0);
            assertEquals(r.get("scalarNs").getAsDouble() / r.get("vectorNs").getAsDouble(), r.get("speedup").getAsDouble(), 1e-9);
            assertEquals("f64", r.get("precision").getAsString());
            assertEquals(WorkloadKernel.named(r.get("kernel").getAsString()).batched() ? 32 : 1, r.get("batch").getAsInt());
            assertEquals(1, r.get("threads").getAsInt());
            assertEquals(1, r.getAsJsonArray("scalarRounds").size());
            assertEquals(r.get("vectorNs").getAsDouble(), r.getAsJsonArray("vectorRounds").get(0).getAsDouble(), 0);
            double flops = WorkloadKernel.named(r.get("kernel").getAsString()).flops(r.get("hidden").getAsInt(), 27,
                    r.get("batch").getAsInt());
            double gflops = flops / r.get("vectorNs").getAsDouble();
            assertEquals(gflops, r.get("gflops").getAsDouble(), 1e-12 * gflops);
            assertEquals(gflops / peak, r.get("peakShare").getAsDouble(), 1e-12 * gflops / peak);
        }
        for (WorkloadKernel kernel : WorkloadKernel.values()) {
            assertTrue(seen.contains(kernel.label() + "/9") && seen.contains(kernel.label() + "/17"), kernel.label() + " in " + seen);
        }
        assertEquals(2 * WorkloadKernel.values().length, seen.size());
    }

    @Test
    void baselineComparisonNamesWhatRegressed() throws IOException {
        Path json = dir.resolve("now.json");
        Cli first = Cli.run("bench", "--hidden", "9", "--rounds", "5", "--millis", "1", "--json", json.toString());
        assertEquals(0, first.exitCode, first.err);
        JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        JsonArray results = root.getAsJsonArray("results");
        // A baseline no run can reach: every round's vector time a thousand times shorter, its scalar time a thousand
        // times longer (speed-ups a million times better).
        scaleRounds(results, 1e3, 1e-3);
        Path impossible = Files.writeString(dir.resolve("impossible.json"), root.toString());
        Path summary = dir.resolve("summary.md");
        Cli regressed = Cli.run("bench", "--hidden", "9", "--rounds", "5", "--millis", "1", "--baseline", impossible.toString(),
                "--summary", summary.toString());
        assertEquals(BenchCommand.EXIT_REGRESSED, regressed.exitCode, regressed.err);
        // By default the times decide; relative to the scalar kernels, the speed-ups.
        assertTrue(regressed.err.contains("regressed: train_step n_a=9 vector throughput"), regressed.err);
        assertTrue(!regressed.err.contains("speed-up"), regressed.err);
        Cli relative = Cli.run("bench", "--hidden", "9", "--rounds", "5", "--millis", "1", "--baseline", impossible.toString(),
                "--relative", "scalar");
        assertEquals(BenchCommand.EXIT_REGRESSED, relative.exitCode, relative.err);
        assertTrue(relative.err.contains("regressed: train_step n_a=9 speed-up"), relative.err);
        assertTrue(!relative.err.contains("throughput"), relative.err);
        String md = Files.readString(summary);
        assertTrue(md.contains("| kernel | size | measure | before | after | change (95% interval) | verdict |"), md);
        assertTrue(md.contains("**REGRESSED**"), md);
        // A baseline every run beats.
        scaleRounds(results, 1e-9, 1e9);
        Path easy = Files.writeString(dir.resolve("easy.json"), root.toString());
        Cli fine = Cli.run("bench", "--hidden", "9", "--rounds", "5", "--millis", "1", "--baseline", easy.toString());
        assertEquals(0, fine.exitCode, fine.err);
        assertTrue(fine.err.contains("no regression against"), fine.err);
        Cli broken = Cli.run("bench", "--hidden", "9", "--baseline", Files.writeString(dir.resolve("x.json"), "{}").toString());
        assertEquals(2, broken.exitCode);
        assertTrue(broken.err.contains("is not a dino bench --json file nor a JMH -rf json file"), broken.err);
    }

    @Test
    void jvmRunsTheSuiteInEachJvmAndComparesThem() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path runs = dir.resolve("jvms");
        Cli run = Cli.run("bench", "--jvm", java, "--jvm", System.getProperty("java.home"), "--hidden", "9", "--rounds", "3",
                "--millis", "1", "--jvm-dir", runs.toString());
        assertEquals(0, run.exitCode, run.err);
        // One results file per JVM, each a full dino --json file that compare reads.
        for (String j : new String[] {"jvm1", "jvm2"}) {
            assertEquals(2 * WorkloadKernel.values().length, BenchFiles.read(runs.resolve(j), j).size());
        }
        assertTrue(run.out.startsWith("jvm1: " + java + "\n"), run.out);
        assertTrue(run.out.contains("== jvm2 against jvm1"), run.out);
        assertTrue(run.out.contains("train_step n_a=9 batch=1 kernels=vector     time"), run.out);
        Cli both = Cli.run("bench", "--jvm", java, "--json", dir.resolve("x.json").toString());
        assertEquals(2, both.exitCode);
        assertTrue(both.err.contains("--jvm writes its own results (under --jvm-dir): leave out --json"), both.err);
        Cli missing = Cli.run("bench", "--jvm", dir.resolve("nowhere").toString());
        assertTrue(missing.exitCode == 2 && missing.err.contains("not a java launcher nor a Java home"), missing.err);
    }

    private static void scaleRounds(JsonArray results, double scalar, double vector) {
        for (JsonElement e : results) {
            JsonObject r = e.getAsJsonObject();
            for (String key : new String[] {"scalarRounds", "vectorRounds"}) {
                JsonArray scaled = new JsonArray();
                for (JsonElement v : r.getAsJsonArray(key)) {
                    scaled.add(v.getAsDouble() * (key.startsWith("scalar") ? scalar : vector));
                }
                r.add(key, scaled);
            }
        }
    }

    @Test
    void jmhOutputRooflineAndSummary() throws IOException {
        Path jmh = dir.resolve("jmh.json");
        Path svg = dir.resolve("roofline.svg");
        Path md = dir.resolve("summary.md");
        Cli run = Cli.run("bench", "--hidden", "9,17", "--rounds", "3", "--millis", "2", "--format", "jmh", "--output", jmh.toString(),
                "--plot", svg.toString(), "--summary", md.toString());
        assertEquals(0, run.exitCode, run.err);
        assertTrue(run.out.contains("FMA peak of one core, measured in this run: "), run.out);
        assertTrue(run.err.contains("measured: memory ") && run.err.contains("GB/s (triad, one thread)"), run.err);
        JsonArray list = JsonParser.parseString(Files.readString(jmh)).getAsJsonArray();
        assertEquals(2 * 2 * WorkloadKernel.values().length, list.size());
        Set<String> seen = new HashSet<>();
        for (JsonElement e : list) {
            JsonObject b = e.getAsJsonObject();
            JsonObject params = b.getAsJsonObject("params");
            seen.add(b.get("benchmark").getAsString() + params);
            assertEquals(3, b.getAsJsonObject("primaryMetric").getAsJsonArray("rawData").get(0).getAsJsonArray().size());
            assertEquals(params.get("kernels").getAsString().equals("vector"), b.getAsJsonObject("secondaryMetrics").has("speedup"));
            assertTrue(b.getAsJsonObject("secondaryMetrics").getAsJsonObject("peak.share").get("score").getAsDouble() > 0);
        }
        assertEquals(list.size(), seen.size());
        String picture = Files.readString(svg);
        assertTrue(picture.contains("<svg") && picture.contains("FMA peak") && picture.contains("lstm_step"), picture.substring(0, 200));
        assertTrue(Files.readString(md).contains("| lstm_step | 17 |"), Files.readString(md));
        // The JMH file compares with itself: no change anywhere.
        Cli same = Cli.run("bench", "compare", jmh.toString(), jmh.toString());
        assertEquals(0, same.exitCode, same.out);
        assertTrue(same.out.lines().noneMatch(l -> l.endsWith("slower") || l.endsWith("faster") || l.endsWith("REGRESSED")), same.out);
    }

    @Test
    void newOptionsAreCheckedBeforeTiming() {
        String[][] bad = {
            {"--format", "jmh"},
            {"--format", "jmh", "--output", dir.resolve("a.json").toString(), "--rounds", "2"},
            {"--format", "xml", "--output", dir.resolve("a.json").toString()},
            {"--plot", dir.resolve("r.txt").toString()},
            {"--confidence", "0.3"},
            {"--summary", dir.resolve("no/such/dir/s.md").toString()},
            {"--baseline", dir.toString()},
        };
        String[] messages = {"--format jmh needs --output FILE", "needs --rounds 3 or more", "--format must be dino or jmh",
            "--plot needs a file ending in .png or .svg", "--confidence must be in (0.5, 1)", "--summary",
            "--baseline takes one result file, not the folder"};
        for (int i = 0; i < bad.length; i++) {
            String[] args = new String[bad[i].length + 1];
            args[0] = "bench";
            System.arraycopy(bad[i], 0, args, 1, bad[i].length);
            Cli run = Cli.run(args);
            assertEquals(2, run.exitCode, String.join(" ", args));
            assertTrue(run.err.startsWith("dino: ") && run.err.contains(messages[i]), run.err);
        }
    }
}
