// Told how far a long task (reading a large corpus, evaluating a model) has come, to show progress.
package dino.api;

/** Receives {@code done} of {@code total} units (bytes read, names or characters scored), often. */
@FunctionalInterface
public interface ProgressListener {
    /** Hears nothing. */
    ProgressListener NONE = (done, total) -> { };

    void advanced(long done, long total);
}
