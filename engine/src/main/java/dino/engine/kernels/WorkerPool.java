// The threads behind ParallelKernels: made once, held by one call at a time, released together by an epoch counter.
package dino.engine.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A pool of {@code threads − 1} daemon workers and the caller's thread, which run the parts of one {@link Job} at a
 * time. A call first takes the pool ({@link #take}, one compare-and-set); only then does it write its operands into a
 * job, and {@link #run} publishes the job, takes part 0 itself, waits for the others and gives the pool back. A call
 * that finds the pool held by another computes on its own thread instead, so any number of threads may share one
 * pool and none waits for another. Nothing is allocated per job; the workers spin briefly for the next one and then
 * park.
 */
final class WorkerPool implements AutoCloseable {
    /** A split operation: part p of {@link #threads} computes its own rows, columns or range of the output. */
    interface Job {
        void run(int p);
    }

    /** Spins before a waiting worker parks (or a waiting {@link #close} starts to yield). */
    private static final int SPINS = 20_000;
    /** {@link #pending} while no call holds the pool. */
    private static final int FREE = -1;
    /** {@link #pending} once {@link #close} holds the pool for good. */
    private static final int CLOSED = Integer.MIN_VALUE;

    private final int threads;
    private final Thread[] workers;
    /**
     * Who holds the pool: {@link #FREE}, {@link #CLOSED}, or one call, and then the workers' parts of its job still
     * running (0 once they are done, until the call gives the pool back). The compare-and-set that takes the pool,
     * and the release that gives it back, order every write to the fields below (and to the jobs' operands) of one
     * call before those of the next.
     */
    private final AtomicInteger pending = new AtomicInteger(FREE);
    private volatile long epoch;
    /** Tells the workers to end: set by {@link #close} while it holds the pool, so no job is left half run. */
    private volatile boolean closed;
    /** Nanoseconds of serial warm-up ({@link #serialWarmup}); 0 once it is over, or with none. Held calls only. */
    private long serialWarmup;
    /** When the serial warm-up ends (System.nanoTime), set at the first job; 0 before it. Held calls only. */
    private long serialUntil;
    /** The job being run: set by the call holding the pool before the epoch is published, read by the workers after. */
    private Job running;
    /**
     * What a worker's part of the running job threw (the last, if several did), written before its part counts as done
     * and read by the call holding the pool after all are: that call rethrows it, where a dead worker would leave it
     * waiting for good.
     */
    private Throwable failure;

    /** {@code threads} threads: the caller's and {@code threads − 1} daemon workers, started here. */
    WorkerPool(int threads) {
        if (threads < 2) {
            throw new IllegalArgumentException("a parallel kernel set needs at least 2 threads, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int part = i + 1;
            workers[i] = new Thread(() -> work(part), "dino-kernels-" + part);
            workers[i].setDaemon(true);
            workers[i].start();
        }
    }

    int threads() {
        return threads;
    }

    /**
     * Takes the pool for the calling thread's next {@link #run}: true, or false when another call holds it (then the
     * caller computes on its own thread). Throws once the pool is closed.
     */
    boolean take() {
        if (pending.compareAndSet(FREE, workers.length)) {
            return true;
        }
        if (pending.get() == CLOSED) {
            throw new IllegalStateException("the parallel kernels are closed");
        }
        return false;
    }

    /** Takes the pool, waiting for the call that holds it. */
    private void hold() {
        for (int spins = 0; !take(); spins++) {
            if (spins > SPINS) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Runs each job's parts one after another on the caller's thread for the first {@code nanos} (from the next job);
     * waits for the call that holds the pool, if one does.
     */
    void serialWarmup(long nanos) {
        hold();
        this.serialWarmup = nanos;
        this.serialUntil = 0;
        pending.setRelease(FREE);
    }

    /**
     * Waits for the call that holds the pool to end, then holds it for good (a later {@link #take} throws), stops the
     * workers and waits for them to end; called again, it does nothing. Calls running on their own threads meanwhile
     * are not waited for: they do not use the pool. Never from inside a job of this pool: it would wait for itself.
     */
    @Override
    public synchronized void close() {
        if (pending.get() == CLOSED) {
            return;
        }
        hold();
        pending.set(CLOSED);
        closed = true;
        for (Thread t : workers) {
            LockSupport.unpark(t);
        }
        boolean interrupted = false;
        for (Thread t : workers) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true; // finish stopping the workers, then tell the caller
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void work(int part) {
        long seen = 0;
        while (true) {
            int spins = 0;
            while (epoch == seen) {
                if (closed) {
                    return;
                }
                if (++spins > SPINS) {
                    LockSupport.park(this);
                } else {
                    Thread.onSpinWait();
                }
            }
            seen = epoch;
            try {
                running.run(part);
            } catch (Throwable e) {
                failure = e; // the caller rethrows it; this worker stays for the next job
            } finally {
                pending.decrementAndGet();
            }
        }
    }

    /**
     * Runs {@code job} on every thread, the caller taking part 0, waits for all parts and gives the pool back. Only
     * after {@link #take} returned true, and with the job's operands written after it.
     */
    void run(Job job) {
        if (serialWarmup != 0 && serialStill()) {
            try {
                for (int p = 0; p < threads; p++) {
                    job.run(p);
                }
            } finally {
                pending.setRelease(FREE);
            }
            return;
        }
        running = job;
        epoch = epoch + 1;
        for (Thread t : workers) {
            LockSupport.unpark(t);
        }
        try {
            job.run(0);
        } finally {
            while (pending.get() != 0) {
                Thread.onSpinWait();
            }
            Throwable thrown = failure;
            failure = null;
            pending.setRelease(FREE);
            if (thrown != null) {
                throw new IllegalStateException("a kernel's part failed on a worker thread: " + thrown, thrown);
            }
        }
    }

    /** Whether the serial warm-up still runs: it starts at the first job after {@link #serialWarmup}. */
    private boolean serialStill() {
        long now = System.nanoTime();
        if (serialUntil == 0) {
            serialUntil = now + serialWarmup;
        }
        if (now - serialUntil < 0) {
            return true;
        }
        serialWarmup = 0;
        return false;
    }

    /** Part p of [0, total), in whole multiples of {@code unit} where possible. */
    int from(int p, int total, int unit) {
        long units = (total + unit - 1) / unit;
        return (int) Math.min(total, units * p / threads * unit);
    }
}
