// How samples are drawn: how many, how long, temperature, top-k, a prefix and the first seed.
package dino.api;

/**
 * What {@link dino.lib.Model#sample} draws. Sample k uses seed {@code seed + k}: a name is drawn as the reference's
 * {@code sample(…, seed)} draws it (numpy's stream reseeded before every character), a text from one stream
 * seeded once. The same settings on the same model give the same strings, on any thread.
 * <pre>{@code
 * List<String> names = model.sample(Sampling.defaults().withCount(20).withTemperature(0.7));
 * }</pre>
 *
 * @param count       samples to draw, 0 or more
 * @param length      characters per sample: a name has at most this many (prefix included), a text sample this
 *                    many; 0 means the model's default ({@link #defaultLength}: 50 for names, the reference's; 200
 *                    for text)
 * @param temperature draw from p^(1/T) renormalized: below 1 more conservative, near 0 argmax; positive
 * @param topK        draw only among the k most likely characters; 0 draws among all
 * @param prefix      every sample starts with this text ("" for none); a names model lowercases it
 * @param seed        the first sample's seed, 0 to {@link #MAX_SEED}
 */
public record Sampling(int count, int length, double temperature, int topK, String prefix, long seed) {
    /** Longest sample. */
    public static final int MAX_LENGTH = 1_000_000;
    /** Largest first seed (numpy seeds are 32-bit, and a sample's characters use the seeds after its own). */
    public static final long MAX_SEED = 0xffff_ffffL - 2_000_000L;

    public Sampling {
        if (count < 0) {
            throw DinoException.naming("{count} must be 0 or more, got " + count);
        }
        if (length < 0 || length > MAX_LENGTH) {
            throw DinoException.naming("{length} must be between 1 and " + MAX_LENGTH + ", got " + length);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw DinoException.naming("{temperature} must be a positive number, got " + temperature);
        }
        if (topK < 0) {
            throw DinoException.naming("{topK} must be 0 (all characters) or more, got " + topK);
        }
        if (prefix == null) {
            throw DinoException.naming("{prefix} must not be null (give \"\" for none)");
        }
        if (seed < 0 || seed > MAX_SEED) {
            throw DinoException.naming("{seed} must be between 0 and " + MAX_SEED + ", got " + seed);
        }
    }

    /** A names model's default {@link #length}: the reference's 50. */
    public static final int DEFAULT_NAME_LENGTH = 50;
    /** A text model's default {@link #length}. */
    public static final int DEFAULT_TEXT_LENGTH = 200;

    /** The default length of a sample of a model in {@code mode}: {@value #DEFAULT_NAME_LENGTH} or {@value #DEFAULT_TEXT_LENGTH}. */
    public static int defaultLength(Mode mode) {
        return mode == Mode.TEXT ? DEFAULT_TEXT_LENGTH : DEFAULT_NAME_LENGTH;
    }

    /** The characters per sample these settings draw from a model in {@code mode}: {@link #length}, or its default. */
    public int lengthIn(Mode mode) {
        return length > 0 ? length : defaultLength(mode);
    }

    /** Ten samples of the model's default length, temperature 1, no top-k, no prefix, seed 0: the reference's draws. */
    public static Sampling defaults() {
        return new Sampling(10, 0, 1, 0, "", 0);
    }

    public Sampling withCount(int n) {
        return new Sampling(n, length, temperature, topK, prefix, seed);
    }

    /** Characters per sample, 1 to {@link #MAX_LENGTH}. */
    public Sampling withLength(int n) {
        if (n < 1) {
            throw DinoException.naming("{length} must be between 1 and " + MAX_LENGTH + ", got " + n);
        }
        return new Sampling(count, n, temperature, topK, prefix, seed);
    }

    public Sampling withTemperature(double t) {
        return new Sampling(count, length, t, topK, prefix, seed);
    }

    public Sampling withTopK(int k) {
        return new Sampling(count, length, temperature, k, prefix, seed);
    }

    public Sampling withPrefix(String p) {
        return new Sampling(count, length, temperature, topK, p, seed);
    }

    public Sampling withSeed(long s) {
        return new Sampling(count, length, temperature, topK, prefix, s);
    }
}
