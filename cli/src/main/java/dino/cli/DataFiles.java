// Where a command's corpus comes from: a --data file, or the dinosaur names bundled in the jar.
package dino.cli;

import dino.engine.data.Corpus;
import dino.engine.data.ReadOptions;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Loads corpora by path, or the bundled dinos.txt, and names their source for model files. */
final class DataFiles {
    /** The data_source recorded for the bundled corpus. */
    static final String BUNDLED = "bundled:dinos.txt";
    private static final String RESOURCE = "/dino/data/dinos.txt";

    private DataFiles() {
    }

    /** The corpus at {@code path}, or the bundled one when path is null. */
    static Corpus load(Path path, Corpus.Mode mode) {
        return load(path, mode, ReadOptions.DEFAULT);
    }

    static Corpus load(Path path, Corpus.Mode mode, ReadOptions options) {
        if (path != null) {
            return Corpus.read(path, mode, options);
        }
        InputStream in = DataFiles.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("bundled corpus " + RESOURCE + " is missing from the jar");
        }
        return Corpus.read(in, "bundled dinos.txt", mode, options);
    }

    /** {@link #load}, drawing a progress bar on err while a large file is read (when {@code showProgress}). */
    static Corpus load(Path path, Corpus.Mode mode, ReadOptions options, PrintWriter err, boolean showProgress) {
        Progress progress = new Progress(err, showProgress, 0, 0);
        String label = "reading " + (path == null ? "dinos.txt" : path.getFileName());
        try {
            return load(path, mode, options.progress(progress.task(label, "MB", 1e6)));
        } finally {
            progress.clear();
        }
    }

    /** The corpus a model file names as its source. */
    static Corpus loadSource(String source, Corpus.Mode mode, PrintWriter err, boolean showProgress) {
        return load(source.equals(BUNDLED) ? null : Path.of(source), mode, ReadOptions.DEFAULT, err, showProgress);
    }

    static String sourceOf(Path path) {
        return path == null ? BUNDLED : path.toAbsolutePath().normalize().toString();
    }
}
