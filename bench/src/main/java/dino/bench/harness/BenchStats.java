// Statistics of benchmark rounds: JMH's own summary (mean, 99.9% error, percentiles) and the two-sample
// comparison `dino bench compare` uses (Hodges-Lehmann ratio with an exact Mann-Whitney interval).
package dino.bench.harness;

import java.util.Arrays;

/**
 * Two jobs, kept apart:
 * <ul>
 * <li>What JMH writes for a list of iteration scores ({@link #mean}, {@link #jmhError}, {@link #percentile}),
 *     computed as JMH 1.37 does (Student's t at 99.9% over the iterations, Apache Commons Math's "legacy"
 *     percentile), so a file dino writes reads like one JMH wrote; checked against a real JMH file.</li>
 * <li>How two samples of times (or speed-ups) differ ({@link #compare}): the Hodges-Lehmann estimate of the
 *     ratio (the median of all pairwise ratios new/old) with the distribution-free confidence interval that
 *     inverts the Mann-Whitney test, from the exact null distribution of U, and the test's two-sided p-value.
 *     It assumes only that the rounds of a run are independent draws; it needs no normality (round times are
 *     skewed: a round that a neighbour's process interrupts is slower, never faster) and it is exact at the
 *     5 to 30 rounds a CI run has, where a bootstrap's percentile interval is too narrow. Ratios are taken
 *     on logarithms, so a change reads the same in time and in speed.</li>
 * </ul>
 */
public final class BenchStats {
    /** Above this many rounds in both samples together the exact distribution gives way to the normal one. */
    private static final int EXACT_LIMIT = 400;

    private BenchStats() {
    }

