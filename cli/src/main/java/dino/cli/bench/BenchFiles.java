// Reads the files `dino bench compare` and `--baseline` take: a `dino bench --json` file or a JMH `-rf json` file.
package dino.cli.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dino.api.DinoException;
import dino.bench.harness.BenchEntry;
import dino.bench.harness.BenchJmhFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Both formats become {@link BenchEntry} lists under the same names: a dino JSON result becomes two entries
 * ({@code dino.bench.DinoBench.KERNEL} with {@code kernels=scalar} and {@code kernels=vector}), exactly as
 * {@code --format jmh} writes it, so a dino JSON file and a dino JMH file of the same run compare equal. Any
 * other JMH file's entries keep their own names; their times are in any JMH time unit (ns/op … s/op, or a
 * throughput ops/ns … ops/s, turned into time per op). Anything else is one line naming the file and what is
 * wrong with it. A folder of such files is several runs of one build (one JVM each), and so is a JMH file with
 * several forks: an entry's samples are then the runs' medians, whose spread holds what differs from one JVM to
 * the next (how the JIT compiled each kernel), which the rounds of one run cannot show.
 */
final class BenchFiles {
    private BenchFiles() {
    }

    /**
     * Reads FILE (named {@code what} in errors, e.g. {@code --baseline}), or every {@code .json} file in a folder:
     * then each file is one run (one JVM) and an entry's samples are the runs' medians ({@link BenchEntry#pooled}).
     */
    static List<BenchEntry> read(Path file, String what) {
        if (!Files.isDirectory(file)) {
            return readFile(file, what);
        }
        List<Path> files;
        try (java.util.stream.Stream<Path> list = Files.list(file)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f)).sorted()
                    .collect(java.util.stream.Collectors.toList());
        } catch (IOException e) {
            throw new DinoException("cannot read " + what + " " + file + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new DinoException(what + " " + file + " is a folder with no .json result files: give a result file, or a folder of them");
        }
        Map<String, List<BenchEntry>> byKey = new LinkedHashMap<>();
        for (Path f : files) {
            for (BenchEntry e : readFile(f, what)) {
                byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
            }
        }
        List<BenchEntry> entries = new ArrayList<>();
        for (List<BenchEntry> runs : byKey.values()) {
            entries.add(BenchEntry.pooled(runs));
        }
        return entries;
    }

    /**
     * The machine a dino JSON file (or each in a folder) was measured on: its {@code cpu}, {@code vectorBits} and
     * {@code jdk}, distinct ones joined by " | "; null for JMH files (they do not record the CPU) or unreadable ones.
     */
    static String machine(Path file) {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(file)) {
            try (java.util.stream.Stream<Path> list = Files.list(file)) {
                list.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().forEach(files::add);
            } catch (IOException e) {
                return null;
            }
        } else {
            files.add(file);
        }
        java.util.Set<String> machines = new java.util.LinkedHashSet<>();
        for (Path f : files) {
            try {
                JsonObject root = JsonParser.parseString(Files.readString(f, StandardCharsets.UTF_8)).getAsJsonObject();
                machines.add(String.format(Locale.ROOT, "%s, %d-bit vectors, %s", root.get("cpu").getAsString(),
                        root.get("vectorBits").getAsInt(), root.get("jdk").getAsString()));
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
        return machines.isEmpty() ? null : String.join(" | ", machines);
    }

    private static List<BenchEntry> readFile(Path file, String what) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DinoException("cannot read " + what + " " + file + ": " + e.getMessage());
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (RuntimeException e) {
            throw notBench(what, file, "it is not JSON");
        }
        try {
            if (root.isJsonArray()) {
                return fromJmh(root.getAsJsonArray(), what, file);
            }
            if (root.isJsonObject() && root.getAsJsonObject().has("results")) {
                return fromDino(root.getAsJsonObject(), what, file);
            }
        } catch (DinoException e) {
            throw e;
        } catch (RuntimeException e) {
            throw notBench(what, file, "an entry lacks a field or has one of the wrong type");
        }
        throw notBench(what, file, "it is neither a JMH result list nor an object with \"results\"");
    }

    private static DinoException notBench(String what, Path file, String why) {
        return new DinoException(what + " " + file + " is not a dino bench --json file nor a JMH -rf json file ("
                + why + "): give a file either writes");
    }

    private static List<BenchEntry> fromDino(JsonObject root, String what, Path file) {
        int vocab = root.get("vocab").getAsInt();
        List<BenchEntry> entries = new ArrayList<>();
        for (JsonElement e : root.getAsJsonArray("results")) {
            JsonObject r = e.getAsJsonObject();
            String kernel = r.get("kernel").getAsString();
            if (!r.has("scalarRounds") || !r.has("vectorRounds")) {
                throw new DinoException(what + " " + file + " has no per-round times (scalarRounds, vectorRounds): it was written "
                        + "by an older dino bench; run dino bench --json again to make it");
            }
            double[] scalar = numbers(r.getAsJsonArray("scalarRounds"));
            double[] vector = numbers(r.getAsJsonArray("vectorRounds"));
            if (scalar.length == 0 || scalar.length != vector.length) {
                throw notBench(what, file, kernel + " has rounds of unequal or zero length");
            }
            positive(scalar, kernel, what, file);
            positive(vector, kernel, what, file);
            Map<String, String> params = params(r.get("hidden").getAsInt(), vocab, r.get("precision").getAsString(),
                    r.get("batch").getAsInt(), r.get("threads").getAsInt());
            entries.add(new BenchEntry(BenchEntry.DINO_BENCHMARK + kernel, with(params, "scalar"), scalar, null));
            double[] speedups = new double[scalar.length];
            for (int i = 0; i < speedups.length; i++) {
                speedups[i] = scalar[i] / vector[i];
            }
            entries.add(new BenchEntry(BenchEntry.DINO_BENCHMARK + kernel, with(params, "vector"), vector, speedups));
        }
        return entries;
    }

    /** The parameters of a dino entry, in the names JMH's suites use. */
    static Map<String, String> params(int hidden, int vocab, String precision, int batch, int threads) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("hidden", Integer.toString(hidden));
        p.put("vocab", Integer.toString(vocab));
        p.put("precision", precision);
        p.put("batch", Integer.toString(batch));
        p.put("threads", Integer.toString(threads));
        return p;
    }

    static Map<String, String> with(Map<String, String> params, String kernels) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kernels", kernels);
        p.putAll(params);
        return p;
    }

    private static List<BenchEntry> fromJmh(JsonArray list, String what, Path file) {
        List<BenchEntry> entries = new ArrayList<>();
        for (JsonElement e : list) {
            JsonObject b = e.getAsJsonObject();
            String benchmark = b.get("benchmark").getAsString();
            Map<String, String> params = new LinkedHashMap<>();
            if (b.has("params")) {
                for (Map.Entry<String, JsonElement> p : b.getAsJsonObject("params").entrySet()) {
                    params.put(p.getKey(), p.getValue().getAsString());
                }
            }
            JsonObject primary = b.getAsJsonObject("primaryMetric");
            String unit = primary.get("scoreUnit").getAsString();
            JsonArray forks = primary.getAsJsonArray("rawData");
            double[] raw = flatten(forks);
            if (raw.length == 0) {
                throw notBench(what, file, benchmark + " has no rawData");
            }
            double[] ns = new double[raw.length];
            for (int i = 0; i < raw.length; i++) {
                ns[i] = nanosPerOp(raw[i], unit, what, file);
            }
            double[] speedups = null;
            JsonObject secondary = b.has("secondaryMetrics") ? b.getAsJsonObject("secondaryMetrics") : new JsonObject();
            if (secondary.has(BenchJmhFormat.SPEEDUP)) {
                speedups = flatten(secondary.getAsJsonObject(BenchJmhFormat.SPEEDUP).getAsJsonArray("rawData"));
                positive(speedups, benchmark, what, file);
                if (speedups.length != ns.length) {
                    throw notBench(what, file, benchmark + "'s speed-ups and times have different round counts");
                }
            }
            positive(ns, benchmark, what, file);
            BenchEntry entry = new BenchEntry(benchmark, params, ns, speedups);
            // Several forks (JVMs): each fork's median is one sample, as a folder's runs are.
            entries.add(forks.size() > 1 ? BenchEntry.pooled(perFork(entry, forks)) : entry);
        }
        return entries;
    }

    /** An entry's rounds split back into one entry per fork, by the forks' sizes in rawData. */
    private static List<BenchEntry> perFork(BenchEntry all, JsonArray forks) {
        List<BenchEntry> parts = new ArrayList<>();
        int from = 0;
        for (JsonElement fork : forks) {
            int to = from + fork.getAsJsonArray().size();
            parts.add(new BenchEntry(all.benchmark, all.params, java.util.Arrays.copyOfRange(all.ns, from, to),
                    all.speedups == null ? null : java.util.Arrays.copyOfRange(all.speedups, from, to)));
            from = to;
        }
        return parts;
    }

    /** One score in a JMH unit as nanoseconds per operation. */
    private static double nanosPerOp(double score, String unit, String what, Path file) {
        String[] units = {"ns", "us", "ms", "s"};
        double[] nanos = {1, 1e3, 1e6, 1e9};
        for (int i = 0; i < units.length; i++) {
            if (unit.equals(units[i] + "/op")) {
                return score * nanos[i];
            }
            if (unit.equals("ops/" + units[i])) {
                return nanos[i] / score;
            }
        }
        throw notBench(what, file, String.format(Locale.ROOT, "score unit '%s' is neither a time per op nor ops per time", unit));
    }

    private static double[] flatten(JsonArray forks) {
        List<Double> values = new ArrayList<>();
        for (JsonElement fork : forks) {
            for (JsonElement v : fork.getAsJsonArray()) {
                values.add(v.getAsDouble());
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Times and speed-ups must be positive and finite: they are compared on logarithms. */
    private static void positive(double[] values, String name, String what, Path file) {
        for (double v : values) {
            if (!(v > 0 && v < Double.POSITIVE_INFINITY)) {
                throw notBench(what, file, name + " has a round that is not a positive number: " + v);
            }
        }
    }

    private static double[] numbers(JsonArray array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).getAsDouble();
        }
        return v;
    }
}
