// BenchStats: the exact Mann-Whitney distribution, Hodges-Lehmann intervals worked by hand, Student's t.
package dino.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchStatsTest {
    @Test
    void mannWhitneyNullDistributionIsExact() {
        // U for 5 against 5 counts the partitions in a 5 x 5 box: 1, 1, 2, 3, 5, 7, ... of C(10, 5) = 252.
        double[] cdf = BenchStats.uCdf(5, 5);
        assertEquals(26, cdf.length);
        assertEquals(1 / 252.0, cdf[0], 1e-15);
        assertEquals(4 / 252.0, cdf[2], 1e-15);
        assertEquals(7 / 252.0, cdf[3], 1e-15);
        assertEquals(19 / 252.0, cdf[5], 1e-15);
        assertEquals(1.0, cdf[25], 1e-15);
        // Symmetric about mn / 2: P(U <= u) = 1 - P(U <= mn - u - 1).
        for (int u = 0; u < 25; u++) {
            assertEquals(cdf[u], 1 - cdf[24 - u], 1e-12, "u=" + u);
        }
        // 3 against 7: C(10, 3) = 120 arrangements, P(U = 0) = 1 / 120.
        assertEquals(1 / 120.0, BenchStats.uCdf(3, 7)[0], 1e-15);
        assertEquals(BenchStats.uCdf(3, 7)[4], BenchStats.uCdf(7, 3)[4], 1e-15);
        // Large samples take the normal approximation; the median stays near one half.
        double[] big = BenchStats.uCdf(250, 250);
        assertEquals(0.5, big[250 * 250 / 2], 0.01);
    }

    @Test
    void hodgesLehmannIntervalWorkedByHand() {
        double[] before = {100, 102, 98, 101, 99};
        double[] after = new double[5];
        for (int i = 0; i < 5; i++) {
            after[i] = 1.3 * before[(i + 2) % 5];
        }
        BenchStats.Change c = BenchStats.compare(before, after, 0.95);
        // The 25 ratios after/before are 1.3 × b_j / b_i: the median is 1.3 × 1; at 95% for 5 against 5 the
        // interval is the 3rd smallest to the 3rd largest, 1.3 × 99/102 and 1.3 × 102/99 (P(U <= 2) = 4/252).
        assertEquals(1.3, c.ratio, 1e-12);
        assertEquals(1.3 * 99 / 102, c.low, 1e-12);
        assertEquals(1.3 * 102 / 99, c.high, 1e-12);
        assertEquals(1 - 8 / 252.0, c.coverage, 1e-12);
        assertEquals(2 / 252.0, c.p, 1e-12); // every after above every before: U = 25
        assertTrue(!c.includesOne());
        // Same samples: ratio 1, interval around 1, p = 1.
        BenchStats.Change same = BenchStats.compare(before, before.clone(), 0.95);
        assertEquals(1.0, same.ratio, 1e-12);
        assertTrue(same.includesOne());
        assertEquals(1.0, same.p, 1e-12);
    }

    @Test
    void tooFewRoundsGiveNoInterval() {
        // 3 against 3: P(U = 0) = 1/20 > 0.025, so no 95% interval exists, however clear the change.
        BenchStats.Change c = BenchStats.compare(new double[] {1, 1.01, 0.99}, new double[] {2, 2.02, 1.98}, 0.95);
        assertEquals(0, c.coverage);
        assertTrue(c.includesOne());
        assertEquals(2.0, c.ratio, 1e-12);
        // At 80% it does: P(U = 0) = 0.05 <= 0.1.
        assertTrue(!BenchStats.compare(new double[] {1, 1.01, 0.99}, new double[] {2, 2.02, 1.98}, 0.80).includesOne());
    }

    @Test
    void studentQuantilesMatchTables() {
        // Two-sided 99.9% critical values: df 2 31.599, df 4 8.610, df 9 4.781 (any t table).
        assertEquals(31.599, BenchStats.studentQuantile(0.9995, 2), 1e-3);
        assertEquals(8.610, BenchStats.studentQuantile(0.9995, 4), 1e-3);
        assertEquals(4.781, BenchStats.studentQuantile(0.9995, 9), 1e-3);
        assertEquals(1.960, BenchStats.studentQuantile(0.975, 100000), 1e-3);
        assertEquals(Math.log(24), BenchStats.logGamma(5), 1e-12);
        assertEquals(0.5 * Math.log(Math.PI), BenchStats.logGamma(0.5), 1e-12);
    }
}
