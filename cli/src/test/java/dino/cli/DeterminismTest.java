// Same options and seed give byte-identical stdout and model files, run after run, in separate JVMs.
package dino.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeterminismTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "--kernels {0}")
    @ValueSource(strings = {"scalar", "vector"})
    void sameOptionsGiveIdenticalBytes(String kernels) throws Exception {
        byte[][] stdout = new byte[2][];
        byte[][] models = new byte[2][];
        for (int run = 0; run < 2; run++) {
            Path runDir = Files.createDirectory(dir.resolve("run" + run));
            Process p = Processes.dino(runDir, true, "train", "--kernels", kernels, "--iterations", "6000",
                    "--print-every", "1000", "--seed", "5", "--optimizer", "adam", "--learning-rate", "0.003",
                    "--save", runDir.resolve("m.npz").toString()).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), Processes.stderr(runDir));
            stdout[run] = Files.readAllBytes(runDir.resolve("stdout.txt"));
            models[run] = Files.readAllBytes(runDir.resolve("m.npz"));
        }
        assertTrue(stdout[0].length > 1000);
        assertArrayEquals(stdout[0], stdout[1], "stdout");
        assertArrayEquals(models[0], models[1], "model file");
    }
}
