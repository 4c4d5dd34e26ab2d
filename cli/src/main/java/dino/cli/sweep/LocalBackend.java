// The embedded default: trials on a pool of this JVM's threads, the cores shared between them.
package dino.cli.sweep;

import dino.api.DinoException;
import dino.lib.Corpus;
import dino.lib.RunOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * {@code parallel} trials at once, each on {@code threads} kernel threads. The results are the same bits for any
 * {@code parallel} and {@code threads}: a trial's training does not depend on either (dino.lib's guarantee).
 */
final class LocalBackend implements SweepBackend {
    private final LocalSweepFiles files;
    private final Path out;
    private final int parallel;
    private final int threads;
    private final ExecutorService pool;

    LocalBackend(Path out, int parallel, int threads) {
        this.out = out;
        this.files = new LocalSweepFiles(out);
        this.parallel = parallel;
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "dino-sweep-trial");
            t.setDaemon(true);
            return t;
        });
    }

    /** Threads per trial when {@code --threads} is not given: the processors shared by the trials at once. */
    static int threadsPerTrial(int processors, int parallel) {
        return Math.max(1, processors / parallel);
    }

    @Override
    public SweepFiles files() {
        return files;
    }

    @Override
    public String describe() {
        return "local: " + parallel + " trial" + (parallel == 1 ? "" : "s") + " at once, " + threads + " thread"
                + (threads == 1 ? "" : "s") + " each, into " + out;
    }

    @Override
    public List<TrialResult> run(SweepPlan plan, List<Trial> trials, Consumer<TrialResult> finished) {
        Corpus corpus = plan.data() == null ? Corpus.dinos() : Corpus.of(Path.of(plan.data()));
        RunOptions options = RunOptions.defaults().withThreads(threads);
        List<Future<TrialResult>> futures = new ArrayList<>();
        for (Trial t : trials) {
            futures.add(pool.submit(() -> {
                TrialResult r = TrialRunner.run(plan, t, files, corpus, options);
                finished.accept(r);
                return r;
            }));
        }
        List<TrialResult> results = new ArrayList<>();
        try {
            for (Future<TrialResult> f : futures) {
                results.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DinoException("interrupted");
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
        return results;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
