// A save onto a full disk: a one-line error, exit 2, the previous model intact and no temporary file left behind.
package dino.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Needs root to mount a 64 KiB tmpfs (CI runs as root); elsewhere it is reported as skipped. */
class FullDiskTest {
    @TempDir
    Path dir;

    @Test
    void savingOntoAFullDiskFailsCleanly() throws Exception {
        Path disk = Files.createDirectory(dir.resolve("tiny"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.toString()) == 0,
                "skipped: cannot mount a tmpfs here (needs root)");
        try {
            Path model = disk.resolve("m.npz");
            Cli small = Cli.run("train", "--hidden", "4", "--iterations", "10", "--print-every", "0", "--save", model.toString());
            assertEquals(0, small.exitCode, small.err);
            byte[] old = Files.readAllBytes(model);
            Cli saved = Cli.run("train", "--hidden", "100", "--iterations", "10", "--print-every", "0", "--save", model.toString());
            assertEquals(2, saved.exitCode, saved.err);
            assertTrue(saved.err.contains("No space left on device") && saved.err.contains("disk full"), saved.err);
            assertEquals(1, saved.err.lines().filter(l -> l.startsWith("dino: ")).count(), saved.err);
            assertArrayEquals(old, Files.readAllBytes(model), "the failed save left the previous model as it was");
            try (var files = Files.list(disk)) {
                assertEquals(List.of(model), files.collect(Collectors.toList()), "no partial model and no temporary file");
            }
        } finally {
            run("umount", disk.toString());
        }
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