    public static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    public static double median(double[] x) {
        double[] v = x.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Sample standard deviation (n - 1). */
    public static double stdev(double[] x) {
        double m = mean(x);
        double sum = 0;
        for (double v : x) {
            sum += (v - m) * (v - m);
        }
        return Math.sqrt(sum / (x.length - 1));
    }

    /** JMH's scoreError: half-width of the 99.9% Student-t interval of the mean; NaN below 3 values, as JMH. */
    public static double jmhError(double[] x) {
        if (x.length <= 2) {
            return Double.NaN;
        }
        return studentQuantile(1 - (1 - 0.999) / 2, x.length - 1) * stdev(x) / Math.sqrt(x.length);
    }

    /** Apache Commons Math's default ("legacy") percentile, which JMH's scorePercentiles use; p in [0, 100]. */
    public static double percentile(double[] x, double p) {
        double[] v = x.clone();
        Arrays.sort(v);
        double pos = p * (v.length + 1) / 100;
        if (pos < 1) {
            return v[0];
        }
        if (pos >= v.length) {
            return v[v.length - 1];
        }
        int i = (int) Math.floor(pos);
        return v[i - 1] + (pos - i) * (v[i] - v[i - 1]);
    }

    /** How NEW differs from OLD: estimate and interval of new/old, p-value, and the interval's real coverage. */
    public static final class Change {
        public final double ratio;
        public final double low;
        public final double high;
        public final double p;
        /** Coverage the order statistics give (at least the confidence asked for), or 0 when too few rounds. */
        public final double coverage;

        Change(double ratio, double low, double high, double p, double coverage) {
            this.ratio = ratio;
            this.low = low;
            this.high = high;
            this.p = p;
            this.coverage = coverage;
        }

        /** Whether the interval holds no change (ratio 1). An interval too few rounds cannot form holds everything. */
        public boolean includesOne() {
            return low <= 1 && 1 <= high;
        }
    }

    /**
     * Hodges-Lehmann estimate of new/old (on logarithms: the median of the m·n differences log new_j - log old_i,
     * exponentiated) and the interval [d(k), d(mn+1-k)] of those sorted differences, with k the largest count
     * whose tail P(U &lt;= k-1) stays within (1 - confidence) / 2 under the null (Lehmann, Nonparametrics, 1975,
     * ch. 2). With too few rounds for any such k (e.g. 3 against 3 at 95%), the interval is (0, infinity).
     */
    public static Change compare(double[] before, double[] after, double confidence) {
        int m = before.length;
        int n = after.length;
        double[] d = new double[m * n];
        int u2 = 0; // twice U: pairs where after > before count 2, ties 1
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                d[i * n + j] = Math.log(after[j]) - Math.log(before[i]);
                u2 += after[j] > before[i] ? 2 : after[j] == before[i] ? 1 : 0;
            }
        }
        Arrays.sort(d);
        double estimate = Math.exp(median(d));
        double[] cdf = uCdf(m, n);
        double alpha = (1 - confidence) / 2;
        int k = 0;
        while (k < cdf.length && cdf[k] <= alpha) {
            k++;
        }
        // Now P(U <= k - 1) <= alpha < P(U <= k): the interval is the k-th smallest to the k-th largest difference.
        double low = 0;
        double high = Double.POSITIVE_INFINITY;
        double coverage = 0;
        if (k >= 1) {
            low = Math.exp(d[k - 1]);
            high = Math.exp(d[m * n - k]);
            coverage = 1 - 2 * cdf[k - 1];
        }
        // Two-sided p of U (ties half), from the same distribution (symmetric about mn / 2).
        double u = u2 / 2.0;
        double tail = Math.min(u, m * n - u);
        int floor = (int) Math.floor(tail);
        double p = Math.min(1, 2 * (floor < cdf.length ? cdf[floor] : 0.5));
        return new Change(estimate, low, high, p, coverage);
    }

    /** P(U &lt;= u) for u = 0 .. mn under the null of no difference, exact (or normal beyond {@link #EXACT_LIMIT}). */
    static double[] uCdf(int m, int n) {
        double[] cdf = new double[m * n + 1];
        if (m + n > EXACT_LIMIT) {
            double mean = m * (double) n / 2;
            double sd = Math.sqrt(m * (double) n * (m + n + 1) / 12);
            for (int u = 0; u < cdf.length; u++) {
                cdf[u] = normalCdf((u + 0.5 - mean) / sd);
            }
            return cdf;
        }
        // The counts of U are the coefficients of the Gaussian binomial [m+n choose m](q)
        // = prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i); every partial product is a polynomial with counts >= 0.
        double[] c = new double[m * n + 1];
        c[0] = 1;
        for (int i = 1; i <= m; i++) {
            for (int e = c.length - 1; e >= n + i; e--) {
                c[e] -= c[e - n - i];
            }
            for (int e = i; e < c.length; e++) {
                c[e] += c[e - i];
            }
        }
        double total = 0;
        for (double v : c) {
            total += v;
        }
        double running = 0;
        for (int u = 0; u < c.length; u++) {
            running += c[u];
            cdf[u] = Math.min(1, running / total);
        }
        return cdf;
    }

    static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    /** Complementary error function, Numerical Recipes' Chebyshev fit (relative error below 1.2e-7). */
    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /** The q-quantile of Student's t with df degrees of freedom (q &gt; 0.5), by bisection on its CDF. */
    static double studentQuantile(double q, int df) {
        double lo = 0;
        double hi = 1;
        while (studentCdf(hi, df) < q) {
            hi *= 2;
        }
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (studentCdf(mid, df) < q) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** P(T &lt;= t) for t &gt;= 0: 1 - I_{df/(df+t²)}(df/2, 1/2) / 2. */
    static double studentCdf(double t, int df) {
        return 1 - 0.5 * regularizedBeta(df / (df + t * t), df / 2.0, 0.5);
    }

    /** I_x(a, b), by the continued fraction (modified Lentz), on the side where it converges fast. */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
        if (x < (a + 1) / (a + b + 2)) {
            return front * betaFraction(x, a, b) / a;
        }
        return 1 - front * betaFraction(1 - x, b, a) / b;
    }

    private static double betaFraction(double x, double a, double b) {
        double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.abs(d) < tiny ? tiny : d);
        double h = d;
        for (int m = 1; m <= 300; m++) {
            int m2 = 2 * m;
            double num = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + num * d;
            c = 1 + num / c;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = Math.abs(c) < tiny ? tiny : c;
            h *= d * c;
            num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + num * d;
            c = 1 + num / c;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = Math.abs(c) < tiny ? tiny : c;
            double step = d * c;
            h *= step;
            if (Math.abs(step - 1) < 1e-15) {
                break;
            }
        }
        return h;
    }

    /** ln Γ(x) for x &gt; 0, Lanczos (g = 7, 9 terms; relative error about 1e-15). */
    static double logGamma(double x) {
        double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        x -= 1;
        double sum = g[0];
        for (int i = 1; i < 9; i++) {
            sum += g[i] / (x + i);
        }
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
