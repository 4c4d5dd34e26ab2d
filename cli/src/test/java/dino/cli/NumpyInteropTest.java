// A model file written by dino, opened by numpy (allow_pickle=False) and sampled by the reference's own code.
package dino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Needs python3 with numpy and the reference (../../shared/reference/rnn.py from this module, that
 * is ../shared/reference beside the clone, or -Ddino.reference=DIR). In CI (CI=true) both must be
 * there and the test fails without them; elsewhere it is reported as skipped, never passed, with a
 * line on stderr saying what is missing.
 */
class NumpyInteropTest {
    @TempDir
    Path dir;

    @Test
    void numpyLoadsTheModelAndTheReferenceSamplesTheSameNames() throws Exception {
        Path reference = Path.of(System.getProperty("dino.reference", "../../shared/reference"));
        String python = pythonWithNumpy();
        String missing = !Files.exists(reference.resolve("rnn.py")) ? "the reference rnn.py in " + reference.toAbsolutePath().normalize()
                : python == null ? "a python3 with numpy (tried " + String.join(", ", PYTHONS) + ")" : null;
        if ("true".equals(System.getenv("CI"))) {
            assertEquals(null, missing, "CI must provide numpy and the reference");
        }
        if (missing != null) {
            // Surefire prints only a count of skipped tests; this line says which and why, in the build log.
            System.err.println("NumpyInteropTest SKIPPED: needs " + missing);
        }
        assumeTrue(missing == null, () -> "skipped: needs " + missing);

        Path model = dir.resolve("m.npz");
        Cli train = Cli.run("train", "--data", "../data/names.txt", "--iterations", "1500", "--hidden", "20",
                "--print-every", "0", "--optimizer", "adam", "--save", model.toString());
        assertEquals(0, train.exitCode, train.err);
        Path script = dir.resolve("reference_sample.py");
        try (InputStream in = NumpyInteropTest.class.getResourceAsStream("/sample-parity/reference_sample.py")) {
            Files.write(script, in.readAllBytes());
        }
        Result numpy = run(dir, python, script.toString(), model.toString(), "25", reference.toAbsolutePath().toString());
        assertEquals(0, numpy.exitCode, numpy.output);
        Cli dino = Cli.run("sample", "--model", model.toString(), "--count", "25");
        assertEquals(numpy.output, dino.out);
        assertTrue(dino.out.split("\n").length == 25, dino.out);
    }

    /** Debian's python3 first (what CI installs numpy into), then whichever python3 is on the PATH. */
    private static final String[] PYTHONS = {"/usr/bin/python3", "python3"};

    private String pythonWithNumpy() throws InterruptedException {
        for (String python : PYTHONS) {
            try {
                if (run(dir, python, "-c", "import numpy").exitCode == 0) {
                    return python;
                }
            } catch (IOException notInstalled) {
                // This one cannot start; try the next.
            }
        }
        return null;
    }

    private static final class Result {
        final int exitCode;
        final String output;

        Result(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }
    }

    private static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " timed out");
        }
        return new Result(p.exitValue(), output);
    }
}
