// Signals and kills against a real `dino train --save` process: the saved state survives and resumes.
package dino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dino.engine.io.Checkpoint;
import dino.engine.io.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
        Process p = Processes.dino(dir, false, "train", "--iterations", "100000000", "--print-every", "0",
                "--hidden", "16", "--save", model.toString()).start();
        Processes.awaitFile(dir.resolve("stderr.txt"), 20_000);
        Thread.sleep(1500);
        Processes.signal(p, signal);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the process ended after SIG" + signal);
        assertEquals(expectedExit, p.exitValue(), Processes.stderr(dir));
        String err = Processes.stderr(dir);
        assertTrue(err.contains("interrupted at iteration") && err.contains("--resume"), err);

        Checkpoint saved = ModelFile.read(model);
        long k = saved.state.iteration;
        assertTrue(k > 0, "some iterations were done before the signal");
        Cli resumed = Cli.run("train", "--resume", model.toString(), "--iterations", String.valueOf(k + 50), "--print-every", "0",
                "--save", model.toString());
        assertEquals(0, resumed.exitCode, resumed.err);
        assertEquals(k + 50, ModelFile.read(model).state.iteration);
    }

    /** kill -9 at random moments while checkpoints are written back to back: the file is always whole. */
    @Test
    void killDuringSavesNeverLeavesACorruptFile() throws Exception {
        Path model = dir.resolve("m.npz");
        assertEquals(0, Cli.run("train", "--hidden", "200", "--iterations", "1", "--print-every", "0",
                "--save", model.toString()).exitCode);
        Random random = new Random(7);
        for (int round = 0; round < 4; round++) {
            Process p = Processes.dino(dir, false, "train", "--resume", model.toString(), "--iterations", "100000000",
                    "--print-every", "0", "--save", model.toString(), "--save-every", "1").start();
            Thread.sleep(1200 + random.nextInt(800));
            Processes.signal(p, "KILL");
            p.waitFor(30, TimeUnit.SECONDS);
            Checkpoint c = ModelFile.read(model);
            assertTrue(c.state.iteration >= 1, "round " + round);
        }
        try (var files = Files.list(dir)) {
            long leftovers = files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count();
            assertTrue(leftovers <= 4, "at most one temporary file per kill is left behind: " + leftovers);
        }
    }
}
