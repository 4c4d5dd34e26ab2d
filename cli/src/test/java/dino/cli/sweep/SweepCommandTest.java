// dino sweep end to end: its files, bad input as one line, another sweep's folder refused, resuming, --parallel.
package dino.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.cli.Cli;
import dino.lib.Corpus;
import dino.lib.RunOptions;
import dino.lib.Training;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SweepCommandTest {
    /** Four small models on the bundled names, a second or two in all; patience stops some of them early. */
    private static final List<String> TINY = List.of("sweep", "--grid", "cell=rnn,gru lr=0.005,0.05", "--set",
            "hidden=12 batch-size=4 optimizer=adam", "--iterations", "800", "--print-every", "100", "--patience", "2");

    @TempDir
    Path dir;

    private static Cli sweep(Path out, String... more) {
        List<String> args = new ArrayList<>(TINY);
        args.add("--out");
        args.add(out.toString());
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private static String masked(String table) {
        return table.replaceAll("(?m)\\| [0-9.]+ \\| [0-9.]+ \\|$", "| - | - |")
                .replaceAll("(?m),[^,]*,[^,]*,(vector|scalar)$", ",-,-,$1");
    }

    @Test
    void writesTheTableTheCurvesAndEachTrialsBestModel() throws IOException {
        Path out = dir.resolve("s");
        Cli run = sweep(out);
        assertEquals(0, run.exitCode, run.err);
        for (String f : List.of("manifest.json", "results.csv", "results.json", "results.md", "curves.svg")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertEquals(Files.readString(out.resolve("results.md")), run.out, "the Markdown table on stdout");
        assertEquals(2 + 4, run.out.lines().count(), run.out);
        SweepTable table = SweepTable.parseCsv(Files.readString(out.resolve("results.csv")));
        double previous = Double.NEGATIVE_INFINITY;
        for (TrialResult r : table.rows()) {
            assertTrue(r.bestValidationLoss() >= previous, "sorted");
            previous = r.bestValidationLoss();
            Path trial = out.resolve(String.format("trials/trial-%03d", r.trial()));
            assertTrue(Files.size(trial.resolve("best.npz")) > 0);
            assertFalse(Files.exists(trial.resolve("checkpoint.npz")), "a finished trial keeps no checkpoint");
            List<String> curve = Files.readAllLines(trial.resolve("curve.csv"));
            assertEquals(LossCurve.HEADER, curve.get(0));
            assertTrue(curve.stream().anyMatch(l -> l.endsWith("," + r.bestValidationLoss())),
                    "the table's loss is a loss of the curve, exactly: " + r.bestValidationLoss() + " in " + curve);
            assertTrue(r.stoppedEarly() ? r.iterations() < 800 : r.iterations() == 800, r.toString());
        }
        String svg = Files.readString(out.resolve("curves.svg"));
        assertTrue(svg.startsWith("<?xml") || svg.startsWith("<svg"), svg.substring(0, 40));
        assertTrue(svg.contains("#0 cell=rnn learning-rate=0.005"), "every trial in the legend");
        assertTrue(run.err.contains("best: trial " + table.rows().get(0).trial()), run.err);
    }

    @Test
    void aSecondRunSkipsFinishedTrials() throws IOException {
        Path out = dir.resolve("s");
        assertEquals(0, sweep(out).exitCode);
        byte[] result = Files.readAllBytes(out.resolve("trials/trial-002/result.json"));
        String csv = Files.readString(out.resolve("results.csv"));
        Cli again = sweep(out);
        assertEquals(0, again.exitCode, again.err);
        assertTrue(again.err.contains("4 finished before"), again.err);
        assertArrayEquals(result, Files.readAllBytes(out.resolve("trials/trial-002/result.json")),
                "not run again (its wall time would differ)");
        assertEquals(csv, Files.readString(out.resolve("results.csv")));
    }

    @Test
    void anInterruptedTrialResumesFromItsCheckpointToTheSameBits() throws Exception {
        Path whole = dir.resolve("whole");
        assertEquals(0, sweep(whole).exitCode);

        // The same sweep, with trial 1 stopped as a kill would stop it, after its checkpoint at iteration 300.
        Path cut = dir.resolve("cut");
        List<String> args = new ArrayList<>(TINY);
        args.addAll(List.of("--out", cut.toString()));
        CommandLine cl = new CommandLine(new SweepCommand());
        cl.parseArgs(args.subList(1, args.size()).toArray(String[]::new));
        SweepPlan plan = ((SweepCommand) cl.getCommand()).plan();
        LocalSweepFiles files = new LocalSweepFiles(cut);
        SweepCommand.claim(files, plan);
        Trial trial = plan.trials().get(1);
        assertNull(TrialRunner.run(plan, trial, files, Corpus.dinos(), RunOptions.defaults().withThreads(1), 300));
        Path folder = cut.resolve(trial.folder());
        assertFalse(Files.exists(folder.resolve("result.json")));
        try (Training saved = Training.resume(folder.resolve("checkpoint.npz"), Corpus.dinos(),
                RunOptions.defaults().withThreads(1))) {
            assertEquals(300, saved.iteration());
        }

        Cli resumed = sweep(cut);
        assertEquals(0, resumed.exitCode, resumed.err);
        assertTrue(resumed.err.contains("(resumed at iteration 300)"), resumed.err);
        assertEquals(masked(Files.readString(whole.resolve("results.csv"))), masked(Files.readString(cut.resolve("results.csv"))));
        for (String f : List.of("curve.csv", "best.npz")) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(trial.folder()).resolve(f)), Files.readAllBytes(folder.resolve(f)), f);
        }
        assertFalse(Files.exists(folder.resolve("checkpoint.npz")));
    }

    @Test
    void twoTrialsAtOnceGiveTheSameLossesAsOne() throws IOException {
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        Cli a = sweep(one, "--parallel", "1");
        Cli b = sweep(two, "--parallel", "2");
        assertEquals(0, a.exitCode, a.err);
        assertEquals(0, b.exitCode, b.err);
        assertTrue(b.err.contains("2 trials at once, 1 thread each"), b.err);
        assertEquals(masked(Files.readString(one.resolve("results.csv"))), masked(Files.readString(two.resolve("results.csv"))));
        assertEquals(masked(a.out), masked(b.out));
        for (int t = 0; t < 4; t++) {
            String curve = String.format("trials/trial-%03d/curve.csv", t);
            assertArrayEquals(Files.readAllBytes(one.resolve(curve)), Files.readAllBytes(two.resolve(curve)), curve);
        }
    }

    @Test
    void aFolderThatHoldsAnotherSweepIsRefused() throws IOException {
        Path out = dir.resolve("s");
        assertEquals(0, sweep(out).exitCode);
        Cli other = sweep(out, "--seed", "5");
        assertEquals(2, other.exitCode);
        assertEquals("dino: the output folder " + out + " holds another sweep (its base, trials differ): give another --out, "
                + "or delete it", other.err.strip());
        Path files = Files.createDirectories(dir.resolve("files"));
        Files.writeString(files.resolve("notes.txt"), "mine");
        Cli occupied = sweep(files);
        assertEquals(2, occupied.exitCode);
        assertEquals("dino: the output folder " + files + " holds other files and no sweep: give another --out",
                occupied.err.strip());
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        String[][] cases = {
            {"--grid", "hiden=64", "dino: --grid: unknown setting 'hiden': use one of hidden, learning-rate, clip, "
                + "optimizer, seed, mode, seq-length, val-fraction, batch-size, precision, cell, layers, dropout, products"},
            {"--random", "lr=0.1..0.01", "dino: --random lr=0.1..0.01: the range is empty (0.1 is above 0.01)"},
            {"--grid", "hidden=8,40000", "dino: --grid hidden=8,40000: hidden must be between 1 and 32768, got 40000"},
            {"--set", "val-fraction=0", "dino: trial 0: every trial keeps its best model by its validation loss: give "
                + "val-fraction above 0"},
            {"--set", "cell=lstm", "dino: cell is in both --set and --grid: give it in one"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("sweep", "--out", dir.resolve("bad").toString(), c[0], c[1]));
            if (c[0].equals("--random")) {
                args.addAll(List.of("--trials", "3"));
            }
            if (c[0].equals("--set")) {
                args.addAll(List.of("--grid", "cell=rnn,gru"));
            }
            Cli run = Cli.run(args.toArray(String[]::new));
            assertEquals(2, run.exitCode, run.err);
            assertEquals(c[2], run.err.strip());
            assertEquals("", run.out);
        }
        assertFalse(Files.exists(dir.resolve("bad")), "nothing written for bad input");
        Cli batch = Cli.run("sweep", "--out", dir.resolve("batch").toString(), "--grid", "hidden=8,12", "--set",
                "batch-size=1400");
        assertEquals(2, batch.exitCode, batch.err);
        assertEquals("dino: trial 0 (hidden=8): batch-size 1400 is larger than the 1383 training names: use at most 1383",
                batch.err.lines().reduce((a, b) -> b).orElse(""));
        Cli spark = sweep(dir.resolve("spark"), "--spark", "local[2]");
        assertEquals(2, spark.exitCode);
        assertEquals("dino: --spark needs Spark: run spark/target/dino-spark.jar with Spark's jars on the class path, or "
                + "through spark-submit (docs/sweep.md)", spark.err.strip());
        Cli parallel = sweep(dir.resolve("spark"), "--spark", "local[2]", "--parallel", "2");
        assertEquals(2, parallel.exitCode);
        assertEquals("dino: --parallel is for a local sweep: on Spark the executors' cores and spark.task.cpus decide how "
                + "many trials run at once", parallel.err.strip());
        Cli trials = Cli.run("sweep", "--random", "lr=0.001..0.01");
        assertEquals(2, trials.exitCode);
        assertTrue(trials.err.startsWith("dino: --random needs --trials N\n"), trials.err);
    }

    @Test
    void helpExplainsWithExamples() {
        Cli help = Cli.run("sweep", "--help");
        assertEquals(0, help.exitCode);
        assertTrue(help.out.contains("--grid") && help.out.contains("--random") && help.out.contains("--spark"), help.out);
        assertTrue(help.out.contains("Examples:"), help.out);
        assertNotNull(SweepCommand.DEFAULT_GRID);
        assertTrue(help.out.contains(SweepCommand.DEFAULT_GRID), help.out);
        List<String> footer = List.of(new CommandLine(new SweepCommand()).getCommandSpec().usageMessage().footer());
        List<String> lines = help.out.lines().toList();
        for (String line : footer) {
            assertTrue(line.length() <= 80, "longer than 80 columns: " + line);
            assertTrue(lines.contains(line), "footer line not printed whole: " + line + "\n" + help.out);
        }
    }
}
