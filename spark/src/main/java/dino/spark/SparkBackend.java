// dino sweep on Spark: each trial one task; the driver collects the results, the sweep command writes the table.
package dino.spark;

import dino.api.DinoException;
import dino.cli.sweep.SweepBackend;
import dino.cli.sweep.SweepFiles;
import dino.cli.sweep.SweepPlan;
import dino.cli.sweep.Trial;
import dino.cli.sweep.TrialResult;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A {@link SweepBackend} on a Spark context: the trials as one partition each, {@code map}ped by {@link TrialTask}
 * and collected. Spark runs as many at once as the executors' cores allow, {@code spark.task.cpus} each. The context
 * is made here (or taken from spark-submit's configuration) and stopped by {@link #close()}.
 */
public final class SparkBackend implements SweepBackend {
    private final JavaSparkContext spark;
    private final String out;
    private final Integer threads;
    private final HadoopSweepFiles files;

    SparkBackend(String master, String out, Integer threads) {
        SparkConf conf = new SparkConf().setAppName("dino sweep");
        if (master != null) {
            conf.setMaster(master);
        }
        if (conf.get("spark.master", "").startsWith("local")) {
            // One JVM on this machine: no web UI to start, and no host name to resolve.
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        this.spark = JavaSparkContext.fromSparkContext(SparkContext.getOrCreate(conf));
        spark.setLogLevel("WARN");
        this.out = qualified(out);
        this.threads = threads;
        this.files = new HadoopSweepFiles(this.out, spark.hadoopConfiguration());
    }

    /** A path without a scheme is a local one, made absolute: {@code file:///...}. */
    static String qualified(String out) {
        if (out.matches("[A-Za-z][A-Za-z0-9+.-]+:.*")) {
            return out;
        }
        URI uri = java.nio.file.Path.of(out).toAbsolutePath().normalize().toUri();
        String s = uri.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public SweepFiles files() {
        return files;
    }

    @Override
    public String describe() {
        return "Spark " + spark.master() + " (" + spark.sc().applicationId() + "): one task per trial, "
                + (threads != null ? threads + " threads each (--threads)"
                : spark.getConf().get("spark.task.cpus", "1") + " thread(s) each (spark.task.cpus)") + ", into " + out;
    }

    @Override
    public List<TrialResult> run(SweepPlan plan, List<Trial> trials, Consumer<TrialResult> finished) {
        if (trials.isEmpty()) {
            return List.of();
        }
        String dataName = null;
        if (plan.data() != null) {
            spark.addFile(plan.data());
            dataName = new org.apache.hadoop.fs.Path(plan.data()).getName();
        }
        List<TrialResult> results;
        try {
            results = spark.parallelize(trials, trials.size()).map(new TrialTask(plan, out, dataName, threads)).collect();
        } catch (RuntimeException e) {
            // A trial's one-line error (bad data, a full disk) comes back wrapped in Spark's job failure.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof DinoException d) {
                    throw d;
                }
            }
            throw e;
        }
        results.forEach(finished);
        return results;
    }

    @Override
    public void close() {
        files.close();
        spark.stop();
    }

    /** Found by {@code dino sweep} through {@link java.util.ServiceLoader} when this jar is on the class path. */
    public static final class Provider implements SweepBackend.Spark {
        @Override
        public SweepBackend open(String master, String out, Integer threads, PrintWriter err) {
            return new SparkBackend(master, out, threads);
        }
    }
}
