// `dino bench`: its JSON holds every expected entry, and --baseline flags regressions (no timing asserted).
package dino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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
        return JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    }

    @Test
    void jsonHoldsEveryKernelAndSize() throws IOException {
        JsonObject root = quickRun(dir.resolve("b.json"));
        assertTrue(root.get("jdk").getAsString().contains(System.getProperty("java.runtime.version")));
        assertTrue(root.has("cpu"));
        assertTrue(root.get("vectorBits").getAsInt() >= 64);
        Set<String> seen = new HashSet<>();
        for (JsonElement e : root.getAsJsonArray("results")) {
            JsonObject r = e.getAsJsonObject();
            seen.add(r.get("kernel").getAsString() + "/" + r.get("hidden").getAsInt());
            assertTrue(r.get("scalarNs").getAsDouble() > 0 && r.get("vectorNs").getAsDouble() > 0);
            assertEquals(r.get("scalarNs").getAsDouble() / r.get("vectorNs").getAsDouble(), r.get("speedup").getAsDouble(), 1e-9);
            assertEquals("f64", r.get("precision").getAsString());
            assertEquals(dino.engine.perf.Workload.batched(r.get("kernel").getAsString()) ? 32 : 1, r.get("batch").getAsInt());
            assertEquals(1, r.get("threads").getAsInt());
        }
        for (String kernel : dino.engine.perf.Workload.KERNELS) {
            assertTrue(seen.contains(kernel + "/9") && seen.contains(kernel + "/17"), kernel + " in " + seen);
        }
        assertEquals(2 * dino.engine.perf.Workload.KERNELS.length, seen.size());
    }

    @Test
    void baselineComparisonNamesWhatRegressed() throws IOException {
        Path json = dir.resolve("now.json");
        JsonObject root = quickRun(json);
        JsonArray results = root.getAsJsonArray("results");
        // A baseline no run can reach: every speed-up and throughput a million times better.
        for (JsonElement e : results) {
            JsonObject r = e.getAsJsonObject();
            r.addProperty("speedup", r.get("speedup").getAsDouble() * 1e6);
            r.addProperty("vectorNs", r.get("vectorNs").getAsDouble() / 1e6);
        }
        Path impossible = Files.writeString(dir.resolve("impossible.json"), root.toString());
        Cli regressed = Cli.run("bench", "--hidden", "9", "--rounds", "1", "--millis", "2", "--baseline", impossible.toString());
        assertEquals(BenchCommand.EXIT_REGRESSED, regressed.exitCode, regressed.err);
        assertTrue(regressed.err.contains("regressed: train_step n_a=9 speed-up"), regressed.err);
        assertTrue(regressed.err.contains("vector throughput"), regressed.err);
        // A baseline every run beats.
        for (JsonElement e : results) {
            JsonObject r = e.getAsJsonObject();
            r.addProperty("speedup", 1e-12);
            r.addProperty("vectorNs", 1e15);
        }
        Path easy = Files.writeString(dir.resolve("easy.json"), root.toString());
        Cli fine = Cli.run("bench", "--hidden", "9", "--rounds", "1", "--millis", "2", "--baseline", easy.toString());
        assertEquals(0, fine.exitCode, fine.err);
        Cli broken = Cli.run("bench", "--hidden", "9", "--baseline", Files.writeString(dir.resolve("x.json"), "{}").toString());
        assertEquals(2, broken.exitCode);
        assertTrue(broken.err.contains("not a dino bench --json file"), broken.err);
    }
}
