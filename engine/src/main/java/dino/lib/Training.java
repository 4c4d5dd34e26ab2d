// A training run: a config and a corpus, stepped or run to an iteration count, observed, stopped, saved, resumed.
package dino.lib;

import dino.api.DinoException;
import dino.api.Mode;
import dino.api.Reporting;
import dino.api.Sampling;
import dino.api.TrainingConfig;
import dino.api.TrainingConfig.Setting;
import dino.engine.io.AtomicFiles;
import dino.engine.io.Checkpoint;
import dino.engine.io.ModelFile;
import dino.engine.sample.Sampler;
import dino.engine.train.TrainingSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One training run, new or resumed:
 * <pre>{@code
 * try (Training run = Training.start(TrainingConfig.reference(), Corpus.dinos())) {
 *     run.listener(new Training.Listener() {
 *         public void report(Training.Report r) {
 *             System.out.println(r.iteration() + " " + r.smoothLoss() + " " + r.samples());
 *         }
 *     });
 *     run.runUntil(35_000);
 *     run.save(Path.of("dinos.npz"));
 * }
 * }</pre>
 * A run on more than one thread owns worker threads until {@link #close()}: close every run (try-with-resources),
 * or a program that starts many runs keeps every one's threads.
 * Iteration j trains one optimizer step (one name, or one window of text, per batch row); the smoothed loss is
 * {@code 0.999·smooth + 0.001·loss}, as the reference keeps it. A run stopped at iteration k, saved and resumed
 * gives from k on exactly what the uninterrupted run gives. A run is driven from one thread; {@link #stop()}
 * may be called from any.
 */
public final class Training implements AutoCloseable {
    /** Hears a run's events on the thread that runs it. */
    public interface Listener {
        /** Before the step of every iteration: for progress bars and loss curves. */
        default void iteration(long iteration, double smoothLoss) {
        }

        /** After the step of every {@link #reportEvery}-th iteration (0, n, 2n, …). */
        default void report(Report report) {
        }
    }

    /**
     * What a run reports every {@link #reportEvery} iterations.
     *
     * @param iteration           the iteration just trained
     * @param smoothLoss          the smoothed loss after it
     * @param validationLoss      loss per character on the held-out data, or NaN when the config holds none out
     * @param samples             samples of the current weights, as {@link #reportSamples} asks (names without newline)
     * @param charactersPerSecond characters trained per second since this object's first step
     */
    public record Report(long iteration, double smoothLoss, double validationLoss, List<String> samples,
                         double charactersPerSecond) {
    }

    private final TrainingSession<?> session;
    /** The options it runs with, its kernel set chosen. */
    private final RunOptions options;
    private final Mode mode;
    private volatile boolean stopRequested;
    private boolean closed;
    private Listener listener = new Listener() { };
    /** Every how many iterations it reports, and its patience (0: none). */
    private Reporting reporting = Reporting.defaults();
    private Sampling reportSamples;
    private Sampler<?> sampler;
    private long startNanos = -1;
    private long startCharacters;
    private Path keepBest;
    private boolean patienceRanOut;

    private Training(TrainingSession<?> session, RunOptions options) {
        this.session = session;
        this.options = options;
        this.mode = session.config.mode();
        this.reportSamples = defaultReportSamples(mode);
    }

    /** What each report draws unless {@link #reportSamples} says otherwise: 7 names (the reference's), or 1 text. */
    public static Sampling defaultReportSamples(Mode mode) {
        return Sampling.defaults().withCount(mode == Mode.LINES ? 7 : 1);
    }

    /** A new run on {@link RunOptions#defaults()}: auto kernels, every processor. */
    public static Training start(TrainingConfig config, Corpus corpus) {
        return start(config, corpus, RunOptions.defaults());
    }

    /**
     * A new run: weights drawn with seed + 1, names shuffled with seed, validation held out; the corpus read in the
     * config's mode. Large kernel calls are split over the options' threads, with the same bits for every count; the
     * options' products form, when given, replaces the config's. A model that cannot fit in this JVM's heap is
     * refused before it is allocated.
     */
    public static Training start(TrainingConfig config, Corpus corpus, RunOptions options) {
        if (options.products() != null && options.products() != config.products()) {
            config = config.toBuilder().products(options.products()).build();
        }
        Kernels kernels = options.kernels();
        int threads = options.threads();
        dino.engine.data.Corpus data = corpus.read(config.mode(), null);
        checkMemory(config, data);
        return new Training(TrainingSession.start(config, data, kernels.set, threads, corpus.source()), options.withKernels(kernels));
    }

    /** {@link #resume(Path, Corpus, RunOptions)} on {@link RunOptions#defaults()}. */
    public static Training resume(Path file, Corpus corpus) {
        return resume(file, corpus, RunOptions.defaults());
    }

    /**
     * Continues a run saved with {@link #save}, exactly, with the model's settings. The data is {@code corpus}, or when
     * null the data the file names; either must be what the model was trained on (same vocabulary and, when the file
     * records it, the same SHA-256). The run continues in the products' form the file records, or in the options'
     * when they give one (the saved file then says so).
     */
    public static Training resume(Path file, Corpus corpus, RunOptions options) {
        return resume(file, corpus, options, null, Set.of());
    }

    /**
     * {@link #resume(Path, Corpus, RunOptions)} for a program that takes settings from its user (the command line): a
     * run keeps its model's settings, so each setting in {@code given} must have in {@code requested} the value the
     * file holds, or the error names every one that differs ({@code products} is the options' to change).
     */
    public static Training resume(Path file, Corpus corpus, RunOptions options, TrainingConfig requested,
                                  Set<Setting> given) {
        Kernels kernels = options.kernels();
        int threads = options.threads();
        Checkpoint saved = ModelFile.read(file);
        TrainingConfig settings = saved.config;
        List<String> conflicts = new ArrayList<>();
        for (Setting s : Setting.values()) {
            Object held = s.valueIn(settings);
            if (given.contains(s) && s != Setting.PRODUCTS && !s.valueIn(requested).equals(held)) {
                conflicts.add("{" + s.key() + "} (the model has " + held + ")");
            }
        }
        if (!conflicts.isEmpty()) {
            throw DinoException.naming("a resumed run keeps its model's settings; drop " + String.join(", ", conflicts));
        }
        Corpus source = corpus != null ? corpus : Corpus.ofSource(saved.dataSource);
        dino.engine.data.Corpus data = source.read(settings.mode(), null);
        String trainedOn = saved.dataSource.isEmpty() ? "data in memory" : DinoException.literal(saved.dataSource);
        if (!data.vocabulary.equals(saved.vocabulary)) {
            throw DinoException.naming("the data's vocabulary differs from the model's: resume with the {corpus} it was "
                    + "trained on (" + trainedOn + ")");
        }
        if (!saved.dataFingerprint.isEmpty() && !saved.dataFingerprint.equals(data.fingerprint())) {
            throw DinoException.naming("the data differs from what the model was trained on: resume with the {corpus} it "
                    + "was trained on (" + trainedOn + ")");
        }
        String dataSource = corpus != null ? corpus.source() : saved.dataSource;
        if (options.products() != null && options.products() != settings.products()) {
            // The one setting a resumed run may change: how its products round (the saved file then says so).
            saved = saved.withConfig(settings.toBuilder().products(options.products()).build());
        }
        return new Training(TrainingSession.resume(saved, data, kernels.set, threads, dataSource), options.withKernels(kernels));
    }

    /** Refuses a model that cannot fit in this JVM's heap, before allocating it. */
    private static void checkMemory(TrainingConfig config, dino.engine.data.Corpus corpus) {
        long needed = TrainingSession.estimateBytes(config, corpus);
        Runtime rt = Runtime.getRuntime();
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (needed > available * 0.9) {
            throw DinoException.naming(String.format(Locale.ROOT,
                    "{hidden} %d with {batchSize} %d needs about %.2f GB but this JVM can use %.2f GB: use a smaller "
                            + "{hidden} or {batchSize}, or give java more memory (java -Xmx...)",
                    config.hidden(), config.batchSize(), needed / 1e9, available / 1e9));
        }
    }

    /** Who hears this run's events (one listener; the default hears nothing). */
    public Training listener(Listener l) {
        this.listener = l;
        return this;
    }

    /**
     * Report every n iterations (iteration 0 included); 0: never. The default is {@value Reporting#DEFAULT_EVERY}, the
     * reference's ({@link Reporting} checks n).
     */
    public Training reportEvery(long n) {
        this.reporting = reporting.withEvery(n);
        return this;
    }

    /**
     * At every report (the validation check), when the validation loss is the lowest of the run so far, writes the
     * current weights to {@code file} (atomically, as {@link #save} does, without a training state), recording the
     * iteration and the loss ({@link Model#bestIteration()}, {@link Model#bestValidationLoss()}). The best so far is
     * part of the saved training state, so a resumed run compares with it. Needs {@code valFraction} above 0.
     */
    public Training keepBest(Path file) {
        session.config.requireValidation("keepBest");
        AtomicFiles.checkWritable(file, "{keepBest}");
        this.keepBest = file;
        return this;
    }

    /**
     * Stops the run after {@code checks} validation checks (reports) in a row without a new lowest validation loss;
     * {@link #patienceRanOut()} then says so. The count is part of the saved training state. Needs
     * {@code valFraction} above 0.
     */
    public Training patience(int checks) {
        Reporting next = reporting.withPatience(checks);
        session.config.requireValidation("patience");
        this.reporting = next;
        return this;
    }

    /** Whether the run stopped because {@link #patience} checks passed without a lower validation loss. */
    public boolean patienceRanOut() {
        return patienceRanOut;
    }

    /** The iteration of the lowest validation loss so far (kept with {@link #keepBest} or {@link #patience}), or -1. */
    public long bestIteration() {
        return session.best() == null ? -1 : session.best().iteration();
    }

    /** The lowest validation loss so far (see {@link #bestIteration()}), or NaN. */
    public double bestValidationLoss() {
        return session.best() == null ? Double.NaN : session.best().loss();
    }

    /** The samples each report draws; the default is 7 names, or 1 text, of the default length. */
    public Training reportSamples(Sampling sampling) {
        this.reportSamples = sampling;
        this.sampler = null;
        return this;
    }

    /**
     * Trains until {@code iterations} have been done in all, or {@link #stop()} is called; returns the iterations
     * done. A NaN or infinite loss is a {@link DinoException} whose {@link DinoException#diverged()} is true.
     */
    public long runUntil(long iterations) {
        if (closed) {
            throw new DinoException("this run is closed: resume it from a saved file, or start a new one");
        }
        if (startNanos < 0) {
            startNanos = System.nanoTime();
            startCharacters = session.charactersTrained();
        }
        int patience = reporting.patience();
        reporting.requireChecks(keepBest != null);
        if (patience > 0 && session.best() != null && session.best().checksSince() >= patience) {
            patienceRanOut = true; // a run saved after its patience ran out stays stopped
        }
        session.runUntil(iterations, reporting.every(), this::report, (iteration, smoothLoss) -> {
            if (patienceRanOut) {
                return true;
            }
            listener.iteration(iteration, smoothLoss);
            return stopRequested;
        });
        return session.iteration();
    }

    /**
     * Ends the run: stops its worker threads and waits for them (no thread of the run outlives the call). Saving and
     * the run's figures still work; training does not. Called again, it does nothing.
     */
    @Override
    public void close() {
        closed = true;
        session.close();
    }

    /** Asks the run to stop before its next step; safe from any thread. The current step finishes first. */
    public void stop() {
        stopRequested = true;
    }

    /** Whether {@link #stop()} was called. */
    public boolean stopped() {
        return stopRequested;
    }

    private void report(long iteration, double smoothLoss) {
        double validation = session.config.valFraction() > 0 ? session.validationLoss() : Double.NaN;
        int patience = reporting.patience();
        // A run resumed from a file that keeps a best goes on counting, with or without the options, so the file stays true.
        if ((keepBest != null || patience > 0 || session.best() != null) && !Double.isNaN(validation)) {
            if (session.recordValidation(iteration, validation) && keepBest != null) {
                ModelFile.write(keepBest, session.bestModel());
            }
            if (patience > 0 && session.best().checksSince() >= patience) {
                patienceRanOut = true;
            }
        }
        List<String> samples = List.of();
        if (reportSamples.count() > 0) {
            if (sampler == null) {
                sampler = sampler(reportSamples);
            }
            sampler.refresh();
            samples = Model.draw(sampler, session.corpus.vocabulary, mode == Mode.TEXT, reportSamples,
                    Model.encodePrefix(session.corpus.vocabulary, mode == Mode.TEXT, reportSamples.prefix()), null);
        }
        double seconds = Math.max((System.nanoTime() - startNanos) / 1e9, 1e-9);
        listener.report(new Report(iteration, smoothLoss, validation, samples,
                (session.charactersTrained() - startCharacters) / seconds));
    }

    private Sampler<?> sampler(Sampling s) {
        boolean text = mode == Mode.TEXT;
        int length = s.lengthIn(mode);
        return session.sampler(Model.newline(session.corpus.vocabulary), length, !text).temperature(s.temperature())
                .topK(s.topK());
    }

    /** Samples of the current weights, as {@link Model#sample} draws them. */
    public List<String> sample(Sampling s) {
        Sampler<?> fresh = sampler(s);
        return Model.draw(fresh, session.corpus.vocabulary, mode == Mode.TEXT, s,
                Model.encodePrefix(session.corpus.vocabulary, mode == Mode.TEXT, s.prefix()), null);
    }

    /**
     * Writes the model and its full training state (numpy .npz), to a temporary name then renamed: a failed save
     * leaves the previous file whole. Refused when the weights are no longer finite or the data file changed.
     */
    public void save(Path file) {
        ModelFile.write(file, session.checkpoint());
    }

    /** The current weights as a model of their own (a copy: training on does not change it). */
    public Model model() {
        return Model.of(session.checkpoint(), options);
    }

    /** Loss per character on the held-out data (NaN when nothing is held out). */
    public double validationLoss() {
        return session.validationLoss();
    }

    public long iteration() {
        return session.iteration();
    }

    public double smoothLoss() {
        return session.smoothLoss();
    }

    /** Characters (predictions) trained on by this object's steps: a name of m characters is m + 1, a window T. */
    public long charactersTrained() {
        return session.charactersTrained();
    }

    public TrainingConfig config() {
        return session.config;
    }

    public Kernels kernels() {
        return options.kernels();
    }

    /** The characters of the data (the reference's {@code len(data)}). */
    public long characterCount() {
        return session.corpus.characterCount();
    }

    /** The characters the model knows, in index order. */
    public String vocabulary() {
        StringBuilder s = new StringBuilder();
        for (int cp : session.corpus.vocabulary.codePoints()) {
            s.appendCodePoint(cp);
        }
        return s.toString();
    }
}
