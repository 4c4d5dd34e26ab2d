// Every file dino writes (models, plots, bench JSON): the old content or the new, never a mix, and on disk.
package dino.engine.io;

import dino.api.DinoException;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file to a temporary name in the same folder, forces it to disk, renames it over the target
 * and forces the folder, so a crash, a kill or a full disk leaves either the previous file or the new
 * one, and a file that was reported written survives a power cut. Failures are one-line
 * {@link DinoException}s that name the file; the temporary file is removed.
 */
public final class AtomicFiles {
    /** Writes a file's content; it must not close the stream (closing only flushes). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Refuses, before any work, an output that cannot be written: a missing or read-only folder, or a
     * folder where the file should go. {@code what} names the output in the message (e.g. {@code --save}).
     */
    public static void checkWritable(Path file, String what) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw DinoException.naming("cannot write " + what + " " + DinoException.literal(file + ": folder " + dir)
                    + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw DinoException.naming("cannot write " + what + " " + DinoException.literal(file + ": folder " + dir)
                    + " is not writable");
        }
        if (Files.isDirectory(file)) {
            throw DinoException.naming("cannot write " + what + " " + DinoException.literal(file.toString())
                    + ": it is a folder");
        }
    }

    /** Replaces {@code file} with what {@code content} writes, atomically and durably. */
    public static void write(Path file, String what, Content content) {
        checkWritable(file, what);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
            keepPermissions(tmp, file);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(new FilterOutputStream(buffered) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                });
                buffered.flush();
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            forceFolder(dir);
        } catch (AccessDeniedException e) {
            throw new DinoException("cannot write " + what + " " + file + ": permission denied");
        } catch (FileSystemException e) {
            throw new DinoException("cannot write " + what + " " + file + ": " + (e.getReason() == null ? e.getMessage() : e.getReason()));
        } catch (IOException e) {
            throw new DinoException("cannot write " + what + " " + file + ": " + e.getMessage() + " (is the disk full?)");
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The write already failed and says so; a leftover temporary file is all that remains.
                }
            }
        }
    }

    /** Makes the rename durable: the folder's entry for the new file is on disk when this returns. */
    private static void forceFolder(Path dir) throws IOException {
        FileChannel folder;
        try {
            folder = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException e) {
            // Windows cannot open a folder as a channel; its file systems journal the rename instead.
            return;
        }
        try (folder) {
            folder.force(true);
        }
    }

    /** Temporary files are private (0600); the new file gets the old file's permissions, or rw-r--r--. */
    private static void keepPermissions(Path tmp, Path target) throws IOException {
        if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Files.setPosixFilePermissions(tmp, Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--"));
    }
}
