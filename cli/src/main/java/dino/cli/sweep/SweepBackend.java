// Where a sweep's trials run: threads of this JVM (LocalBackend), or Spark tasks (the spark module's SparkBackend).
package dino.cli.sweep;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs trials with {@link TrialRunner} and hands back their results; owns what it starts (a thread pool, a Spark
 * context) until {@link #close()}. The sweep's command does everything else (the plan, the manifest, the table), so
 * both backends give the same table for the same plan.
 */
public interface SweepBackend extends AutoCloseable {
    /** The output folder, as this backend reaches it. */
    SweepFiles files();

    /** One line for stderr: where the trials run, how many at once, on how many threads each. */
    String describe();

    /** Runs the trials (none finished yet) and returns their results; {@code finished} hears each as it ends, if it can. */
    List<TrialResult> run(SweepPlan plan, List<Trial> trials, Consumer<TrialResult> finished);

    @Override
    void close();

    /**
     * A backend on Spark, found with {@link java.util.ServiceLoader} when the spark module's jar is on the class path
     * ({@code dino-spark.jar}); {@code dino.jar} has none, and {@code --spark} then says where to find one.
     */
    interface Spark {
        /**
         * A Spark backend on {@code master} (null: the one {@code spark-submit} set), writing to {@code out} (a path or a
         * Hadoop URI), {@code threads} per trial (null: {@code spark.task.cpus}).
         */
        SweepBackend open(String master, String out, Integer threads, PrintWriter err);
    }
}
