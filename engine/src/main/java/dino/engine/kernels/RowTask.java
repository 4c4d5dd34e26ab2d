package dino.engine.kernels;

/**
 * Work on a range of rows that one thread does from start to end with kernels that do not split further (see
 * {@link Kernels#forRows}): a recurrence's rows through all its time steps, with no hand-over between the steps.
 */
@FunctionalInterface
public interface RowTask<A> {
    /** Rows [from, to) with {@code kernels}, on the calling thread. */
    void run(Kernels<A> kernels, int from, int to);
}
