// Told how far a long preparation (reading a large corpus, evaluating one) has come, to show progress.
package dino.engine.data;

/** Receives {@code done} of {@code total} units (bytes read, names or characters scored), often. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total) -> { };

    void advanced(long done, long total);
}
