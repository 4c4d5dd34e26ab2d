// dino sweep on Spark local[2] gives the table a local sweep gives, bit for bit, through dino-spark's backend.
package dino.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same 4-trial grid of small models on the bundled names, once on this JVM's threads and once as Spark tasks on
 * local[2] (two tasks at once, spark.task.cpus 1): the tables' losses, best iterations and stops are the same bits,
 * and so is every trial's curve and best model file. Then the Spark sweep run again skips every trial.
 */
class SparkSweepTest {
    private static final List<String> SWEEP = List.of("sweep", "--grid", "cell=rnn,gru hidden=16,24",
            "--set", "batch-size=4 optimizer=adam lr=0.01", "--iterations", "600", "--print-every", "100",
            "--patience", "2");

    @TempDir
    Path dir;

    @Test
    void sparkLocal2GivesTheLocalTableBitForBit() throws IOException {
        Run local = run(dir.resolve("local").toString(), "--parallel", "1");
        assertEquals(0, local.code, local.err);
        Run spark = run(dir.resolve("spark").toString(), "--spark", "local[2]");
        assertEquals(0, spark.code, spark.err);
        assertTrue(spark.err.contains("Spark local[2]"), spark.err);

        SweepTable a = SweepTable.parseCsv(Files.readString(dir.resolve("local/results.csv")));
        SweepTable b = SweepTable.parseCsv(Files.readString(dir.resolve("spark/results.csv")));
        assertEquals(4, a.rows().size());
        assertEquals(a.rows().size(), b.rows().size());
        for (int i = 0; i < a.rows().size(); i++) {
            TrialResult x = a.rows().get(i);
            TrialResult y = b.rows().get(i);
            assertEquals(x.trial(), y.trial(), "rank " + i);
            assertEquals(x.varied(), y.varied());
            assertEquals(Double.doubleToRawLongBits(x.bestValidationLoss()), Double.doubleToRawLongBits(y.bestValidationLoss()),
                    "trial " + x.trial() + ": " + x.bestValidationLoss() + " against " + y.bestValidationLoss());
            assertTrue(Double.isFinite(x.bestValidationLoss()));
            assertEquals(x.bestIteration(), y.bestIteration());
            assertEquals(x.iterations(), y.iterations());
            assertEquals(x.stoppedEarly(), y.stoppedEarly());
            assertEquals(x.kernels(), y.kernels());
            String folder = String.format("trials/trial-%03d/", x.trial());
            assertArrayEquals(Files.readAllBytes(dir.resolve("local").resolve(folder + "curve.csv")),
                    Files.readAllBytes(dir.resolve("spark").resolve(folder + "curve.csv")), folder);
            assertArrayEquals(Files.readAllBytes(dir.resolve("local").resolve(folder + "best.npz")),
                    Files.readAllBytes(dir.resolve("spark").resolve(folder + "best.npz")), folder);
        }
        assertEquals(speedsMasked(local.out), speedsMasked(spark.out), "the Markdown tables");

        Run again = run(dir.resolve("spark").toString(), "--spark", "local[2]");
        assertEquals(0, again.code, again.err);
        assertTrue(again.err.contains("4 finished before"), again.err);
        assertEquals(speedsMasked(Files.readString(dir.resolve("local/results.csv"))),
                speedsMasked(Files.readString(dir.resolve("spark/results.csv"))), "the CSV tables");
    }

    /** A table without its two columns of this run's speed (characters per second, wall seconds). */
    private static String speedsMasked(String table) {
        return table.replaceAll("(?m)\\| [0-9.]+ \\| [0-9.]+ \\|$", "| - | - |")
                .replaceAll("(?m),[^,]*,[^,]*,(vector|scalar)$", ",-,-,$1");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String out, String... more) {
        List<String> args = new ArrayList<>(SWEEP);
        args.add("--out");
        args.add(out);
        args.addAll(List.of(more));
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(o), new PrintWriter(e));
        return new Run(code, o.toString(), e.toString());
    }
}
