// Draws names with the reference's sampling scheme (numpy reseeded before every character), or text from one stream.
package dino.engine.sample;

import dino.api.DinoException;
import dino.api.Products;
import dino.engine.kernels.Buffers;
import dino.engine.kernels.KernelSet;
import dino.engine.kernels.Kernels;
import dino.engine.model.Layout;
import dino.engine.model.Model;
import dino.engine.model.Network;
import dino.engine.numpy.NumpyRandom;
import java.util.Arrays;
import java.util.function.IntConsumer;

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
 * at the newline. Allocation-free after construction. The model runs in its own precision.
 *
 * <p>Text mode draws every character of a sample from one stream, seeded once with the sample's seed, not
 * reseeded per character: the reference's scheme makes the sample of seed s + 2 reuse, one character
 * later, the random numbers of the sample of seed s, and a text model (whose state does not restart at
 * a newline and whose chains are long) then falls into step with it, so eight samples were two texts.
 * Names keep the reference's scheme: they restart from the zero state and end after a few characters.
 */
public final class Sampler<A> {
    private final Layout layout;
    private final Kernels<A> kernels;
    private final Network<A> net;
    private final A w;
    private final int newline;
    private final int maxLength;
    private final boolean stopAtNewline;
    private final NumpyRandom random = new NumpyRandom(0);
    private final A probabilities;
    /** The probabilities as doubles, for numpy's choice, then reshaped by temperature and top-k. */
    private final double[] p;
    private final double[] sorted;
    private double temperature = 1.0;
    private int topK;

    /** A names sampler: stops at the newline. */
    public static Sampler<?> create(Model model, KernelSet kernels, Products products, int newline, int maxLength) {
        return create(model, kernels, products, newline, maxLength, true);
    }

    /** A sampler running the model in its precision and products' form with the given implementation. */
    public static Sampler<?> create(Model model, KernelSet kernels, Products products, int newline, int maxLength,
                                    boolean stopAtNewline) {
        return new Sampler<>(model, kernels.of(model.layout.precision, products), newline, maxLength, stopAtNewline);
    }

    /**
     * A sampler over the model's weights: shared in f64, so a sampler made once during training sees the
     * current weights only through {@link #refresh}, which recomputes the transposed copies.
     */
    public Sampler(Model model, Kernels<A> kernels, int newline, int maxLength, boolean stopAtNewline) {
        this(model.layout, Buffers.of(kernels, model.w), kernels, newline, maxLength, stopAtNewline);
    }

    /** A sampler over a parameter array in the kernels' precision (shared, e.g. a trainer's). */
    public Sampler(Layout layout, A w, Kernels<A> kernels, int newline, int maxLength, boolean stopAtNewline) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1");
        }
        if (kernels.precision() != layout.precision) {
            throw new IllegalArgumentException(kernels.precision() + " kernels for a " + layout.precision + " model");
        }
        this.layout = layout;
        this.kernels = kernels;
        this.net = Network.create(kernels, layout, 1, 1, new int[1], new int[1], new int[] {1});
        this.w = w;
        this.newline = newline;
        this.maxLength = maxLength;
        this.stopAtNewline = stopAtNewline;
        this.probabilities = kernels.allocate(layout.yStride);
        this.p = new double[layout.nY];
        this.sorted = new double[layout.nY];
        refresh();
    }

    /** Picks up changed weights (training updates them in place between samples). */
    public void refresh() {
        net.prepare(w);
    }

    /** Sampling temperature, T > 0 (1: the model's distribution). */
    public Sampler<A> temperature(double t) {
        if (!(t > 0) || Double.isInfinite(t)) {
            throw new DinoException("temperature must be a positive number, got " + t);
        }
        this.temperature = t;
        return this;
    }

    /** Keep only the k most likely characters at each draw (0: all). */
    public Sampler<A> topK(int k) {
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
        return sample(seed, out, prefix, null);
    }

    /**
     * {@link #sample(long, int[], int[])}, telling {@code drawn} (may be null) of every index as it joins
     * {@code out}, the prefix's first: a caller can show a text while it is drawn.
     */
    public int sample(long seed, int[] out, int[] prefix, IntConsumer drawn) {
        Layout l = layout;
        net.loadState(0, null, 0);
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
                if (drawn != null) {
                    drawn.accept(c);
                }
            }
        }
        int idx = -1;
        long s = seed;
        int sampled = 0;
        if (!stopAtNewline) {
            random.seed(seed);
        }
        while (!(stopAtNewline && idx == newline) && count != maxLength) {
            advance(x);
            net.probabilities(w, probabilities);
            for (int k = 0; k < l.nY; k++) {
                p[k] = kernels.get(probabilities, k);
            }
            reshape(l.nY);
            if (stopAtNewline) {
                random.seed(s + sampled);
            }
            idx = random.choice(p, 0, l.nY);
            out[count++] = idx;
            if (drawn != null) {
                drawn.accept(idx);
            }
            x = idx;
            s++;
            sampled++;
        }
        if (stopAtNewline && count == maxLength) {
            out[count++] = newline;
        }
        return count;
    }

    /** One step of the network from its state with input x. */
    private void advance(int x) {
        net.advance(w, x);
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
