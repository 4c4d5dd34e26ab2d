// `train --keep-best` and `--patience`: a run that overfits keeps its best model, stops, and resumes exactly.
package dino.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeepBestTest {
    private static final Pattern CHECK = Pattern.compile("Iteration: (\\d+), Loss: .*\nValidation loss: (\\S+) per character");

    @TempDir
    Path dir;
    private Path data;

    /** 30 names, 9 held out, Adam at a high rate: the validation loss bottoms out early and then rises. */
    @BeforeEach
    void names() throws IOException {
        List<String> all = Files.readAllLines(Path.of("..", "data", "dinos.txt"));
        data = Files.write(dir.resolve("names.txt"), all.subList(0, 30));
    }

    private Cli train(String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--hidden", "32",
                "--optimizer", "adam", "--learning-rate", "0.05", "--val-fraction", "0.3", "--print-every", "50",
                "--samples", "0", "--threads", "1", "--quiet"));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(new String[0]));
    }

    private static String p(Path f) {
        return f.toString();
    }

    /** Iteration and printed validation loss of every check. */
    private static List<String[]> checks(String out) {
        List<String[]> checks = new ArrayList<>();
        Matcher m = CHECK.matcher(out);
        while (m.find()) {
            checks.add(new String[] {m.group(1), m.group(2)});
        }
        return checks;
    }

    private static String[] lowest(List<String[]> checks) {
        String[] best = checks.get(0);
        for (String[] c : checks) {
            if (Double.parseDouble(c[1]) < Double.parseDouble(best[1])) {
                best = c;
            }
        }
        return best;
    }

    @Test
    void anOverfittingRunKeepsItsBestModel() throws IOException {
        Path best = dir.resolve("best.npz");
        Cli run = train("--iterations", "601", "--keep-best", p(best));
        assertEquals(0, run.exitCode, run.err);
        List<String[]> checks = checks(run.out);
        assertEquals(13, checks.size(), run.out);
        String[] lowest = lowest(checks);
        double last = Double.parseDouble(checks.get(checks.size() - 1)[1]);
        assertTrue(last > Double.parseDouble(lowest[1]) + 0.1, "the run must overfit: " + run.out);

        Cli info = Cli.run("info", "--model", p(best));
        assertEquals(0, info.exitCode, info.err);
        assertTrue(info.out.contains("\nbest iteration: " + lowest[0] + "\n"), info.out);
        assertTrue(info.out.contains("\nbest validation loss: " + lowest[1] + "\n"), info.out);
        assertTrue(info.out.contains("\ntraining state: none"), info.out);

        // The best file holds the weights right after that iteration: a run stopped there samples the same names.
        Path there = dir.resolve("there.npz");
        assertEquals(0, train("--iterations", String.valueOf(Long.parseLong(lowest[0]) + 1), "--save", p(there)).exitCode);
        Cli fromBest = Cli.run("sample", "--model", p(best), "--count", "20");
        Cli fromThere = Cli.run("sample", "--model", p(there), "--count", "20");
        assertEquals(0, fromBest.exitCode, fromBest.err);
        assertEquals(fromThere.out, fromBest.out);
    }

    @Test
    void patienceStopsInOneLineAndStillSaves() {
        Path save = dir.resolve("run.npz");
        Cli run = train("--iterations", "5000", "--patience", "4", "--save", p(save));
        assertEquals(0, run.exitCode, run.err);
        List<String[]> checks = checks(run.out);
        String[] lowest = lowest(checks);
        String lastIteration = checks.get(checks.size() - 1)[0];
        // The lowest check, then exactly four without a lower loss.
        assertEquals(String.valueOf(Long.parseLong(lowest[0]) + 4 * 50), lastIteration, run.out);
        long done = Long.parseLong(lastIteration) + 1;
        assertEquals("patience: stopped after " + done + " iterations, no lower validation loss in 4 checks (best "
                + lowest[1] + " at iteration " + lowest[0] + ")\n", run.err);
        Cli info = Cli.run("info", "--model", p(save));
        assertTrue(info.out.contains("\niterations: " + done + "\n"), info.out);
        assertTrue(info.out.contains("\nbest iteration: " + lowest[0] + "\n"), info.out);

        // Resumed after its patience ran out, the run stays stopped.
        Cli again = train("--resume", p(save), "--iterations", "5000", "--patience", "4", "--save", p(save));
        assertEquals(0, again.exitCode, again.err);
        assertEquals("", again.out);
        assertTrue(again.err.endsWith(run.err), again.err);
    }

    @Test
    void aStoppedAndResumedRunKeepsTheSameBestAndStopsAtTheSameIteration() throws IOException {
        Path best = dir.resolve("best.npz");
        Path save = dir.resolve("run.npz");
        Cli whole = train("--iterations", "5000", "--patience", "4", "--keep-best", p(best), "--save", p(save));
        assertEquals(0, whole.exitCode, whole.err);

        Path best2 = dir.resolve("best2.npz");
        Path save2 = dir.resolve("run2.npz");
        // Stopped between the best check (iteration 50) and the patience stop.
        Cli first = train("--iterations", "151", "--patience", "4", "--keep-best", p(best2), "--save", p(save2));
        assertEquals(0, first.exitCode, first.err);
        assertTrue(Files.exists(best2));
        // A middle leg without the options keeps the count (its best model would be the same weights, unwritten).
        Cli middle = Cli.run("train", "--resume", p(save2), "--iterations", "201", "--save", p(save2), "--print-every",
                "50", "--samples", "0", "--threads", "1", "--quiet");
        assertEquals(0, middle.exitCode, middle.err);
        Cli second = Cli.run("train", "--resume", p(save2), "--iterations", "5000", "--patience", "4", "--keep-best",
                p(best2), "--save", p(save2), "--print-every", "50", "--samples", "0", "--threads", "1", "--quiet");
        assertEquals(0, second.exitCode, second.err);
        assertEquals(whole.out, first.out + middle.out + second.out);
        assertTrue(second.err.endsWith(whole.err), second.err);
        assertArrayEquals(Files.readAllBytes(best), Files.readAllBytes(best2));
        assertArrayEquals(Files.readAllBytes(save), Files.readAllBytes(save2));
    }

    @Test
    void withoutTheOptionsTheSavedFileHasNoBest() {
        Path save = dir.resolve("run.npz");
        assertEquals(0, train("--iterations", "101", "--save", p(save)).exitCode);
        Cli info = Cli.run("info", "--model", p(save));
        assertFalse(info.out.contains("best"), info.out);
    }

    @Test
    void errorsNameTheFlags() {
        Cli noValidation = Cli.run("train", "--data", data.toString(), "--keep-best", p(dir.resolve("b.npz")));
        assertEquals(2, noValidation.exitCode);
        assertTrue(noValidation.err.startsWith("dino: --keep-best needs a validation set: give --val-fraction above 0\n"),
                noValidation.err);
        Cli patienceAlone = Cli.run("train", "--data", data.toString(), "--patience", "3");
        assertEquals(2, patienceAlone.exitCode);
        assertTrue(patienceAlone.err.startsWith("dino: --patience needs a validation set: give --val-fraction above 0\n"),
                patienceAlone.err);
        Cli zero = train("--patience", "0");
        assertEquals(2, zero.exitCode);
        assertTrue(zero.err.startsWith("dino: --patience must be at least 1, got 0\n"), zero.err);
        Cli noPrints = Cli.run("train", "--data", data.toString(), "--val-fraction", "0.3", "--keep-best",
                p(dir.resolve("b.npz")), "--print-every", "0");
        assertEquals(2, noPrints.exitCode);
        assertTrue(noPrints.err.startsWith("dino: --keep-best checks the validation loss every --print-every iterations: set "
                + "--print-every above 0\n"), noPrints.err);
        Cli noFolder = train("--keep-best", p(dir.resolve("missing").resolve("b.npz")));
        assertEquals(2, noFolder.exitCode);
        assertTrue(noFolder.err.startsWith("dino: cannot write --keep-best "), noFolder.err);
        assertEquals("", noFolder.out);

        Cli sameFile = train("--keep-best", p(dir.resolve("b.npz")), "--save", p(dir.resolve(".").resolve("b.npz")));
        assertEquals(2, sameFile.exitCode);
        assertTrue(sameFile.err.startsWith("dino: --keep-best and --save must be different files\n"), sameFile.err);

        // A resumed run's validation set comes from its file: one saved without one is refused by the API.
        Path plain = dir.resolve("plain.npz");
        assertEquals(0, Cli.run("train", "--data", data.toString(), "--iterations", "10", "--save", p(plain),
                "--quiet").exitCode);
        Cli resumed = Cli.run("train", "--resume", p(plain), "--iterations", "20", "--keep-best", p(dir.resolve("b.npz")),
                "--quiet");
        assertEquals(2, resumed.exitCode);
        assertTrue(resumed.err.startsWith("dino: --keep-best needs a validation set: give --val-fraction above 0"),
                resumed.err);
    }
}
