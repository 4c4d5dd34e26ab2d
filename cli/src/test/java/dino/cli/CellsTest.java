// LSTM, GRU and stacked RNN models through the real entry point: train, resume exactly, sample, eval.
package dino.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every cell with one to three layers, in both modes and precisions, with each optimizer, several batch
 * sizes and dropout: a run stopped and resumed prints and saves exactly what the uninterrupted run does
 * (dropout masks included), two threads give the bytes of one, and {@code sample}, {@code eval} and
 * {@code info --model} run on the saved model.
 */
class CellsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} × {1}, {2}, {3}, {4}, batch {5}, dropout {6}")
    @CsvSource({
        "lstm, 2, lines, f64, sgd,     1, 0.2",
        "lstm, 1, text,  f32, adam,    4, 0",
        "gru,  2, text,  f64, adagrad, 3, 0.1",
        "gru,  3, lines, f32, sgd,     2, 0.3",
        "rnn,  2, lines, f64, adam,    2, 0.2",
        "rnn,  2, text,  f32, sgd,     1, 0",
        "gru,  1, lines, f64, sgd,     4, 0",
        "lstm, 3, text,  f32, adagrad, 5, 0.5"})
    void trainsResumesSamplesAndEvaluates(String cell, int layers, String mode, String precision, String optimizer,
                                          int batch, double dropout) throws IOException {
        List<String> settings = new ArrayList<>(List.of("--cell", cell, "--layers", String.valueOf(layers), "--mode", mode,
                "--precision", precision, "--optimizer", optimizer, "--batch-size", String.valueOf(batch), "--dropout",
                String.valueOf(dropout), "--hidden", "12", "--samples", "2", "--length", "30"));
        if (mode.equals("text")) {
            settings.addAll(List.of("--data", "../data/tinyshakespeare.txt", "--seq-length", "10"));
        }
        if (!optimizer.equals("sgd")) {
            settings.addAll(List.of("--learning-rate", optimizer.equals("adam") ? "0.005" : "0.05"));
        }
        Path whole = dir.resolve("whole.npz");
        Path part = dir.resolve("part.npz");
        Path resumed = dir.resolve("resumed.npz");
        Cli all = train(settings, "--iterations", "60", "--print-every", "20", "--threads", "1", "--save", whole.toString());
        Cli first = train(settings, "--iterations", "30", "--print-every", "20", "--threads", "2", "--save", part.toString());
        Cli rest = Cli.run("train", "--resume", part.toString(), "--iterations", "60", "--print-every", "20", "--samples", "2",
                "--length", "30", "--save", resumed.toString());
        assertEquals(0, rest.exitCode, rest.err);
        assertEquals(all.out, first.out + rest.out, "resumed output");
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(resumed), "resumed model file");
        assertTrue(all.out.contains("Iteration: 40, Loss: "), all.out);

        Cli sample = Cli.run("sample", "--model", whole.toString(), "--count", "3", "--seed", "5");
        assertEquals(0, sample.exitCode, sample.err);
        assertTrue(!sample.out.isBlank(), "samples");
        Cli again = Cli.run("sample", "--model", whole.toString(), "--count", "3", "--seed", "5");
        assertEquals(sample.out, again.out, "samples are reproducible");
        String data = mode.equals("text") ? "../data/tinyshakespeare.txt" : "../data/dinos.txt";
        Cli info = Cli.run("info", "--model", whole.toString());
        assertEquals(0, info.exitCode, info.err);
        assertTrue(info.out.contains("cell: " + cell + "\n") && info.out.contains("layers: " + layers + "\n")
                && info.out.contains("precision: " + precision + "\n") && info.out.contains("iterations: 60\n"), info.out);
        Cli eval = Cli.run("eval", "--model", whole.toString(), "--data", data);
        assertEquals(0, eval.exitCode, eval.err);
        assertTrue(eval.out.contains("loss per character: "), eval.out);
    }

    private static Cli train(List<String> settings, String... more) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(settings);
        args.addAll(List.of(more));
        Cli run = Cli.run(args.toArray(new String[0]));
        assertEquals(0, run.exitCode, run.err);
        return run;
    }
}
