// Model files: round trips of weights, settings and training state; clear errors for damaged files.
package dino.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.api.DinoException;
import dino.api.Mode;
import dino.api.TrainingConfig;
import dino.engine.data.Corpus;
import dino.engine.kernels.ScalarKernels;
import dino.engine.numpy.Npy;
import dino.engine.train.Optimizer;
import dino.engine.train.TrainingSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    private static TrainingSession<?> trained(TrainingConfig.Optimizer optimizer, double valFraction) {
        Corpus corpus = Corpus.fromText("rex\ntrex\nraptor\nzed\nazo\nexa\n", "test");
        TrainingConfig config = TrainingConfig.builder().mode(Mode.LINES).hidden(9).learningRate(0.05).clip(5).optimizer(optimizer).seed(3).seqLength(25).valFraction(valFraction).build();
        TrainingSession<?> session = TrainingSession.start(config, corpus, new ScalarKernels(), "test");
        session.runUntil(37, 0, (i, l) -> { }, (i, l) -> false);
        return session;
    }

    @Test
    void roundTripKeepsEverythingBitForBit() {
        for (TrainingConfig.Optimizer kind : TrainingConfig.Optimizer.values()) {
            TrainingSession<?> session = trained(kind, 0.34);
            Checkpoint written = session.checkpoint();
            Path file = dir.resolve(kind + ".npz");
            ModelFile.write(file, written);
            Checkpoint read = ModelFile.read(file);

            assertArrayEquals(written.model.w, read.model.w, kind.toString());
            assertEquals(written.vocabulary, read.vocabulary);
            assertEquals(kind, read.config.optimizer());
            assertEquals(9, read.config.hidden());
            assertEquals(0.05, read.config.learningRate());
            assertEquals(3, read.config.seed());
            assertEquals(0.34, read.config.valFraction());
            assertEquals("test", read.dataSource);
            assertEquals(session.corpus.fingerprint(), read.dataFingerprint);
            assertEquals(37, read.state.iteration);
            assertEquals(written.state.smoothLoss, read.state.smoothLoss);
            assertArrayEquals(written.state.hidden, read.state.hidden);
            assertArrayEquals(written.state.order, read.state.order);
            assertArrayEquals(written.state.validation, read.state.validation);
            assertEquals(2, read.state.validation.length);
            assertEquals(written.state.optimizerState.length, read.state.optimizerState.length);
            for (int i = 0; i < written.state.optimizerState.length; i++) {
                assertArrayEquals(written.state.optimizerState[i], read.state.optimizerState[i]);
            }
            assertEquals(written.state.optimizerSteps, read.state.optimizerSteps);
        }
    }

    @Test
    void resumedSessionContinuesExactly() {
        for (TrainingConfig.Optimizer kind : TrainingConfig.Optimizer.values()) {
            TrainingSession<?> straight = trained(kind, 0);
            straight.runUntil(90, 0, (i, l) -> { }, (i, l) -> false);

            Path file = dir.resolve("resume-" + kind + ".npz");
            ModelFile.write(file, trained(kind, 0).checkpoint());
            Checkpoint saved = ModelFile.read(file);
            TrainingSession<?> resumed = TrainingSession.resume(saved, straight.corpus, new ScalarKernels(), "test");
            resumed.runUntil(90, 0, (i, l) -> { }, (i, l) -> false);

            assertArrayEquals(straight.checkpoint().model.w, resumed.checkpoint().model.w, kind.toString());
            assertEquals(straight.smoothLoss(), resumed.smoothLoss());
        }
    }

    /** A batched f32 run (lines and text, every optimizer) saved mid-way and resumed ends with the same bits. */
    @Test
    void batchedF32RunsResumeExactlyAndAreSavedAsFloats() {
        Corpus names = Corpus.fromText("rex\ntrex\nraptor\nzed\nazo\nexa\n", "test");
        Corpus text = Corpus.fromText("the rex ran past the raptor and the zed. ".repeat(20), "test", Mode.TEXT);
        for (Corpus corpus : new Corpus[] {names, text}) {
            for (TrainingConfig.Optimizer kind : TrainingConfig.Optimizer.values()) {
                TrainingConfig config = dino.api.TrainingConfig.builder()
                        .mode(corpus.mode).hidden(12).learningRate(0.05)
                        .optimizer(kind).seed(3).seqLength(9).batchSize(3)
                        .precision(dino.api.TrainingConfig.Precision.F32).build();
                TrainingSession<?> straight = TrainingSession.start(config, corpus, new dino.engine.kernels.ScalarFloatKernels(), "test");
                straight.runUntil(60, 0, (i, l) -> { }, (i, l) -> false);
                TrainingSession<?> first = TrainingSession.start(config, corpus, new dino.engine.kernels.ScalarFloatKernels(), "test");
                first.runUntil(25, 0, (i, l) -> { }, (i, l) -> false);
                Path file = dir.resolve("f32-" + corpus.mode + "-" + kind + ".npz");
                ModelFile.write(file, first.checkpoint());
                Checkpoint saved = ModelFile.read(file);
                assertEquals(dino.api.TrainingConfig.Precision.F32, saved.model.layout.precision);
                assertEquals(3, saved.config.batchSize());
                assertEquals(3 * 12, saved.state.hidden.length);
                TrainingSession<?> resumed = TrainingSession.resume(saved, corpus, new dino.engine.kernels.ScalarFloatKernels(), "test");
                resumed.runUntil(60, 0, (i, l) -> { }, (i, l) -> false);
                String what = corpus.mode + " " + kind;
                assertArrayEquals(straight.checkpoint().model.w, resumed.checkpoint().model.w, what);
                assertArrayEquals(straight.checkpoint().state.hidden, resumed.checkpoint().state.hidden, what);
                assertEquals(straight.smoothLoss(), resumed.smoothLoss(), what);
            }
        }
    }

    /** A save over an existing model replaces it; a save that fails half-way is in AtomicFilesTest and FullDiskTest. */
    @Test
    void writeReplacesTheOldModelAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("m.npz");
        TrainingSession<?> session = trained(TrainingConfig.Optimizer.SGD, 0);
        ModelFile.write(file, session.checkpoint());
        session.runUntil(50, 0, (i, l) -> { }, (i, l) -> false);
        ModelFile.write(file, session.checkpoint());
        assertEquals(50, ModelFile.read(file).state.iteration);
        try (var files = Files.list(dir)) {
            assertEquals(java.util.List.of(file), files.collect(java.util.stream.Collectors.toList()));
        }
    }

    @Test
    void writeIntoAMissingFolderIsAClearError() {
        DinoException e = assertThrows(DinoException.class,
                () -> ModelFile.write(dir.resolve("no/such/m.npz"), trained(TrainingConfig.Optimizer.SGD, 0).checkpoint()));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void damagedFilesAreClearErrors() throws IOException {
        assertError(dir.resolve("missing.npz"), "not found");
        assertError(Files.writeString(dir.resolve("text.npz"), "hello"), "not a model file");
        Path good = dir.resolve("good.npz");
        ModelFile.write(good, trained(TrainingConfig.Optimizer.SGD, 0).checkpoint());
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.npz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertError(truncated, "truncated.npz is not a model file");
    }

    /** A dino-model/1 file must hold every setting; a file without a format gets the reference's settings. */
    @Test
    void aCurrentFileMissingASettingIsAnErrorAnOlderOneGetsDefaults() throws IOException {
        Path good = dir.resolve("good.npz");
        ModelFile.write(good, trained(TrainingConfig.Optimizer.SGD, 0).checkpoint());
        assertError(without(good, "clip"), "array clip is missing");
        Path older = without(without(without(good, "format"), "clip"), "learning_rate");
        Checkpoint read = ModelFile.read(older);
        assertEquals(5, read.config.clip());
        assertEquals(0.01, read.config.learningRate());
        assertEquals(37, read.state.iteration);
        assertError(without(good, "iteration"), "array iteration is missing");
    }

    @Test
    void ordersAreWrittenAsInt32AndInt64OrdersOfOlderFilesStillLoad() throws IOException {
        Path good = dir.resolve("orders.npz");
        Checkpoint saved = trained(TrainingConfig.Optimizer.SGD, 0.34).checkpoint();
        ModelFile.write(good, saved);
        Npy order;
        try (ZipFile in = new ZipFile(good.toFile())) {
            order = Npy.parse(in.getInputStream(in.getEntry("order.npy")).readAllBytes(), "order");
        }
        assertEquals(Npy.Type.INT32, order.type);
        long[] wide = new long[saved.state.order.length];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = saved.state.order[i];
        }
        Path older = dir.resolve("orders-int64.npz");
        try (ZipFile in = new ZipFile(good.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(older))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(e.getName().equals("order.npy") ? Npy.of(wide, wide.length).toBytes() : in.getInputStream(e).readAllBytes());
                out.closeEntry();
            }
        }
        assertArrayEquals(saved.state.order, ModelFile.read(older).state.order);
    }

    /** A copy of a model file without one array. */
    private Path without(Path file, String array) throws IOException {
        Path copy = dir.resolve(file.getFileName().toString().replace(".npz", "") + "-" + array + ".npz");
        try (ZipFile in = new ZipFile(file.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                if (!e.getName().equals(array + ".npy")) {
                    out.putNextEntry(new ZipEntry(e.getName()));
                    out.write(in.getInputStream(e).readAllBytes());
                    out.closeEntry();
                }
            }
        }
        return copy;
    }

    @Test
    void nanWeightsAreRejected() {
        Checkpoint c = trained(TrainingConfig.Optimizer.SGD, 0).checkpoint();
        c.model.w[c.model.layout.waa(1, 2)] = Double.NaN;
        Path file = dir.resolve("nan.npz");
        ModelFile.write(file, c);
        assertError(file, "NaN");
    }

    private static void assertError(Path file, String expected) {
        DinoException e = assertThrows(DinoException.class, () -> ModelFile.read(file));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}
