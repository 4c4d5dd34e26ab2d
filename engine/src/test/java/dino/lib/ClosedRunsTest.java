// A run owns its worker threads until it is closed: a program that starts many runs keeps no thread of a closed one.
package dino.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.api.DinoException;
import dino.api.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClosedRunsTest {
    @TempDir
    Path dir;

    /** The live threads that split kernel calls ({@code dino-kernels-N}), of every run in this JVM. */
    private static Set<Thread> kernelThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("dino-kernels-") && t.isAlive()).collect(Collectors.toSet());
    }

    @Test
    void aHundredClosedRunsLeaveNoThreadBehind() {
        Set<Thread> before = kernelThreads();
        TrainingConfig config = TrainingConfig.reference().toBuilder().batchSize(8).hidden(16).build();
        for (int i = 0; i < 100; i++) {
            try (Training run = Training.start(config, Corpus.dinos(), RunOptions.defaults().withKernels(Kernels.scalar()).withThreads(3))) {
                run.reportEvery(0).runUntil(5);
                assertTrue(kernelThreads().size() >= before.size() + 2, "a run on 3 threads has 2 workers while open");
            }
        }
        Set<Thread> after = kernelThreads();
        after.removeAll(before);
        assertEquals(Set.of(), after, "threads of closed runs still alive");
    }

    @Test
    void aClosedRunSavesButDoesNotTrain() throws Exception {
        Path file = dir.resolve("m.npz");
        TrainingConfig config = TrainingConfig.reference().toBuilder().batchSize(4).hidden(8).build();
        Training run = Training.start(config, Corpus.dinos(), RunOptions.defaults().withKernels(Kernels.scalar()).withThreads(2));
        run.reportEvery(0).runUntil(3);
        run.close();
        run.close(); // a second close does nothing
        run.save(file);
        assertTrue(Files.size(file) > 0);
        assertEquals(3, run.iteration());
        DinoException e = assertThrows(DinoException.class, () -> run.runUntil(4));
        assertEquals("this run is closed: resume it from a saved file, or start a new one", e.getMessage());
        try (Training resumed = Training.resume(file, Corpus.dinos())) {
            assertEquals(4, resumed.reportEvery(0).runUntil(4));
        }
    }
}
