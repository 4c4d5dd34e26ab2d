// Draws names or text from a model with the reference's sampling scheme (numpy reseeded before every character).
package dino.engine.sample;

import dino.engine.DinoException;
import dino.engine.kernels.Kernels;
import dino.engine.model.Layout;
import dino.engine.model.Model;
import dino.engine.numpy.NumpyRandom;
import java.util.Arrays;

/**
 * The reference's {@code sample(parameters, char_to_ix, seed)}: start from a zero input and a zero state;
 * before drawing the c-th sampled character, reseed numpy's stream with {@code seed + 2c} (the reference
 * increments both its counter and its seed), draw with {@code np.random.choice(n_y, p=ŷ)}, stop at the
 * newline or after {@code maxLength} characters (then append the newline).
 *
 * <p>Extensions, all off by default so the default equals the reference: a prefix fed through the cell
 * before sampling (its characters count towards {@code maxLength}); a temperature T, drawing from
 * {@code p^(1/T)} renormalized (computed as {@code exp((log p − log p_max)/T)}, so T → 0 is argmax); top-k,
 * keeping the k most likely characters (ties to the lower index); and text mode, which does not stop
 * at the newline. Allocation-free after construction.
 */
public final class Sampler {
    private final Model model;
    private final Kernels kernels;
    private final int newline;
    private final int maxLength;
    private final boolean stopAtNewline;
    private final NumpyRandom random = new NumpyRandom(0);
    private double[] a;
    private double[] aPrev;
    private final double[] p;
    private final double[] sorted;
    private double temperature = 1.0;
    private int topK;

    /** A names sampler: stops at the newline. */
    public Sampler(Model model, Kernels kernels, int newline, int maxLength) {
        this(model, kernels, newline, maxLength, true);
    }

    public Sampler(Model model, Kernels kernels, int newline, int maxLength, boolean stopAtNewline) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1");
        }
        this.model = model;
        this.kernels = kernels;
        this.newline = newline;
        this.maxLength = maxLength;
        this.stopAtNewline = stopAtNewline;
        this.a = new double[model.layout.stride];
        this.aPrev = new double[model.layout.stride];
        this.p = new double[model.layout.yStride];
        this.sorted = new double[model.layout.nY];
    }

    /** Sampling temperature, T > 0 (1: the model's distribution). */
    public Sampler temperature(double t) {
        if (!(t > 0) || Double.isInfinite(t)) {
            throw new DinoException("temperature must be a positive number, got " + t);
        }
        this.temperature = t;
        return this;
    }

    /** Keep only the k most likely characters at each draw (0: all). */
    public Sampler topK(int k) {
        if (k < 0) {
            throw new DinoException("top-k must be 0 (all characters) or more, got " + k);
        }
        this.topK = k;
        return this;
    }

    /** Samples one sequence into {@code out} (at least {@code maxLength + 1} long); returns its length. */
    public int sample(long seed, int[] out) {
        return sample(seed, out, null);
    }

    /**
     * Samples one sequence that starts with {@code prefix} (may be null) into {@code out} (at least
     * {@code maxLength + 1} long) and returns its length, including a final newline in names mode.
     */
    public int sample(long seed, int[] out, int[] prefix) {
        Layout l = model.layout;
        Arrays.fill(aPrev, 0.0);
        int x = -1;
        int count = 0;
        if (prefix != null) {
            for (int c : prefix) {
                if (count == maxLength) {
                    break;
                }
                advance(x);
                x = c;
                out[count++] = c;
            }
        }
        int idx = -1;
        long s = seed;
        int sampled = 0;
        while (!(stopAtNewline && idx == newline) && count != maxLength) {
            advance(x);
            kernels.outputForward(p, 0, model.w, l.wya, l.by, aPrev, 0, l.nY, l.nA, l.stride, -1);
            reshape(l.nY);
            random.seed(s + sampled);
            idx = random.choice(p, 0, l.nY);
            out[count++] = idx;
            x = idx;
            s++;
            sampled++;
        }
        if (stopAtNewline && count == maxLength) {
            out[count++] = newline;
        }
        return count;
    }

    /** One cell step from the state in aPrev with input x; the new state ends up in aPrev. */
    private void advance(int x) {
        Layout l = model.layout;
        kernels.cellForward(a, 0, model.w, l.waa, x < 0 ? -1 : l.waxColumn(x), l.ba, aPrev, 0, l.nA, l.stride);
        double[] swap = aPrev;
        aPrev = a;
        a = swap;
    }

    /** Applies temperature and top-k to p (untouched at T = 1 without top-k: the reference's draw). */
    private void reshape(int n) {
        if (temperature != 1.0) {
            double max = 0;
            for (int k = 0; k < n; k++) {
                max = Math.max(max, p[k]);
            }
            double logMax = Math.log(max);
            for (int k = 0; k < n; k++) {
                p[k] = p[k] == 0 ? 0 : Math.exp((Math.log(p[k]) - logMax) / temperature);
            }
        }
        if (topK > 0 && topK < n) {
            System.arraycopy(p, 0, sorted, 0, n);
            Arrays.sort(sorted, 0, n);
            double threshold = sorted[n - topK];
            int above = 0;
            for (int k = 0; k < n; k++) {
                if (p[k] > threshold) {
                    above++;
                }
            }
            int equalKept = topK - above;
            for (int k = 0; k < n; k++) {
                if (p[k] < threshold) {
                    p[k] = 0;
                } else if (p[k] == threshold) {
                    if (equalKept > 0) {
                        equalKept--;
                    } else {
                        p[k] = 0;
                    }
                }
            }
        }
    }

    public int maxLength() {
        return maxLength;
    }
}
