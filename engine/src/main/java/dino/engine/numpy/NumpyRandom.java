// numpy's legacy RandomState (np.random.seed / random_sample / randn / shuffle / choice), bit for bit.
// The reference seeds, shuffles, initializes and samples with this stream, so parity depends on it.
package dino.engine.numpy;

import java.util.function.DoubleUnaryOperator;

/**
 * MT19937 with numpy's legacy seeding and the legacy draws the reference uses.
 *
 * <p>Not thread-safe; allocates nothing after construction. Every method documents the numpy call it
 * reproduces.
 *
 * <p>One known limit: {@link #randn()} takes {@code log(r2)}, and numpy calls the C library's {@code log}
 * there. glibc's {@code log} is not correctly rounded (about 7 inputs in 10,000 come out one ulp off);
 * {@code Math.log} is nearer to correct, and {@code StrictMath.log} (fdlibm) misses far more often. So
 * where glibc misrounds, a draw can differ from numpy's by one ulp: for the reference's 50×27 model,
 * 2 of its 5,200 initial weights (one polar pair) do. Reproducing those would mean porting glibc's
 * table-driven {@code log}, which this project does not copy. The tests check that these are the only
 * differences by supplying glibc's value for exactly those inputs through {@link #NumpyRandom(long,
 * DoubleUnaryOperator)}.
 */
public final class NumpyRandom {
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] mt = new int[N];
    private final DoubleUnaryOperator log;
    private int pos;
    private boolean hasGauss;
    private double gauss;

    /** A stream seeded like {@code np.random.seed(seed)}. */
    public NumpyRandom(long seed) {
        this(seed, Math::log);
    }

    /** A stream whose {@link #randn()} takes its logarithm from {@code log} (tests substitute glibc's values). */
    public NumpyRandom(long seed, DoubleUnaryOperator log) {
        this.log = log;
        seed(seed);
    }

    /** {@code np.random.seed(seed)} for an integer seed in [0, 2^32): MT19937 init_genrand; clears the cached normal. */
    public void seed(long seed) {
        if (seed < 0 || seed > 0xffffffffL) {
            throw new IllegalArgumentException("numpy seeds must be in [0, 2^32 - 1], got " + seed);
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            int prev = mt[i - 1];
            mt[i] = 1812433253 * (prev ^ (prev >>> 30)) + i;
        }
        pos = N;
        hasGauss = false;
        gauss = 0.0;
    }

    /** The next raw 32-bit output of MT19937 (as an unsigned value in an int). */
    public int nextInt32() {
        if (pos >= N) {
            twist();
        }
        int y = mt[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    private void twist() {
        int i = 0;
        for (; i < N - M; i++) {
            int y = (mt[i] & UPPER_MASK) | (mt[i + 1] & LOWER_MASK);
            mt[i] = mt[i + M] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
        }
        for (; i < N - 1; i++) {
            int y = (mt[i] & UPPER_MASK) | (mt[i + 1] & LOWER_MASK);
            mt[i] = mt[i + (M - N)] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
        }
        int y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
        mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
        pos = 0;
    }

    /** {@code np.random.random_sample()}: a double in [0, 1) from two 32-bit outputs (53 random bits). */
    public double randomSample() {
        long a = (nextInt32() >>> 5) & 0xffffffffL;
        long b = (nextInt32() >>> 6) & 0xffffffffL;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** {@code np.random.randn()}: legacy Marsaglia polar method, caching the second normal of each pair. */
    public double randn() {
        if (hasGauss) {
            hasGauss = false;
            double cached = gauss;
            gauss = 0.0;
            return cached;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * randomSample() - 1.0;
            x2 = 2.0 * randomSample() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * log.applyAsDouble(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /** Legacy {@code random_interval(max)}: a uniform draw in [0, max] by masked rejection on 32-bit outputs. */
    public long interval(long max) {
        if (max == 0) {
            return 0;
        }
        if (max < 0 || max > 0xffffffffL) {
            throw new IllegalArgumentException("interval bound out of the 32-bit range: " + max);
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long value;
        do {
            value = (nextInt32() & 0xffffffffL) & mask;
        } while (value > max);
        return value;
    }

    /** {@code np.random.shuffle(list)} on a Python list: Fisher-Yates from the end with {@link #interval}. */
    public <T> void shuffle(T[] items) {
        for (int i = items.length - 1; i >= 1; i--) {
            int j = (int) interval(i);
            T tmp = items[i];
            items[i] = items[j];
            items[j] = tmp;
        }
    }

    /** {@link #shuffle(Object[])} for an int array (same draws, same swaps). */
    public void shuffle(int[] items) {
        for (int i = items.length - 1; i >= 1; i--) {
            int j = (int) interval(i);
            int tmp = items[i];
            items[i] = items[j];
            items[j] = tmp;
        }
    }

    /**
     * {@code np.random.choice(n, p=p[off:off+n])}: one {@link #randomSample()} against the sequential
     * cumulative sum normalized by its last element, {@code searchsorted(cdf, u, side='right')}.
     * The cdf is not stored: each entry is recomputed in the same order, so the result is the same.
     */
    public int choice(double[] p, int off, int n) {
        double total = 0.0;
        for (int i = 0; i < n; i++) {
            total += p[off + i];
        }
        double u = randomSample();
        double cumulative = 0.0;
        for (int i = 0; i < n; i++) {
            cumulative += p[off + i];
            if (cumulative / total > u) {
                return i;
            }
        }
        return n - 1;
    }
}
