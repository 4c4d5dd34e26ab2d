// Threads sharing one ParallelKernels each get the base kernels' bits, and closing it while they call ends cleanly.
package dino.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link ParallelKernels} keeps the contract of {@link Kernels}: threads can share one. More callers than the pool
 * has threads make large calls of different shapes (products split by rows and by columns, the LSTM cell, the
 * update, {@link Kernels#forRows}) on their own buffers at once, round after round, each round checked bit for bit
 * against the base kernels. A set whose calls shared one job's operands, or one hand-over, would give some caller
 * another's results (or hang, which the time limit turns into a failure).
 */
class SharedParallelKernelsTest {
    private static final int CALLERS = 4;
    private static final int ROUNDS = 50;
    /** Far more than the calls need (well under a second on 2 cores): only a hung pool reaches it. */
    private static final long TIME_LIMIT_MILLIS = 60_000;

    @Test
    void threadsSharingOneSetEachGetTheBaseKernelsBits() throws InterruptedException {
        shareOneSet(FormUnderTest.vector32());
        shareOneSet(FormUnderTest.vector64());
        shareOneSet(FormUnderTest.scalar64());
    }

    private static <A> void shareOneSet(Kernels<A> base) throws InterruptedException {
        ParallelKernels<A> parallel = new ParallelKernels<>(base, 2);
        String what = base.name() + " " + base.precision() + ", " + CALLERS + " callers on 2 threads";
        Caller<A>[] callers = callers(base);
        String[] failures = new String[CALLERS];
        Thread[] threads = new Thread[CALLERS];
        for (int i = 0; i < CALLERS; i++) {
            int caller = i;
            threads[i] = new Thread(() -> failures[caller] = callers[caller].rounds(parallel, ROUNDS, null), "caller-" + i);
            threads[i].setDaemon(true); // a hung caller must not keep the test JVM alive
        }
        for (Thread t : threads) {
            t.start();
        }
        boolean finished = joinAll(threads);
        if (finished) {
            parallel.close();
        }
        assertTrue(finished, what + ": a caller did not finish in " + TIME_LIMIT_MILLIS + " ms (the pool hung)");
        for (int i = 0; i < CALLERS; i++) {
            assertNull(failures[i], what + ": caller " + i);
        }
    }

    /**
     * Closing the set while callers call it returns, leaves each caller's finished rounds right, and makes every
     * later split call throw; calls below the split sizes still run.
     */
    @Test
    void closeWhileOthersCallEndsTheirRoundsOrRejectsThem() throws InterruptedException {
        Kernels<float[]> base = FormUnderTest.vector32();
        ParallelKernels<float[]> parallel = new ParallelKernels<>(base, 2);
        Caller<float[]>[] callers = callers(base);
        String[] failures = new String[CALLERS];
        AtomicBoolean[] rejected = new AtomicBoolean[CALLERS];
        Thread[] threads = new Thread[CALLERS];
        for (int i = 0; i < CALLERS; i++) {
            int caller = i;
            rejected[i] = new AtomicBoolean();
            threads[i] = new Thread(
                    () -> failures[caller] = callers[caller].rounds(parallel, Integer.MAX_VALUE, rejected[caller]), "caller-" + i);
            threads[i].setDaemon(true);
        }
        for (Thread t : threads) {
            t.start();
        }
        Thread.sleep(300);
        Thread closer = new Thread(parallel::close, "closer");
        closer.setDaemon(true);
        closer.start();
        closer.join(TIME_LIMIT_MILLIS);
        assertFalse(closer.isAlive(), "close did not return in " + TIME_LIMIT_MILLIS + " ms");
        assertTrue(joinAll(threads), "a caller did not stop after close");
        for (int i = 0; i < CALLERS; i++) {
            assertNull(failures[i], "caller " + i);
            assertTrue(rejected[i].get(), "caller " + i + " was not told the set is closed");
        }
        float[] c = new float[64 * 64];
        float[] x = new float[64 * 64];
        assertThrows(IllegalStateException.class, () -> parallel.gemm(c, 0, 64, x, 0, 64, x, 0, 64, 64, 64, 64));
        assertThrows(IllegalStateException.class, () -> parallel.forRows(8, (k, from, to) -> { }));
        parallel.gemm(c, 0, 64, x, 0, 64, x, 0, 64, 4, 64, 8); // below MIN_WORK: on the caller's thread
        parallel.close();
    }

    /**
     * A split call allocates nothing on the caller's thread, whether it holds the pool or finds it held and runs on
     * its own thread (a call from inside a {@link RowTask} of the set does). Scalar kernels, which allocate nothing
     * even before they are compiled.
     */
    @Test
    void splitCallsAllocateNothingHoldingThePoolOrNot() {
        Kernels<float[]> base = FormUnderTest.scalar32();
        try (ParallelKernels<float[]> parallel = new ParallelKernels<>(base, 2)) {
            int ld = 256;
            float[] c = new float[256 * ld];
            float[] x = new float[256 * ld];
            // Each part's 32 rows of C, a call large enough to split: it finds the pool held, by the forRows.
            RowTask<float[]> nested = (kernels, from, to) ->
                    parallel.gemm(c, from * ld, ld, x, from * ld, ld, x, 0, ld, to - from, 256, 32);
            Runnable calls = () -> {
                parallel.gemm(c, 0, ld, x, 0, ld, x, 0, ld, 64, 256, 16);
                parallel.gemm(c, 0, ld, x, 0, ld, x, 0, ld, 256, 64, 16);
                parallel.forRows(64, nested);
            };
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().getId();
            for (int i = 0; i < 100; i++) {
                calls.run();
            }
            threads.getThreadAllocatedBytes(thread);
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 100; i++) {
                calls.run();
            }
            assertEquals(0, threads.getThreadAllocatedBytes(thread) - before, "bytes allocated by 300 split calls");
        }
    }

    /** Waits for every thread, all within the time limit; false if one is still running. */
    private static boolean joinAll(Thread[] threads) throws InterruptedException {
        long end = System.nanoTime() + TIME_LIMIT_MILLIS * 1_000_000;
        for (Thread t : threads) {
            t.join(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <A> Caller<A>[] callers(Kernels<A> base) {
        Caller<A>[] callers = new Caller[CALLERS];
        for (int i = 0; i < CALLERS; i++) {
            callers[i] = new Caller<>(base, i);
        }
        return callers;
    }

    /**
     * One caller's buffers and calls: a product and a transposed one, split by columns (even callers) or by rows (odd
     * ones), the LSTM cell by rows, clip + SGD over a flat buffer, and a product row by row through forRows, each
     * caller with its own shapes. Every round starts from the same inputs, so every round must give
     * {@link #expected}, the base kernels' results.
     */
    private static final class Caller<A> {
        private static final int LD = 320;
        private final Kernels<A> base;
        private final int m, n, k, cellRows, cellWidth, updateLength;
        private final A a, b;
        /** The outputs the calls write into (inputs too: each round copies {@link #start} over them first). */
        private final A[] work;
        private final A[] start;
        private final A[] expected;
        private final RowTask<A> rowProduct;

        @SuppressWarnings("unchecked")
        Caller(Kernels<A> base, int caller) {
            this.base = base;
            boolean byColumns = caller % 2 == 0;
            this.m = byColumns ? 37 + 27 * caller : 300 - 40 * caller;
            this.n = byColumns ? 256 - 64 * (caller / 2) : 64;
            this.k = 99 + 31 * caller;
            this.cellRows = 64 + 32 * caller;
            this.cellWidth = 128;
            this.updateLength = 140_000 + 1_009 * caller;
            Random random = new Random(caller);
            this.a = filled(LD * LD, random);
            this.b = filled(LD * LD, random);
            int[] sizes = {LD * LD, LD * LD, LD * LD, cellRows * 4 * cellWidth, 4 * cellWidth, cellRows * cellWidth,
                    cellRows * cellWidth, cellRows * cellWidth, updateLength, updateLength};
            this.start = (A[]) new Object[sizes.length];
            this.work = (A[]) new Object[sizes.length];
            this.expected = (A[]) new Object[sizes.length];
            for (int i = 0; i < sizes.length; i++) {
                start[i] = filled(sizes[i], random);
                work[i] = base.allocate(sizes[i]);
                expected[i] = base.allocate(sizes[i]);
            }
            // C (work[2]) += A·B over rows [from, to): a row's result needs no other row.
            this.rowProduct = (kernels, from, to) ->
                    kernels.gemm(work[2], from * LD, LD, a, from * LD, LD, b, 0, LD, to - from, n, k);
            calls(base);
            for (int i = 0; i < work.length; i++) {
                System.arraycopy(work[i], 0, expected[i], 0, sizes[i]);
            }
        }

        /** This caller's calls with {@code kernels}, from its inputs. */
        private void calls(Kernels<A> kernels) {
            for (int i = 0; i < work.length; i++) {
                System.arraycopy(start[i], 0, work[i], 0, java.lang.reflect.Array.getLength(start[i]));
            }
            kernels.gemm(work[0], 0, LD, a, 0, LD, b, 0, LD, m, n, k);
            kernels.gemmTA(work[1], 0, LD, a, 0, LD, b, 0, LD, k, n, m); // Aᵀ·B: A read as m rows of k, B as m of n
            kernels.forRows(m, rowProduct);
            kernels.lstmCell(work[3], 0, work[4], 0, work[5], 0, work[6], 0, work[7], 0, cellRows, cellWidth);
            kernels.clipAndUpdate(work[8], work[9], 0, updateLength, 0.5, 0.1);
        }

        /**
         * Up to {@code rounds} rounds with {@code kernels}: null if each gave the expected bits, else where the first
         * did not. With {@code rejected}, the rounds end when a call says the set is closed, which it records.
         */
        String rounds(Kernels<A> kernels, int rounds, AtomicBoolean rejected) {
            for (int r = 0; r < rounds; r++) {
                try {
                    calls(kernels);
                } catch (IllegalStateException closed) {
                    if (rejected == null) {
                        return "round " + r + " threw " + closed;
                    }
                    rejected.set(true);
                    return null;
                } catch (RuntimeException | Error e) {
                    return "round " + r + " threw " + e;
                }
                for (int i = 0; i < work.length; i++) {
                    int at = firstDifference(work[i], expected[i]);
                    if (at >= 0) {
                        return "round " + r + ", buffer " + i + ", element " + at + ": " + base.get(work[i], at)
                                + " where the base kernels give " + base.get(expected[i], at);
                    }
                }
            }
            return null;
        }

        private int firstDifference(A x, A y) {
            int length = java.lang.reflect.Array.getLength(x);
            for (int i = 0; i < length; i++) {
                if (Double.doubleToRawLongBits(base.get(x, i)) != Double.doubleToRawLongBits(base.get(y, i))) {
                    return i;
                }
            }
            return -1;
        }

        private A filled(int length, Random random) {
            A x = base.allocate(length);
            for (int i = 0; i < length; i++) {
                base.set(x, i, 2 * random.nextDouble() - 1);
            }
            return x;
        }
    }

    @Test
    void theCallersCallsAreLargeEnoughToSplit() {
        for (int i = 0; i < CALLERS; i++) {
            Caller<float[]> c = new Caller<>(FormUnderTest.scalar32(), i);
            assertTrue((long) c.m * c.n * c.k >= ParallelKernels.MIN_WORK, "caller " + i + "'s products");
            assertTrue((long) c.cellRows * c.cellWidth * 128 >= ParallelKernels.MIN_WORK, "caller " + i + "'s cell");
            assertTrue((long) c.updateLength * 8 >= ParallelKernels.MIN_WORK * 4, "caller " + i + "'s update");
            assertEquals(i % 2 == 0, ProductParts.byColumns(c.m, c.n), "caller " + i + "'s split");
        }
    }
}
