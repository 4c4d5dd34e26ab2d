// `dino bench compare OLD NEW`: benchstat for dino and JMH result files; exit 4 on a regression.
package dino.cli.bench;

import dino.bench.harness.BenchEntry;
import dino.engine.io.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Reads two result files, prints {@link BenchComparison}'s table on stdout, optionally its Markdown, and exits 4 on a regression. */
@Command(name = "compare",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Compares two sets of results, like Go's benchstat; exits 4 on a regression.",
                "OLD and NEW are dino bench --json files, dino bench --format jmh files, any JMH -rf json files, or folders "
                        + "of such files (one per run). For each entry in both: the change of its time per call and of its "
                        + "vector/scalar speed-up, with a confidence interval (Hodges-Lehmann estimate, Mann-Whitney interval; "
                        + "samples are the rounds of one file, or each run's median with folders), the p-value and a verdict: "
                        + "faster, no change, slower, or REGRESSED: slower beyond --tolerance with the interval excluding no "
                        + "change, by the time of any entry but the scalar kernels' (by the vector/scalar speed-up alone with "
                        + "--relative scalar). Scalar entries never regress. Files from an older dino bench (without the rounds) "
                        + "are refused. See docs/ci.md."},
        footer = {"", "Examples:",
                "  java --add-modules jdk.incubator.vector -jar dino.jar bench --json new.json",
                "  java -jar dino.jar bench compare main.json new.json --summary summary.md",
                "  java -jar dino.jar bench compare main.json new.json --relative scalar",
                "  java -jar dino.jar bench compare main-runs/ new-runs/"})
final class BenchCompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "The baseline: a result file, or a folder of result files "
            + "(several runs: each run's median is then one sample).")
    Path before;

    @Parameters(index = "1", paramLabel = "NEW", description = "The results to judge: a file or a folder, as OLD.")
    Path after;

    @Option(names = "--tolerance", paramLabel = "F", defaultValue = "0.2",
            description = "Largest allowed fall of a speed or speed-up, as a fraction: 0.2 fails at time x1.25 (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--confidence", paramLabel = "C", defaultValue = "0.95",
            description = "Confidence of the intervals, in (0.5, 1) (default: ${DEFAULT-VALUE}).")
    double confidence;

    @Option(names = "--relative", paramLabel = "KIND", defaultValue = "none",
            description = RELATIVE_HELP)
    String relative;

    @Option(names = "--ratio-only", hidden = true, description = "The old name of --relative scalar.")
    boolean ratioOnly;

    @Option(names = "--summary", paramLabel = "FILE", description = "Also write the table as Markdown (e.g. then append it to $GITHUB_STEP_SUMMARY).")
    Path summary;

    static final String RELATIVE_HELP = "What a time is judged against: none (a slower time of any vector entry regresses, "
            + "whatever the scalar kernels did) or scalar (only the vector/scalar speed-up measured in the same run is compared: "
            + "for runners of unknown speed, such as a result stored on another machine) (default: ${DEFAULT-VALUE}).";

    @Override
    public Integer call() {
        validate(spec, tolerance, confidence);
        BenchComparison.Rule rule = rule(spec, relative, ratioOnly);
        if (summary != null) {
            AtomicFiles.checkWritable(summary, "--summary");
        }
        List<BenchEntry> old = BenchFiles.read(before, "OLD");
        List<BenchEntry> now = BenchFiles.read(after, "NEW");
        BenchComparison c = BenchComparison.of(before.toString(), old, after.toString(), now, confidence, tolerance, rule);
        String was = BenchFiles.machine(before);
        String is = BenchFiles.machine(after);
        if (was != null && is != null && !was.equals(is)) {
            spec.commandLine().getErr().println("dino: note: OLD was measured on " + was + ", NEW on " + is
                    + ": times and speed-ups differ between machines and JDKs, so the verdicts may be the machines'");
        }
        c.print(spec.commandLine().getOut());
        if (summary != null) {
            byte[] bytes = c.markdown("dino bench: " + after.getFileName() + " against " + before.getFileName())
                    .getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(summary, "--summary", out -> out.write(bytes));
        }
        if (c.regressed()) {
            for (String line : c.regressions()) {
                spec.commandLine().getErr().println("dino: regressed: " + line);
            }
            return BenchCommand.EXIT_REGRESSED;
        }
        return 0;
    }

    /** {@code --relative} (or the hidden {@code --ratio-only}, its old name) as a rule; shared with `bench --baseline`. */
    static BenchComparison.Rule rule(CommandSpec spec, String relative, boolean ratioOnly) {
        BenchComparison.Rule rule = BenchComparison.Rule.parse(relative);
        if (rule == null) {
            throw new ParameterException(spec.commandLine(), "--relative must be none or scalar, got '" + relative + "'");
        }
        return ratioOnly ? BenchComparison.Rule.SCALAR : rule;
    }

    /** The checks `compare` and `bench --baseline` share. */
    static void validate(CommandSpec spec, double tolerance, double confidence) {
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new ParameterException(spec.commandLine(), "--tolerance must be in [0, 1), got " + tolerance);
        }
        if (!(confidence > 0.5 && confidence < 1)) {
            throw new ParameterException(spec.commandLine(), "--confidence must be in (0.5, 1), got " + confidence);
        }
    }
}
