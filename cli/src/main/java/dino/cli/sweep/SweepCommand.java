// `dino sweep`: trains a grid or a random sample of settings, each with validation, and prints them ranked.
package dino.cli.sweep;

import dino.api.DinoException;
import dino.api.Mode;
import dino.api.TrainingConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Builds a {@link SweepPlan} from the options, marks the output folder with its manifest, runs the trials not yet
 * finished on a {@link SweepBackend} (this JVM's threads, or Spark), and writes the table and the curves. Markdown
 * table on stdout; one line per trial, and the summary, on stderr.
 */
@Command(name = "sweep",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Trains one model per combination of settings (a grid) or per random draw, each with a "
                + "validation split, keeping its best model (--keep-best) and stopping when it stops improving "
                + "(--patience), and prints the trials ranked by their lowest validation loss. Settings are named as "
                + "train's options without the dashes (hidden, learning-rate or lr, cell, layers, dropout, batch-size, "
                + "optimizer, seq-length, clip, precision, ...).",
                "",
                "Run the same command again and finished trials are skipped, an interrupted one resumes from its last "
                + "check. With no --grid or --random: a small grid on the bundled dinosaur names (8 trials, under a "
                + "minute on two cores).",
                "",
                "Writes into --out: manifest.json (the sweep), results.md/.csv/.json (the table, losses exact), "
                + "curves.svg (every trial's validation loss), trials/trial-NNN/ (best.npz, curve.csv, result.json)."},
        footer = {"", "Examples:",
                "  java --add-modules jdk.incubator.vector -jar dino.jar sweep --out sweeps/dinos",
                "  java --add-modules jdk.incubator.vector -jar dino.jar sweep \\",
                "      --out sweeps/names --data data/names.txt --parallel 2 \\",
                "      --grid \"cell=lstm,gru hidden=64,128 lr=0.002,0.005\" \\",
                "      --set \"optimizer=adam batch-size=16\" --iterations 3000",
                "  java --add-modules jdk.incubator.vector -jar dino.jar sweep \\",
                "      --out sweeps/shakespeare --mode text --data data/tinyshakespeare.txt \\",
                "      --set \"cell=lstm optimizer=adam batch-size=16\" --trials 12 \\",
                "      --random \"lr=1e-4..1e-2:log hidden=64..256 dropout=0..0.3 layers=1,2\"",
                "  On Spark: the same options and --spark MASTER, with dino-spark.jar",
                "  (docs/sweep.md)."})
