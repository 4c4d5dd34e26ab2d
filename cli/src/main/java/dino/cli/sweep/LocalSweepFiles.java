// A sweep's output folder on this machine: every file written through the engine's AtomicFiles.
package dino.cli.sweep;

import dino.api.DinoException;
import dino.engine.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@link SweepFiles} in a local folder; work folders are the trial folders themselves. */
final class LocalSweepFiles implements SweepFiles {
    private final Path root;

    LocalSweepFiles(Path root) {
        this.root = root;
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public Optional<byte[]> read(String path) {
        Path file = root.resolve(path);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new DinoException("cannot read " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void write(String path, byte[] content) {
        Path file = root.resolve(path);
        folder(file.getParent());
        AtomicFiles.write(file, "--out", out -> out.write(content));
    }

    @Override
    public void delete(String path) {
        try {
            Files.deleteIfExists(root.resolve(path));
        } catch (IOException e) {
            throw new DinoException("cannot delete " + root.resolve(path) + ": " + e.getMessage());
        }
    }

    @Override
    public Path workFolder(String folder) {
        return folder(root.resolve(folder));
    }

    @Override
    public void publish(Path local, String path) {
        Path target = root.resolve(path);
        if (!local.toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize())) {
            write(path, readLocal(local));
        }
    }

    @Override
    public boolean fetch(String path, Path local) {
        Path source = root.resolve(path);
        if (!Files.isRegularFile(source)) {
            return false;
        }
        if (!local.toAbsolutePath().normalize().equals(source.toAbsolutePath().normalize())) {
            AtomicFiles.write(local, "--out", out -> out.write(readLocal(source)));
        }
        return true;
    }

    private static byte[] readLocal(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DinoException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static Path folder(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DinoException("cannot create the folder " + dir + ": " + e.getMessage());
        }
    }
}
