// `dino bench --format jmh --output FILE`'s text: the results in the shape of JMH's own `-rf json` file.
package dino.bench.harness;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dino.bench.workload.WorkloadKernel;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One JMH result object per kernel × size × kernel set × precision × batch × threads, key for key what JMH
 * 1.37 writes (tested against a file the bench module's JMH run made): benchmark
 * {@code dino.bench.DinoBench.KERNEL}, mode {@code avgt}, unit {@code ns/op} (time per call, which
 * github-action-benchmark and Bencher read as smaller-is-better), params as strings, the score the mean of the
 * rounds with JMH's 99.9% error and percentiles, and rawData the rounds (one fork). Secondary metrics, each
 * shaped like the primary one with one value per round: {@code speedup} (vector entries: scalar time over
 * vector time in the same round), {@code gflops} (matrix-product FLOPs, {@link WorkloadKernel#flops}, per second)
 * and {@code peak.share} (percent of the FMA peak measured in the same run, times the threads for a batched
 * step). {@code jmhVersion} is the format's JMH release (1.37), {@code threads} the entry's {@code params.threads};
 * {@code warmupIterations} is 1, the time-based warm-up.
 */
public final class BenchJmhFormat {
    /** The JMH release whose result format this is; tools that parse jmhVersion as a version read it. */
    public static final String JMH_VERSION = "1.37";
    public static final String SPEEDUP = "speedup";
    public static final String GFLOPS = "gflops";
    public static final String PEAK_SHARE = "peak.share";
    private static final double[] PERCENTILES = {0.0, 50.0, 90.0, 95.0, 99.0, 99.9, 99.99, 99.999, 99.9999, 100.0};

    private BenchJmhFormat() {
    }

    /**
     * @param peakGflops one core's measured FMA peak in the run's precision
     * @param millis     time per kernel set per round
     * @param warmupMillis time of the warm-up, per size and kernel set
     */
    public static String json(List<BenchEntry> entries, double peakGflops, int millis, int warmupMillis) {
        JsonArray list = new JsonArray();
        for (BenchEntry e : entries) {
            list.add(entry(e, peakGflops, millis, warmupMillis));
        }
        return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(list) + "\n";
    }

    public static JsonObject entry(BenchEntry e, double peakGflops, int millis, int warmupMillis) {
        JsonObject o = new JsonObject();
        o.addProperty("jmhVersion", JMH_VERSION);
        o.addProperty("benchmark", e.benchmark);
        o.addProperty("mode", "avgt");
        // JMH's threads: the threads that run one call, here the batched kernels' --threads (the one-row kernels run one).
        o.addProperty("threads", Integer.parseInt(e.params.get("threads")));
        o.addProperty("forks", 1);
        o.addProperty("jvm", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        JsonArray args = new JsonArray();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            args.add(a);
        }
        o.add("jvmArgs", args);
        o.addProperty("jdkVersion", System.getProperty("java.version"));
        o.addProperty("vmName", System.getProperty("java.vm.name"));
        o.addProperty("vmVersion", System.getProperty("java.vm.version"));
        o.addProperty("warmupIterations", 1);
        o.addProperty("warmupTime", warmupMillis + " ms");
        o.addProperty("warmupBatchSize", 1);
        o.addProperty("measurementIterations", e.ns.length);
        o.addProperty("measurementTime", millis + " ms");
        o.addProperty("measurementBatchSize", 1);
        JsonObject params = new JsonObject();
        for (Map.Entry<String, String> p : e.params.entrySet()) {
            params.addProperty(p.getKey(), p.getValue());
        }
        o.add("params", params);
        o.add("primaryMetric", metric(e.ns, "ns/op"));
        JsonObject secondary = new JsonObject();
        if (e.speedups != null) {
            secondary.add(SPEEDUP, metric(e.speedups, "x"));
        }
        String kernel = e.benchmark.substring(e.benchmark.lastIndexOf('.') + 1);
        double flops = WorkloadKernel.named(kernel).flops(Integer.parseInt(e.params.get("hidden")),
                Integer.parseInt(e.params.get("vocab")), Integer.parseInt(e.params.get("batch")));
        double[] gflops = new double[e.ns.length];
        double[] share = new double[e.ns.length];
        int threads = Integer.parseInt(e.params.get("threads"));
        for (int i = 0; i < gflops.length; i++) {
            gflops[i] = flops / e.ns[i];
            share[i] = 100 * gflops[i] / (peakGflops * threads);
        }
        secondary.add(GFLOPS, metric(gflops, "GFLOP/s"));
        secondary.add(PEAK_SHARE, metric(share, "%"));
        o.add("secondaryMetrics", secondary);
        return o;
    }

    /** A JMH metric object: score (mean), scoreError, scoreConfidence, scorePercentiles, scoreUnit, rawData. */
    public static JsonObject metric(double[] values, String unit) {
        JsonObject m = new JsonObject();
        double mean = BenchStats.mean(values);
        double error = BenchStats.jmhError(values);
        m.addProperty("score", mean);
        m.addProperty("scoreError", error);
        JsonArray confidence = new JsonArray();
        confidence.add(mean - error);
        confidence.add(mean + error);
        m.add("scoreConfidence", confidence);
        JsonObject percentiles = new JsonObject();
        for (double p : PERCENTILES) {
            percentiles.addProperty(Double.toString(p), BenchStats.percentile(values, p));
        }
        m.add("scorePercentiles", percentiles);
        m.addProperty("scoreUnit", unit);
        JsonArray fork = new JsonArray();
        for (double v : values) {
            fork.add(v);
        }
        JsonArray raw = new JsonArray();
        raw.add(fork);
        m.add("rawData", raw);
        return m;
    }
}
