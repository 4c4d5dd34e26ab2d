// `dino bench`: scalar against vector kernels in one JVM, interleaved, with a table, JSON and a baseline check.
package dino.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dino.engine.DinoException;
import dino.engine.io.AtomicFiles;
import dino.engine.kernels.KernelChoice;
import dino.engine.kernels.KernelSet;
import dino.engine.kernels.Precision;
import dino.engine.perf.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Times every kernel family and the full training step on both kernel sets, after warm-up, in rounds
 * that alternate scalar and vector, and reports the median time per call, the speed-up and its spread.
 * The speed-up is measured within one run on one machine, so it is the signal to trust on a noisy CI
 * machine; absolute times are reported too.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Measures scalar against vector kernels in this JVM (needs --add-modules jdk.incubator.vector):",
                "median ns per call over interleaved rounds, speed-up and spread. --json writes the results for",
                "tools; --baseline compares with an earlier --json and exits 4 when something regressed."},
        footer = {"", "Examples:",
                "  java --add-modules jdk.incubator.vector -jar dino.jar bench",
                "  java --add-modules jdk.incubator.vector -jar dino.jar bench \\",
                "      --hidden 50,256,512 --json bench.json",
                "  java --add-modules jdk.incubator.vector -jar dino.jar bench \\",
                "      --baseline bench.json --tolerance 0.2",
                "  java --add-modules jdk.incubator.vector -jar dino.jar bench \\",
                "      --hidden 512 --precision f32 --batch-size 32"})
