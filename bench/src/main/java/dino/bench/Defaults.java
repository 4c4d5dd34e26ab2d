// The JMH settings every dino benchmark shares, in one place.
package dino.bench;

/**
 * Each benchmark class is annotated with these values (annotations need constants): one fork with the
 * vector module, 1 warm-up and 3 measured iterations of 1 s (the kernels are C2-compiled in @Setup
 * first). See docs/performance.md for the commands, the time the suites take and a shorter smoke run.
 */
final class Defaults {
    static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";
    static final int WARMUP = 1;
    static final int MEASURE = 3;

    private Defaults() {
    }
}
