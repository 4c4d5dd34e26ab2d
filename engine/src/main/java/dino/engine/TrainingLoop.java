// The reference's model() loop: name j % n, smoothed loss, a report every few iterations.
package dino.engine;

/**
 * Runs {@link Trainer#step} over the examples in order ({@code j % n}), keeps the reference's smoothed
 * loss ({@code 0.999·smooth + 0.001·loss}, starting from {@code −log(1/vocab)·initialLossLength}), and
 * calls a listener at every iteration j with {@code j % reportEvery == 0}.
 */
public final class TrainingLoop {
    /** Called after the step of a reported iteration. */
    @FunctionalInterface
    public interface Listener {
        void report(int iteration, double smoothLoss);
    }

    private final Trainer trainer;
    private final int[][] examples;
    private double smoothLoss;
    private int iteration;

    /**
     * @param initialLossLength the reference passes {@code dino_names} (7) where a sequence length is
     *                          meant; the default run keeps that quirk
     */
    public TrainingLoop(Trainer trainer, int[][] examples, int vocabularySize, int initialLossLength) {
        if (examples.length == 0) {
            throw new IllegalArgumentException("no examples to train on");
        }
        this.trainer = trainer;
        this.examples = examples;
        this.smoothLoss = initialLoss(vocabularySize, initialLossLength);
        this.iteration = 0;
    }

    /** The reference's {@code get_initial_loss}: {@code −log(1/vocab)·length}. */
    public static double initialLoss(int vocabularySize, int length) {
        return -StrictMath.log(1.0 / vocabularySize) * length;
    }

    /** Runs iterations until {@code total} have been done in all, reporting every {@code reportEvery}. */
    public void runUntil(int total, int reportEvery, Listener listener) {
        for (; iteration < total; iteration++) {
            double loss = trainer.step(examples[iteration % examples.length]);
            smoothLoss = smoothLoss * 0.999 + loss * 0.001;
            if (reportEvery > 0 && iteration % reportEvery == 0) {
                listener.report(iteration, smoothLoss);
            }
        }
    }

    public double smoothLoss() {
        return smoothLoss;
    }

    /** Iterations done so far. */
    public int iteration() {
        return iteration;
    }

    public Trainer trainer() {
        return trainer;
    }
}
