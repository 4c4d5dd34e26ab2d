// How a corpus splits into training and held-out data, and the checks a saved split must pass on the data it resumes on.
package dino.engine.train;

import dino.api.DinoException;
import dino.api.TrainingConfig;
import dino.engine.data.Corpus;
import dino.engine.io.Checkpoint;
import dino.engine.numpy.NumpyRandom;
import java.util.Arrays;

/**
 * LINES: every name's index, shuffled with the seed (the reference's {@code np.random.shuffle}), the last
 * {@code floor(valFraction·n)} held out. TEXT: characters {@code [0, textEnd)} train, the tail is held out.
 */
final class HeldOut {
    private HeldOut() {
    }

    /** The names' indices in the run's order: training first, the held-out ones after {@link #trainingNames}. */
    static int[] shuffledNames(TrainingConfig config, Corpus corpus) {
        int[] shuffled = new int[corpus.lineCount()];
        Arrays.setAll(shuffled, i -> i);
        new NumpyRandom(config.seed()).shuffle(shuffled);
        return shuffled;
    }

    /** How many of the {@code n} names train; refuses a split that leaves no training name or too few for a batch. */
    static int trainingNames(TrainingConfig config, int n) {
        int held = (int) Math.floor(config.valFraction() * n);
        if (held > 0 && n - held < 1) {
            throw DinoException.naming("{valFraction} " + config.valFraction() + " leaves no training example");
        }
        if (config.batchSize() > n - held) {
            throw DinoException.naming("{batchSize} " + config.batchSize() + " is larger than the " + (n - held)
                    + " training names: use at most " + (n - held));
        }
        return n - held;
    }

    /** End of the training text (the validation tail starts there); checks that every stream gets a window. */
    static long textEnd(TrainingConfig config, Corpus corpus) {
        long length = corpus.characterCount();
        long textEnd = length - (long) Math.floor(config.valFraction() * length);
        if (textEnd < config.seqLength() + 1) {
            throw DinoException.naming("the training text (" + textEnd + " characters) is shorter than one window of "
                    + (config.seqLength() + 1) + ": use a smaller {seqLength} or {valFraction}");
        }
        if (textEnd / config.batchSize() < config.seqLength() + 2) {
            throw DinoException.naming("{batchSize} " + config.batchSize() + " splits the " + textEnd
                    + " training characters into segments shorter than a window of " + (config.seqLength() + 1)
                    + ": use a smaller {batchSize} or {seqLength}");
        }
        return textEnd;
    }

    /** LINES: a saved order and validation set must index this corpus's names, and hold a batch. */
    static void checkSavedNames(Checkpoint.State state, TrainingConfig config, Corpus corpus) {
        int n = corpus.lineCount();
        for (int i : state.order) {
            if (i < 0 || i >= n) {
                throw DinoException.naming("the model file's example order does not fit the data: pass the {corpus} it was trained on");
            }
        }
        for (int i : state.validation) {
            if (i < 0 || i >= n) {
                throw DinoException.naming("the model file's validation set does not fit the data: pass the {corpus} it was trained on");
            }
        }
        if (config.batchSize() > state.order.length) {
            throw new DinoException("the model file's batch size " + config.batchSize() + " is larger than its "
                    + state.order.length + " training names");
        }
    }
}
