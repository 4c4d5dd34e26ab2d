// `dino bench compare` and `--baseline`: each entry's change with its interval and a verdict, as a table or Markdown.
package dino.cli.bench;

import dino.api.DinoException;
import dino.bench.harness.BenchEntry;
import dino.bench.harness.BenchStats;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Matches the entries of two result files by benchmark and parameters and compares, for each, the time per call
 * (every round of one file against every round of the other) and, where both files hold it, the vector/scalar
 * speed-up (measured within each round, so a machine that is slower as a whole does not move it). Each change is
 * {@link BenchStats#compare}'s Hodges-Lehmann ratio with its Mann-Whitney interval. Verdicts:
 * <ul>
 * <li>{@code faster} / {@code slower}: the interval excludes no change;</li>
 * <li>{@code no change}: it does not;</li>
 * <li>{@code REGRESSED}: slower, and the estimate is slower than the tolerance allows (0.2: time × 1.25 or more,
 *     or a speed-up falling by more than 20%), by the measure that decides. This alone makes the exit code 4.</li>
 * </ul>
 * Which measure decides is the {@link Rule}: by default ({@link Rule#ABSOLUTE}) the time of every entry that is not
 * the scalar specification, as github-action-benchmark and Bencher judge, so a change that slows scalar and vector
 * kernels alike (the training loop, an allocation on the hot path) fails; the speed-up is shown beside it. With
 * {@link Rule#SCALAR} ({@code --relative scalar}, for runners of unknown speed, such as a stored result from another
 * machine) only the speed-ups are compared and decide. Entries of the scalar specification ({@code kernels=scalar})
 * are shown but never regress: they are the yardstick. Entries in one file only are counted, not compared.
 */
final class BenchComparison {
    /** What a vector entry's regression is measured against: nothing (its time) or the scalar kernels (its speed-up). */
    enum Rule {
        ABSOLUTE("none"), SCALAR("scalar");

        /** The value of {@code --relative}. */
        final String option;

        Rule(String option) {
            this.option = option;
        }

        /** {@code --relative}'s value, or null when it is none of them. */
        static Rule parse(String option) {
            for (Rule r : values()) {
                if (r.option.equals(option)) {
                    return r;
                }
            }
            return null;
        }
    }

    enum Verdict {
        FASTER("faster"), SAME("no change"), SLOWER("slower"), REGRESSED("REGRESSED");

        final String text;

        Verdict(String text) {
            this.text = text;
        }
    }

    /** One compared measure of one entry. */
    static final class Row {
        final BenchEntry entry;
        /** {@code time} (ns per call, smaller is better) or {@code speed-up} (larger is better). */
        final String measure;
        final double before;
        final double after;
        final BenchStats.Change change;
        final Verdict verdict;

        Row(BenchEntry entry, String measure, double before, double after, BenchStats.Change change, Verdict verdict) {
            this.entry = entry;
            this.measure = measure;
            this.before = before;
            this.after = after;
            this.change = change;
            this.verdict = verdict;
        }
    }

    final List<Row> rows = new ArrayList<>();
    final double confidence;
    final double tolerance;
    final Rule rule;
    final int onlyBefore;
    final int onlyAfter;
    /** Fewest runs behind an entry's samples on each side: 1 means the rounds of one run are the samples. */
    private int runsBefore = Integer.MAX_VALUE;
    private int runsAfter = Integer.MAX_VALUE;
    /** Parameters whose value differs between entries, shown in labels (kernels always). */
    private final Set<String> shown = new HashSet<>();

    private BenchComparison(double confidence, double tolerance, Rule rule, int onlyBefore, int onlyAfter) {
        this.confidence = confidence;
        this.tolerance = tolerance;
        this.rule = rule;
        this.onlyBefore = onlyBefore;
        this.onlyAfter = onlyAfter;
    }

    /**
     * @param rule which measure decides: the time, or (SCALAR) only the speed-up, which is then the only one compared
     * @throws DinoException when the files have no entry in common, or, with SCALAR, no speed-up in common
     */
    static BenchComparison of(String beforeName, List<BenchEntry> before, String afterName, List<BenchEntry> after,
            double confidence, double tolerance, Rule rule) {
        Map<String, BenchEntry> old = new LinkedHashMap<>();
        for (BenchEntry e : before) {
            old.put(e.key(), e);
        }
        Map<String, BenchEntry> matched = new LinkedHashMap<>();
        for (BenchEntry e : after) {
            if (old.containsKey(e.key())) {
                matched.put(e.key(), e);
            }
        }
        if (matched.isEmpty()) {
            throw new DinoException(beforeName + " and " + afterName + " have no entry in common (" + before.size() + " and "
                    + after.size() + " entries): compare runs of the same kernels, sizes and settings");
        }
        BenchComparison c = new BenchComparison(confidence, tolerance, rule, old.size() - matched.size(), after.size() - matched.size());
        Map<String, Set<String>> values = new HashMap<>();
        for (BenchEntry e : matched.values()) {
            e.params.forEach((k, v) -> values.computeIfAbsent(k, x -> new HashSet<>()).add(v));
        }
        values.forEach((k, v) -> {
            if (v.size() > 1 || k.equals("kernels")) {
                c.shown.add(k);
            }
        });
        for (BenchEntry now : matched.values()) {
            BenchEntry was = old.get(now.key());
            c.runsBefore = Math.min(c.runsBefore, was.runs);
            c.runsAfter = Math.min(c.runsAfter, now.runs);
            if (rule == Rule.ABSOLUTE) {
                c.rows.add(c.row(now, "time", was.ns, now.ns, false, true));
            }
            if (was.speedups != null && now.speedups != null) {
                c.rows.add(c.row(now, "speed-up", was.speedups, now.speedups, true, rule == Rule.SCALAR));
            }
        }
        if (c.rows.isEmpty()) {
            throw new DinoException("--relative scalar: " + beforeName + " and " + afterName + " have no speed-up in common (only "
                    + "dino bench's own files hold vector/scalar speed-ups): leave out --relative scalar");
        }
        return c;
    }

    /** One measure's row; REGRESSED when it decides and is beyond the tolerance, else at worst slower. */
    private Row row(BenchEntry entry, String measure, double[] was, double[] now, boolean higherIsBetter, boolean decides) {
        BenchStats.Change change = BenchStats.compare(was, now, confidence);
        // How many times slower, with its interval: time after/before, or speed-up before/after.
        double slowdown = higherIsBetter ? 1 / change.ratio : change.ratio;
        double slowLow = higherIsBetter ? 1 / change.high : change.low;
        double slowHigh = higherIsBetter ? 1 / change.low : change.high;
        Verdict v = Verdict.SAME;
        if (slowLow > 1) {
            v = decides && slowdown > 1 / (1 - tolerance) && !entry.reference() ? Verdict.REGRESSED : Verdict.SLOWER;
        } else if (slowHigh < 1) {
            v = Verdict.FASTER;
        }
        return new Row(entry, measure, BenchStats.median(was), BenchStats.median(now), change, v);
    }

    boolean regressed() {
        return rows.stream().anyMatch(r -> r.verdict == Verdict.REGRESSED);
    }

    /** One line per regression, for stderr, in the words `--baseline` has always used. */
    List<String> regressions() {
        List<String> lines = new ArrayList<>();
        for (Row r : rows) {
            if (r.verdict != Verdict.REGRESSED) {
                continue;
            }
            String name = r.entry.label(Set.of());
            String detail = String.format(Locale.ROOT, "(%s, %s)", percent(r.change.ratio), interval(r));
            if (r.measure.equals("speed-up")) {
                lines.add(String.format(Locale.ROOT, "%s speed-up %.2fx, baseline %.2fx %s", name, r.after, r.before, detail));
            } else {
                lines.add(String.format(Locale.ROOT, "%s %s throughput %.0f/s, baseline %.0f/s (time %s, %s)", name,
                        r.entry.params.getOrDefault("kernels", "benchmark"), 1e9 / r.after, 1e9 / r.before, percent(r.change.ratio),
                        interval(r)));
            }
        }
        return lines;
    }

    /** The table `dino bench compare` prints: one row per measure, benchstat's columns plus the verdict. */
    void print(PrintWriter out) {
        int width = 5;
        for (Row r : rows) {
            width = Math.max(width, r.entry.label(shown).length());
        }
        out.printf(Locale.ROOT, "%-" + width + "s %-8s %14s %14s %9s %21s %7s  %s%n", "entry", "measure", "before", "after", "change",
                intervalHeading(), "p", "verdict");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%-" + width + "s %-8s %14s %14s %9s %21s %7.3f  %s%n", r.entry.label(shown), r.measure,
                    value(r, r.before), value(r, r.after), percent(r.change.ratio), interval(r), r.change.p, r.verdict.text);
        }
        out.printf(Locale.ROOT, "%s%n", footnote());
        out.flush();
    }

    /** The same as a Markdown table for $GITHUB_STEP_SUMMARY or a pull-request comment. */
    String markdown(String title) {
        StringBuilder s = new StringBuilder();
        s.append("### ").append(title).append("\n\n");
        s.append(regressed() ? "**Regression**: " + rows.stream().filter(r -> r.verdict == Verdict.REGRESSED).count()
                + " measure(s) slower beyond the tolerance.\n\n" : "No regression.\n\n");
        s.append("| kernel | size | measure | before | after | change (").append(intervalHeading()).append(") | verdict |\n");
        s.append("| --- | ---: | --- | ---: | ---: | ---: | --- |\n");
        for (Row r : rows) {
            String label = r.entry.label(shown);
            String hidden = r.entry.params.get("hidden");
            String kernel = hidden == null ? label : label.replace(" n_a=" + hidden, "");
            s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s %s | %s |%n", kernel, hidden == null ? "" : hidden,
                    r.measure, value(r, r.before), value(r, r.after), percent(r.change.ratio), interval(r),
                    r.verdict == Verdict.REGRESSED ? "**REGRESSED**" : r.verdict.text));
        }
        s.append("\n").append(footnote()).append("\n");
        return s.toString();
    }

    private String footnote() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "change: Hodges-Lehmann estimate of after/before over the "
                + "rounds, with its %.0f%% Mann-Whitney interval; REGRESSED: slower with the interval excluding no change and "
                + "the estimate beyond the tolerance %.2f (time x%.2f), by %s; scalar entries never regress.", 100 * confidence,
                tolerance, 1 / (1 - tolerance), rule == Rule.ABSOLUTE ? "the time (the speed-up is shown, it does not decide)"
                        : "the vector/scalar speed-up (--relative scalar: times are not compared)"));
        if (runsBefore > 1 && runsAfter > 1) {
            s.append(String.format(Locale.ROOT, " Samples: each run's median (%d runs before, %d after), so the intervals hold the "
                    + "variation from one JVM to the next.", runsBefore, runsAfter));
        } else {
            s.append(" Samples: the rounds of one run a side, so the intervals leave out the variation from one JVM to the next "
                    + "(compare folders of several runs to include it: docs/ci.md).");
        }
        if (onlyBefore > 0 || onlyAfter > 0) {
            s.append(String.format(Locale.ROOT, " Not compared: %d entries only before, %d only after.", onlyBefore, onlyAfter));
        }
        if (rows.stream().anyMatch(r -> r.change.coverage == 0)) {
            s.append(String.format(Locale.ROOT, " Too few rounds for a %.0f%% interval in some rows (at least 4 against 4 are "
                    + "needed at 95%%): use --rounds 5 or more.", 100 * confidence));
        }
        return s.toString();
    }

    private String intervalHeading() {
        return String.format(Locale.ROOT, "%.0f%% interval", 100 * confidence);
    }

    private static String value(Row r, double v) {
        return r.measure.equals("speed-up") ? String.format(Locale.ROOT, "%.2fx", v) : String.format(Locale.ROOT, "%.1f ns", v);
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%+.1f%%", 100 * (ratio - 1));
    }

    private static String interval(Row r) {
        if (r.change.coverage == 0) {
            return "[too few rounds]";
        }
        return String.format(Locale.ROOT, "[%s, %s]", percent(r.change.low), percent(r.change.high));
    }
}
