// `dino bench compare` and `--baseline`: each entry's change with its interval and a verdict, as a table or Markdown.
package dino.cli;

import dino.engine.DinoException;
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
 * <li>{@code REGRESSED}: slower, and the estimate is slower than the tolerance allows: a speed or speed-up
 *     falling more than {@code tolerance} (0.2: time × 1.25 or more), by every measure compared for that entry.
 *     This alone makes the exit code 4.</li>
 * </ul>
 * "Every measure": a vector entry has two, its time and its speed-up, and regresses only when both fall beyond
 * the tolerance. Each alone is weaker evidence: a time moves with the machine, and a speed-up moves with the
 * scalar kernel's compilation, which differs from one JVM to the next (docs/ci.md: backward's scalar time
 * doubled between two runs while its vector time held). With {@code --ratio-only} the speed-up decides alone.
 * Entries of the scalar specification ({@code kernels=scalar}) are shown but never regress: what CI protects is
 * the vector kernels' speed and their speed-up. Entries in one file only are counted, not compared.
 */
final class BenchComparison {
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
    final int onlyBefore;
    final int onlyAfter;
    /** Fewest runs behind an entry's samples on each side: 1 means the rounds of one run are the samples. */
    private int runsBefore = Integer.MAX_VALUE;
    private int runsAfter = Integer.MAX_VALUE;
    /** Parameters whose value differs between entries, shown in labels (kernels always). */
    private final Set<String> shown = new HashSet<>();

    private BenchComparison(double confidence, double tolerance, int onlyBefore, int onlyAfter) {
        this.confidence = confidence;
        this.tolerance = tolerance;
        this.onlyBefore = onlyBefore;
        this.onlyAfter = onlyAfter;
    }

    /**
     * @param ratioOnly compare only the speed-ups
     * @throws DinoException when the files have no entry in common, or, with ratioOnly, no speed-up in common
     */
    static BenchComparison of(String beforeName, List<BenchEntry> before, String afterName, List<BenchEntry> after,
            double confidence, double tolerance, boolean ratioOnly) {
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
        BenchComparison c = new BenchComparison(confidence, tolerance, old.size() - matched.size(), after.size() - matched.size());
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
            List<Row> measures = new ArrayList<>();
            if (!ratioOnly) {
                measures.add(c.row(now, "time", was.ns, now.ns, false));
            }
            if (was.speedups != null && now.speedups != null) {
                measures.add(c.row(now, "speed-up", was.speedups, now.speedups, true));
            }
            boolean everyMeasure = measures.stream().allMatch(r -> r.verdict == Verdict.REGRESSED);
            for (Row r : measures) {
                c.rows.add(r.verdict == Verdict.REGRESSED && !everyMeasure
                        ? new Row(r.entry, r.measure, r.before, r.after, r.change, Verdict.SLOWER) : r);
            }
        }
        if (c.rows.isEmpty()) {
            throw new DinoException("--ratio-only: " + beforeName + " and " + afterName + " have no speed-up in common (only dino "
                    + "bench's own files hold vector/scalar speed-ups): leave out --ratio-only");
        }
        return c;
    }

    /** One measure's row, REGRESSED when this measure alone is beyond the tolerance. */
    private Row row(BenchEntry entry, String measure, double[] was, double[] now, boolean higherIsBetter) {
        BenchStats.Change change = BenchStats.compare(was, now, confidence);
        // How many times slower, with its interval: time after/before, or speed-up before/after.
        double slowdown = higherIsBetter ? 1 / change.ratio : change.ratio;
        double slowLow = higherIsBetter ? 1 / change.high : change.low;
        double slowHigh = higherIsBetter ? 1 / change.low : change.high;
        Verdict v = Verdict.SAME;
        if (slowLow > 1) {
            v = slowdown > 1 / (1 - tolerance) && !entry.reference() ? Verdict.REGRESSED : Verdict.SLOWER;
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
                + "the estimate beyond the tolerance %.2f (time x%.2f), by every measure of the entry (a vector kernel's time "
                + "and speed-up both); scalar entries never regress.", 100 * confidence, tolerance,
                1 / (1 - tolerance)));
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
