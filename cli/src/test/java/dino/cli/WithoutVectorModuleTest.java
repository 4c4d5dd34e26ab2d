// The jar's entry point without --add-modules: scalar kernels, one warning line, same output.
package dino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WithoutVectorModuleTest {
    @TempDir
    Path dir;

    @Test
    void runsOnScalarKernelsWithOneWarning() throws Exception {
        Process p = Processes.dino(dir, false, "train", "--iterations", "2001").start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Processes.stderr(dir));
        String err = Processes.stderr(dir);
        long warnings = err.lines().filter(l -> l.contains("warning")).count();
        assertEquals(1, warnings, err);
        assertTrue(err.contains("--add-modules jdk.incubator.vector"), err);
        assertTrue(err.contains("kernels: scalar"), err);
        assertTrue(Processes.stdout(dir).contains("Iteration: 2000, Loss: 27.884160"), Processes.stdout(dir));
    }

    @Test
    void forcingVectorWithoutTheModuleIsAClearError() throws Exception {
        Process p = Processes.dino(dir, false, "train", "--kernels", "vector").start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        String err = Processes.stderr(dir);
        assertTrue(err.startsWith("dino: ") && err.contains("--add-modules jdk.incubator.vector"), err);
        assertEquals(1, err.strip().lines().count(), err);
    }
}
