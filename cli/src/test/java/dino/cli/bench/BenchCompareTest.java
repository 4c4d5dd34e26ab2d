// `dino bench compare`: verdicts, intervals and exit codes on hand-made files with known rounds; bad files.
package dino.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dino.bench.harness.BenchStats;
import dino.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCompareTest {
    /** Five rounds whose ratios to each other are known: the 95% interval is the 3rd to 23rd of 25 ratios. */
    static final double[] ROUNDS = {100, 102, 98, 101, 99};

    @TempDir
    Path dir;

    private static double[] times(double factor) {
        return Arrays.stream(ROUNDS).map(v -> v * factor).toArray();
    }

    /** A dino --json file with one kernel (train_step, n_a 50) whose scalar and vector rounds are given. */
    private Path dinoFile(String name, double[] scalar, double[] vector) throws IOException {
        JsonObject root = new JsonObject();
        root.addProperty("jdk", "test");
        root.addProperty("cpu", "test");
        root.addProperty("vectorBits", 512);
        root.addProperty("vocab", 27);
        root.addProperty("rounds", scalar.length);
        JsonObject r = new JsonObject();
        r.addProperty("kernel", "train_step");
        r.addProperty("hidden", 50);
        r.addProperty("precision", "f64");
        r.addProperty("batch", 1);
        r.addProperty("threads", 1);
        r.addProperty("scalarNs", BenchStats.median(scalar));
        r.addProperty("vectorNs", BenchStats.median(vector));
        r.addProperty("speedup", BenchStats.median(scalar) / BenchStats.median(vector));
        r.addProperty("spread", 0.0);
        r.add("scalarRounds", new GsonBuilder().create().toJsonTree(scalar));
        r.add("vectorRounds", new GsonBuilder().create().toJsonTree(vector));
        JsonArray results = new JsonArray();
        results.add(r);
        root.add("results", results);
        return Files.writeString(dir.resolve(name), root.toString());
    }

    private static String row(Cli run, String entry, String measure) {
        return Arrays.stream(run.out.split("\n")).filter(l -> l.startsWith(entry) && l.contains(" " + measure + " "))
                .findFirst().orElseThrow(() -> new AssertionError(entry + " " + measure + " in\n" + run.out));
    }

    @Test
    void vectorKernels13TimesSlowerRegress() throws IOException {
        Path old = dinoFile("old.json", times(10), times(1));
        Path slow = dinoFile("slow.json", times(10), times(1.3));
        Cli run = Cli.run("bench", "compare", old.toString(), slow.toString(), "--summary", dir.resolve("s.md").toString());
        assertEquals(BenchCommand.EXIT_REGRESSED, run.exitCode, run.out + run.err);
        // Time: +30.0% [1.3 × 99/102 - 1, 1.3 × 102/99 - 1] = [+26.2%, +33.9%]; the speed-up falls to 1/1.3: -23.1%,
        // shown but not deciding by default.
        String time = row(run, "train_step n_a=50 kernels=vector", "time");
        assertTrue(time.contains("+30.0%") && time.contains("[+26.2%, +33.9%]") && time.endsWith("REGRESSED"), time);
        String speedup = row(run, "train_step n_a=50 kernels=vector", "speed-up");
        assertTrue(speedup.contains("-23.1%") && speedup.endsWith("slower"), speedup);
        // The scalar specification did not change, and never regresses.
        assertTrue(row(run, "train_step n_a=50 kernels=scalar", "time").endsWith("no change"), run.out);
        assertTrue(run.err.contains("dino: regressed: train_step n_a=50 vector throughput 7692308/s, baseline 10000000/s (time +30.0%"),
                run.err);
        String md = Files.readString(dir.resolve("s.md"));
        assertTrue(md.contains("| train_step kernels=vector | 50 | time | 100.0 ns | 130.0 ns | +30.0% [+26.2%, +33.9%] | **REGRESSED** |"),
                md);
        assertTrue(md.contains("**Regression**"), md);
        // The speed-up rule sees it too: the speed-up falls beyond the tolerance.
        Cli relative = Cli.run("bench", "compare", old.toString(), slow.toString(), "--relative", "scalar");
        assertEquals(BenchCommand.EXIT_REGRESSED, relative.exitCode, relative.out);
        assertTrue(row(relative, "train_step n_a=50 kernels=vector", "speed-up").endsWith("REGRESSED"), relative.out);
        assertTrue(relative.err.contains("dino: regressed: train_step n_a=50 speed-up 7.69x, baseline 10.00x"), relative.err);
    }

    @Test
    void slowerWithinToleranceAndFasterDoNotFail() throws IOException {
        Path old = dinoFile("old.json", times(10), times(1));
        Cli slower = Cli.run("bench", "compare", old.toString(), dinoFile("a.json", times(10), times(1.1)).toString());
        assertEquals(0, slower.exitCode, slower.out + slower.err);
        assertTrue(row(slower, "train_step n_a=50 kernels=vector", "time").endsWith("slower"), slower.out);
        assertTrue(row(slower, "train_step n_a=50 kernels=vector", "speed-up").endsWith("slower"), slower.out);
        Cli faster = Cli.run("bench", "compare", old.toString(), dinoFile("b.json", times(10), times(0.8)).toString());
        assertEquals(0, faster.exitCode);
        assertTrue(row(faster, "train_step n_a=50 kernels=vector", "time").endsWith("faster"), faster.out);
        // A tolerance of 0.3 lets 1.3x through as "slower".
        Path slow = dinoFile("slow.json", times(10), times(1.3));
        Cli tolerant = Cli.run("bench", "compare", old.toString(), slow.toString(), "--tolerance", "0.3");
        assertEquals(0, tolerant.exitCode, tolerant.out);
        assertTrue(row(tolerant, "train_step n_a=50 kernels=vector", "time").endsWith("slower"), tolerant.out);
    }

    @Test
    void aFileAgainstItselfIsNoChange() throws IOException {
        Path old = dinoFile("old.json", times(10), times(1));
        for (String relative : List.of("none", "scalar")) {
            Cli run = Cli.run("bench", "compare", old.toString(), old.toString(), "--relative", relative);
            assertEquals(0, run.exitCode, run.out + run.err);
            assertTrue(run.out.lines().filter(l -> l.startsWith("train_step")).allMatch(l -> l.endsWith("no change")), run.out);
        }
    }

    @Test
    void aUniformSlowdownRegressesByDefaultButNotRelativeToScalar() throws IOException {
        Path old = dinoFile("old.json", times(10), times(1));
        // Every entry 1.5x slower, scalar and vector alike (the training loop, the data path, the machine): the speed-up
        // holds at 10, the time does not.
        Path slow = dinoFile("slow.json", times(15), times(1.5));
        Cli run = Cli.run("bench", "compare", old.toString(), slow.toString());
        assertEquals(BenchCommand.EXIT_REGRESSED, run.exitCode, run.out + run.err);
        assertTrue(row(run, "train_step n_a=50 kernels=vector", "time").contains("+50.0%"), run.out);
        assertTrue(row(run, "train_step n_a=50 kernels=vector", "time").endsWith("REGRESSED"), run.out);
        assertTrue(row(run, "train_step n_a=50 kernels=vector", "speed-up").endsWith("no change"), run.out);
        assertTrue(row(run, "train_step n_a=50 kernels=scalar", "time").endsWith("slower"), run.out);
        // The speed-up rule, for runners of unknown speed, cannot see it: that is its price.
        Cli relative = Cli.run("bench", "compare", old.toString(), slow.toString(), "--relative", "scalar");
        assertEquals(0, relative.exitCode, relative.out + relative.err);
        assertTrue(relative.out.lines().noneMatch(l -> l.startsWith("train_step") && l.contains(" time ")), relative.out);
        // --ratio-only is the old name of --relative scalar.
        assertEquals(0, Cli.run("bench", "compare", old.toString(), slow.toString(), "--ratio-only").exitCode);
        assertOneLine(Cli.run("bench", "compare", old.toString(), slow.toString(), "--relative", "vector"),
                "--relative must be none or scalar, got 'vector'");
    }

    @Test
    void vectorOnlySlowerRegressesEitherWay() throws IOException {
        Path old = dinoFile("old.json", times(10), times(1));
        Path slow = dinoFile("slow.json", times(10), times(1.5));
        assertEquals(BenchCommand.EXIT_REGRESSED, Cli.run("bench", "compare", old.toString(), slow.toString()).exitCode);
        assertEquals(BenchCommand.EXIT_REGRESSED,
                Cli.run("bench", "compare", old.toString(), slow.toString(), "--relative", "scalar").exitCode);
    }

    @Test
    void aFasterScalarReferenceAloneIsNoRegressionButIsOneRelativeToScalar() throws IOException {
        Path old = dinoFile("old.json", times(10), times(1));
        // The scalar kernel compiled twice as fast in this JVM, the vector kernel unchanged: the speed-up halves.
        Path luckyScalar = dinoFile("lucky.json", times(5), times(1));
        Cli run = Cli.run("bench", "compare", old.toString(), luckyScalar.toString());
        assertEquals(0, run.exitCode, run.out + run.err);
        assertTrue(row(run, "train_step n_a=50 kernels=vector", "speed-up").endsWith("slower"), run.out);
        assertTrue(row(run, "train_step n_a=50 kernels=vector", "time").endsWith("no change"), run.out);
        Cli ratio = Cli.run("bench", "compare", old.toString(), luckyScalar.toString(), "--relative", "scalar");
        assertEquals(BenchCommand.EXIT_REGRESSED, ratio.exitCode, ratio.out);
        assertTrue(row(ratio, "train_step n_a=50 kernels=vector", "speed-up").endsWith("REGRESSED"), ratio.out);
    }

    @Test
    void filesFromDifferentMachinesGetANote() throws IOException {
        Path old = dinoFile("old.json", times(10), times(1));
        Path other = Files.writeString(dir.resolve("other.json"), Files.readString(old).replace("\"cpu\":\"test\"", "\"cpu\":\"Xeon\""));
        Cli run = Cli.run("bench", "compare", old.toString(), other.toString());
        assertEquals(0, run.exitCode, run.err);
        assertTrue(run.err.contains("dino: note: OLD was measured on test, 512-bit vectors, test, NEW on Xeon, 512-bit vectors, test"),
                run.err);
        assertEquals("", Cli.run("bench", "compare", old.toString(), old.toString()).err);
    }

    @Test
    void noiseWithinTheRoundsIsNoChange() throws IOException {
        Path old = dinoFile("old.json", times(10), times(1));
        // Overlapping samples, median 5% slower: the interval holds 1.
        Path noisy = dinoFile("noisy.json", times(10), new double[] {97, 104, 106, 110, 105});
        Cli run = Cli.run("bench", "compare", old.toString(), noisy.toString());
        assertEquals(0, run.exitCode, run.out);
        assertTrue(row(run, "train_step n_a=50 kernels=vector", "time").endsWith("no change"), run.out);
    }

    @Test
    void tooFewRoundsNeverFailAndSaySo() throws IOException {
        Path old = dinoFile("old.json", new double[] {1000, 1010, 990}, new double[] {100, 101, 99});
        Path slow = dinoFile("slow.json", new double[] {1000, 1010, 990}, new double[] {200, 202, 198});
        Cli run = Cli.run("bench", "compare", old.toString(), slow.toString());
        assertEquals(0, run.exitCode, run.out);
        assertTrue(run.out.contains("[too few rounds]") && run.out.contains("use --rounds 5 or more"), run.out);
    }

    @Test
    void jmhFilesCompareByTheirOwnNamesAndUnits() throws IOException {
        String entry = "{\"benchmark\":\"a.B.c\",\"mode\":\"avgt\",\"params\":{\"n\":\"1\"},\"primaryMetric\":{\"score\":1,\"scoreError\":0,"
                + "\"scoreUnit\":\"%s\",\"rawData\":[%s]},\"secondaryMetrics\":{}}";
        Path old = Files.writeString(dir.resolve("old.json"), "[" + String.format(entry, "us/op", "[1.00,1.02,0.98,1.01,0.99]") + "]");
        // The same times in ns/op, then as a throughput in ops/ms, 1.3x slower.
        Path same = Files.writeString(dir.resolve("same.json"), "[" + String.format(entry, "ns/op", "[1000,1020,980,1010,990]") + "]");
        Cli run = Cli.run("bench", "compare", old.toString(), same.toString());
        assertEquals(0, run.exitCode, run.out + run.err);
        assertTrue(row(run, "c ", "time").contains("+0.0%"), run.out);
        Path slow = Files.writeString(dir.resolve("slow.json"), "[" + String.format(entry, "ops/ms",
                Arrays.toString(Arrays.stream(ROUNDS).map(v -> 1e5 / (1.3 * v)).toArray())) + "]");
        Cli regressed = Cli.run("bench", "compare", old.toString(), slow.toString());
        assertEquals(BenchCommand.EXIT_REGRESSED, regressed.exitCode, regressed.out);
        assertTrue(row(regressed, "c ", "time").contains("+30.0%"), regressed.out);
        assertTrue(regressed.err.contains("dino: regressed: c benchmark throughput"), regressed.err);
        // --relative scalar has nothing to compare in JMH's own files.
        Cli ratio = Cli.run("bench", "compare", old.toString(), slow.toString(), "--relative", "scalar");
        assertEquals(2, ratio.exitCode);
        assertOneLine(ratio, "have no speed-up in common");
    }

    /** A folder of dino files, one per run, run i's vector rounds times factors[i]. */
    private Path runs(String name, double... factors) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        for (int i = 0; i < factors.length; i++) {
            Path f = dinoFile(name + "-" + i + ".json", times(10), times(factors[i]));
            Files.move(f, folder.resolve("run" + i + ".json"));
        }
        return folder;
    }

    @Test
    void foldersCompareEachRunsMedianSoOneOddJvmDoesNotFail() throws IOException {
        Path before = runs("before", 1.00, 1.02, 0.98, 1.01, 0.99);
        // One run of five in which the JIT compiled the vector kernel twice as slow; the others as before.
        Path oneOdd = runs("odd", 1.00, 2.00, 0.99, 1.01, 1.02);
        Cli folders = Cli.run("bench", "compare", before.toString(), oneOdd.toString());
        assertEquals(0, folders.exitCode, folders.out + folders.err);
        assertTrue(folders.out.contains("Samples: each run's median (5 runs before, 5 after)"), folders.out);
        // The same odd run alone against one run before fails: its rounds cannot show the JVM-to-JVM spread.
        Cli single = Cli.run("bench", "compare", before.resolve("run0.json").toString(), oneOdd.resolve("run1.json").toString());
        assertEquals(BenchCommand.EXIT_REGRESSED, single.exitCode, single.out);
        assertTrue(single.out.contains("Samples: the rounds of one run a side"), single.out);
        // Every run 1.3x slower: the run medians are 1.3 x {0.98 .. 1.02}, and the interval is worked as for rounds.
        Path slow = runs("slow", 1.3, 1.3 * 1.02, 1.3 * 0.98, 1.3 * 1.01, 1.3 * 0.99);
        Cli regressed = Cli.run("bench", "compare", before.toString(), slow.toString());
        assertEquals(BenchCommand.EXIT_REGRESSED, regressed.exitCode, regressed.out);
        String time = row(regressed, "train_step n_a=50 kernels=vector", "time");
        assertTrue(time.contains("+30.0%") && time.contains("[+26.2%, +33.9%]") && time.endsWith("REGRESSED"), time);
        Cli empty = Cli.run("bench", "compare", Files.createDirectories(dir.resolve("empty")).toString(), slow.toString());
        assertOneLine(empty, "is a folder with no .json result files");
    }

    @Test
    void jmhForksAreRunsToo() throws IOException {
        String entry = "[{\"benchmark\":\"a.B.c\",\"mode\":\"avgt\",\"primaryMetric\":{\"score\":1,\"scoreError\":0,"
                + "\"scoreUnit\":\"ns/op\",\"rawData\":[%s]},\"secondaryMetrics\":{}}]";
        Path before = Files.writeString(dir.resolve("b.json"), String.format(entry, "[100,1],[102,1,500],[98],[101,101],[99]"));
        Path after = Files.writeString(dir.resolve("a.json"), String.format(entry, "[130],[132.6],[127.4],[131.3],[128.7]"));
        Cli run = Cli.run("bench", "compare", before.toString(), after.toString());
        // Fork medians before: 50.5, 102, 98, 101, 99; after: 1.3 x 100, 102, 98, 101, 99.
        assertTrue(run.out.contains("(5 runs before, 5 after)"), run.out);
        assertTrue(row(run, "c ", "time").contains("99.0 ns") && row(run, "c ", "time").contains("130.0 ns"), run.out);
    }

    @Test
    void badFilesAreOneLineAndExit2() throws IOException {
        Path good = dinoFile("good.json", times(10), times(1));
        Path notJson = Files.writeString(dir.resolve("x.json"), "not json {");
        Path empty = Files.writeString(dir.resolve("e.json"), "{}");
        Path wrongType = Files.writeString(dir.resolve("w.json"), "[{\"benchmark\":\"a.B.c\",\"primaryMetric\":{\"score\":\"x\"}}]");
        Path counts = Files.writeString(dir.resolve("c.json"), "[{\"benchmark\":\"a.B.c\",\"primaryMetric\":{\"score\":1,"
                + "\"scoreUnit\":\"counts\",\"rawData\":[[1,2]]}}]");
        Path negative = Files.writeString(dir.resolve("n.json"), "[{\"benchmark\":\"a.B.c\",\"primaryMetric\":{\"score\":1,"
                + "\"scoreUnit\":\"ns/op\",\"rawData\":[[1,-2]]}}]");
        String older = Files.readString(good).replace("\"scalarRounds\"", "\"x\"");
        Path old = Files.writeString(dir.resolve("older.json"), older);
        List<Object[]> cases = List.of(
                new Object[] {notJson, "it is not JSON"},
                new Object[] {empty, "neither a JMH result list nor an object with \"results\""},
                new Object[] {wrongType, "an entry lacks a field or has one of the wrong type"},
                new Object[] {counts, "score unit 'counts' is neither a time per op nor ops per time"},
                new Object[] {negative, "has a round that is not a positive number: -2.0"},
                new Object[] {old, "written by an older dino bench; run dino bench --json again"},
                new Object[] {dir.resolve("missing.json"), "cannot read OLD"});
        for (Object[] c : cases) {
            Cli run = Cli.run("bench", "compare", c[0].toString(), good.toString());
            assertEquals(2, run.exitCode, c[0] + ": " + run.err);
            assertOneLine(run, (String) c[1]);
        }
        Path other = Files.writeString(dir.resolve("o.json"), Files.readString(good).replace("train_step", "cell_forward"));
        assertOneLine(Cli.run("bench", "compare", good.toString(), other.toString()), "have no entry in common");
        assertOneLine(Cli.run("bench", "compare", good.toString(), good.toString(), "--confidence", "1.5"), "--confidence must be");
    }

    private static void assertOneLine(Cli run, String text) {
        assertTrue(run.exitCode == 2 && run.err.contains(text) && run.err.startsWith("dino: "), run.err);
        long lines = run.err.lines().filter(l -> !l.startsWith("Try '")).count();
        assertEquals(1, lines, run.err);
    }
}
