// The public API end to end: the reference run, a round trip from strings, sampling on 8 threads, a stop from outside.
package dino.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.api.DinoException;
import dino.api.Evaluation;
import dino.api.Mode;
import dino.api.Sampling;
import dino.api.TrainingConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTest {
    /** Names with every letter, some repeated, for runs from strings. */
    private static final List<String> NAMES = List.of("tyrannosaurus", "velociraptor", "triceratops", "stegosaurus",
            "brachiosaurus", "diplodocus", "allosaurus", "ankylosaurus", "iguanodon", "spinosaurus", "pachycephalosaurus",
            "parasaurolophus", "gallimimus", "oviraptor", "compsognathus", "zuul", "qianzhousaurus", "xenoceratops",
            "jobaria", "kentrosaurus", "wuerhosaurus", "fukuiraptor");

    @TempDir
    Path dir;

    /** Python's '%f': the exact binary value rounded half-even to 6 decimals (as the reference prints losses). */
    private static String fixed6(double x) {
        return new BigDecimal(x).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
    }

    @Test
    void theReferenceRunThroughTheApiGivesTheReferencesLines() throws IOException {
        List<String> transcript = Files.readAllLines(Path.of("../cli/src/test/resources/transcript_dinos_35000.txt"),
                StandardCharsets.UTF_8);
        Training run = Training.start(TrainingConfig.reference(), Corpus.dinos(), RunOptions.defaults().withKernels(Kernels.scalar()).withThreads(1));
        assertEquals(transcript.get(1), "There are " + run.characterCount() + " total characters and "
                + run.vocabulary().length() + " unique characters in your data.");
        assertEquals("\nabcdefghijklmnopqrstuvwxyz", run.vocabulary()); // the transcript's dict: the CLI's TrainOutputTest
        List<String> printed = new ArrayList<>();
        run.listener(new Training.Listener() {
            @Override
            public void report(Training.Report r) {
                printed.add("Iteration: " + r.iteration() + ", Loss: " + fixed6(r.smoothLoss()));
                printed.add("");
                for (String name : r.samples()) {
                    printed.add(Character.toUpperCase(name.charAt(0)) + name.substring(1));
                }
                printed.add("");
                printed.add("");
                assertTrue(Double.isNaN(r.validationLoss()));
            }
        });
        assertEquals(4001, run.runUntil(4001));
        assertEquals(transcript.subList(3, 3 + printed.size()), printed);
        assertEquals(3 * 11, printed.size());
    }

    @Test
    void trainSaveLoadSampleAndEvaluateFromStrings() {
        TrainingConfig config = TrainingConfig.builder().hidden(16).learningRate(0.01).optimizer(TrainingConfig.Optimizer.ADAM)
                .seed(3).batchSize(2).valFraction(0.2).build();
        Corpus names = Corpus.ofLines(NAMES);
        Training run = Training.start(config, names, RunOptions.defaults().withKernels(Kernels.scalar()).withThreads(1));
        assertEquals(27, run.vocabulary().length());
        assertEquals(400, run.runUntil(400));
        double validation = run.validationLoss();
        assertTrue(validation > 0 && validation < Math.log(27), "validation loss " + validation);
        Path file = dir.resolve("names.npz");
        run.save(file);

        Model loaded = Model.load(file).withOptions(RunOptions.defaults().withKernels(Kernels.scalar()));
        assertEquals(Mode.LINES, loaded.mode());
        assertEquals(config, loaded.config());
        assertEquals(run.vocabulary(), loaded.vocabulary());
        assertEquals(400, loaded.iterations());
        assertEquals(run.smoothLoss(), loaded.smoothLoss());
        assertEquals(Corpus.ofLines(NAMES).source(), loaded.dataSource());

        Sampling sampling = Sampling.defaults().withCount(12).withSeed(5);
        List<String> samples = loaded.sample(sampling);
        assertEquals(run.sample(sampling), samples);
        assertEquals(run.model().sample(sampling), samples);
        assertEquals(12, samples.size());
        for (String s : samples) {
            assertTrue(s.length() <= 50 && s.chars().allMatch(c -> c >= 'a' && c <= 'z'), s);
        }
        assertNotEquals(samples.get(0), samples.get(1));
        List<String> prefixed = loaded.sample(sampling.withPrefix("Tyr").withTemperature(0.5).withTopK(3));
        for (String s : prefixed) {
            assertTrue(s.startsWith("tyr"), s);
        }
        assertEquals(prefixed, loaded.sample(sampling.withPrefix("tyr").withTemperature(0.5).withTopK(3)));

        Evaluation e = loaded.evaluate(names);
        long predictions = NAMES.stream().mapToLong(n -> n.length() + 1).sum();
        assertEquals(predictions, e.characters());
        assertTrue(e.lossPerCharacter() > 0.5 && e.lossPerCharacter() < Math.log(27), "loss " + e.lossPerCharacter());
        assertEquals(Math.exp(e.lossPerCharacter()), e.perplexity());
        assertEquals(e.lossPerCharacter() / Math.log(2), e.bitsPerCharacter());
        assertEquals(e, run.model().withOptions(RunOptions.defaults().withKernels(Kernels.scalar())).evaluate(names));
        // The model knows only the training data's characters; scoring other text says which are new.
        DinoException unknown = assertThrows(DinoException.class, () -> loaded.evaluate(Corpus.ofText("rex 9\n")));
        assertTrue(unknown.getMessage().startsWith("the data has characters the model does not know: ' ', '9'"),
                unknown.getMessage());

        // Resumed from the file, the run goes on as the uninterrupted one.
        Training straight = Training.start(config, names, RunOptions.defaults().withKernels(Kernels.scalar()).withThreads(1));
        straight.runUntil(600);
        Training resumed = Training.resume(file, Corpus.ofLines(NAMES), RunOptions.defaults().withKernels(Kernels.scalar()).withThreads(1));
        assertEquals(600, resumed.runUntil(600));
        assertEquals(straight.smoothLoss(), resumed.smoothLoss());
        assertEquals(straight.sample(sampling), resumed.sample(sampling));
    }

    @Test
    void aResumeKeepsTheModelsSettingsAndData() {
        Path file = dir.resolve("r.npz");
        Training run = Training.start(TrainingConfig.builder().hidden(8).build(), Corpus.ofLines(NAMES), RunOptions.defaults().withKernels(Kernels.scalar()).withThreads(1));
        run.runUntil(10);
        run.save(file);
        TrainingConfig other = TrainingConfig.builder().hidden(9).learningRate(0.5).build();
        DinoException conflict = assertThrows(DinoException.class, () -> Training.resume(file, Corpus.ofLines(NAMES),
                RunOptions.defaults().withKernels(Kernels.scalar()).withThreads(1), other, java.util.EnumSet.of(TrainingConfig.Setting.HIDDEN,
                        TrainingConfig.Setting.LEARNING_RATE, TrainingConfig.Setting.CLIP)));
        assertEquals("a resumed run keeps its model's settings; drop hidden (the model has 8), learningRate (the model has "
                + "0.01)", conflict.getMessage());
        DinoException otherData = assertThrows(DinoException.class,
                () -> Training.resume(file, Corpus.ofLines(List.of("rex", "zed")), RunOptions.defaults().withKernels(Kernels.scalar()).withThreads(1)));
        assertEquals("the data's vocabulary differs from the model's: resume with the corpus it was trained on (data in memory)",
                otherData.getMessage());
        DinoException noData = assertThrows(DinoException.class, () -> Training.resume(file, null));
        assertTrue(noData.getMessage().endsWith("give the corpus it was trained on"), noData.getMessage());
    }

    @Test
    void eightThreadsSampleEachSeedAsOneThreadDoes() throws Exception {
        Training names = Training.start(TrainingConfig.builder().hidden(24).build(), Corpus.ofLines(NAMES), RunOptions.defaults().withKernels(Kernels.auto()).withThreads(1));
        names.runUntil(300);
        Training text = Training.start(TrainingConfig.builder().mode(Mode.TEXT).hidden(24).seqLength(10).build(),
                Corpus.ofText(String.join(" and ", NAMES).toUpperCase(Locale.ROOT) + ". The End."), RunOptions.defaults().withKernels(Kernels.auto()).withThreads(1));
        text.runUntil(300);
        Path namesFile = dir.resolve("n.npz");
        Path textFile = dir.resolve("t.npz");
        names.save(namesFile);
        text.save(textFile);
        Model[] models = {Model.load(namesFile), Model.load(textFile)};
        int seeds = 40;
        Sampling base = Sampling.defaults().withCount(1).withLength(60).withTemperature(0.9);
        List<Map<Long, String>> alone = new ArrayList<>();
        for (Model m : models) {
            Map<Long, String> bySeed = new ConcurrentHashMap<>();
            for (long s = 0; s < seeds; s++) {
                bySeed.put(s, m.sample(base.withSeed(s)).get(0));
            }
            alone.add(bySeed);
        }
        assertEquals(seeds, alone.get(1).values().stream().distinct().count(), "text samples differ by seed");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<Long> order = new ArrayList<>();
                    for (long s = 0; s < seeds; s++) {
                        order.add(s);
                    }
                    Collections.shuffle(order, new Random(thread));
                    go.await();
                    int checked = 0;
                    for (int round = 0; round < 3; round++) {
                        for (long s : order) {
                            int which = (int) ((s + thread + round) % 2);
                            assertEquals(alone.get(which).get(s), models[which].sample(base.withSeed(s)).get(0),
                                    "model " + which + ", seed " + s + ", thread " + thread);
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            go.countDown();
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(5, TimeUnit.MINUTES);
            }
            assertEquals(8 * 3 * seeds, total);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStopFromAnotherThreadLeavesALoadableFile() throws Exception {
        Training run = Training.start(TrainingConfig.builder().hidden(32).build(), Corpus.dinos(), RunOptions.defaults().withKernels(Kernels.auto()).withThreads(1));
        CountDownLatch started = new CountDownLatch(1);
        AtomicLong seen = new AtomicLong();
        run.reportEvery(0).listener(new Training.Listener() {
            @Override
            public void iteration(long iteration, double smoothLoss) {
                seen.set(iteration);
                if (iteration == 200) {
                    started.countDown();
                }
            }
        });
        Thread stopper = new Thread(() -> {
            try {
                started.await();
                run.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopper.start();
        long done = run.runUntil(100_000_000L);
        stopper.join();
        assertTrue(run.stopped());
        assertTrue(done >= 200 && done < 100_000_000L, "stopped at " + done);
        assertEquals(done, seen.get(), "the listener saw the iteration it stopped before");
        Path file = dir.resolve("stopped.npz");
        run.save(file);
        Model loaded = Model.load(file);
        assertEquals(done, loaded.iterations());
        assertEquals(run.smoothLoss(), loaded.smoothLoss());
        assertEquals(7, loaded.sample(Sampling.defaults().withCount(7)).size());
        Training resumed = Training.resume(file, null, RunOptions.defaults().withKernels(Kernels.auto()).withThreads(1));
        assertEquals(done + 10, resumed.runUntil(done + 10));
    }

    @Test
    void samplingLimitsAreRefusedWithTheirNames() {
        assertEquals("count must be 0 or more, got -1",
                assertThrows(DinoException.class, () -> Sampling.defaults().withCount(-1)).getMessage());
        assertEquals("length must be between 1 and 1000000, got 0",
                assertThrows(DinoException.class, () -> Sampling.defaults().withLength(0)).getMessage());
        assertEquals("length must be between 1 and 1000000, got 1000001",
                assertThrows(DinoException.class, () -> Sampling.defaults().withLength(Sampling.MAX_LENGTH + 1)).getMessage());
        assertEquals("temperature must be a positive number, got 0.0",
                assertThrows(DinoException.class, () -> Sampling.defaults().withTemperature(0)).getMessage());
        assertEquals("topK must be 0 (all characters) or more, got -2",
                assertThrows(DinoException.class, () -> Sampling.defaults().withTopK(-2)).getMessage());
        assertEquals("seed must be between 0 and 4292967295, got -1",
                assertThrows(DinoException.class, () -> Sampling.defaults().withSeed(-1)).getMessage());
        assertEquals("threads must be between 1 and 256, got 0", assertThrows(DinoException.class,
                () -> RunOptions.defaults().withThreads(0)).getMessage());
        assertEquals("maxLineLength must be between 1 and 1048576, got 0",
                assertThrows(DinoException.class, () -> Corpus.dinos().withMaxLineLength(0)).getMessage());
    }
}
