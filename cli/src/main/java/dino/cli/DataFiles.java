// Where a command's corpus comes from: a --data file, or the dinosaur names bundled in the jar.
package dino.cli;

import dino.engine.data.Corpus;
import java.io.InputStream;
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
        if (path != null) {
            return Corpus.read(path, mode);
        }
        InputStream in = DataFiles.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("bundled corpus " + RESOURCE + " is missing from the jar");
        }
        return Corpus.read(in, "bundled dinos.txt", mode);
    }

    /** The corpus a model file names as its source. */
    static Corpus loadSource(String source, Corpus.Mode mode) {
        return source.equals(BUNDLED) ? load(null, mode) : load(Path.of(source), mode);
    }

    static String sourceOf(Path path) {
        return path == null ? BUNDLED : path.toAbsolutePath().normalize().toString();
    }
}
