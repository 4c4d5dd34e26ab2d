// Where a command's corpus comes from: a --data file, or the dinosaur names bundled in the jar.
package dino.cli.shared;

import dino.lib.Corpus;
import java.nio.file.Path;

/** The corpus of a --data option, read with a progress bar. */
public final class DataFiles {
    private DataFiles() {
    }

    /** The corpus at {@code path}, or the bundled one when path is null. */
    public static Corpus of(Path path) {
        return path == null ? Corpus.dinos() : Corpus.of(path);
    }

    /** {@link #of}, drawing a progress bar while a large file is read; clear {@code bar} once it has been read. */
    public static Corpus of(Path path, Progress bar) {
        String label = "reading " + (path == null ? "dinos.txt" : path.getFileName());
        return of(path).withProgress(bar.task(label, "MB", 1e6));
    }
}
