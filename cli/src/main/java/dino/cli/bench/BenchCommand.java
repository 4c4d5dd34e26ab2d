// `dino bench`: scalar against vector kernels in one JVM, interleaved, with a table, JSON or JMH output, a baseline
// check with confidence intervals, a Markdown summary and a roofline plot.
package dino.cli.bench;

import dino.api.Products;
import dino.api.TrainingConfig.Precision;
import dino.bench.harness.BenchEntry;
import dino.bench.harness.BenchJmhFormat;
import dino.bench.harness.KernelWorkload;
import dino.bench.harness.PeakProbe;
import dino.bench.workload.WorkloadKernel;
import dino.cli.shared.CpuFacts;
import dino.cli.shared.LossPlot;
import dino.cli.shared.Progress;
import dino.engine.io.AtomicFiles;
import dino.engine.kernels.KernelChoice;
import dino.engine.kernels.KernelSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Times every kernel family and the full training step on both kernel sets, after warm-up and once each kernel's timings have settled, in rounds
 * that alternate scalar and vector, and reports the median time per call, the speed-up and its spread.
 * The speed-up is measured within one run on one machine, so it is the signal to trust on a noisy CI
 * machine; absolute times are reported too.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        subcommands = BenchCompareCommand.class,
        description = {"Measures scalar against vector kernels in this JVM (needs --add-modules jdk.incubator.vector): "
                + "median ns per call over interleaved rounds, speed-up and spread, and the vector kernels' matrix-product "
                + "GFLOP/s and share of the FMA peak measured in the same run (times the threads for the batched kernels). "
                + "--json (or --format jmh --output) writes "
                + "the results for tools; --baseline compares with an earlier file as 'bench compare' does and exits 4 when "
                + "something regressed; --plot draws a roofline; --jvm PATH (repeated) runs the suite in each JVM and compares "
                + "them. 'dino bench compare OLD NEW' compares files or folders of runs (docs/ci.md)."},
        footer = {"", "Examples:",
                "  java --add-modules jdk.incubator.vector -jar dino.jar bench",
                "  java --add-modules jdk.incubator.vector -jar dino.jar bench \\",
                "      --hidden 50,256,512 --json bench.json",
                "  java --add-modules jdk.incubator.vector -jar dino.jar bench \\",
                "      --baseline bench.json --tolerance 0.2 --summary summary.md",
                "  java --add-modules jdk.incubator.vector -jar dino.jar bench \\",
                "      --format jmh --output jmh-result.json --plot roofline.svg",
                "  java --add-modules jdk.incubator.vector -jar dino.jar bench \\",
                "      --hidden 512 --precision f32 --batch-size 32",
                "  java -jar dino.jar bench --jvm /usr/lib/jvm/java-17-openjdk-amd64 \\",
                "      --jvm /usr/lib/jvm/temurin-25-jdk-amd64 --forks 3 --hidden 50,256"})
