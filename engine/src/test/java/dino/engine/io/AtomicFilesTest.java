// The atomic write every output uses: a failed write leaves the old file as it was and no temporary file.
package dino.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.api.DinoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void writeReplacesTheFileAndLeavesNothingElse() throws IOException {
        Path file = dir.resolve("out.txt");
        AtomicFiles.write(file, "test", out -> out.write("first".getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.write(file, "test", out -> {
            out.write("second".getBytes(StandardCharsets.UTF_8));
            out.close(); // a content writer that closes its stream (as some libraries do) still gets a whole file
        });
        assertEquals("second", Files.readString(file));
        assertEquals(List.of("out.txt"), names());
    }

    @Test
    void aWriteThatFailsHalfWayLeavesTheOldFileIntact() throws IOException {
        Path file = dir.resolve("model.npz");
        byte[] old = new byte[100_000];
        for (int i = 0; i < old.length; i++) {
            old[i] = (byte) (i * 31);
        }
        AtomicFiles.write(file, "model", out -> out.write(old));

        DinoException e = assertThrows(DinoException.class, () -> AtomicFiles.write(file, "model", out -> {
            out.write(new byte[300_000]); // more than the buffer: these bytes reach the temporary file
            throw new IOException("No space left on device");
        }));
        assertEquals("cannot write model " + file + ": No space left on device (is the disk full?)", e.getMessage());
        assertArrayEquals(old, Files.readAllBytes(file), "the old file, byte for byte");
        assertEquals(List.of("model.npz"), names(), "no temporary file left");

        IllegalStateException bug = new IllegalStateException("a bug in the writer");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> AtomicFiles.write(file, "model", out -> {
            out.write(new byte[300_000]);
            throw bug;
        })));
        assertArrayEquals(old, Files.readAllBytes(file));
        assertEquals(List.of("model.npz"), names());
    }

    @Test
    void unwritableOutputsAreRefusedBeforeAnyWork() throws IOException {
        DinoException missing = assertThrows(DinoException.class,
                () -> AtomicFiles.checkWritable(dir.resolve("no/such/m.npz"), "--save"));
        assertTrue(missing.getMessage().startsWith("cannot write --save ") && missing.getMessage().endsWith("does not exist"),
                missing.getMessage());
        Path folder = Files.createDirectory(dir.resolve("m.npz"));
        DinoException isFolder = assertThrows(DinoException.class, () -> AtomicFiles.write(folder, "--save", out -> {
            throw new AssertionError("content written for a folder");
        }));
        assertTrue(isFolder.getMessage().endsWith("it is a folder"), isFolder.getMessage());
        assertFalse(names().stream().anyMatch(n -> n.endsWith(".tmp")), names().toString());
    }

    @Test
    void aNewFileIsReadableByOthersAndAReplacedOneKeepsItsPermissions() throws IOException {
        Path file = dir.resolve("plot.svg");
        AtomicFiles.write(file, "--plot", out -> out.write('a'));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.write(file, "--plot", out -> out.write('b'));
        assertEquals("rw-rw----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
