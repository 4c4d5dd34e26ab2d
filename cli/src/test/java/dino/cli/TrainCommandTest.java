// `dino train` options and errors, through the real entry point.
package dino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.engine.kernels.KernelChoice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {
    @TempDir
    Path dir;

    @Test
    void trainsOnAnotherVocabulary() throws IOException {
        Path data = Files.writeString(dir.resolve("words.txt"), "Hello World\nfoo-bar\nbaz!\nqux\n");
        Cli run = Cli.run("train", "--data", data.toString(), "--iterations", "401", "--print-every", "200",
                "--hidden", "12", "--samples", "3");
        assertEquals(0, run.exitCode, run.err);
        String[] lines = run.out.split("\n", -1);
        assertEquals("There are 29 total characters and 18 unique characters in your data.", lines[0]);
        assertTrue(lines[1].startsWith("{0: '\\n', 1: ' ', 2: '!', 3: '-', 4: 'a'"), lines[1]);
        assertEquals(3, run.out.split("Iteration: ", -1).length - 1);
        assertTrue(run.out.contains("Iteration: 400, Loss: "), run.out);
    }

    @Test
    void explicitBatchOfOneInF64OnTwoThreadsPrintsWhatTheDefaultRunPrints() {
        Cli plain = Cli.run("train", "--iterations", "4001");
        Cli explicit = Cli.run("train", "--iterations", "4001", "--batch-size", "1", "--precision", "f64", "--threads", "2");
        assertEquals(0, plain.exitCode, plain.err);
        assertEquals(0, explicit.exitCode, explicit.err);
        assertTrue(plain.out.contains("Iteration: 4000, Loss: "), plain.out);
        assertEquals(plain.out, explicit.out);
    }

    /** Large enough that the products are split over threads (n_a = 128, B = 16): the same bytes for 1, 2 and 3. */
    @Test
    void threadCountDoesNotChangeAByteOfOutputOrModel() throws IOException {
        Path data = Files.writeString(dir.resolve("text.txt"), "It was the best of times, it was the worst of times. ".repeat(200));
        String[] outs = new String[3];
        byte[][] models = new byte[3][];
        for (int t = 1; t <= 3; t++) {
            Path model = dir.resolve("m" + t + ".npz");
            Cli run = Cli.run("train", "--mode", "text", "--data", data.toString(), "--hidden", "128", "--batch-size", "16",
                    "--iterations", "30", "--print-every", "10", "--length", "40",
                    "--threads", Integer.toString(t), "--save", model.toString());
            assertEquals(0, run.exitCode, run.err);
            outs[t - 1] = run.out;
            models[t - 1] = Files.readAllBytes(model);
        }
        assertTrue(outs[0].contains("Iteration: 20, Loss: "), outs[0]);
        assertEquals(outs[0], outs[1], "stdout, 1 and 2 threads");
        assertEquals(outs[0], outs[2], "stdout, 1 and 3 threads");
        org.junit.jupiter.api.Assertions.assertArrayEquals(models[0], models[1], "model file, 1 and 2 threads");
        org.junit.jupiter.api.Assertions.assertArrayEquals(models[0], models[2], "model file, 1 and 3 threads");
    }

    @Test
    void aBatchedF32RunReportsItsThroughputAndSavesFloats() throws IOException {
        Path model = dir.resolve("f32.npz");
        Cli run = Cli.run("train", "--batch-size", "8", "--precision", "f32", "--iterations", "300", "--print-every", "100",
                "--save", model.toString());
        assertEquals(0, run.exitCode, run.err);
        assertTrue(run.err.matches("(?s).*trained 300 iterations in [0-9.]+ s \\([0-9]+ iterations/s, [0-9]+ characters/s\\).*"), run.err);
        dino.engine.io.Checkpoint saved = dino.engine.io.ModelFile.read(model);
        assertEquals(dino.api.TrainingConfig.Precision.F32, saved.model.layout.precision);
        assertEquals(8, saved.config.batchSize());
        for (double w : saved.model.w) {
            assertEquals(w, (double) (float) w, 0.0, "an f32 model holds floats");
        }
        Cli sample = Cli.run("sample", "--model", model.toString(), "--count", "3");
        assertEquals(0, sample.exitCode, sample.err);
        assertEquals(3, sample.out.lines().count(), sample.out);
        Cli eval = Cli.run("eval", "--model", model.toString());
        assertEquals(0, eval.exitCode, eval.err);
        assertTrue(eval.out.contains("loss per character: "), eval.out);
    }

    /** Several text samples each start with a header line a script can split on; one sample has none. */
    @Test
    void textSamplesAreHeadedSoTheyCanBeToldApart() throws IOException {
        Path data = Files.writeString(dir.resolve("text.txt"), "It was the best of times, it was the worst of times. ".repeat(40));
        Path model = dir.resolve("text.npz");
        Cli train = Cli.run("train", "--mode", "text", "--data", data.toString(), "--hidden", "16", "--iterations", "51",
                "--print-every", "50", "--samples", "2", "--length", "30", "--save", model.toString());
        assertEquals(0, train.exitCode, train.err);
        assertTrue(train.out.contains("--- sample 1 of 2, seed 0 ---\n") && train.out.contains("--- sample 2 of 2, seed 1 ---\n"),
                train.out);
        Cli three = Cli.run("sample", "--model", model.toString(), "--count", "3", "--seed", "5", "--length", "40");
        assertEquals(0, three.exitCode, three.err);
        List<String> lines = three.out.lines().collect(Collectors.toList());
        assertEquals(List.of("--- sample 1 of 3, seed 5 ---", "--- sample 2 of 3, seed 6 ---", "--- sample 3 of 3, seed 7 ---"),
                lines.stream().filter(line -> line.startsWith("--- sample ")).collect(Collectors.toList()));
        Cli one = Cli.run("sample", "--model", model.toString(), "--count", "1", "--length", "40");
        assertEquals(0, one.exitCode, one.err);
        assertTrue(!one.out.contains("--- sample"), one.out);
    }

    @Test
    void missingDataFileIsAOneLineErrorWithExitCode2() {
        Cli run = Cli.run("train", "--data", dir.resolve("nope.txt").toString());
        assertEquals(2, run.exitCode);
        assertEquals("", run.out);
        assertOneLineError(run, "data file not found");
    }

    @Test
    void emptyAndBlankDataFilesAreErrors() throws IOException {
        Path empty = Files.write(dir.resolve("empty.txt"), new byte[0]);
        assertOneLineError(Cli.run("train", "--data", empty.toString()), "empty");
        Path blank = Files.writeString(dir.resolve("blank.txt"), "\n  \n");
        assertOneLineError(Cli.run("train", "--data", blank.toString()), "no non-empty line");
    }

    @Test
    void nonsenseOptionsAreUsageErrors() {
        for (String[] args : new String[][] {
                {"train", "--hidden", "0"},
                {"train", "--learning-rate", "-1"},
                {"train", "--iterations", "-5"},
                {"train", "--clip", "0"},
                {"train", "--hidden", "many"},
                {"train", "--kernels", "gpu"},
                {"train", "--no-such-option"}}) {
            Cli run = Cli.run(args);
            assertEquals(2, run.exitCode, String.join(" ", args) + ": " + run.err);
            assertEquals("", run.out, String.join(" ", args));
            assertTrue(!run.err.isBlank(), String.join(" ", args));
        }
    }

    @Test
    void plotWritesPngAndSvgAndRejectsOtherFormats() throws IOException {
        Path png = dir.resolve("loss.png");
        Cli run = Cli.run("train", "--iterations", "300", "--print-every", "100", "--hidden", "8", "--val-fraction", "0.2",
                "--plot", png.toString(), "--quiet");
        assertEquals(0, run.exitCode, run.err);
        assertEquals("", run.err, "--quiet keeps stderr for errors");
        byte[] bytes = Files.readAllBytes(png);
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals("PNG", new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        Path svg = dir.resolve("loss.svg");
        assertEquals(0, Cli.run("train", "--iterations", "50", "--hidden", "8", "--plot", svg.toString()).exitCode);
        assertTrue(Files.readString(svg).contains("<svg"));
        Cli bad = Cli.run("train", "--iterations", "50", "--plot", dir.resolve("loss.gif").toString());
        assertOneLineError(bad, ".png or .svg");
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        for (String command : new String[] {"train", "sample", "eval", "info"}) {
            Cli run = Cli.run(command, "--help");
            assertEquals(0, run.exitCode, command);
            assertTrue(run.out.contains("Example"), command + ": " + run.out);
        }
        Cli top = Cli.run("--help");
        assertEquals(0, top.exitCode);
        assertTrue(top.out.contains("sample") && top.out.contains("eval") && top.out.contains("info"), top.out);
        Cli missingModel = Cli.run("sample");
        assertEquals(2, missingModel.exitCode);
        assertTrue(missingModel.err.contains("--model"), missingModel.err);
    }

    /** As README says: {@code java -Ddino.kernels=scalar ...} picks scalar kernels; --kernels overrides it. */
    @Test
    void theDinoKernelsPropertySetsTheDefaultAndTheOptionOverridesIt() {
        String before = System.getProperty(KernelChoice.PROPERTY);
        try {
            System.setProperty(KernelChoice.PROPERTY, "scalar");
            Cli byProperty = Cli.run("train", "--iterations", "10", "--print-every", "0", "--hidden", "8");
            assertEquals(0, byProperty.exitCode, byProperty.err);
            assertTrue(byProperty.err.lines().anyMatch(l -> l.startsWith("kernels: scalar;")), byProperty.err);
            Cli byOption = Cli.run("train", "--iterations", "10", "--print-every", "0", "--hidden", "8", "--kernels", "vector");
            assertEquals(0, byOption.exitCode, byOption.err);
            assertTrue(byOption.err.lines().anyMatch(l -> l.startsWith("kernels: vector")), byOption.err);
            System.setProperty(KernelChoice.PROPERTY, "gpu");
            assertOneLineError(Cli.run("train", "--iterations", "10"), "unknown kernel set 'gpu'");
        } finally {
            if (before == null) {
                System.clearProperty(KernelChoice.PROPERTY);
            } else {
                System.setProperty(KernelChoice.PROPERTY, before);
            }
        }
        Cli unset = Cli.run("train", "--iterations", "10", "--print-every", "0", "--hidden", "8");
        assertTrue(unset.err.lines().anyMatch(l -> l.startsWith("kernels: vector")), "auto picks vector here: " + unset.err);
    }

    /** Picocli would wrap a long example mid-word; every footer line must come out as written. */
    @Test
    void helpFitsEightyColumnsAndPrintsExamplesWhole() {
        CommandLine tree = Main.tree();
        for (String command : new String[] {"", "train", "sample", "eval", "info", "bench"}) {
            CommandLine cl = command.isEmpty() ? tree : tree.getSubcommands().get(command);
            Cli run = command.isEmpty() ? Cli.run("--help") : Cli.run(command, "--help");
            assertEquals(0, run.exitCode, command);
            List<String> lines = run.out.lines().collect(Collectors.toList());
            List<String> footer = List.of(cl.getCommandSpec().usageMessage().footer());
            assertTrue(footer.stream().anyMatch(l -> l.contains("java ")), command + " has an example");
            for (String example : footer) {
                assertTrue(lines.contains(example), command + ": footer line not printed whole: " + example + "\n" + run.out);
            }
            for (String line : lines) {
                assertTrue(footer.contains(line) || line.length() <= 80, command + ": longer than 80 columns: " + line);
            }
        }
    }

    /** train --length caps a sampled name as sample --length does (the default 50 is the reference's). */
    @Test
    void lengthCapsSampledNames() {
        Cli run = Cli.run("train", "--iterations", "1", "--print-every", "1", "--hidden", "8", "--samples", "5",
                "--length", "3");
        assertEquals(0, run.exitCode, run.err);
        String[] lines = run.out.split("\n");
        int names = 0;
        for (int i = 4; i < lines.length; i++) {
            if (!lines[i].isEmpty()) {
                assertTrue(lines[i].length() <= 3, lines[i]);
                names++;
            }
        }
        assertEquals(5, names, run.out);
    }

    @Test
    void infoReportsTheJvmAndKernels() {
        Cli run = Cli.run("info");
        assertEquals(0, run.exitCode, run.err);
        assertTrue(run.out.contains("java: " + System.getProperty("java.runtime.version")), run.out);
        assertTrue(run.out.contains("kernels (auto): "), run.out);
        assertTrue(run.out.contains("cpu features: "), run.out);
    }

    @Test
    void helpExplainsTheDefaults() {
        Cli run = Cli.run("train", "--help");
        assertEquals(0, run.exitCode);
        assertTrue(run.out.contains("--iterations=N"), run.out);
        assertTrue(run.out.contains("(default: 35000)"), run.out);
        assertTrue(run.out.contains("Example"), run.out);
    }

    private static void assertOneLineError(Cli run, String expected) {
        assertEquals(2, run.exitCode, run.err);
        String[] lines = run.err.strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("dino: ") && last.contains(expected), run.err);
        for (String line : lines) {
            assertTrue(line.startsWith("kernels:") || line.startsWith("dino: "), "unexpected stderr line: " + line);
        }
    }
}
