// A sweep's output folder on any Hadoop file system (file://, hdfs://, s3a://, ...), as Spark reaches it.
package dino.spark;

import dino.api.DinoException;
import dino.cli.sweep.SweepFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@link SweepFiles} through Hadoop's {@link FileSystem}: every file is written to a temporary name beside it and
 * renamed over it. Where a rename does not replace (HDFS), the old file is deleted first: a reader then sees the old
 * file, no file, or the new one, never a part. Model files are written by the engine into a local temporary work
 * folder and copied up ({@link #publish}); {@link #close()} removes that folder.
 */
final class HadoopSweepFiles implements SweepFiles, AutoCloseable {
    private final String uri;
    private final FileSystem fs;
    private final Path root;
    private java.nio.file.Path work;

    HadoopSweepFiles(String uri, Configuration conf) {
        this.uri = uri;
        this.root = new Path(uri);
        try {
            this.fs = root.getFileSystem(conf);
        } catch (IOException e) {
            throw new DinoException("cannot reach " + uri + ": " + e.getMessage());
        }
        // No .crc files beside the output on the local file system.
        fs.setWriteChecksum(false);
    }

    @Override
    public String describe() {
        return uri;
    }

    @Override
    public Optional<byte[]> read(String path) {
        Path p = new Path(root, path);
        try {
            if (!fs.exists(p)) {
                return Optional.empty();
            }
            try (InputStream in = fs.open(p)) {
                return Optional.of(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new DinoException("cannot read " + p + ": " + e.getMessage());
        }
    }

    @Override
    public void write(String path, byte[] content) {
        Path target = new Path(root, path);
        Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            fs.mkdirs(target.getParent());
            try (OutputStream out = fs.create(tmp, true)) {
                out.write(content);
            }
            if (!fs.rename(tmp, target)) {
                fs.delete(target, false);
                if (!fs.rename(tmp, target)) {
                    throw new IOException("rename " + tmp + " to " + target + " failed");
                }
            }
        } catch (IOException e) {
            try {
                fs.delete(tmp, false);
            } catch (IOException ignored) {
                // The write failed and says so; a leftover temporary file is all that remains.
            }
            throw new DinoException("cannot write " + target + ": " + e.getMessage());
        }
    }

    @Override
    public void delete(String path) {
        try {
            fs.delete(new Path(root, path), false);
        } catch (IOException e) {
            throw new DinoException("cannot delete " + new Path(root, path) + ": " + e.getMessage());
        }
    }

    @Override
    public java.nio.file.Path workFolder(String folder) {
        try {
            if (work == null) {
                work = Files.createTempDirectory("dino-sweep-");
            }
            return Files.createDirectories(work.resolve(folder));
        } catch (IOException e) {
            throw new DinoException("cannot create a local work folder: " + e.getMessage());
        }
    }

    @Override
    public void publish(java.nio.file.Path local, String path) {
        try {
            write(path, Files.readAllBytes(local));
        } catch (IOException e) {
            throw new DinoException("cannot read " + local + ": " + e.getMessage());
        }
    }

    @Override
    public boolean fetch(String path, java.nio.file.Path local) {
        Optional<byte[]> bytes = read(path);
        if (bytes.isEmpty()) {
            return false;
        }
        try {
            Files.write(local, bytes.get());
        } catch (IOException e) {
            throw new DinoException("cannot write " + local + ": " + e.getMessage());
        }
        return true;
    }

    /** Removes the local work folder (the output stays). */
    @Override
    public void close() {
        if (work == null) {
            return;
        }
        try (Stream<java.nio.file.Path> all = Files.walk(work)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A temporary folder left behind is not worth failing a finished trial for.
        }
        work = null;
    }
}
