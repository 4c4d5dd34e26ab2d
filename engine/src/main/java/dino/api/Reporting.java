// When a training run reports (its loss, samples, the validation check) and when it stops early: one value, its limits.
package dino.api;

/**
 * How often {@link dino.lib.Training} reports, and its patience: what {@code Training.reportEvery} and
 * {@code Training.patience} set, checked here, once.
 * <pre>{@code
 * Reporting r = Reporting.defaults().withEvery(500).withPatience(3);
 * }</pre>
 *
 * @param every    report every this many iterations (iteration 0 included); 0: never. Each report is the
 *                 validation check that keep-best and patience read.
 * @param patience stop after this many checks in a row without a lower validation loss; 0: never stop early
 */
public record Reporting(long every, int patience) {
    /** The reference's: a report every 2000 iterations. */
    public static final long DEFAULT_EVERY = 2000;

    public Reporting {
        if (every < 0) {
            throw DinoException.naming("{reportEvery} must be 0 or more, got " + every);
        }
        if (patience < 0) {
            throw DinoException.naming("{patience} must be at least 1, got " + patience);
        }
    }

    /** A report every {@value #DEFAULT_EVERY} iterations, no early stop. */
    public static Reporting defaults() {
        return new Reporting(DEFAULT_EVERY, 0);
    }

    /** Reports every {@code n} iterations, 0 or more (0: none). */
    public Reporting withEvery(long n) {
        return new Reporting(n, patience);
    }

    /** Stops after {@code checks} checks in a row without a lower validation loss, 1 or more. */
    public Reporting withPatience(int checks) {
        if (checks < 1) {
            throw DinoException.naming("{patience} must be at least 1, got " + checks);
        }
        return new Reporting(every, checks);
    }

    /**
     * Checks that a run keeping its best model ({@code keepBest}) or stopping early (a patience set) has the reports
     * that are its validation checks: {@link #every} above 0.
     */
    public void requireChecks(boolean keepBest) {
        if ((keepBest || patience > 0) && every == 0) {
            throw DinoException.naming("{" + (keepBest ? "keepBest" : "patience")
                    + "} checks the validation loss every {reportEvery} iterations: set {reportEvery} above 0");
        }
    }
}