public final class BenchCommand implements Callable<Integer> {
    static final int EXIT_REGRESSED = 4;
    /** The most a kernel set settles before a kernel's rounds, in --millis ({@link KernelWorkload#settle}). */
    static final long SETTLE_ROUNDS = 10;

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
            description = "Rows of the batched kernels: the sequences of batch_step, lstm_step and gru_step, and of their products "
                    + "gemm_forward, gemm_backward and gemm_weights (the LSTM step's; the other kernels run one row) "
                    + "(default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Threads of the batched kernels (results are the same bits for every count) (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--products", paramLabel = "FORM", defaultValue = "fma",
            description = "The products' form in both columns: fma (one fused multiply-add a step, what train uses for "
                    + "every model but the reference's) or mul-add (a multiply, then an add: the reference model's) "
                    + "(default: ${DEFAULT-VALUE}).")
    String products;

    @Option(names = "--kernels", paramLabel = "KIND", defaultValue = "vector",
            description = "What the vector column times: vector, or scalar to time the scalar kernels there too (every speed-up "
                    + "then about 1: a check that --baseline catches a lost vector path) (default: ${DEFAULT-VALUE}).")
    String kernels;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
            description = "Measured rounds, each timing scalar then vector (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--millis", paramLabel = "MS", defaultValue = "200",
            description = "Time per kernel set per round (default: ${DEFAULT-VALUE}).")
    int millis;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "dino",
            description = "Format of --output: dino (the --json shape) or jmh (a JMH -rf json result file: one entry per kernel, "
                    + "size and kernel set, avgt in ns/op, the rounds as rawData, speed-up, GFLOP/s and share of the measured "
                    + "FMA peak as secondary metrics; needs --rounds 3 or more) (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--output", paramLabel = "FILE", description = "Also write the results in --format.")
    Path output;

    @Option(names = "--baseline", paramLabel = "FILE", description = "Compare with an earlier --json or JMH result file by the rule of "
            + "'bench compare' (a vector entry slower beyond --tolerance, its confidence interval excluding no change); exit 4 on "
            + "a regression.")
    Path baseline;

    @Option(names = "--tolerance", paramLabel = "F", defaultValue = "0.2",
            description = "Largest allowed fall below the baseline of a speed or speed-up, as a fraction: 0.2 fails at time x1.25 "
                    + "(default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--confidence", paramLabel = "C", defaultValue = "0.95",
            description = "Confidence of the baseline comparison's intervals (default: ${DEFAULT-VALUE}).")
    double confidence;

    @Option(names = "--relative", paramLabel = "KIND", defaultValue = "none", description = BenchCompareCommand.RELATIVE_HELP)
    String relative;

    @Option(names = "--ratio-only", hidden = true, description = "The old name of --relative scalar.")
    boolean ratioOnly;

    @Option(names = "--summary", paramLabel = "FILE", description = "Also write a Markdown table for $GITHUB_STEP_SUMMARY: the "
            + "comparison with --baseline (before, after, change with its interval, verdict), else this run's results.")
    Path summary;

    @Option(names = "--plot", paramLabel = "FILE.svg", description = "Also draw a roofline (.svg or .png): each kernel's GFLOP/s "
            + "at each size against the FMA peak and the memory bandwidth, both measured in this run.")
    Path plot;

    @Option(names = "--jvm", paramLabel = "PATH", description = "Run the suite in a child JVM per --jvm (a java launcher or a "
            + "Java home; repeat the option), with the other options, writing one results folder per JVM under --jvm-dir; "
            + "then print each JVM against the first, per kernel, with intervals (as JMH's -jvm).")
    List<String> jvms;

    @Option(names = "--forks", paramLabel = "N", defaultValue = "1", description = "With --jvm: runs per JVM, interleaved; with "
            + "two or more each run's median is one sample, so the intervals hold launch-to-launch variation (default: ${DEFAULT-VALUE}).")
    int forks;

    @Option(names = "--jvm-dir", paramLabel = "DIR", defaultValue = "bench-jvms",
            description = "With --jvm: where DIR/jvmI/runF.json go (default: ${DEFAULT-VALUE}).")
    Path jvmDir;

    @Option(names = "--list", description = "Print the names of the kernels this command times, one per line, and exit "
            + "(the names the JSON and the JMH suites use).")
    boolean list;

    @Override
    public Integer call() throws IOException {
        if (list) {
            for (WorkloadKernel kernel : WorkloadKernel.values()) {
                spec.commandLine().getOut().println(kernel.label());
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
        validate();
        if (jvms != null) {
            return acrossJvms();
        }
        Precision p = Precision.parse(precision);
        Products form = Products.parse(products);
        KernelSet vectorSet = kernels.equals("scalar") ? KernelSet.scalar() : KernelChoice.vectorOnly();
        if (kernels.equals("scalar")) {
            spec.commandLine().getErr().println("--kernels scalar: the vector column times the scalar kernels");
        }
        KernelSet scalarSet = KernelSet.scalar();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<BenchEntry> previous = baseline == null ? null : BenchFiles.read(baseline, "--baseline");
        boolean terminal = Progress.stderrIsTerminal();

        BenchReport report = new BenchReport(vocab, rounds, form, batchSize, threads);
        List<BenchResult> results = new ArrayList<>();
        for (int h = 0; h < hidden.length; h++) {
            int n = hidden[h];
            try (KernelWorkload s = new KernelWorkload(scalarSet.of(p, form), n, vocab, batchSize, threads);
                 KernelWorkload v = new KernelWorkload(vectorSet.of(p, form), n, vocab, batchSize, threads)) {
                progress(err, terminal, String.format(Locale.ROOT, "n_a=%d: warming up (%d of %d sizes)", n, h + 1, hidden.length));
                s.warmUp();
                v.warmUp();
                for (WorkloadKernel kernel : WorkloadKernel.values()) {
                    long callsS = s.calibrate(kernel, millis);
                    long callsV = v.calibrate(kernel, millis);
                    s.settle(kernel, callsS, SETTLE_ROUNDS * millis * 1_000_000L);
                    v.settle(kernel, callsV, SETTLE_ROUNDS * millis * 1_000_000L);
                    double[] ts = new double[rounds];
                    double[] tv = new double[rounds];
                    if (!terminal) {
                        progress(err, false, String.format(Locale.ROOT, "n_a=%d: %s", n, kernel.label()));
                    }
                    for (int r = 0; r < rounds; r++) {
                        if (terminal) {
                            progress(err, true, String.format(Locale.ROOT, "n_a=%d: %s round %d/%d", n, kernel.label(), r + 1, rounds));
                        }
                        ts[r] = s.time(kernel, callsS);
                        tv[r] = v.time(kernel, callsV);
                    }
                    boolean batched = kernel.batched();
                    results.add(new BenchResult(kernel, n, batched ? batchSize : 1, batched ? threads : 1, ts, tv));
                }
            }
        }
        if (terminal) {
            err.print("\r\u001b[K");
            err.flush();
        }
        // Without the vector module (only --kernels scalar runs then) there is no peak to measure: its columns show a dash.
        boolean probe = vectorModule();
        if (probe) {
            progress(err, false, plot == null ? "measuring the FMA peak" : "measuring the FMA peak and the memory bandwidth");
        }
        double peak = probe ? PeakProbe.fmaGflops(p, rounds, millis) : Double.NaN;
        double bandwidth = plot == null ? Double.NaN : PeakProbe.triadGBs(rounds, millis);
        if (plot != null) {
            err.printf(Locale.ROOT, "measured: memory %.1f GB/s (triad, one thread)%n", bandwidth);
            err.flush();
        }
        out.printf(Locale.ROOT, "%s, %s, %d-bit vectors, %s, vocab %d, batched kernels B=%d on %d thread%s, %d rounds%n", jdk(),
                CpuFacts.ofThisMachine().model, vectorSet.vectorBits(), p.label(), vocab, batchSize, threads, threads == 1 ? "" : "s",
                rounds);
        out.printf(Locale.ROOT, "FMA peak of one core, measured in this run: %s GFLOP/s (%s); products: %s%n",
                probe ? String.format(Locale.ROOT, "%.1f", peak) : "-", p.label(), products);
        out.printf(Locale.ROOT, "%-14s %6s %14s %14s %10s %10s %9s %9s %7s%n", "kernel", "n_a", "scalar ns", "vector ns", "speed-up",
                "spread", "steps/s", "GFLOP/s", "% peak");
        for (BenchResult r : results) {
            double gflops = report.gflops(r);
            out.printf(Locale.ROOT, "%-14s %6d %14.1f %14.1f %9.2fx %9.1f%% %9s %9.2f %7s%n", r.kernel.label(), r.hidden, r.scalarNs,
                    r.vectorNs, r.speedup, 100 * r.spread,
                    r.kernel.label().endsWith("_step") ? String.format(Locale.ROOT, "%.0f", 1e9 / r.vectorNs) : "", gflops,
                    probe ? String.format(Locale.ROOT, "%.1f%%", 100 * gflops / (peak * r.threads)) : "-");
        }
        out.flush();
        if (json != null) {
            report.writeJson(json, results, vectorSet.vectorBits(), p, peak);
        }
        List<BenchEntry> entries = report.entries(results, p);
        if (output != null && format.equals("dino")) {
            report.writeJson(output, results, vectorSet.vectorBits(), p, peak);
        }
        if (output != null && format.equals("jmh")) {
            byte[] bytes = BenchJmhFormat.json(entries, peak, millis, KernelWorkload.WARMUP_MILLIS)
                    .getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(output, "--output", file -> file.write(bytes));
        }
        if (plot != null) {
            report.writePlot(plot, entries, p, peak, bandwidth);
        }
        BenchComparison comparison = previous == null ? null
                : BenchComparison.of(baseline.toString(), previous, "this run", entries, confidence, tolerance,
                        BenchCompareCommand.rule(spec, relative, ratioOnly));
        if (summary != null) {
            String title = "dino bench: this run against " + (baseline == null ? "" : baseline.getFileName());
            byte[] bytes = (comparison != null ? comparison.markdown(title) : report.runMarkdown(results, p)).getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(summary, "--summary", file -> file.write(bytes));
        }
        if (comparison != null) {
            List<String> regressions = comparison.regressions();
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

    /** {@code --jvm}: this command's other options, run in a child JVM per path by {@link BenchJvms}. */
    private int acrossJvms() throws IOException {
        for (String o : new String[] {"--json", "--output", "--baseline", "--summary", "--plot"}) {
            if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                throw new ParameterException(spec.commandLine(), "--jvm writes its own results (under --jvm-dir): leave out " + o);
            }
        }
        if (forks < 1 || forks > 100) {
            throw new ParameterException(spec.commandLine(), "--forks must be between 1 and 100, got " + forks);
        }
        List<Path> launchers = new ArrayList<>();
        for (String j : jvms) {
            launchers.add(BenchJvms.launcher(j));
        }
        java.util.Set<String> own = java.util.Set.of("--jvm", "--forks", "--jvm-dir");
        List<String> options = new ArrayList<>();
        for (picocli.CommandLine.Model.OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            if (own.contains(o.longestName())) {
                continue;
            }
            if (o.arity().max() == 0) {
                options.add(o.longestName());
            }
            for (String v : o.originalStringValues()) {
                options.add(o.longestName());
                options.add(v);
            }
        }
        return BenchJvms.run(launchers, options, forks, jvmDir, confidence, tolerance, spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    private static void progress(PrintWriter err, boolean terminal, String text) {
        err.print(terminal ? "\r" + text + "\u001b[K" : text + "\n");
        err.flush();
    }

    /** Whether this JVM has the Vector API, which the peak probes need. */
    private static boolean vectorModule() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    static String jdk() {
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
        BenchCompareCommand.validate(spec, tolerance, confidence);
        BenchCompareCommand.rule(spec, relative, ratioOnly);
        if (!kernels.equals("vector") && !kernels.equals("scalar")) {
            throw new ParameterException(spec.commandLine(), "--kernels must be vector or scalar, got '" + kernels + "'");
        }
        if (!products.equals("fma") && !products.equals("mul-add")) {
            throw new ParameterException(spec.commandLine(), "--products must be mul-add or fma, got '" + products + "'");
        }
        if (!format.equals("dino") && !format.equals("jmh")) {
            throw new ParameterException(spec.commandLine(), "--format must be dino or jmh, got '" + format + "'");
        }
        if (format.equals("jmh") && output == null) {
            throw new ParameterException(spec.commandLine(), "--format jmh needs --output FILE");
        }
        if (format.equals("jmh") && rounds < 3) {
            throw new ParameterException(spec.commandLine(), "--format jmh needs --rounds 3 or more (JMH's error needs three values), got "
                    + rounds);
        }
        if (baseline != null && java.nio.file.Files.isDirectory(baseline)) {
            throw new dino.api.DinoException("--baseline takes one result file, not the folder " + baseline
                    + ": to compare several runs, write each with --json into a folder and use dino bench compare OLD_FOLDER NEW_FOLDER");
        }
        if ((plot != null || format.equals("jmh")) && !vectorModule()) {
            throw new dino.api.DinoException("--plot and --format jmh measure the FMA peak with the Vector API: run java with "
                    + "--add-modules jdk.incubator.vector");
        }
        if (json != null) {
            AtomicFiles.checkWritable(json, "--json");
        }
        if (output != null) {
            AtomicFiles.checkWritable(output, "--output");
        }
        if (summary != null) {
            AtomicFiles.checkWritable(summary, "--summary");
        }
        if (plot != null) {
            LossPlot.check(plot);
        }
    }
}
