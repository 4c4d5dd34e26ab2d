// Ctrl-C and SIGTERM during `train --save`: finish the current step, save, then let the JVM exit.
package dino.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A shutdown hook that, while a run with --save is protected, asks the training loop to stop and
 * waits (up to 5 minutes) until the last completed state is saved. The JVM then exits with the
 * signal's status (130 for SIGINT, 143 for SIGTERM). Only the real entry point installs the hook;
 * in-process runs (tests) never see a request.
 */
final class Interrupts {
    private static final CountDownLatch SAVED = new CountDownLatch(1);
    private static volatile boolean installed;
    private static volatile boolean guarded;
    private static volatile boolean requested;

    private Interrupts() {
    }

    /** Installs the hook (once). */
    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!guarded) {
                return;
            }
            requested = true;
            try {
                SAVED.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dino-save-on-exit"));
    }

    /** From now until {@link #release()}, a shutdown waits for the run to save. */
    static void guard() {
        guarded = true;
    }

    /** The run has saved (or has nothing to save): a pending shutdown may go on. */
    static void release() {
        guarded = false;
        SAVED.countDown();
    }

    /** Whether a signal asked the run to stop. */
    static boolean requested() {
        return requested;
    }
}
