// A model PyTorch wrote (a bare state dict with a vocab) is read in the mode it needs, given or inferred.
package dino.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.api.DinoException;
import dino.api.Evaluation;
import dino.api.Mode;
import dino.api.Sampling;
import dino.api.TrainingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code roundtrip_lstm.npz} is a 2-layer LSTM dino trained on {@code roundtrip_text.txt} (names with capitals, as
 * running text); PyTorch's loss on that text is in {@code roundtrip_expected.txt} (see PyTorchRoundTripTest).
 * Stripped to what {@code np.savez(vocab=..., **model.state_dict())} writes, it no longer says it is a text model.
 */
class ModelModeTest {
    /** PyTorch's loss per character on roundtrip_text.txt, from roundtrip_expected.txt (roundtrip.py). */
    private static final double PYTORCH_LOSS = Double.parseDouble("0x1.72c03a0f246d6p+1");

    @TempDir
    Path dir;

    /** The file as PyTorch and numpy would write it: the state dict's arrays and the vocabulary, nothing else. */
    private Path stateDict(String resource) throws IOException {
        Path full = dir.resolve("full.npz");
        try (InputStream in = ModelModeTest.class.getResourceAsStream("/pytorch/" + resource)) {
            Files.write(full, in.readAllBytes());
        }
        Path bare = dir.resolve("state_dict.npz");
        try (ZipFile zip = new ZipFile(full.toFile()); OutputStream out = Files.newOutputStream(bare);
             ZipOutputStream copy = new ZipOutputStream(out)) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                String n = e.getName();
                if (n.startsWith("rnn.") || n.startsWith("decoder.") || n.equals("vocab.npy")) {
                    copy.putNextEntry(new ZipEntry(n));
                    try (InputStream in = zip.getInputStream(e)) {
                        in.transferTo(copy);
                    }
                    copy.closeEntry();
                }
            }
        }
        return bare;
    }

    private Path text() throws IOException {
        Path text = dir.resolve("roundtrip_text.txt");
        try (InputStream in = ModelModeTest.class.getResourceAsStream("/pytorch/roundtrip_text.txt")) {
            Files.write(text, in.readAllBytes());
        }
        return text;
    }

    @Test
    void aStateDictWithCapitalsIsATextModelAndScoresAsPyTorchDoes() throws IOException {
        Path bare = stateDict("roundtrip_lstm.npz");
        Model inferred = Model.load(bare);
        assertEquals(Mode.TEXT, inferred.mode());
        for (Kernels k : List.of(Kernels.scalar(), Kernels.auto())) {
            Evaluation e = inferred.withOptions(RunOptions.defaults().withKernels(k)).evaluate(Corpus.of(text()));
            assertEquals(PYTORCH_LOSS, e.lossPerCharacter(), 1e-12 * PYTORCH_LOSS, k.name());
        }
        assertEquals(Mode.TEXT, Model.load(bare, Mode.TEXT).mode());
        String sample = inferred.sample(Sampling.defaults().withCount(1).withLength(40)).get(0);
        assertEquals(40, sample.length());
    }

    @Test
    void readAsNamesTheErrorSaysToGiveTheMode() throws IOException {
        Model names = Model.load(stateDict("roundtrip_lstm.npz"), Mode.LINES);
        assertEquals(Mode.LINES, names.mode());
        // Read as names, the text is lowercased and scored name by name: not PyTorch's loss.
        double asNames = names.evaluate(Corpus.of(text())).lossPerCharacter();
        assertTrue(Math.abs(asNames - PYTORCH_LOSS) > 1e-3 * PYTORCH_LOSS, "names loss " + asNames);
        DinoException e = assertThrows(DinoException.class, () -> names.evaluate(Corpus.ofText("Aachenosaurus 9\n")));
        assertTrue(e.getMessage().startsWith("the data has characters the model does not know: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; the model file does not record its mode and was read as names: if it was "
                + "trained on running text, give mode text"), e.getMessage());
        assertTrue(e.message(key -> "--" + key).endsWith("give --mode text"), e.message(key -> "--" + key));
    }

    @Test
    void aDinoFileKeepsTheModeItRecords() throws IOException {
        Path full = dir.resolve("dino.npz");
        try (InputStream in = ModelModeTest.class.getResourceAsStream("/pytorch/roundtrip_lstm.npz")) {
            Files.write(full, in.readAllBytes());
        }
        assertEquals(Mode.TEXT, Model.load(full).mode());
        assertEquals(Mode.TEXT, Model.load(full, Mode.TEXT).mode());
        DinoException e = assertThrows(DinoException.class, () -> Model.load(full, Mode.LINES));
        assertEquals(full + " is a text model (the file says so): drop mode lines, or give text", e.getMessage());
    }

    @Test
    void aLowerCaseStateDictIsANamesModel() {
        Training run = Training.start(TrainingConfig.builder().hidden(8).cell(TrainingConfig.Cell.GRU).build(),
                Corpus.ofLines(List.of("rex", "zed", "azo")), RunOptions.defaults().withKernels(Kernels.scalar()).withThreads(1));
        run.runUntil(5);
        Path file = dir.resolve("gru.npz");
        run.save(file);
        Path bare = dir.resolve("gru-bare.npz");
        try (ZipFile zip = new ZipFile(file.toFile()); ZipOutputStream copy = new ZipOutputStream(Files.newOutputStream(bare))) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (e.getName().startsWith("rnn.") || e.getName().startsWith("decoder.") || e.getName().equals("vocab.npy")) {
                    copy.putNextEntry(new ZipEntry(e.getName()));
                    zip.getInputStream(e).transferTo(copy);
                    copy.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertEquals(Mode.LINES, Model.load(bare).mode());
        assertEquals(run.model().evaluate(Corpus.ofLines(List.of("rex", "zed"))),
                Model.load(bare).evaluate(Corpus.ofLines(List.of("rex", "zed"))));
    }
}
