// Training on data read as a stream gives the bits that training on the whole encoded data gave.
package dino.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dino.api.Mode;
import dino.api.TrainingConfig;
import dino.engine.data.Corpus;
import dino.engine.data.ReadOptions;
import dino.engine.io.Checkpoint;
import dino.engine.kernels.Buffers;
import dino.engine.kernels.ScalarKernels;
import dino.engine.model.Layout;
import dino.engine.model.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session reads names by index and text through one cursor per stream; the former session held
 * every id in arrays. Text mode is checked against that former loop, written out here over an int[]
 * of the whole text (windows at {@code b·segment + position}, the state reset when a window would run
 * past a segment, the validation tail scored in windows from the zero state); lines mode with names
 * kept in memory against names decoded from the mapped file at every step, with one-byte chunks and
 * 8-byte segments. Every smoothed loss, validation loss and final weight must be equal.
 */
class StreamedDataTest {
    @TempDir
    Path dir;

    @Test
    void textWindowsFromCursorsAreTheFormerWindowsOfTheWholeText() throws IOException {
        String raw = ("The rex ran past the raptor,\r\nand the zed saw it: \u00e9t\u00e9 \u20ac \ud83d\ude00. ").repeat(30);
        Path file = Files.writeString(dir.resolve("text.txt"), raw);
        int batch = 3;
        int window = 7;
        double valFraction = 0.2;
        TrainingConfig config = dino.api.TrainingConfig.builder().mode(dino.api.Mode.TEXT)
                .hidden(8).learningRate(0.05).optimizer(dino.api.TrainingConfig.Optimizer.ADAGRAD).seed(4).seqLength(window)
                .valFraction(valFraction).batchSize(batch).build();
        Corpus corpus = Corpus.read(file, Mode.TEXT, ReadOptions.DEFAULT.buffers(3, 3, 0));
        TrainingSession<double[]> session = TrainingSession.start(config, corpus, new ScalarKernels(), "test");
        List<Double> streamed = new ArrayList<>();
        int iterations = 300; // several resets of every stream
        session.runUntil(iterations, 1, (it, loss) -> streamed.add(loss), (it, loss) -> false);
        double streamedValidation = session.validationLoss();

        // The former session: the whole text as ids.
        int[] text = corpus.vocabulary.encode(raw.replace("\r\n", "\n"), "test");
        int vocab = corpus.vocabulary.size();
        Layout layout = new Layout(8, vocab, vocab);
        ScalarKernels kernels = new ScalarKernels();
        Model model = Model.initialize(layout, config.seed() + 1);
        double[] w = Buffers.of(kernels, model.w);
        Trainer<double[]> trainer = new Trainer<>(layout, w, kernels, Math.max(0, corpus.vocabulary.newline()), window, batch,
                Optimizer.create(TrainingConfig.Optimizer.ADAGRAD, kernels, layout.size, 0.05, 5));
        int textEnd = text.length - (int) Math.floor(valFraction * text.length);
        int segment = textEnd / batch;
        int position = 0;
        double smooth = -StrictMath.log(1.0 / vocab) * window;
        int[] starts = new int[batch];
        for (int it = 0; it < iterations; it++) {
            if (it == 0 || position + window + 1 >= segment) {
                trainer.resetHidden();
                position = 0;
            }
            for (int b = 0; b < batch; b++) {
                starts[b] = b * segment + position;
            }
            smooth = smooth * 0.999 + trainer.step(text, starts, window) * 0.001;
            position += window;
            assertEquals(smooth, streamed.get(it), 0.0, "smoothed loss at iteration " + it);
        }
        Trainer<double[]> forward = new Trainer<>(layout, w, kernels, 0, window, 1,
                Optimizer.create(TrainingConfig.Optimizer.SGD, kernels, layout.size, 1, 1));
        double total = 0;
        for (int off = textEnd; off < text.length - 1; off += window) {
            total += forward.loss(text, off, Math.min(window, text.length - 1 - off));
        }
        assertEquals(total / (text.length - 1 - textEnd), streamedValidation, 0.0, "validation loss");
        assertArrayEquals(w, session.checkpoint().model.w, "weights");
    }

    @Test
    void namesDecodedAtEveryStepTrainAsNamesHeldInMemory() throws IOException {
        StringBuilder names = new StringBuilder();
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 300; i++) {
            int n = 1 + random.nextInt(9);
            names.append(i % 7 == 0 ? "  " : "");
            for (int k = 0; k < n; k++) {
                names.append("abcdeRSTU\u00e9\u03a3".charAt(random.nextInt(11)));
            }
            names.append(i % 5 == 0 ? "\r\n" : "\n");
        }
        Path file = Files.writeString(dir.resolve("names.txt"), names);
        TrainingConfig config = dino.api.TrainingConfig.builder().hidden(7).learningRate(0.05)
                .optimizer(dino.api.TrainingConfig.Optimizer.ADAM).seed(2).valFraction(0.1).batchSize(4).build();
        Checkpoint[] results = new Checkpoint[2];
        List<List<Double>> losses = new ArrayList<>();
        ReadOptions[] readings = {ReadOptions.DEFAULT, ReadOptions.DEFAULT.buffers(1, 3, 0)};
        for (int r = 0; r < 2; r++) {
            Corpus corpus = Corpus.read(file, Mode.LINES, readings[r]);
            TrainingSession<double[]> session = TrainingSession.start(config, corpus, new ScalarKernels(), "test");
            List<Double> seen = new ArrayList<>();
            session.runUntil(400, 50, (it, loss) -> {
                seen.add(loss);
                seen.add(session.validationLoss());
            }, (it, loss) -> false);
            losses.add(seen);
            results[r] = session.checkpoint();
        }
        assertEquals(losses.get(0), losses.get(1), "losses and validation losses");
        assertArrayEquals(results[0].model.w, results[1].model.w, "weights");
        assertArrayEquals(results[0].state.order, results[1].state.order, "order");
        assertArrayEquals(results[0].state.validation, results[1].state.validation, "validation");
        assertEquals(270, results[0].state.order.length, "90% of the 300 names train");
    }
}
