// Where training or evaluation data comes from: a file, the bundled dinosaur names, or strings in memory.
package dino.lib;

import dino.api.DinoException;
import dino.api.Mode;
import dino.api.ProgressListener;
import dino.engine.data.ReadOptions;
import dino.engine.data.Vocabulary;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Data to train on or to score, read when a run or an evaluation needs it, in the mode that run or model
 * uses (so the same corpus is names to a lines model and running text to a text model). A file is UTF-8 of
 * any size: it is memory-mapped and read once, front to back, and must not change while it is in use.
 * Immutable; the {@code with} methods return a copy.
 */
public final class Corpus {
    /** Longest name in lines mode, in characters before stripping, whatever {@link #maxLineLength} says. */
    public static final int MAX_LINE_LENGTH = dino.engine.data.Corpus.MAX_RAW_LINE;
    /** What a model file records as the source of the bundled names. */
    static final String BUNDLED = "bundled:dinos.txt";
    private static final String RESOURCE = "/dino/data/dinos.txt";

    private final Path file;
    private final String text;
    private final String source;
    private final int maxLineLength;
    private final ProgressListener progress;

    private Corpus(Path file, String text, String source, int maxLineLength, ProgressListener progress) {
        this.file = file;
        this.text = text;
        this.source = source;
        this.maxLineLength = maxLineLength;
        this.progress = progress;
    }

    /** A UTF-8 file: names one per line, or running text. */
    public static Corpus of(Path file) {
        return new Corpus(file, null, file.toAbsolutePath().normalize().toString(), 0, ProgressListener.NONE);
    }

    /** The 1536 dinosaur names bundled with dino: the reference run's data. */
    public static Corpus dinos() {
        return new Corpus(null, null, BUNDLED, 0, ProgressListener.NONE);
    }

    /** Running text (or names separated by newlines) held in memory. */
    public static Corpus ofText(String text) {
        return new Corpus(null, text, "", 0, ProgressListener.NONE);
    }

    /** Names (or lines of text) held in memory, one per element. */
    public static Corpus ofLines(List<String> lines) {
        return ofText(String.join("\n", lines) + "\n");
    }

    /** The data a model file names as its source: a path, or the bundled names. */
    static Corpus ofSource(String source) {
        if (source.isEmpty()) {
            throw DinoException.naming("the model file does not say what data it was trained on (it was in memory): "
                    + "give the {corpus} it was trained on");
        }
        return source.equals(BUNDLED) ? dinos() : of(Path.of(source));
    }

    /**
     * Lines mode: refuse data with a name longer than {@code n} characters (after stripping), naming its line;
     * such data is probably not a list of names. 1 to {@link #MAX_LINE_LENGTH}; the default is no limit but that.
     */
    public Corpus withMaxLineLength(int n) {
        if (n < 1 || n > MAX_LINE_LENGTH) {
            throw DinoException.naming("{maxLineLength} must be between 1 and " + MAX_LINE_LENGTH + ", got " + n);
        }
        return new Corpus(file, text, source, n, progress);
    }

    /** Hears of the bytes read while a large file is read. */
    public Corpus withProgress(ProgressListener p) {
        return new Corpus(file, text, source, maxLineLength, p);
    }

    /** What a model trained on this corpus records as its data: an absolute path, {@code bundled:dinos.txt}, or "" (memory). */
    public String source() {
        return source;
    }

    /** The names, read in lines mode: lowercased, stripped, empty lines left out, in file order. */
    public List<String> names() {
        return read(Mode.LINES, null).lineTexts();
    }

    /** Reads the data in a mode, in its own vocabulary (null) or a model's; a character outside a model's is an error. */
    dino.engine.data.Corpus read(Mode mode, Vocabulary vocabulary) {
        ReadOptions options = ReadOptions.DEFAULT.progress(progress::advanced);
        if (vocabulary != null) {
            options = options.vocabulary(vocabulary);
        }
        if (maxLineLength > 0 && mode == Mode.LINES) {
            options = options.maxLineLength(maxLineLength);
        }
        if (file != null) {
            return dino.engine.data.Corpus.read(file, mode, options);
        }
        if (text != null) {
            return dino.engine.data.Corpus.read(new java.io.ByteArrayInputStream(
                    text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "the text in memory", mode, options);
        }
        InputStream in = Corpus.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("bundled corpus " + RESOURCE + " is missing from the jar");
        }
        return dino.engine.data.Corpus.read(in, "bundled dinos.txt", mode, options);
    }
}
