// The sweep's table: sorted by best validation loss, and read back from its CSV and JSON to the same bits.
package dino.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepTableTest {
    private static TrialResult result(int trial, double loss, String status) {
        return new TrialResult(trial, Map.of("hidden", Integer.toString(16 * (trial + 1))), trial, status, 100L * trial,
                loss, 1000, trial % 2 == 0, 12345.678 + trial, 0.1 + 0.2 * trial, "vector", -1);
    }

    private static List<TrialResult> results() {
        return List.of(result(0, 2.5, "done"), result(1, Double.NaN, "diverged"), result(2, 0.1 + 0.2, "done"),
                result(3, 1e-300, "done"), result(4, 2.5, "done"), result(5, Math.nextUp(0.1 + 0.2), "done"));
    }

    @Test
    void rowsGoByBestValidationLossTiesByTrialNoLossLast() {
        List<Integer> order = new ArrayList<>();
        for (TrialResult r : new SweepTable(results()).rows()) {
            order.add(r.trial());
        }
        assertEquals(List.of(3, 2, 5, 0, 4, 1), order);
    }

    @Test
    void csvAndJsonReadBackToTheSameBits() {
        SweepTable table = new SweepTable(results());
        assertEquals(table.rows(), SweepTable.parseCsv(table.csv()).rows(), table.csv());
        assertEquals(table.rows(), SweepTable.parseJson(table.json()).rows(), table.json());
        assertTrue(table.csv().contains(",0.30000000000000004,"), "doubles as Java writes them: " + table.csv());
        assertTrue(table.json().contains("\"bestValidationLoss\": null"), "no loss is null in JSON");
    }

    @Test
    void theMarkdownTableHasOneRowPerTrialRankedWithTheVariedSettings() {
        String md = new SweepTable(results()).markdown();
        List<String> lines = md.lines().toList();
        assertEquals(2 + 6, lines.size(), md);
        assertEquals("| rank | trial | hidden | seed | best iteration | val loss | bits/char | chars/s | wall s |", lines.get(0));
        assertTrue(lines.get(2).startsWith("| 1 | 3 | 64 | 3 | 300 | 0.0000 |"), lines.get(2));
        assertTrue(lines.get(7).startsWith("| 6 | 1 | 32 | 1 | 100 | - (diverged) | - |"), lines.get(7));
    }
}
