// Runs one trial through dino.lib.Training: validation, keep-best, patience, checkpoints; resumes one that was stopped.
package dino.cli.sweep;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dino.api.DinoException;
import dino.api.Sampling;
import dino.lib.Corpus;
import dino.lib.RunOptions;
import dino.lib.Training;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One trial, start to end, the same code locally and in a Spark task. Its folder ({@link Trial#folder()}) holds
 * {@code best.npz} (the model of the lowest validation loss, written by {@code Training.keepBest}), {@code curve.csv}
 * (every check's smoothed and validation loss) and, once it has finished, {@code result.json}. While it runs it also
 * holds {@code checkpoint.npz} (the full training state, written after every check, last of the files, so the others
 * are never behind it) and {@code progress.json} (time and characters so far); a trial found with a checkpoint and no
 * result resumes from it, exactly, as {@code dino train --resume} does.
 */
public final class TrialRunner {
    static final String RESULT = "result.json";
    static final String CURVE = "curve.csv";
    static final String BEST = "best.npz";
    static final String CHECKPOINT = "checkpoint.npz";
    static final String PROGRESS = "progress.json";

    private TrialRunner() {
    }

    /** The result of a trial that has finished, read from its folder. */
    public static Optional<TrialResult> finished(SweepFiles files, Trial trial) {
        return files.read(trial.folder() + "/" + RESULT).map(b ->
                TrialResult.fromJson(JsonParser.parseString(new String(b, StandardCharsets.UTF_8)).getAsJsonObject()));
    }

    /** Runs (or resumes, or finds finished) the trial; its kernel calls on {@code options}' threads. */
    public static TrialResult run(SweepPlan plan, Trial trial, SweepFiles files, Corpus corpus, RunOptions options) {
        return run(plan, trial, files, corpus, options, Long.MAX_VALUE);
    }

    /**
     * {@link #run}, but leaves the trial as a kill would once a checkpoint at or past {@code stopAt} is written, and
     * returns null then (the tests' interrupted trial).
     */
    static TrialResult run(SweepPlan plan, Trial trial, SweepFiles files, Corpus corpus, RunOptions options, long stopAt) {
        Optional<TrialResult> done = finished(files, trial);
        if (done.isPresent()) {
            return done.get();
        }
        String dir = trial.folder() + "/";
        Path work = files.workFolder(trial.folder());
        Path checkpoint = work.resolve(CHECKPOINT);
        Path best = work.resolve(BEST);
        long resumedAt = -1;
        double priorSeconds = 0;
        long priorCharacters = 0;
        Training training;
        LossCurve curve;
        boolean resuming = files.fetch(dir + CHECKPOINT, checkpoint);
        try {
            training = resuming ? Training.resume(checkpoint, corpus, options) : Training.start(trial.config(), corpus, options);
        } catch (DinoException e) {
            // A setting the data refuses (a batch larger than the names): the one line says which trial.
            throw new DinoException("trial " + trial.index() + " (" + Trial.words(trial.varied()) + "): "
                    + SweepSetting.message(e));
        }
        if (resuming) {
            files.fetch(dir + BEST, best);
            long from = training.iteration();
            resumedAt = from;
            curve = files.read(dir + CURVE).map(b -> LossCurve.parse(b, from)).orElseGet(LossCurve::new);
            Optional<byte[]> progress = files.read(dir + PROGRESS);
            if (progress.isPresent()) {
                JsonObject p = JsonParser.parseString(new String(progress.get(), StandardCharsets.UTF_8)).getAsJsonObject();
                priorSeconds = p.get("wallSeconds").getAsDouble();
                priorCharacters = p.get("characters").getAsLong();
            }
        } else {
            curve = new LossCurve();
        }
        try (training) {
            training.reportEvery(plan.printEvery()).reportSamples(Sampling.defaults().withCount(0)).keepBest(best)
                    .patience(plan.patience()).listener(new Training.Listener() {
                        @Override
                        public void report(Training.Report r) {
                            curve.add(r.iteration(), r.smoothLoss(), r.validationLoss());
                        }
                    });
            long start = System.nanoTime();
            long firstCharacters = training.charactersTrained();
            String status = TrialResult.DONE;
            try {
                while (training.iteration() < plan.iterations() && !training.patienceRanOut()) {
                    long next = Math.min(plan.iterations(), (training.iteration() / plan.printEvery() + 1) * plan.printEvery());
                    training.runUntil(next);
                    if (training.iteration() < plan.iterations() && !training.patienceRanOut()) {
                        if (Files.exists(best)) {
                            files.publish(best, dir + BEST);
                        }
                        files.write(dir + CURVE, curve.csv());
                        files.write(dir + PROGRESS, progress(priorSeconds + seconds(start),
                                priorCharacters + training.charactersTrained() - firstCharacters));
                        training.save(checkpoint);
                        files.publish(checkpoint, dir + CHECKPOINT);
                        if (training.iteration() >= stopAt) {
                            return null;
                        }
                    }
                }
            } catch (DinoException e) {
                if (!e.diverged()) {
                    throw e;
                }
                status = TrialResult.DIVERGED;
            }
            double seconds = priorSeconds + seconds(start);
            long characters = priorCharacters + training.charactersTrained() - firstCharacters;
            if (Files.exists(best)) {
                files.publish(best, dir + BEST);
            }
            files.write(dir + CURVE, curve.csv());
            TrialResult result = new TrialResult(trial.index(), trial.varied(), trial.seed(), status, training.bestIteration(),
                    training.bestValidationLoss(), training.iteration(), training.patienceRanOut(),
                    characters / Math.max(seconds, 1e-9), seconds, training.kernels().name(), resumedAt);
            files.write(dir + RESULT, json(result.toJson()));
            files.delete(dir + CHECKPOINT);
            files.delete(dir + PROGRESS);
            return result;
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static byte[] progress(double seconds, long characters) {
        JsonObject p = new JsonObject();
        p.addProperty("wallSeconds", seconds);
        p.addProperty("characters", characters);
        return json(p);
    }

    static byte[] json(JsonObject o) {
        return (new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create().toJson(o) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
