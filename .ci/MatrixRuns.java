// The CPU matrix's set of runs (.ci/matrix.sh), all in one JVM so that an emulated CPU pays for one start-up and
// one compilation of the kernels: each run's stdout and model file go to OUT_DIR/<run>.out and OUT_DIR/<run>.npz.
import dino.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Usage: {@code java --add-modules jdk.incubator.vector -cp dino.jar:CLASSES MatrixRuns OUT_DIR vector|scalar ITERATIONS THREADS},
 * THREADS a list such as {@code 1,2}.
 * The set covers every kernel: the tanh RNN at batch 1 (the default run, f64, seven sampled names per report),
 * the stacked RNN in f64, the LSTM and a two-layer GRU in f32, batched (B = 8) over text and names, with SGD, Adam
 * (the GRU) and Adagrad (the stacked RNN), the LSTM in fused products (skipped where the JVM has no FMA instruction)
 * and the others multiplying then adding, at the given thread counts (at 2 the hoisted products over T·B rows are
 * large enough to be split), and sampling from a saved f32 model with temperature and top-k.
 * Hidden sizes are not multiples of a vector's lanes, so the tails run. {@code dino info}'s output is kept as info.out.
 * Exit status 1 when a run fails.
 */
public final class MatrixRuns {
    /** Name, then the train options (without --threads, --kernels and --save, which are added per run). */
    private static final String[][] RUNS = {
        {"default", "--iterations", "ITERATIONS", "--print-every", "500"},
        {"lstm-f32", "--mode", "text", "--data", "data/tinyshakespeare.txt", "--cell", "lstm", "--hidden", "64", "--batch-size", "8",
            "--precision", "f32", "--iterations", "40", "--print-every", "20", "--products", "fma"},
        {"gru2-f32", "--data", "data/names.txt", "--cell", "gru", "--layers", "2", "--hidden", "45", "--batch-size", "8",
            "--precision", "f32", "--optimizer", "adam", "--iterations", "60", "--print-every", "30", "--products", "mul-add"},
        {"rnn2-f64", "--data", "data/dinos.txt", "--cell", "rnn", "--layers", "2", "--hidden", "37", "--batch-size", "8",
            "--precision", "f64", "--optimizer", "adagrad", "--iterations", "60", "--print-every", "30", "--products", "mul-add"},
    };

    private MatrixRuns() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Files.createDirectories(Path.of(args[0]));
        String kernels = args[1];
        String iterations = args[2];
        String[] threadCounts = args[3].split(",");
        // What this JVM and CPU are (not compared: it differs by design), then the set.
        boolean ok = run(out, "info", List.of("info"));
        // Fused products run in software where the JVM has no FMA instruction (-XX:UseAVX=0): far too slow to run.
        boolean fma = dino.api.Products.fusedInHardware();
        for (String[] run : RUNS) {
            if (!fma && List.of(run).contains("fma")) {
                System.out.println("  " + run[0] + ": skipped, no hardware fused multiply-add in this JVM");
                continue;
            }
            for (String threads : threadCounts) {
                String name = run[0] + "-t" + threads;
                List<String> command = new ArrayList<>(List.of("train"));
                for (int i = 1; i < run.length; i++) {
                    command.add(run[i].equals("ITERATIONS") ? iterations : run[i]);
                }
                command.addAll(List.of("--threads", threads, "--kernels", kernels,
                        "--save", out.resolve(name + ".npz").toString()));
                ok &= run(out, name, command);
            }
        }
        // Sampling from a saved f32 model with temperature and top-k (the default run samples at temperature 1).
        ok &= !fma || run(out, "sample-lstm", List.of("sample", "--model", out.resolve("lstm-f32-t1.npz").toString(), "--count", "3",
                "--length", "80", "--temperature", "0.8", "--top-k", "10", "--seed", "7", "--kernels", kernels));
        System.exit(ok ? 0 : 1);
    }

    /** Runs one command, writes its stdout (and stderr) to OUT_DIR/name.out (.err), says how long it took. */
    private static boolean run(Path out, String name, List<String> command) throws IOException {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        long start = System.nanoTime();
        int status = Main.run(command.toArray(new String[0]), new PrintWriter(stdout), new PrintWriter(stderr));
        Files.writeString(out.resolve(name + ".out"), stdout.toString(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve(name + ".err"), stderr.toString(), StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "  %-14s %6.1f s%s%n", name, (System.nanoTime() - start) / 1e9,
                status == 0 ? "" : "  FAILED (exit " + status + "): " + stderr.toString().strip());
        return status == 0;
    }
}
