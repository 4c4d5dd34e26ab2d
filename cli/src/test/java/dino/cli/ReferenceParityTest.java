// The default `train` run against the reference's transcript, under the parity contract.
package dino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parity contract of shared/reference/README.md: every line of the reference's output after its
 * first (a Python set, different each run) is printed exactly through the block of iteration 12000;
 * after that the same lines in the same format, every loss within 0.25 of the reference's.
 */
class ReferenceParityTest {
    private static final Pattern LOSS = Pattern.compile("Iteration: (\\d+), Loss: (\\d+\\.\\d{6})");
    private static final int EXACT_THROUGH = 12000;
    private static final double LOSS_TOLERANCE = 0.25;

    @ParameterizedTest(name = "--kernels {0}")
    @ValueSource(strings = {"scalar", "vector"})
    void defaultTrainRunMeetsTheParityContract(String kernels) throws IOException {
        Cli run = Cli.run("train", "--kernels", kernels);
        assertEquals(0, run.exitCode, run.err);
        List<String> expected = transcript();
        List<String> actual = Arrays.asList(run.out.split("\n", -1));
        assertEquals(expected.size(), actual.size(), "line count");

        int exactLines = 0;
        boolean exact = true;
        int lossesCompared = 0;
        for (int i = 0; i < expected.size(); i++) {
            Matcher e = LOSS.matcher(expected.get(i));
            if (e.matches() && Integer.parseInt(e.group(1)) > EXACT_THROUGH) {
                exact = false;
            }
            if (exact) {
                assertEquals(expected.get(i), actual.get(i), "line " + (i + 2) + " of the transcript");
                exactLines++;
            } else if (e.matches()) {
                Matcher a = LOSS.matcher(actual.get(i));
                assertTrue(a.matches(), "line " + (i + 2) + ": expected a loss line, got " + actual.get(i));
                assertEquals(e.group(1), a.group(1), "iteration on line " + (i + 2));
                assertEquals(Double.parseDouble(e.group(2)), Double.parseDouble(a.group(2)), LOSS_TOLERANCE,
                        "loss on line " + (i + 2));
                lossesCompared++;
            }
        }
        assertEquals(79, exactLines, "lines compared exactly (header and 7 blocks)");
        assertEquals(11, lossesCompared, "losses compared after iteration 12000");
    }

    /** The reference transcript without its first line. */
    private static List<String> transcript() throws IOException {
        try (InputStream in = ReferenceParityTest.class.getResourceAsStream("/transcript_dinos_35000.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = Arrays.asList(text.split("\n", -1));
            return lines.subList(1, lines.size());
        }
    }
}
