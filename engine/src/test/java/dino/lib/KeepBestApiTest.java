// Training.keepBest and Training.patience as a library user sees them: the best model, the stop, resuming, errors.
package dino.lib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.api.DinoException;
import dino.api.Sampling;
import dino.api.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeepBestApiTest {
    @TempDir
    Path dir;

    /** 30 names, 9 held out, Adam at a high rate: the validation loss bottoms out early and then rises. */
    private static final TrainingConfig OVERFITS = TrainingConfig.reference().toBuilder().hidden(32)
            .optimizer(TrainingConfig.Optimizer.ADAM).learningRate(0.05).valFraction(0.3).build();

    private static Corpus names() throws IOException {
        return Corpus.ofLines(Files.readAllLines(Path.of("..", "data", "dinos.txt")).subList(0, 30));
    }

    private static Training run(Training t, List<double[]> checks) {
        return t.reportEvery(50).reportSamples(Sampling.defaults().withCount(0)).listener(new Training.Listener() {
            @Override
            public void report(Training.Report r) {
                checks.add(new double[] {r.iteration(), r.validationLoss()});
            }
        });
    }

    @Test
    void keepsTheLowestValidationLossAndStopsAfterPatience() throws IOException {
        Path best = dir.resolve("best.npz");
        List<double[]> checks = new ArrayList<>();
        Training t = run(Training.start(OVERFITS, names(), RunOptions.defaults().withKernels(Kernels.scalar()).withThreads(1)), checks).keepBest(best).patience(3);
        long done = t.runUntil(5000);
        assertTrue(t.patienceRanOut());
        double[] lowest = checks.get(0);
        for (double[] c : checks) {
            lowest = c[1] < lowest[1] ? c : lowest;
        }
        assertEquals((long) lowest[0] + 3 * 50 + 1, done);
        assertEquals((long) lowest[0], t.bestIteration());
        assertEquals(lowest[1], t.bestValidationLoss());
        Model m = Model.load(best);
        assertEquals((long) lowest[0], m.bestIteration());
        assertEquals(lowest[1], m.bestValidationLoss());
        assertTrue(!m.resumable());
        assertEquals(done, t.runUntil(6000), "a run whose patience ran out stays stopped");
    }

    @Test
    void aResumedRunWritesTheSameBestModel() throws IOException {
        Path best = dir.resolve("best.npz");
        Training whole = run(Training.start(OVERFITS, names(), RunOptions.defaults().withKernels(Kernels.scalar()).withThreads(1)), new ArrayList<>()).keepBest(best)
                .patience(3);
        whole.runUntil(5000);

        Path best2 = dir.resolve("best2.npz");
        Path saved = dir.resolve("saved.npz");
        Training first = run(Training.start(OVERFITS, names(), RunOptions.defaults().withKernels(Kernels.scalar()).withThreads(1)), new ArrayList<>()).keepBest(best2)
                .patience(3);
        first.runUntil(101);
        first.save(saved);
        Training second = run(Training.resume(saved, names(), RunOptions.defaults().withKernels(Kernels.scalar()).withThreads(1)),
                new ArrayList<>()).keepBest(best2).patience(3);
        assertEquals(first.bestIteration(), second.bestIteration());
        second.runUntil(5000);
        assertTrue(second.patienceRanOut());
        assertEquals(whole.iteration(), second.iteration());
        assertArrayEquals(Files.readAllBytes(best), Files.readAllBytes(best2));
    }

    @Test
    void errorsNameTheSettings() throws IOException {
        Training plain = Training.start(TrainingConfig.reference(), names(), RunOptions.defaults().withKernels(Kernels.scalar()).withThreads(1));
        DinoException noValidation = assertThrows(DinoException.class, () -> plain.keepBest(dir.resolve("b.npz")));
        assertEquals("keepBest needs a validation set: give valFraction above 0", noValidation.getMessage());
        Training validating = Training.start(OVERFITS, names(), RunOptions.defaults().withKernels(Kernels.scalar()).withThreads(1));
        DinoException zero = assertThrows(DinoException.class, () -> validating.patience(0));
        assertEquals("patience must be at least 1, got 0", zero.getMessage());
        validating.patience(2).reportEvery(0);
        DinoException noReports = assertThrows(DinoException.class, () -> validating.runUntil(10));
        assertEquals("patience checks the validation loss every reportEvery iterations: set reportEvery above 0", noReports.getMessage());
    }
}