public final class SweepCommand implements Callable<Integer> {
    /** The space of a sweep given no --grid or --random: small models on the bundled names, under a minute on 2 cores. */
    static final String DEFAULT_GRID = "cell=rnn,gru hidden=32,64 lr=0.005,0.02";
    /** The share held out for validation unless --set or the space says otherwise. */
    static final double DEFAULT_VAL_FRACTION = 0.1;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE",
            description = "UTF-8 training data: names one per line, or text with --mode text; with --spark also a Hadoop "
                    + "URI (default: the bundled dinos.txt).")
    String data;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "lines",
            description = "lines (names) or text (running text) (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--grid", paramLabel = "SPACE",
            description = "Every combination: \"name=v1,v2 name=v1,v2 ...\", e.g. \"cell=lstm,gru hidden=128,256 "
                    + "lr=0.002,0.005\" (default: \"" + DEFAULT_GRID + "\" when --random is not given).")
    String grid;

    @Option(names = "--random", paramLabel = "SPACE",
            description = "Random search with --trials N: each setting a list (cell=lstm,gru) or a range lo..hi, drawn "
                    + "uniformly, or lo..hi:log, uniformly in the logarithm (lr=1e-4..1e-2:log).")
    String random;

    @Option(names = "--trials", paramLabel = "N", description = "Trials of a --random search.")
    Integer trials;

    @Option(names = "--set", paramLabel = "SETTINGS",
            description = "Settings every trial shares, \"name=value ...\", e.g. \"optimizer=adam batch-size=16\" "
                    + "(default: train's, with val-fraction=" + DEFAULT_VAL_FRACTION + ").")
    String set;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "30000",
            description = "Each trial trains up to N iterations (default: ${DEFAULT-VALUE}).")
    long iterations;

    @Option(names = "--print-every", paramLabel = "N", defaultValue = "1000",
            description = "Measure the validation loss, keep the best model and write a checkpoint every N iterations "
                    + "(default: ${DEFAULT-VALUE}).")
    long printEvery;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "4",
            description = "Stop a trial after N checks in a row without a lower validation loss (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Trial i trains with seed S+i (unless the space varies seed); a random search's draws come "
                    + "from S too (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "sweep",
            description = "Output folder; with --spark a path or Hadoop URI (default: ${DEFAULT-VALUE}).")
    String out;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
            description = "Trials at once (locally), the processors shared between them (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--threads", paramLabel = "N",
            description = "Kernel threads per trial; the same bits for every N (default: processors / --parallel, at "
                    + "least 1; on Spark, spark.task.cpus).")
    Integer threads;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Run each trial as a Spark task on MASTER (local[2], spark://host:7077, yarn, ...): needs "
                    + "dino-spark.jar and Spark on the class path (docs/sweep.md). Under spark-submit, its master.")
    String spark;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SweepPlan plan = plan();
        try (SweepBackend backend = backend(err)) {
            SweepFiles files = backend.files();
            claim(files, plan);
            List<TrialResult> results = new ArrayList<>();
            List<Trial> pending = new ArrayList<>();
            for (Trial t : plan.trials()) {
                Optional<TrialResult> done = TrialRunner.finished(files, t);
                if (done.isPresent()) {
                    results.add(done.get());
                } else {
                    pending.add(t);
                }
            }
            err.println("sweep: " + plan.trials().size() + " trials (" + plan.search() + ": " + plan.space() + ")"
                    + (results.isEmpty() ? "" : ", " + results.size() + " finished before") + "; " + backend.describe());
            err.flush();
            AtomicInteger count = new AtomicInteger(results.size());
            long start = System.nanoTime();
            results.addAll(backend.run(plan, pending, r -> {
                synchronized (err) {
                    err.println(progressLine(r, count.incrementAndGet(), plan.trials().size()));
                    err.flush();
                }
            }));
            double seconds = (System.nanoTime() - start) / 1e9;
            SweepTable table = new SweepTable(results);
            files.write(SweepTable.CSV, table.csv().getBytes(StandardCharsets.UTF_8));
            files.write(SweepTable.JSON, table.json().getBytes(StandardCharsets.UTF_8));
            files.write(SweepTable.MARKDOWN, table.markdown().getBytes(StandardCharsets.UTF_8));
            List<SweepPlot.Line> lines = new ArrayList<>();
            for (TrialResult r : table.rows()) {
                byte[] csv = files.read(plan.trials().get(r.trial()).folder() + "/" + TrialRunner.CURVE)
                        .orElse(LossCurve.HEADER.getBytes(StandardCharsets.UTF_8));
                lines.add(new SweepPlot.Line(r, LossCurve.parse(csv, Long.MAX_VALUE)));
            }
            files.write(SweepPlot.FILE, SweepPlot.svg(lines, "dino sweep: validation loss of " + lines.size() + " trials"));
            stdout.print(table.markdown());
            stdout.flush();
            TrialResult best = table.rows().get(0);
            err.println(String.format(Locale.ROOT, "sweep: %d trials run in %.1f s; best: trial %d (%s), validation loss "
                            + "%.4f (%.4f bits/char) at iteration %d: %s/%s/%s", pending.size(), seconds, best.trial(),
                    Trial.words(best.varied()), best.bestValidationLoss(), best.bitsPerCharacter(), best.bestIteration(),
                    files.describe(), plan.trials().get(best.trial()).folder(), TrialRunner.BEST));
            return 0;
        }
    }

    private static String progressLine(TrialResult r, int done, int total) {
        return String.format(Locale.ROOT, "trial %d (%d of %d) %s: %s, validation loss %.4f at iteration %d%s, %.1f s%s",
                r.trial(), done, total, Trial.words(r.varied()), r.status(), r.bestValidationLoss(), r.bestIteration(),
                r.stoppedEarly() ? " (stopped at " + r.iterations() + ")" : "", r.wallSeconds(),
                r.resumedAt() >= 0 ? " (resumed at iteration " + r.resumedAt() + ")" : "");
    }

    /** The plan the options give; every value checked against the API's limits before anything runs. */
    SweepPlan plan() {
        positive("--iterations", iterations);
        positive("--print-every", printEvery);
        positive("--patience", patience);
        positive("--parallel", parallel);
        if (threads != null) {
            positive("--threads", threads);
        }
        if (random != null && grid != null) {
            throw new ParameterException(spec.commandLine(), "give --grid or --random, not both");
        }
        if (random != null && trials == null) {
            throw new ParameterException(spec.commandLine(), "--random needs --trials N");
        }
        if (random == null && trials != null) {
            throw new ParameterException(spec.commandLine(), "--trials goes with --random (a grid has one trial per combination)");
        }
        if (trials != null) {
            positive("--trials", trials);
        }
        TrainingConfig base;
        try {
            TrainingConfig.Builder b = TrainingConfig.builder().valFraction(DEFAULT_VAL_FRACTION).mode(Mode.parse(mode)).seed(seed);
            base = b.build();
        } catch (DinoException e) {
            throw new ParameterException(spec.commandLine(), SweepSetting.message(e));
        }
        Map<String, String> fixed = new LinkedHashMap<>();
        if (set != null) {
            SweepSpace given = SweepSpace.parse(set, false, base, "--set");
            TrainingConfig.Builder b = base.toBuilder();
            for (SweepSpace.Dimension d : given.dimensions()) {
                if (d.values().size() != 1) {
                    throw new DinoException("--set " + d.written() + ": one value per setting (a list goes in --grid)");
                }
                d.setting().apply(b, d.values().get(0), "--set");
                fixed.put(d.setting().label, d.values().get(0));
            }
            base = b.build();
        }
        String option = random != null ? "--random" : "--grid";
        SweepSpace space = SweepSpace.parse(random != null ? random : grid != null ? grid : DEFAULT_GRID, random != null,
                base, option);
        for (SweepSpace.Dimension d : space.dimensions()) {
            if (fixed.containsKey(d.setting().label)) {
                throw new DinoException(d.setting().label + " is in both --set and " + option + ": give it in one");
            }
        }
        List<Trial> list = space.trials(base, trials == null ? 0 : trials);
        for (Trial t : list) {
            try {
                t.config().requireValidation("keepBest");
            } catch (DinoException e) {
                throw new DinoException("trial " + t.index() + ": every trial keeps its best model by its validation "
                        + "loss: give val-fraction above 0");
            }
        }
        Map<String, String> baseSettings = new LinkedHashMap<>();
        for (SweepSetting s : SweepSetting.values()) {
            baseSettings.put(s.label, s.valueIn(base));
        }
        return new SweepPlan(dataSource(), space.random() ? "random" : "grid", space.written(), baseSettings, iterations,
                printEvery, patience, list);
    }

    /** The data as the plan names it: an absolute local path (checked), a URI for Spark, or null (bundled). */
    private String dataSource() {
        if (data == null) {
            return null;
        }
        if (hasScheme(data)) {
            if (sparkMaster() == null) {
                throw new DinoException("--data " + data + " is a URI: a local sweep reads a local file (URIs need --spark)");
            }
            return data;
        }
        Path file = Path.of(data).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new DinoException("--data " + data + ": no such file");
        }
        return file.toString();
    }

    private SweepBackend backend(PrintWriter err) {
        String master = sparkMaster();
        if (master != null && spec.commandLine().getParseResult().hasMatchedOption("--parallel")) {
            throw new DinoException("--parallel is for a local sweep: on Spark the executors' cores and spark.task.cpus "
                    + "decide how many trials run at once");
        }
        if (master != null) {
            Iterator<SweepBackend.Spark> found = ServiceLoader.load(SweepBackend.Spark.class).iterator();
            if (!found.hasNext()) {
                throw new DinoException("--spark needs Spark: run spark/target/dino-spark.jar with Spark's jars on the "
                        + "class path, or through spark-submit (docs/sweep.md)");
            }
            return found.next().open(master.isEmpty() ? null : master, out, threads, err);
        }
        if (hasScheme(out) && !out.startsWith("file:")) {
            throw new DinoException("--out " + out + " is a URI: a local sweep writes a local folder (URIs need --spark)");
        }
        Path folder = out.startsWith("file:") ? Path.of(URI.create(out)) : Path.of(out);
        int processors = Runtime.getRuntime().availableProcessors();
        return new LocalBackend(folder, parallel, threads != null ? threads : LocalBackend.threadsPerTrial(processors, parallel));
    }

    /** --spark, else the master spark-submit set (an empty string: Spark decides), else null: local. */
    private String sparkMaster() {
        if (spark != null) {
            return spark;
        }
        return System.getProperty("spark.master") != null ? "" : null;
    }

    /**
     * Marks the output folder as this sweep's, or refuses it: a folder holding another sweep's manifest, or files
     * that are not a sweep's.
     */
    static void claim(SweepFiles files, SweepPlan plan) {
        String manifest = plan.manifest();
        Optional<byte[]> held = files.read(SweepPlan.MANIFEST);
        if (held.isPresent()) {
            String old = new String(held.get(), StandardCharsets.UTF_8);
            if (old.equals(manifest)) {
                return;
            }
            throw new DinoException("the output folder " + files.describe() + " holds another sweep ("
                    + (old.contains(SweepPlan.FORMAT) ? differences(old, manifest) : "its manifest.json is not dino's")
                    + "): give another --out, or delete it");
        }
        if (files instanceof LocalSweepFiles) {
            Path dir = Path.of(files.describe());
            try (Stream<Path> entries = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
                if (entries.findAny().isPresent()) {
                    throw new DinoException("the output folder " + dir + " holds other files and no sweep: give another --out");
                }
            } catch (java.io.IOException e) {
                throw new DinoException("cannot read the output folder " + dir + ": " + e.getMessage());
            }
        }
        files.write(SweepPlan.MANIFEST, manifest.getBytes(StandardCharsets.UTF_8));
    }

    /** Which keys of two manifests differ, for the message. */
    private static String differences(String old, String now) {
        com.google.gson.JsonObject a = com.google.gson.JsonParser.parseString(old).getAsJsonObject();
        com.google.gson.JsonObject b = com.google.gson.JsonParser.parseString(now).getAsJsonObject();
        List<String> keys = new ArrayList<>();
        for (String k : b.keySet()) {
            if (!b.get(k).equals(a.get(k))) {
                keys.add(k);
            }
        }
        return "its " + (keys.isEmpty() ? "manifest" : String.join(", ", keys)) + " differ" + (keys.size() == 1 ? "s" : "");
    }

    private static boolean hasScheme(String s) {
        return s.matches("[A-Za-z][A-Za-z0-9+.-]+:.*");
    }

    private void positive(String option, long value) {
        if (value < 1) {
            throw new ParameterException(spec.commandLine(), option + " must be at least 1, got " + value);
        }
    }
}
