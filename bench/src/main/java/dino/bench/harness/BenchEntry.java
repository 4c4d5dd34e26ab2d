// One compared benchmark entry: a kernel with its parameters and the rounds' raw times (and speed-ups).
package dino.bench.harness;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What `dino bench compare` and `--baseline` read from a dino JSON or a JMH result file: one JMH-style entry
 * (a benchmark name and its parameters) with the time of every round in nanoseconds per call, and, for dino's
 * vector entries, the speed-up over the scalar kernels of every round (both measured in the same round, so the
 * ratio holds on a machine whose speed varies). JMH files from other suites have times only.
 */
public final class BenchEntry {
    /** The benchmark name dino's own entries carry (a JMH-style class and method name). */
    public static final String DINO_BENCHMARK = "dino.bench.DinoBench.";

    public final String benchmark;
    /** Parameter name to value, sorted by name (JMH writes them as strings). */
    public final Map<String, String> params;
    /** Nanoseconds per call, one per round (all forks' iterations for a JMH file). */
    public final double[] ns;
    /** Scalar time over vector time per round, or null. */
    public final double[] speedups;
    /**
     * 1 when the samples are the rounds of one run (one JVM); N when they are the medians of N runs (N JVMs:
     * the files of a folder, or a JMH file's forks), whose spread holds the variation from one JVM to the next.
     */
    public final int runs;

    public BenchEntry(String benchmark, Map<String, String> params, double[] ns, double[] speedups) {
        this(benchmark, params, ns, speedups, 1);
    }

    public BenchEntry(String benchmark, Map<String, String> params, double[] ns, double[] speedups, int runs) {
        this.benchmark = benchmark;
        this.params = new TreeMap<>(params);
        this.ns = ns;
        this.speedups = speedups;
        this.runs = runs;
    }

    /** One entry per run pooled into one whose samples are each run's median (time and speed-up). */
    public static BenchEntry pooled(java.util.List<BenchEntry> perRun) {
        BenchEntry first = perRun.get(0);
        double[] ns = new double[perRun.size()];
        boolean speedups = perRun.stream().allMatch(e -> e.speedups != null);
        double[] s = speedups ? new double[perRun.size()] : null;
        for (int i = 0; i < ns.length; i++) {
            ns[i] = BenchStats.median(perRun.get(i).ns);
            if (speedups) {
                s[i] = BenchStats.median(perRun.get(i).speedups);
            }
        }
        return new BenchEntry(first.benchmark, first.params, ns, s, perRun.size());
    }

    /** Benchmark and parameters: the same in both files for the same measurement. */
    public String key() {
        return benchmark + " " + params;
    }

    /** Whether this is a scalar-specification entry, which comparisons show but never fail on. */
    public boolean reference() {
        return "scalar".equals(params.get("kernels"));
    }

    /** A short label: the method name, n_a (JMH's hidden) if any, then the named parameters as name=value. */
    public String label(java.util.Set<String> shown) {
        StringBuilder s = new StringBuilder(benchmark.substring(benchmark.lastIndexOf('.') + 1));
        String hidden = params.get("hidden");
        if (hidden != null) {
            s.append(" n_a=").append(hidden);
        }
        for (Map.Entry<String, String> p : params.entrySet()) {
            if (!p.getKey().equals("hidden") && shown.contains(p.getKey())) {
                s.append(String.format(Locale.ROOT, " %s=%s", p.getKey(), p.getValue()));
            }
        }
        return s.toString();
    }
}
