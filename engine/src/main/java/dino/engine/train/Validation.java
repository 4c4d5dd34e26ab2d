// A run's held-out data: its loss per character, and the best check so far (what keep-best and patience remember).
package dino.engine.train;

import dino.api.ProgressListener;
import dino.engine.data.Corpus;
import dino.engine.data.TextCursor;
import dino.engine.io.Checkpoint;
import dino.engine.kernels.Kernels;
import dino.engine.model.Layout;

/**
 * The validation of one {@link TrainingSession}: held-out names {@code validation[validationFrom, end)} scored from
 * the zero state (LINES), or the text {@code [textEnd, length)} in windows with the state carried (TEXT), on the
 * live weights; and the lowest loss so far with the checks since it ({@link Checkpoint.Best}), part of every
 * checkpoint so a resumed run compares with the same best.
 *
 * @param <A> the precision's array type
 */
final class Validation<A> {
    private final Corpus corpus;
    private final Layout layout;
    private final Trainer<A> trainer;
    private final Kernels<A> kernels;
    private final int[] validation;
    private final int validationFrom;
    private final long textEnd;
    private final int seqLength;
    /** Made on the first check, so a run that never checks allocates nothing for it. */
    private Evaluator<A> evaluator;
    private TextCursor text;
    /** The lowest loss so far, when the run keeps it ({@link #record}); else null. */
    private Checkpoint.Best best;

    Validation(Corpus corpus, Layout layout, Trainer<A> trainer, Kernels<A> kernels, int[] validation,
               int validationFrom, long textEnd, int seqLength, Checkpoint.Best best) {
        this.corpus = corpus;
        this.layout = layout;
        this.trainer = trainer;
        this.kernels = kernels;
        this.validation = validation;
        this.validationFrom = validationFrom;
        this.textEnd = textEnd;
        this.seqLength = seqLength;
        this.best = best;
    }

    /** Mean cross-entropy per predicted character on the held-out data; NaN when nothing is held out. */
    double loss() {
        if (validation != null) {
            if (validationFrom == validation.length) {
                return Double.NaN;
            }
            if (evaluator == null) {
                evaluator = new Evaluator<>(layout, trainer.parameters(), kernels,
                        Math.max(0, corpus.vocabulary.newline()), trainer.maxLength());
            }
            double total = 0;
            long characters = 0;
            for (int i = validationFrom; i < validation.length; i++) {
                int[] name = corpus.line(validation[i]);
                total += evaluator.nameLoss(name);
                characters += name.length + 1;
            }
            return total / characters;
        }
        long length = corpus.characterCount();
        if (textEnd >= length - 1) {
            return Double.NaN;
        }
        if (evaluator == null) {
            evaluator = new Evaluator<>(layout, trainer.parameters(), kernels, 0, seqLength);
            text = corpus.cursor();
        }
        return evaluator.textLoss(text, textEnd, length, seqLength, ProgressListener.NONE) / (length - 1 - textEnd);
    }

    /** Counts a check after training iteration {@code trained}: whether {@code loss} is lower than every earlier one. */
    boolean record(long trained, double loss) {
        if (best == null || loss < best.loss()) {
            best = new Checkpoint.Best(trained, loss, 0);
            return true;
        }
        best = new Checkpoint.Best(best.iteration(), best.loss(), best.checksSince() + 1);
        return false;
    }

    /** The best check so far, or null before the first {@link #record}. */
    Checkpoint.Best best() {
        return best;
    }
}
