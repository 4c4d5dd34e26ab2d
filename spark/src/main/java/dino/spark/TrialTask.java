// One Spark task: one trial, on the executor, through the same TrialRunner as a local sweep.
package dino.spark;

import dino.cli.sweep.SweepPlan;
import dino.cli.sweep.Trial;
import dino.cli.sweep.TrialResult;
import dino.cli.sweep.TrialRunner;
import dino.lib.Corpus;
import dino.lib.RunOptions;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import scala.Tuple2;

/**
 * Runs a trial where Spark schedules it: kernel threads from {@code spark.task.cpus} (the cores Spark gave the task)
 * unless the sweep gave {@code --threads}; the data from {@link SparkFiles} (the driver added the file) or the bundled
 * names; the output folder through Hadoop's file system, configured from the {@code spark.hadoop.*} settings.
 */
final class TrialTask implements Function<Trial, TrialResult> {
    private static final long serialVersionUID = 1L;
    private final SweepPlan plan;
    private final String out;
    /** The data file's name among the task's Spark files; null: the bundled names. */
    private final String dataName;
    private final Integer threads;

    TrialTask(SweepPlan plan, String out, String dataName, Integer threads) {
        this.plan = plan;
        this.out = out;
        this.dataName = dataName;
        this.threads = threads;
    }

    @Override
    public TrialResult call(Trial trial) {
        int n = threads != null ? threads : TaskContext.get().cpus();
        Corpus corpus = dataName == null ? Corpus.dinos() : Corpus.of(java.nio.file.Path.of(SparkFiles.get(dataName)));
        try (HadoopSweepFiles files = new HadoopSweepFiles(out, hadoopConf())) {
            return TrialRunner.run(plan, trial, files, corpus, RunOptions.defaults().withThreads(n));
        }
    }

    /** Hadoop's defaults and the site files on the executor's class path, plus the job's spark.hadoop.* settings. */
    private static Configuration hadoopConf() {
        Configuration conf = new Configuration();
        for (Tuple2<String, String> e : SparkEnv.get().conf().getAllWithPrefix("spark.hadoop.")) {
            conf.set(e._1(), e._2());
        }
        return conf;
    }
}
