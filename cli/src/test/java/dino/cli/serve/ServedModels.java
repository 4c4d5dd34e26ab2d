// Small models for the serve tests, trained once per test JVM: a names model on the bundled names, a text model.
package dino.cli.serve;

import dino.api.Mode;
import dino.api.TrainingConfig;
import dino.lib.Corpus;
import dino.lib.Kernels;
import dino.lib.RunOptions;
import dino.lib.Training;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Model files written by short training runs into a temporary folder (deleted when the JVM exits). */
final class ServedModels {
    private static Path folder;
    private static Path names;
    private static Path text;

    private ServedModels() {
    }

    /** An RNN trained 2000 steps on the bundled dinosaur names: it knows its training names. */
    static synchronized Path names() {
        if (names == null) {
            names = train("names.npz", TrainingConfig.reference().toBuilder().build(), Corpus.dinos(), 2000);
        }
        return names;
    }

    /** An LSTM trained 300 steps on the start of tinyshakespeare, in text mode. */
    static synchronized Path text() {
        if (text == null) {
            try {
                Path data = folder().resolve("shakespeare.txt");
                data.toFile().deleteOnExit();
                Files.writeString(data, Files.readString(Path.of("..", "data", "tinyshakespeare.txt")).substring(0, 20_000));
                text = train("text.npz", TrainingConfig.reference().toBuilder().mode(Mode.TEXT)
                        .cell(TrainingConfig.Cell.LSTM).hidden(48).build(), Corpus.of(data), 300);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return text;
    }

    private static Path train(String name, TrainingConfig config, Corpus corpus, long steps) {
        Training t = Training.start(config, corpus, RunOptions.defaults().withKernels(Kernels.auto()).withThreads(1));
        t.runUntil(steps);
        Path file = folder().resolve(name);
        file.toFile().deleteOnExit();
        t.save(file);
        return file;
    }

    private static Path folder() {
        if (folder == null) {
            try {
                folder = Files.createTempDirectory("dino-serve-test");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            folder.toFile().deleteOnExit();
        }
        return folder;
    }
}
