// The threads behind ParallelKernels: made once, released together by an epoch counter, each running its part of a job.
package dino.engine.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A pool of {@code threads − 1} daemon workers and the caller's thread, which run the parts of one {@link Job} at a
 * time: {@link #run} publishes the job, takes part 0 itself and waits for the others. Nothing is allocated per job;
 * the workers spin briefly for the next one and then park. One caller at a time.
 */
final class WorkerPool implements AutoCloseable {
    /** A split operation: part p of {@link #threads} computes its own rows, columns or range of the output. */
    interface Job {
        void run(int p);
    }

    /** Spins before a waiting worker parks. */
    private static final int SPINS = 20_000;

    private final int threads;
    private final Thread[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile long epoch;
    private volatile boolean closed;
    /** Nanoseconds of serial warm-up ({@link #serialWarmup}); 0 once it is over, or with none. */
    private long serialWarmup;
    /** When the serial warm-up ends (System.nanoTime), set at the first job; 0 before it. */
    private long serialUntil;
    /** The job being run: set by the caller before the epoch is published, read by the workers after. */
    private Job running;

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

    /** Runs each job's parts one after another on the caller's thread for the first {@code nanos} (from the first job). */
    void serialWarmup(long nanos) {
        this.serialWarmup = nanos;
        this.serialUntil = 0;
    }

    /** Stops the workers and waits for them to end; called again, it does nothing. */
    @Override
    public void close() {
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
            running.run(part);
            pending.decrementAndGet();
        }
    }

    /** Runs {@code job} on every thread, the caller taking part 0, and waits for all parts. */
    void run(Job job) {
        if (closed) {
            throw new IllegalStateException("the parallel kernels are closed");
        }
        running = job;
        if (serialWarmup != 0) {
            long now = System.nanoTime();
            if (serialUntil == 0) {
                serialUntil = now + serialWarmup;
            }
            if (now - serialUntil < 0) {
                for (int p = 0; p < threads; p++) {
                    job.run(p);
                }
                return;
            }
            serialWarmup = 0;
        }
        pending.set(workers.length);
        epoch = epoch + 1;
        for (Thread t : workers) {
            LockSupport.unpark(t);
        }
        job.run(0);
        while (pending.get() != 0) {
            Thread.onSpinWait();
        }
    }

    /** Part p of [0, total), in whole multiples of {@code unit} where possible. */
    int from(int p, int total, int unit) {
        long units = (total + unit - 1) / unit;
        return (int) Math.min(total, units * p / threads * unit);
    }
}
