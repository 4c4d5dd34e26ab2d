// A sweep's output folder, wherever it is: a local folder, or (the spark module) a path on any Hadoop file system.
package dino.cli.sweep;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The files of a sweep, by paths relative to its output folder ({@code manifest.json},
 * {@code trials/trial-003/result.json}). Every write replaces a whole file or leaves the old one (temporary name, then
 * rename), so a sweep killed at any moment leaves only whole files. Model files are written by the engine to a local
 * path ({@link #workFolder}) and then {@link #publish}ed; locally the work folder is the output folder itself.
 */
public interface SweepFiles {
    /** The output folder as the user gave it, for messages. */
    String describe();

    /** A file's bytes, or empty when it does not exist. */
    Optional<byte[]> read(String path);

    /** Replaces a file (creating its folders), atomically. */
    void write(String path, byte[] content);

    /** Removes a file if it exists. */
    void delete(String path);

    /** A local folder, created, where a trial's model files are written: {@code folder} itself for a local sweep. */
    Path workFolder(String folder);

    /** Copies {@code local} (in a work folder) to {@code path}, atomically; nothing when it is already there. */
    void publish(Path local, String path);

    /** Brings {@code path} to {@code local}; false when it does not exist. */
    boolean fetch(String path, Path local);
}
