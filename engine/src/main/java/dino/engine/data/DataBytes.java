// The bytes of a data file at any offset: mapped in segments (files of any size) or held in the heap (streams).
package dino.engine.data;

import dino.api.DinoException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * A regular file is memory-mapped, read-only, in segments of {@code 2^segmentShift} bytes (a Java 17
 * mapping holds at most 2 GiB; 1 GiB segments by default): the pages live in the operating system's
 * cache, not in the heap, so a corpus larger than the heap can be read at random. Anything else (the
 * corpus bundled in the jar, a pipe) is read whole into one heap buffer. Offsets are {@code long}
 * everywhere; a read at any offset crosses segment edges transparently.
 *
 * <p>A mapped file must not change while it is read: the size, modification time and file key seen at
 * the start are compared by {@link #checkUnchanged} (and, at most once a second, by {@link #watch}).
 */
final class DataBytes {
    /** Segment size of a mapping by default: 1 GiB. */
    static final int DEFAULT_SEGMENT_SHIFT = 30;
    private static final long WATCH_NANOS = 1_000_000_000L;

    /** Number of bytes. */
    final long size;
    /** Names the data in messages (the path as given, or e.g. "bundled dinos.txt"). */
    final String source;
    private final ByteBuffer[] segments;
    private final int shift;
    private final long mask;
    /** The file and what it looked like when mapped (null: heap bytes, nothing to watch). */
    private final Path path;
    private final FileTime modified;
    private final Object fileKey;
    private long lastWatch = System.nanoTime();

    private DataBytes(long size, String source, ByteBuffer[] segments, int shift, Path path, FileTime modified,
                      Object fileKey) {
        this.size = size;
        this.source = source;
        this.segments = segments;
        this.shift = shift;
        this.mask = (1L << shift) - 1;
        this.path = path;
        this.modified = modified;
        this.fileKey = fileKey;
    }

    /** Bytes held in the heap (a stream, or a test's text). */
    static DataBytes of(byte[] bytes, String source) {
        return new DataBytes(bytes.length, source, new ByteBuffer[] {ByteBuffer.wrap(bytes)}, 62, null, null, null);
    }

    /** A regular file mapped in segments of {@code 2^segmentShift} bytes; any other file read into the heap. */
    static DataBytes open(Path path, int segmentShift) throws IOException {
        BasicFileAttributes before = Files.readAttributes(path, BasicFileAttributes.class);
        if (!before.isRegularFile()) {
            return of(Files.readAllBytes(path), path.toString());
        }
        long size = before.size();
        long segment = 1L << segmentShift;
        ByteBuffer[] segments = new ByteBuffer[(int) Math.max(1, (size + segment - 1) / segment)];
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            for (int s = 0; s < segments.length; s++) {
                long from = s * segment;
                segments[s] = channel.map(FileChannel.MapMode.READ_ONLY, from, Math.min(segment, size - from));
            }
        }
        DataBytes bytes = new DataBytes(size, path.toString(), segments, segmentShift, path, before.lastModifiedTime(),
                before.fileKey());
        bytes.checkUnchanged(); // changed between the look and the mapping
        return bytes;
    }

    /** The byte at {@code pos} (0 ≤ pos &lt; size). */
    byte get(long pos) {
        return segments[(int) (pos >>> shift)].get((int) (pos & mask));
    }

    /** Copies up to {@code length} bytes from {@code pos} (fewer at the end) into dst; returns how many. */
    int get(long pos, byte[] dst, int off, int length) {
        int n = (int) Math.min(length, size - pos);
        int done = 0;
        while (done < n) {
            ByteBuffer segment = segments[(int) ((pos + done) >>> shift)];
            int at = (int) ((pos + done) & mask);
            int k = Math.min(n - done, segment.limit() - at);
            segment.get(at, dst, off + done, k);
            done += k;
        }
        return n;
    }

    /** Whether the bytes are a file's (mapped) rather than a copy in the heap. */
    boolean mapped() {
        return path != null;
    }

    /**
     * Throws when the file is no longer the one that was read: another size, modification time or file
     * (replaced by a rename). A mapped file that shrinks would fault on the next read past its end.
     */
    void checkUnchanged() {
        if (path == null) {
            return;
        }
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            throw changed("it can no longer be read (" + e.getClass().getSimpleName() + ")");
        }
        if (now.size() != size) {
            throw changed("its size went from " + size + " to " + now.size() + " bytes");
        }
        if (!now.lastModifiedTime().equals(modified) || fileKey != null && !fileKey.equals(now.fileKey())) {
            throw changed("it was modified or replaced");
        }
    }

    /** {@link #checkUnchanged}, at most once a second: cheap enough to call before every training step. */
    void watch() {
        if (path != null) {
            long now = System.nanoTime();
            if (now - lastWatch >= WATCH_NANOS) {
                lastWatch = now;
                checkUnchanged();
            }
        }
    }

    /**
     * The error for a read that faulted: the JVM turns the SIGBUS of a mapped page past the end of a
     * file that was cut short into an {@link InternalError}, which the readers catch and replace by this.
     */
    DinoException faulted() {
        return changed("it was shortened (reading its mapped pages faulted)");
    }

    /** The error for data that is no longer what was read at the start. */
    DinoException changed(String how) {
        return new DinoException("data file " + source + " changed while in use: " + how
                + "; leave it unchanged while training (copy it first), or start again");
    }
}
