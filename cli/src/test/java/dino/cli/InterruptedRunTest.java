// Signals and kills against a real `dino train --save` process: the saved state survives and resumes.
package dino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dino.engine.io.Checkpoint;
import dino.engine.io.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterruptedRunTest {
    @TempDir
    Path dir;

    @Test
    void sigtermSavesTheLastCompletedStateAndResumeContinues() throws Exception {
        interruptAndResume("TERM", 143);
    }

    @Test
    void ctrlCSavesTheLastCompletedStateAndResumeContinues() throws Exception {
        assumeFalse(Processes.sigintIgnored(), "skipped: this JVM ignores SIGINT (started as a background job), so would a child");
        interruptAndResume("INT", 130);
    }

    private void interruptAndResume(String signal, int expectedExit) throws Exception {
        Path model = dir.resolve("run.npz");
        Process p = Processes.dino(dir, false, "train", "--iterations", "100000000", "--print-every", "1000",
                "--hidden", "16", "--save", model.toString()).start();
        // Printed from inside the training loop, which runs with the save-on-exit guard up.
        Processes.awaitText(p, dir.resolve("stdout.txt"), "Iteration: 1000,", 120_000);
        Processes.signal(p, signal);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the process ended after SIG" + signal);
        assertEquals(expectedExit, p.exitValue(), Processes.stderr(dir));
        String err = Processes.stderr(dir);
        assertTrue(err.contains("interrupted at iteration") && err.contains("--resume"), err);

        Checkpoint saved = ModelFile.read(model);
        long k = saved.state.iteration;
        assertTrue(k > 1000, "the signal came after iteration 1000: " + k);
        Cli resumed = Cli.run("train", "--resume", model.toString(), "--iterations", String.valueOf(k + 50), "--print-every", "0",
                "--save", model.toString());
        assertEquals(0, resumed.exitCode, resumed.err);
        assertEquals(k + 50, ModelFile.read(model).state.iteration);
    }

    /**
     * kill -9 while checkpoints are written back to back, after a save has completed and at the moment a
     * temporary file shows that the next is under way: the model file is always whole and holds the last
     * completed save, and a temporary file left behind proves the kill landed during a save. Rounds go on
     * until two did (at most 20 rounds).
     */
    @Test
    void aKillDuringASaveLeavesTheLastWholeFile() throws Exception {
        Path model = dir.resolve("m.npz");
        assertEquals(0, Cli.run("train", "--hidden", "200", "--iterations", "1", "--print-every", "0",
                "--save", model.toString()).exitCode);
        long last = 1;
        int duringSave = 0;
        for (int round = 0; round < 20 && duringSave < 2; round++) {
            Process p = Processes.dino(dir, false, "train", "--resume", model.toString(), "--iterations", "100000000",
                    "--print-every", "0", "--save", model.toString(), "--save-every", "1").start();
            Object saved = fileKey(model);
            long end = System.nanoTime() + 120_000_000_000L;
            // First a save that completes (a new file renamed over the model), then the start of the next.
            while (fileKey(model).equals(saved) || temporaryFiles().isEmpty()) {
                assertTrue(p.isAlive() && System.nanoTime() < end, "no save under way: " + Processes.stderr(dir));
                Thread.onSpinWait();
            }
            Processes.signal(p, "KILL");
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "killed");
            List<Path> left = temporaryFiles();
            duringSave += left.isEmpty() ? 0 : 1;
            for (Path tmp : left) {
                Files.delete(tmp);
            }
            Checkpoint c = ModelFile.read(model);
            assertTrue(c.state.iteration > last, "round " + round + ": iteration " + c.state.iteration + " after " + last);
            last = c.state.iteration;
        }
        assertEquals(2, duringSave, "kills that landed during a save (a temporary file was left)");
    }

    /** Identifies the file behind a name: it changes when a save renames a new file into place. */
    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    private List<Path> temporaryFiles() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).collect(Collectors.toList());
        }
    }
}
