// Loss of a model on data without training: per name from the zero state, or over text with the state carried.
package dino.engine.train;

import dino.api.Products;
import dino.api.ProgressListener;
import dino.api.TrainingConfig;
import dino.engine.data.TextCursor;
import dino.engine.kernels.Buffers;
import dino.engine.kernels.KernelSet;
import dino.engine.kernels.Kernels;
import dino.engine.model.Layout;
import dino.engine.model.Model;

/** Cross-entropy of names or text under a model, with the training kernels' forward pass. */
public final class Evaluator<A> {
    private final Trainer<A> forward;
    /** The window being scored: its first character, then the characters it predicts (reused). */
    private int[] ids;

    /** An evaluator of a saved model, in the model's precision and products' form. */
    public static Evaluator<?> create(Model model, KernelSet kernels, Products products, int newline, int maxLength) {
        return create(model, kernels.of(model.layout.precision, products), newline, maxLength);
    }

    private static <A> Evaluator<A> create(Model model, Kernels<A> kernels, int newline, int maxLength) {
        return new Evaluator<>(model.layout, Buffers.of(kernels, model.w), kernels, newline, maxLength);
    }

    /**
     * @param w         the parameters (shared: evaluation sees the current weights)
     * @param maxLength the longest name, or window of text, that will be evaluated
     */
    public Evaluator(Layout layout, A w, Kernels<A> kernels, int newline, int maxLength) {
        this.forward = new Trainer<>(layout, w, kernels, newline, maxLength, 1,
                Optimizer.create(TrainingConfig.Optimizer.SGD, kernels, layout.size, 1, 1));
    }

    /** Summed cross-entropy of a name and its end token, from the zero state: {@code length + 1} predictions. */
    public double nameLoss(int[] ids) {
        return forward.loss(ids);
    }

    /**
     * Summed cross-entropy of predicting {@code text[from+1..to)} from {@code text[from..to-1)}, in windows
     * of {@code window} characters with the hidden state carried from zero: {@code to − from − 1} predictions.
     */
    public double textLoss(int[] text, int from, int to, int window) {
        forward.resetHidden();
        double total = 0;
        for (int off = from; off < to - 1; off += window) {
            int steps = Math.min(window, to - 1 - off);
            total += forward.loss(text, off, steps);
        }
        return total;
    }

    /**
     * {@link #textLoss(int[], int, int, int)} of a corpus's text, characters {@code from .. to−1}: the
     * same windows and predictions, read through the cursor one window at a time, so the text's size
     * does not matter; {@code progress} hears of the characters done.
     */
    public double textLoss(TextCursor text, long from, long to, int window, ProgressListener progress) {
        if (ids == null || ids.length < window + 1) {
            ids = new int[window + 1];
        }
        forward.resetHidden();
        text.seek(from);
        text.read(ids, 0, 1);
        double total = 0;
        for (long off = from; off < to - 1; off += window) {
            int steps = (int) Math.min(window, to - 1 - off);
            text.read(ids, 1, steps);
            total += forward.loss(ids, 0, steps);
            ids[0] = ids[steps];
            progress.advanced(off + steps + 1 - from, to - from);
        }
        return total;
    }
}
