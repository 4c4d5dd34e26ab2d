// `dino bench --jvm PATH --jvm PATH ...`: the same suite in a child JVM per path (JMH's -jvm), then each JVM compared
// with the first, per kernel, with intervals.
package dino.cli.bench;

import dino.api.DinoException;
import dino.bench.harness.BenchEntry;
import dino.cli.shared.Exit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs {@code dino bench} with the caller's options in one child JVM per {@code --jvm} path, {@code --forks} times
 * each, the JVMs interleaved (jvm1, jvm2, jvm1, jvm2, ...) so that a machine whose speed drifts treats them alike.
 * Each run writes {@code DIR/jvmI/runF.json}; with two forks or more a folder's runs are the samples, so the intervals
 * hold the variation from one JVM launch to the next, as JMH's forks do. Every JVM after the first is then compared
 * with the first by {@link BenchComparison}'s default rule (times; the speed-ups shown), which is what "is this JDK
 * faster?" asks. The children run this JVM's class path (dino.jar), {@code --add-modules jdk.incubator.vector}.
 */
final class BenchJvms {
    private BenchJvms() {
    }

    /** The java launcher a --jvm value names: the binary itself, or a Java home (its bin/java). */
    static Path launcher(String value) {
        Path p = Path.of(value);
        if (Files.isDirectory(p)) {
            p = p.resolve("bin").resolve("java");
        }
        if (!Files.isExecutable(p)) {
            throw new DinoException("--jvm " + value + ": not a java launcher nor a Java home with bin/java");
        }
        return p;
    }

    /**
     * @param jvms    the launchers, the first being the baseline
     * @param options the bench options to pass on (no --jvm, --forks, --jvm-dir, --json, --output, --baseline)
     * @return 0, or 2 when a child failed
     */
    static int run(List<Path> jvms, List<String> options, int forks, Path dir, double confidence, double tolerance,
            PrintWriter out, PrintWriter err) throws IOException {
        // This JVM's class path: dino.jar under java -jar, the build's class path in tests.
        String classPath = System.getProperty("java.class.path");
        List<String> names = new ArrayList<>();
        for (int j = 0; j < jvms.size(); j++) {
            Files.createDirectories(dir.resolve("jvm" + (j + 1)));
        }
        for (int f = 1; f <= forks; f++) {
            for (int j = 0; j < jvms.size(); j++) {
                Path json = dir.resolve("jvm" + (j + 1)).resolve("run" + f + ".json");
                List<String> command = new ArrayList<>(List.of(jvms.get(j).toString(), "--add-modules", "jdk.incubator.vector",
                        "-cp", classPath, Exit.MAIN_CLASS, "bench"));
                command.addAll(options);
                command.addAll(List.of("--json", json.toString()));
                err.printf(Locale.ROOT, "--jvm %d of %d, run %d of %d: %s%n", j + 1, jvms.size(), f, forks, jvms.get(j));
                err.flush();
                Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                String header = null;
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        header = header == null ? line : header;
                    }
                }
                int status;
                try {
                    status = child.waitFor();
                } catch (InterruptedException e) {
                    child.destroy();
                    Thread.currentThread().interrupt();
                    throw new DinoException("--jvm: interrupted");
                }
                if (status != 0) {
                    err.println("dino: --jvm " + jvms.get(j) + " exited " + status);
                    return Exit.USAGE;
                }
                if (f == 1) {
                    // The suite's first line names the JDK, CPU and vector width of that child.
                    names.add(header);
                }
            }
        }
        for (int j = 0; j < jvms.size(); j++) {
            out.printf(Locale.ROOT, "jvm%d: %s%n      %s%n", j + 1, jvms.get(j), names.get(j));
        }
        List<BenchEntry> first = BenchFiles.read(dir.resolve("jvm1"), "--jvm 1");
        for (int j = 1; j < jvms.size(); j++) {
            out.printf(Locale.ROOT, "%n== jvm%d against jvm1 (change = jvm%d / jvm1; results in %s) ==%n", j + 1, j + 1, dir);
            List<BenchEntry> other = BenchFiles.read(dir.resolve("jvm" + (j + 1)), "--jvm " + (j + 1));
            BenchComparison.of("jvm1", first, "jvm" + (j + 1), other, confidence, tolerance, BenchComparison.Rule.ABSOLUTE).print(out);
        }
        out.flush();
        return 0;
    }
}
