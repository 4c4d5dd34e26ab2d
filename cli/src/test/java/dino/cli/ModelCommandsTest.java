// Saving, resuming, sampling and evaluating through the real entry point.
package dino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.api.Mode;
import dino.api.TrainingConfig;
import dino.engine.data.Vocabulary;
import dino.engine.io.Checkpoint;
import dino.engine.io.ModelFile;
import dino.engine.model.Layout;
import dino.engine.model.Model;
import dino.engine.train.Optimizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCommandsTest {
    @TempDir
    Path dir;

    @Test
    void stoppedAndResumedRunPrintsExactlyWhatTheUninterruptedRunPrints() {
        for (String[] extra : new String[][] {{}, {"--kernels", "vector"}, {"--kernels", "vector", "--optimizer", "adam"},
                {"--optimizer", "adam", "--learning-rate", "0.005"},
                {"--mode", "text", "--data", "../data/tinyshakespeare.txt", "--optimizer", "adagrad", "--learning-rate", "0.1",
                    "--length", "60"}}) {
            Path model = dir.resolve("run.npz");
            Cli whole = Cli.run(concat(new String[] {"train", "--hidden", "16", "--iterations", "2600", "--print-every", "500"}, extra));
            assertEquals(0, whole.exitCode, whole.err);
            Cli first = Cli.run(concat(new String[] {"train", "--hidden", "16", "--iterations", "1100", "--print-every", "500",
                "--save", model.toString()}, extra));
            assertEquals(0, first.exitCode, first.err);
            Cli rest = Cli.run(concat(new String[] {"train", "--resume", model.toString(), "--iterations", "2600",
                "--print-every", "500"}, extra));
            assertEquals(0, rest.exitCode, rest.err);
            assertTrue(rest.err.contains("at iteration 1100"), rest.err);
            assertEquals(whole.out, first.out + rest.out, String.join(" ", extra));
        }
    }

    @Test
    void resumeRefusesOtherSettingsAndOtherData() throws IOException {
        Path model = dir.resolve("m.npz");
        assertEquals(0, Cli.run("train", "--hidden", "8", "--iterations", "10", "--save", model.toString()).exitCode);
        Cli changed = Cli.run("train", "--resume", model.toString(), "--hidden", "9", "--iterations", "20");
        assertEquals(2, changed.exitCode);
        assertTrue(changed.err.contains("--hidden (the model has 8)"), changed.err);
        Path other = Files.writeString(dir.resolve("other.txt"), "abc\nxyz\n");
        Cli otherData = Cli.run("train", "--resume", model.toString(), "--data", other.toString(), "--iterations", "20");
        assertEquals(2, otherData.exitCode);
        assertTrue(otherData.err.contains("trained on"), otherData.err);
        Cli backwards = Cli.run("train", "--resume", model.toString(), "--iterations", "5");
        assertEquals(2, backwards.exitCode);
        assertTrue(backwards.err.contains("already trained 10"), backwards.err);
    }

    @Test
    void saveEveryWritesCheckpointsThatResume() {
        Path model = dir.resolve("c.npz");
        Cli run = Cli.run("train", "--hidden", "8", "--iterations", "250", "--print-every", "0", "--save", model.toString(),
                "--save-every", "100");
        assertEquals(0, run.exitCode, run.err);
        assertEquals(250, ModelFile.read(model).state.iteration);
    }

    @Test
    void divergenceKeepsTheLastGoodCheckpoint() {
        Path model = dir.resolve("diverging.npz");
        Cli run = Cli.run("train", "--learning-rate", "1e300", "--clip", "1e308", "--print-every", "0", "--hidden", "8",
                "--save", model.toString(), "--save-every", "1");
        assertEquals(3, run.exitCode, run.err);
        Matcher at = Pattern.compile("diverged at iteration (\\d+)").matcher(run.err);
        assertTrue(at.find(), run.err);
        long iteration = Long.parseLong(at.group(1));
        assertTrue(iteration >= 1, run.err);
        Checkpoint kept = ModelFile.read(model);
        assertTrue(kept.state.iteration <= iteration && kept.state.iteration >= iteration - 1,
                "the last checkpoint with finite weights, before iteration " + iteration + ": " + kept.state.iteration);
    }

    /** Names from the reference's sample() on a committed model (see sample-parity/reference_sample.py). */
    @Test
    void defaultSamplingEqualsTheReferenceOnTheSameWeights() throws IOException {
        Path model = resource("sample-parity/model.npz", "model.npz");
        List<String> expected = List.of(text("sample-parity/names.txt").split("\n"));
        Cli run = Cli.run("sample", "--model", model.toString(), "--count", String.valueOf(expected.size()));
        assertEquals(0, run.exitCode, run.err);
        assertEquals(expected, List.of(run.out.split("\n")));
    }

    @Test
    void nearZeroTemperatureIsArgmax() throws IOException {
        Path model = resource("sample-parity/model.npz", "model.npz");
        Cli cold = Cli.run("sample", "--model", model.toString(), "--count", "5", "--temperature", "1e-9");
        assertEquals(0, cold.exitCode, cold.err);
        String[] names = cold.out.split("\n");
        for (String name : names) {
            assertEquals(names[0], name, "argmax does not depend on the seed");
        }
        Cli topOne = Cli.run("sample", "--model", model.toString(), "--count", "1", "--top-k", "1", "--seed", "77");
        assertEquals(names[0], topOne.out.strip(), "top-1 is argmax too");
    }

    @Test
    void prefixStartsEveryNameAndUnknownCharactersAreNamed() throws IOException {
        Path model = resource("sample-parity/model.npz", "model.npz");
        Cli run = Cli.run("sample", "--model", model.toString(), "--count", "6", "--prefix", "Tyr");
        assertEquals(0, run.exitCode, run.err);
        for (String name : run.out.split("\n")) {
            assertTrue(name.startsWith("Tyr"), name);
        }
        Cli bad = Cli.run("sample", "--model", model.toString(), "--prefix", "t-9");
        assertEquals(2, bad.exitCode);
        assertTrue(bad.err.contains("'-'") && bad.err.contains("'9'"), bad.err);
    }

    @Test
    void sampleWithKnownMarksNewNames() throws IOException {
        Path model = resource("sample-parity/model.npz", "model.npz");
        String[] names = Cli.run("sample", "--model", model.toString(), "--count", "8").out.split("\n");
        Path known = Files.writeString(dir.resolve("known.txt"), names[1].toLowerCase() + "\nrex\n" + names[4] + "\n");
        Cli run = Cli.run("sample", "--model", model.toString(), "--count", "8", "--known", known.toString());
        assertEquals(0, run.exitCode, run.err);
        String[] lines = run.out.split("\n");
        assertEquals(9, lines.length);
        for (int i = 0; i < 8; i++) {
            boolean isKnown = names[i].equals(names[1]) || names[i].equals(names[4]);
            assertEquals(names[i] + (isKnown ? "\tknown" : "\tnew"), lines[i]);
        }
        long fresh = java.util.Arrays.stream(names).filter(n -> !n.equals(names[1]) && !n.equals(names[4])).count();
        assertEquals(String.format(java.util.Locale.ROOT, "# new: %d of 8 (%.1f%%)", fresh, 100.0 * fresh / 8), lines[8]);
    }

    /** README: --top-k 0 is off; the old spellings --max-length and --data still work. */
    @Test
    void topKZeroIsOffAndOldSpellingsStillWork() throws IOException {
        Path model = resource("sample-parity/model.npz", "model.npz");
        String m = model.toString();
        Cli plain = Cli.run("sample", "--model", m, "--count", "12", "--known", "../data/dinos.txt", "--length", "6");
        assertEquals(0, plain.exitCode, plain.err);
        assertEquals(plain.out, Cli.run("sample", "--model", m, "--count", "12", "--known", "../data/dinos.txt", "--length", "6",
                "--top-k", "0").out);
        assertEquals(plain.out, Cli.run("sample", "--model", m, "--count", "12", "--data", "../data/dinos.txt",
                "--max-length", "6").out);
        assertNotEquals(plain.out, Cli.run("sample", "--model", m, "--count", "12", "--known", "../data/dinos.txt",
                "--length", "6", "--top-k", "2").out, "top-k 2 changes some draws");
        for (String line : plain.out.split("\n")) {
            assertTrue(line.startsWith("#") || line.indexOf('\t') <= 6, "at most 6 characters: " + line);
        }
    }

    /** A model with all weights zero predicts the uniform distribution: loss ln V, perplexity V, V = 4. */
    @Test
    void evalOfTheUniformModelIsHandCheckable() throws IOException {
        Vocabulary vocabulary = Vocabulary.of("\nabc");
        Layout layout = new Layout(3, 4, 4);
        Checkpoint uniform = new Checkpoint(new Model(layout, new double[layout.size]), vocabulary,
                TrainingConfig.builder().mode(Mode.LINES).hidden(3).learningRate(0.01).clip(5).optimizer(dino.api.TrainingConfig.Optimizer.SGD).seed(0).seqLength(25).valFraction(0).build(), "", "", null);
        Path model = dir.resolve("uniform.npz");
        ModelFile.write(model, uniform);
        Path data = Files.writeString(dir.resolve("abc.txt"), "ab\nc\nabc\n");
        Cli run = Cli.run("eval", "--model", model.toString(), "--data", data.toString());
        assertEquals(0, run.exitCode, run.err);
        assertEquals("characters: 9\nloss per character: 1.386294\nperplexity: 4.000000\nbits per character: 2.000000\n", run.out);
        Path unknown = Files.writeString(dir.resolve("d.txt"), "abd\n");
        Cli bad = Cli.run("eval", "--model", model.toString(), "--data", unknown.toString());
        assertEquals(2, bad.exitCode);
        assertTrue(bad.err.contains("'d'"), bad.err);
    }

    @Test
    void trainedModelScoresBetterThanChanceAndValidationIsPrinted() {
        Path model = dir.resolve("names.npz");
        Cli run = Cli.run("train", "--data", "../data/names.txt", "--iterations", "3000", "--print-every", "1500",
                "--val-fraction", "0.05", "--save", model.toString());
        assertEquals(0, run.exitCode, run.err);
        Matcher validation = Pattern.compile("Validation loss: (\\d+\\.\\d+) per character").matcher(run.out);
        assertTrue(validation.find(), run.out);
        double early = Double.parseDouble(validation.group(1));
        assertTrue(validation.find(), run.out);
        double late = Double.parseDouble(validation.group(1));
        assertTrue(late < early && late < Math.log(27), early + " then " + late);
        Cli eval = Cli.run("eval", "--model", model.toString(), "--data", "../data/names.txt");
        Matcher loss = Pattern.compile("loss per character: (\\d+\\.\\d+)").matcher(eval.out);
        assertTrue(loss.find(), eval.out);
        assertTrue(Double.parseDouble(loss.group(1)) < 2.9, eval.out);
    }

    @Test
    void textModeTrainsAndSamplesText() {
        Path model = dir.resolve("text.npz");
        Cli run = Cli.run("train", "--mode", "text", "--data", "../data/tinyshakespeare.txt", "--iterations", "600",
                "--print-every", "300", "--optimizer", "adagrad", "--learning-rate", "0.1", "--length", "80",
                "--save", model.toString());
        assertEquals(0, run.exitCode, run.err);
        assertTrue(run.out.startsWith("There are 1115394 total characters and 65 unique characters in your data."), run.out);
        assertTrue(run.out.contains("Iteration: 300, Loss: "), run.out);
        Cli sample = Cli.run("sample", "--model", model.toString(), "--count", "2", "--length", "40");
        assertEquals(0, sample.exitCode, sample.err);
        String first = "--- sample 1 of 2, seed 0 ---\n";
        String second = "--- sample 2 of 2, seed 1 ---\n";
        assertTrue(sample.out.startsWith(first), sample.out);
        int at = sample.out.indexOf(second, first.length());
        assertEquals(first.length() + 41, at, "a first sample of 40 characters and a newline: " + sample.out);
        assertEquals(at + second.length() + 41, sample.out.length(), "then the second: " + sample.out);
        assertNotEquals(sample.out.substring(first.length(), first.length() + 40), sample.out.substring(at + second.length()));
    }

    private Path resource(String name, String as) throws IOException {
        try (InputStream in = ModelCommandsTest.class.getResourceAsStream("/" + name)) {
            Path copy = dir.resolve(as);
            Files.write(copy, in.readAllBytes());
            return copy;
        }
    }

    private static String text(String name) throws IOException {
        try (InputStream in = ModelCommandsTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
