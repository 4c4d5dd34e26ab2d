// How a run or a model runs, not what it computes: the kernel set, the threads, the products' form. Built once, passed whole.
package dino.lib;

import dino.api.DinoException;
import dino.api.Products;

/**
 * The runtime choices of a {@link Training} (and of a {@link Model}'s kernels), as ONNX Runtime's session options
 * are: immutable, each {@code with...} a copy, checked as it is set. The results are the same bits for every thread
 * count; the kernel set changes only {@code tanh} and {@code exp} by a few ulps (docs/kernels.md); the products' form
 * changes the bits and is saved with the model.
 * <pre>{@code
 * RunOptions options = RunOptions.defaults().withKernels(Kernels.scalar()).withThreads(2);
 * try (Training run = Training.start(config, corpus, options)) { ... }
 * }</pre>
 */
public final class RunOptions {
    /** Most threads a run splits its large kernel calls over. */
    public static final int MAX_THREADS = 256;
    private static final RunOptions DEFAULTS = new RunOptions(null, 0, null);

    /** Null: {@link Kernels#auto()}, chosen when first asked. */
    private final Kernels kernels;
    /** 0: every available processor (at most {@link #MAX_THREADS}). */
    private final int threads;
    /** Null: the form of the config, or of the model file a run resumes. */
    private final Products products;

    private RunOptions(Kernels kernels, int threads, Products products) {
        this.kernels = kernels;
        this.threads = threads;
        this.products = products;
    }

    /** {@link Kernels#auto()}, every processor, the config's (or the saved model's) products form. */
    public static RunOptions defaults() {
        return DEFAULTS;
    }

    /** These options on kernel set {@code k}. */
    public RunOptions withKernels(Kernels k) {
        if (k == null) {
            throw DinoException.naming("{kernels} must be given");
        }
        return new RunOptions(k, threads, products);
    }

    /** These options with large kernel calls split over {@code n} threads, 1 to {@link #MAX_THREADS}. */
    public RunOptions withThreads(int n) {
        if (n < 1 || n > MAX_THREADS) {
            throw DinoException.naming("{threads} must be between 1 and " + MAX_THREADS + ", got " + n);
        }
        return new RunOptions(kernels, n, products);
    }

    /**
     * These options with the products in form {@code p}, whatever the config or the resumed file says (a resumed
     * run then saves the new form); null: the config's or the file's.
     */
    public RunOptions withProducts(Products p) {
        return new RunOptions(kernels, threads, p);
    }

    /** The kernel set: the one given, else {@link Kernels#auto()}. */
    public Kernels kernels() {
        return kernels != null ? kernels : Kernels.auto();
    }

    /** The threads: the count given, else the available processors (at most {@link #MAX_THREADS}). */
    public int threads() {
        return threads > 0 ? threads : Math.min(Runtime.getRuntime().availableProcessors(), MAX_THREADS);
    }

    /** The products' form given, or null for the config's or the saved model's. */
    public Products products() {
        return products;
    }
}
