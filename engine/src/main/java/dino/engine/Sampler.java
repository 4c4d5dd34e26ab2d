// Draws names from a model with the reference's sampling scheme (numpy reseeded before every character).
package dino.engine;

/**
 * The reference's {@code sample(parameters, char_to_ix, seed)}: start from a zero input and a zero state;
 * before drawing character c, reseed numpy's stream with {@code seed + 2c} (the reference increments both
 * its counter and its seed), draw with {@code np.random.choice(n_y, p=ŷ)}, stop at the newline or after
 * {@code maxLength} characters (then append the newline). Allocation-free after construction.
 */
public final class Sampler {
    private final Model model;
    private final Kernels kernels;
    private final int newline;
    private final int maxLength;
    private final NumpyRandom random = new NumpyRandom(0);
    private double[] a;
    private double[] aPrev;
    private final double[] p;

    public Sampler(Model model, Kernels kernels, int newline, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1");
        }
        this.model = model;
        this.kernels = kernels;
        this.newline = newline;
        this.maxLength = maxLength;
        this.a = new double[model.layout.stride];
        this.aPrev = new double[model.layout.stride];
        this.p = new double[model.layout.yStride];
    }

    /**
     * Samples one name into {@code out} (at least {@code maxLength + 1} long) and returns its length,
     * including the final newline.
     */
    public int sample(long seed, int[] out) {
        Layout l = model.layout;
        java.util.Arrays.fill(aPrev, 0.0);
        int x = -1;
        int count = 0;
        int idx = -1;
        while (idx != newline && count != maxLength) {
            kernels.cellForward(a, 0, model.w, l.waa, x < 0 ? -1 : l.waxColumn(x), l.ba, aPrev, 0, l.nA, l.stride);
            kernels.outputForward(p, 0, model.w, l.wya, l.by, a, 0, l.nY, l.nA, l.stride, -1);
            random.seed(seed + count);
            idx = random.choice(p, 0, l.nY);
            out[count] = idx;
            x = idx;
            double[] swap = aPrev;
            aPrev = a;
            a = swap;
            seed++;
            count++;
        }
        if (count == maxLength) {
            out[count++] = newline;
        }
        return count;
    }

    public int maxLength() {
        return maxLength;
    }
}