final class BenchCommand implements Callable<Integer> {
    static final int EXIT_REGRESSED = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--hidden", paramLabel = "N[,N...]", split = ",", defaultValue = "50,256",
            description = "Hidden sizes to measure (default: ${DEFAULT-VALUE}).")
    int[] hidden;

    @Option(names = "--vocab", paramLabel = "V", defaultValue = "27", description = "Vocabulary size (default: ${DEFAULT-VALUE}).")
    int vocab;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "f64",
            description = "f64 or f32 kernels (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "32",
            description = "Sequences of batch_step, lstm_step and gru_step (the other kernels run one row) (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Threads of the batched steps (results are the same bits for every count) (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
            description = "Measured rounds, each timing scalar then vector (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--millis", paramLabel = "MS", defaultValue = "200",
            description = "Time per kernel set per round (default: ${DEFAULT-VALUE}).")
    int millis;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Option(names = "--baseline", paramLabel = "FILE", description = "Compare with an earlier --json; exit 4 on a regression.")
    Path baseline;

    @Option(names = "--tolerance", paramLabel = "F", defaultValue = "0.2",
            description = "Allowed fall below the baseline, as a fraction (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--ratio-only", description = "Compare only vector/scalar speed-ups with the baseline, not throughputs "
            + "(for CI machines whose speed varies).")
    boolean ratioOnly;

    @Option(names = "--list", description = "Print the names of the kernels this command times, one per line, and exit "
            + "(the names the JSON and the JMH suites use).")
    boolean list;

    @Override
    public Integer call() throws IOException {
        if (list) {
            for (String kernel : Workload.KERNELS) {
                spec.commandLine().getOut().println(kernel);
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
        validate();
        Precision p = Precision.parse(precision);
        KernelSet vectorSet = KernelChoice.vectorOnly();
        KernelSet scalarSet = KernelSet.scalar();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        JsonArray previous = baseline == null ? null : readBaseline(baseline);
        boolean terminal = Progress.stderrIsTerminal();

        List<BenchResult> results = new ArrayList<>();
        for (int h = 0; h < hidden.length; h++) {
            int n = hidden[h];
            KernelWorkload s = new KernelWorkload(scalarSet.of(p), n, vocab, batchSize, threads);
            KernelWorkload v = new KernelWorkload(vectorSet.of(p), n, vocab, batchSize, threads);
            progress(err, terminal, String.format(Locale.ROOT, "n_a=%d: warming up (%d of %d sizes)", n, h + 1, hidden.length));
            s.warmUp();
            v.warmUp();
            for (String kernel : Workload.KERNELS) {
                long callsS = s.calibrate(kernel, millis);
                long callsV = v.calibrate(kernel, millis);
                double[] ts = new double[rounds];
                double[] tv = new double[rounds];
                if (!terminal) {
                    progress(err, false, String.format(Locale.ROOT, "n_a=%d: %s", n, kernel));
                }
                for (int r = 0; r < rounds; r++) {
                    if (terminal) {
                        progress(err, true, String.format(Locale.ROOT, "n_a=%d: %s round %d/%d", n, kernel, r + 1, rounds));
                    }
                    ts[r] = s.time(kernel, callsS);
                    tv[r] = v.time(kernel, callsV);
                }
                results.add(new BenchResult(kernel, n, ts, tv));
            }
        }
        if (terminal) {
            err.print("\r\u001b[K");
            err.flush();
        }
        out.printf(Locale.ROOT, "%s, %s, %d-bit vectors, %s, vocab %d, batch_step B=%d on %d thread%s, %d rounds%n", jdk(),
                InfoCommand.cpuModel(), vectorSet.vectorBits(), p.label(), vocab, batchSize, threads, threads == 1 ? "" : "s",
                rounds);
        out.printf(Locale.ROOT, "%-14s %6s %14s %14s %10s %10s %9s%n", "kernel", "n_a", "scalar ns", "vector ns", "speed-up",
                "spread", "steps/s");
        for (BenchResult r : results) {
            out.printf(Locale.ROOT, "%-14s %6d %14.1f %14.1f %9.2fx %9.1f%% %9s%n", r.kernel, r.hidden, r.scalarNs, r.vectorNs,
                    r.speedup, 100 * r.spread, r.kernel.endsWith("_step") ? String.format(Locale.ROOT, "%.0f", 1e9 / r.vectorNs) : "");
        }
        out.flush();
        if (json != null) {
            writeJson(json, results, vectorSet.vectorBits(), p);
        }
        if (previous != null) {
            List<String> regressions = compare(previous, results);
            if (!regressions.isEmpty()) {
                for (String line : regressions) {
                    err.println("dino: regressed: " + line);
                }
                return EXIT_REGRESSED;
            }
            err.println("no regression against " + baseline + " (tolerance " + tolerance + ")");
        }
        return 0;
    }

    private static void progress(PrintWriter err, boolean terminal, String text) {
        err.print(terminal ? "\r" + text + "\u001b[K" : text + "\n");
        err.flush();
    }

    /** Regressions against the baseline: speed-up (always) and vector throughput (unless --ratio-only). */
    List<String> compare(JsonArray previous, List<BenchResult> results) {
        List<String> regressions = new ArrayList<>();
        for (JsonElement e : previous) {
            JsonObject b = e.getAsJsonObject();
            String kernel = b.get("kernel").getAsString();
            int n = b.get("hidden").getAsInt();
            BenchResult now = results.stream().filter(r -> r.kernel.equals(kernel) && r.hidden == n).findFirst().orElse(null);
            if (now == null) {
                continue;
            }
            double speedup = b.get("speedup").getAsDouble();
            if (now.speedup < speedup * (1 - tolerance)) {
                regressions.add(String.format(Locale.ROOT, "%s n_a=%d speed-up %.2fx, baseline %.2fx", kernel, n, now.speedup, speedup));
            }
            double vectorNs = b.get("vectorNs").getAsDouble();
            if (!ratioOnly && now.vectorNs > vectorNs / (1 - tolerance)) {
                regressions.add(String.format(Locale.ROOT, "%s n_a=%d vector throughput %.0f/s, baseline %.0f/s", kernel, n,
                        1e9 / now.vectorNs, 1e9 / vectorNs));
            }
        }
        return regressions;
    }

    private JsonArray readBaseline(Path file) {
        try {
            JsonObject root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            JsonArray results = root.getAsJsonArray("results");
            for (JsonElement e : results) {
                JsonObject r = e.getAsJsonObject();
                r.get("kernel").getAsString();
                r.get("hidden").getAsInt();
                r.get("speedup").getAsDouble();
                r.get("vectorNs").getAsDouble();
            }
            return results;
        } catch (IOException e) {
            throw new DinoException("cannot read --baseline " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new DinoException("--baseline " + file + " is not a dino bench --json file");
        }
    }

    private void writeJson(Path file, List<BenchResult> results, int bits, Precision p) {
        JsonObject root = new JsonObject();
        root.addProperty("jdk", jdk());
        root.addProperty("cpu", InfoCommand.cpuModel());
        root.addProperty("vectorBits", bits);
        root.addProperty("vocab", vocab);
        root.addProperty("rounds", rounds);
        JsonArray list = new JsonArray();
        for (BenchResult r : results) {
            JsonObject o = new JsonObject();
            o.addProperty("kernel", r.kernel);
            o.addProperty("hidden", r.hidden);
            o.addProperty("precision", p.label());
            o.addProperty("batch", Workload.batched(r.kernel) ? batchSize : 1);
            o.addProperty("threads", Workload.batched(r.kernel) ? threads : 1);
            o.addProperty("scalarNs", r.scalarNs);
            o.addProperty("vectorNs", r.vectorNs);
            o.addProperty("speedup", r.speedup);
            o.addProperty("spread", r.spread);
            list.add(o);
        }
        root.add("results", list);
        byte[] bytes = (new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, "--json", out -> out.write(bytes));
    }

    private static String jdk() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }

    private void validate() {
        for (int n : hidden) {
            if (n < 1 || n > 4096) {
                throw new ParameterException(spec.commandLine(), "--hidden sizes must be between 1 and 4096, got " + n);
            }
        }
        if (vocab < 2 || vocab > 1024) {
            throw new ParameterException(spec.commandLine(), "--vocab must be between 2 and 1024, got " + vocab);
        }
        if (!precision.equalsIgnoreCase("f64") && !precision.equalsIgnoreCase("f32")) {
            throw new ParameterException(spec.commandLine(), "--precision must be f64 or f32, got '" + precision + "'");
        }
        if (threads < 1 || threads > 256) {
            throw new ParameterException(spec.commandLine(), "--threads must be between 1 and 256, got " + threads);
        }
        if (batchSize < 1 || batchSize > 4096) {
            throw new ParameterException(spec.commandLine(), "--batch-size must be between 1 and 4096, got " + batchSize);
        }
        if (rounds < 1 || millis < 1) {
            throw new ParameterException(spec.commandLine(), "--rounds and --millis must be 1 or more");
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new ParameterException(spec.commandLine(), "--tolerance must be in [0, 1), got " + tolerance);
        }
        if (json != null) {
            AtomicFiles.checkWritable(json, "--json");
        }
    }

    /** Medians over the rounds; spread is the relative range of the per-round speed-ups. */
    static final class BenchResult {
        final String kernel;
        final int hidden;
        final double scalarNs;
        final double vectorNs;
        final double speedup;
        final double spread;

        BenchResult(String kernel, int hidden, double[] scalar, double[] vector) {
            this.kernel = kernel;
            this.hidden = hidden;
            this.scalarNs = median(scalar);
            this.vectorNs = median(vector);
            this.speedup = scalarNs / vectorNs;
            double[] ratios = new double[scalar.length];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = scalar[i] / vector[i];
            }
            Arrays.sort(ratios);
            this.spread = (ratios[ratios.length - 1] - ratios[0]) / median(ratios);
        }

        private static double median(double[] values) {
            double[] v = values.clone();
            Arrays.sort(v);
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
    }
}
