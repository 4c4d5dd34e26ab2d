// A trained model loaded from a file: immutable, shared by any number of threads, sampled and evaluated.
package dino.lib;

import dino.api.CharacterListener;
import dino.api.DinoException;
import dino.api.Evaluation;
import dino.api.Mode;
import dino.api.Products;
import dino.api.ProgressListener;
import dino.api.Sampling;
import dino.api.TrainingConfig;
import dino.engine.data.Vocabulary;
import dino.engine.io.Checkpoint;
import dino.engine.io.ModelFile;
import dino.engine.numpy.PythonRepr;
import dino.engine.sample.Sampler;
import dino.engine.train.Evaluator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * A model and its vocabulary and settings, as {@link Training#save} or {@code dino train --save} wrote it, or
 * a PyTorch state dict with a {@code vocab} (see docs/model-files.md):
 * <pre>{@code
 * Model model = Model.load(Path.of("dinos.npz"));
 * for (String name : model.sample(Sampling.defaults().withCount(5))) {
 *     System.out.println(name);
 * }
 * }</pre>
 * Immutable: {@link #sample} and {@link #evaluate} may run on many threads at once, and a call gives the same
 * result whatever other threads do.
 *
 * <p>A model samples and scores in its {@link #mode()}: names (lowercased, a sample ends at its newline) or
 * running text. dino's files record it. A file that does not (a state dict PyTorch wrote) is read as text when
 * its vocabulary holds a character that lowercasing changes (a names corpus is lowercased, so a names model
 * never has one), else as names; {@link #load(Path, Mode)} gives the mode instead.
 */
public final class Model {
    private final Checkpoint saved;
    private final Mode mode;
    /** Whether the file recorded the mode (else it was given or inferred, and an error about the data says so). */
    private final boolean modeRecorded;
    /** How it runs: the kernels and, when given, a products form other than the file's. */
    private final RunOptions options;

    private Model(Checkpoint saved, Mode mode, boolean modeRecorded, RunOptions options) {
        this.saved = saved;
        this.mode = mode;
        this.modeRecorded = modeRecorded;
        this.options = options;
    }

    /** Loads a model file; a file that records no mode gets one by the rule above. Runs on {@link Kernels#auto()}. */
    public static Model load(Path file) {
        return load(file, null);
    }

    /**
     * Loads a model file in a given mode (null: the file's, or the rule above). A file that records a mode
     * other than the one given is an error.
     */
    public static Model load(Path file, Mode mode) {
        Checkpoint c = ModelFile.read(file);
        Mode recorded = ModelFile.recordsMode(file) ? c.config.mode() : null;
        if (recorded != null && mode != null && mode != recorded) {
            throw DinoException.naming(DinoException.literal(file.toString()) + " is a " + recorded.label()
                    + " model (the file says so): drop {mode} " + mode.label() + ", or give " + recorded.label());
        }
        Mode chosen = recorded != null ? recorded : mode != null ? mode : inferred(c.vocabulary);
        if (recorded == null) {
            c = withMode(c, chosen);
        }
        return new Model(c, chosen, recorded != null, RunOptions.defaults());
    }

    /** Text when a character of the vocabulary changes when lowercased (no names corpus has one), else names. */
    private static Mode inferred(Vocabulary v) {
        for (int cp : v.codePoints()) {
            if (Character.toLowerCase(cp) != cp || !String.valueOf(Character.toChars(cp)).toLowerCase(Locale.ROOT)
                    .equals(String.valueOf(Character.toChars(cp)))) {
                return Mode.TEXT;
            }
        }
        return Mode.LINES;
    }

    private static Checkpoint withMode(Checkpoint c, Mode mode) {
        TrainingConfig config = c.config.toBuilder().mode(mode).build();
        return new Checkpoint(c.model, c.vocabulary, config, c.dataSource, c.dataFingerprint, c.state, c.best);
    }

    /** The model from a training run's checkpoint. */
    static Model of(Checkpoint c, RunOptions options) {
        return new Model(c, c.config.mode(), true, options);
    }

    /**
     * This model, run as {@code options} say: on their kernels, and in their products' form when they give one (else
     * in the form the file records). Their threads do not matter: a model samples and scores on one thread.
     */
    public Model withOptions(RunOptions options) {
        return new Model(saved, mode, modeRecorded, options);
    }

    /** The products' form this model computes in: the options', else the file's. */
    private Products products() {
        return options.products() != null ? options.products() : saved.config.products();
    }

    /** The kernels this model runs on. */
    public Kernels kernels() {
        return options.kernels();
    }

    /** Names or text. */
    public Mode mode() {
        return mode;
    }

    /** The settings it was trained with (a PyTorch file: its cell, layers, size and precision, the rest the reference's). */
    public TrainingConfig config() {
        return saved.config;
    }

    /** The characters it knows, in index order (the newline first, when it knows one). */
    public String vocabulary() {
        StringBuilder s = new StringBuilder();
        for (int cp : saved.vocabulary.codePoints()) {
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    /** The number of weights and biases (padding not counted). */
    public long parameterCount() {
        return saved.model.layout.parameterCount();
    }

    /** Whether the file holds the reference's five arrays ({@code Wax, Waa, Wya, ba, by}) rather than a PyTorch state dict. */
    public boolean referenceLayout() {
        return saved.model.layout.reference;
    }

    /** The data it was trained on: a path, {@code bundled:dinos.txt}, or "" when unknown. */
    public String dataSource() {
        return saved.dataSource;
    }

    /** SHA-256 of the training data as read (hex), or "" when unknown. */
    public String dataFingerprint() {
        return saved.dataFingerprint;
    }

    /**
     * The names it was trained on, to tell a sample that is new from one it learned: for a names model whose file
     * says where its data is (the bundled names, or a file that still holds what it was trained on, the same
     * SHA-256). Empty for a text model, data that was in memory, and data that moved or changed since.
     */
    public Optional<List<String>> trainingNames() {
        if (mode != Mode.LINES || saved.dataSource.isEmpty()) {
            return Optional.empty();
        }
        Corpus source = Corpus.ofSource(saved.dataSource);
        try {
            dino.engine.data.Corpus data = source.read(Mode.LINES, null);
            if (!saved.dataFingerprint.isEmpty() && !saved.dataFingerprint.equals(data.fingerprint())) {
                return Optional.empty();
            }
            return Optional.of(data.lineTexts());
        } catch (DinoException e) {
            return Optional.empty();
        }
    }

    /** Whether the file holds a training state, so that {@link Training#resume} can continue it. */
    public boolean resumable() {
        return saved.state != null;
    }

    /** Iterations trained, or 0 without a training state. */
    public long iterations() {
        return saved.state == null ? 0 : saved.state.iteration;
    }

    /**
     * The iteration whose validation loss was the lowest of its run, for a model saved by a run that keeps its best
     * model ({@link Training#keepBest}) or has {@link Training#patience}; -1 otherwise.
     */
    public long bestIteration() {
        return saved.best == null ? -1 : saved.best.iteration();
    }

    /** The lowest validation loss per character of its run (see {@link #bestIteration()}), or NaN. */
    public double bestValidationLoss() {
        return saved.best == null ? Double.NaN : saved.best.loss();
    }

    /** The smoothed loss when it was saved, or NaN without a training state. */
    public double smoothLoss() {
        return saved.state == null ? Double.NaN : saved.state.smoothLoss;
    }

    /**
     * Draws samples: names without their final newline, or text. Sample k uses seed {@code sampling.seed() + k}.
     * A prefix with a character the model does not know is an error that names it.
     */
    public List<String> sample(Sampling sampling) {
        return sample(sampling, null);
    }

    /**
     * {@link #sample(Sampling)}, telling {@code listener} (may be null) of every character as it is drawn: the
     * same strings, shown while they are written (a long text, a page that streams).
     */
    public List<String> sample(Sampling sampling, CharacterListener listener) {
        boolean text = mode == Mode.TEXT;
        int[] prefix = encodePrefix(saved.vocabulary, text, sampling.prefix());
        int length = sampling.lengthIn(mode);
        Sampler<?> sampler = Sampler.create(saved.model, kernels().set, products(), newline(saved.vocabulary),
                        length, !text)
                .temperature(sampling.temperature()).topK(sampling.topK());
        return draw(sampler, saved.vocabulary, text, sampling, prefix, listener);
    }

    /**
     * Draws the samples; a listener hears every character but a names model's newlines, since a name's only
     * newline ends it, and the one kept when a name drew its newline as its last allowed character (the
     * reference then ends it with a second one) is heard once the name is done.
     */
    static List<String> draw(Sampler<?> sampler, Vocabulary vocabulary, boolean text, Sampling sampling, int[] prefix,
            CharacterListener listener) {
        int[] out = new int[sampler.maxLength() + 1];
        int newline = vocabulary.newline();
        List<String> samples = new ArrayList<>(sampling.count());
        for (int k = 0; k < sampling.count(); k++) {
            int sample = k;
            IntConsumer drawn = listener == null ? null : index -> {
                if (text || index != newline) {
                    listener.drawn(sample, new String(Character.toChars(vocabulary.codePoint(index))));
                }
            };
            int n = sampler.sample(sampling.seed() + k, out, prefix, drawn);
            String s = vocabulary.decode(out, 0, n);
            s = !text && s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
            if (listener != null && !text && s.endsWith("\n")) {
                listener.drawn(sample, "\n");
            }
            samples.add(s);
        }
        return samples;
    }

    /** The prefix as indices (null for none); a names model lowercases it, as its training data was. */
    static int[] encodePrefix(Vocabulary vocabulary, boolean text, String prefix) {
        if (prefix.isEmpty()) {
            return null;
        }
        String p = text ? prefix : prefix.toLowerCase(Locale.ROOT);
        if (!text && (p.indexOf('\n') >= 0 || p.indexOf('\r') >= 0)) {
            throw DinoException.naming("{prefix} of a name cannot hold a line break: the newline ends a name");
        }
        return vocabulary.encode(p, "{prefix}");
    }

    /** The start token: the newline's index, or 0 when the vocabulary has none (a text without line breaks). */
    static int newline(Vocabulary v) {
        return Math.max(0, v.newline());
    }

    /** {@link #evaluate(Corpus, ProgressListener)} without progress. */
    public Evaluation evaluate(Corpus corpus) {
        return evaluate(corpus, ProgressListener.NONE);
    }

    /**
     * The model's loss on a corpus, read in the model's mode and vocabulary: a character it does not know is an
     * error that lists every such character. {@code progress} hears of the names or characters scored.
     */
    public Evaluation evaluate(Corpus corpus, ProgressListener progress) {
        dino.engine.data.Corpus data;
        try {
            data = corpus.read(mode, saved.vocabulary);
        } catch (DinoException e) {
            if (modeRecorded || mode == Mode.TEXT) {
                throw e;
            }
            throw e.appended("; the model file does not record its mode and was read as names: if it was trained on "
                    + "running text, give {mode} text");
        }
        int newline = newline(saved.vocabulary);
        double total = 0;
        long predictions = 0;
        if (mode == Mode.LINES) {
            Evaluator<?> evaluator = Evaluator.create(saved.model, kernels().set, products(), newline,
                    data.longestLine());
            int n = data.lineCount();
            for (int i = 0; i < n; i++) {
                int[] line = data.line(i);
                total += evaluator.nameLoss(line);
                predictions += line.length + 1;
                progress.advanced(i + 1, n);
            }
        } else {
            int window = saved.config.seqLength();
            long length = data.characterCount();
            total = Evaluator.create(saved.model, kernels().set, products(), newline, window)
                    .textLoss(data.cursor(), 0, length, window, progress::advanced);
            predictions = length - 1;
        }
        return new Evaluation(predictions, total / predictions);
    }

    /** Writes the model (and its training state, if any) as a numpy .npz, to a temporary name then renamed. */
    public void save(Path file) {
        ModelFile.write(file, saved);
    }

    Checkpoint checkpoint() {
        return saved;
    }

    @Override
    public String toString() {
        return "Model[" + mode.label() + ", " + config().cell().label() + " × " + config().layers() + ", hidden "
                + config().hidden() + ", " + config().precision().label() + ", vocabulary " + PythonRepr.ofString(vocabulary()) + "]";
    }
}
