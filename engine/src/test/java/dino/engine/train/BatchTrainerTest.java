// The batched step: B copies of one sequence give the one-sequence step, and rows run their own lengths.
package dino.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dino.engine.kernels.ScalarKernels;
import dino.engine.model.Layout;
import dino.engine.model.Model;
import org.junit.jupiter.api.Test;

class BatchTrainerTest {
    private static final Layout LAYOUT = new Layout(9, 11, 11);

    private static Trainer<double[]> trainer(int batch, double learningRate) {
        return Trainer.sgd(Model.initialize(LAYOUT, 3), new ScalarKernels(), 0, 12, batch, learningRate, 5);
    }

    /** The gradient is the mean over the batch and the loss is per sequence, so B copies change neither. */
    @Test
    void identicalSequencesGiveTheOneSequenceGradientAndLoss() {
        int[] name = {4, 2, 7, 1, 9};
        Trainer<double[]> one = trainer(1, 0);
        double lossOne = one.step(name);
        for (int batch : new int[] {2, 3, 7}) {
            Trainer<double[]> many = trainer(batch, 0);
            int[][] names = new int[batch][];
            java.util.Arrays.fill(names, name);
            assertEquals(lossOne, many.step(names), 1e-13 * lossOne, "loss per sequence, B = " + batch);
            double[] g1 = one.gradients();
            double[] gb = many.gradients();
            for (int i = 0; i < LAYOUT.size; i++) {
                assertEquals(g1[i], gb[i], 1e-14 + 1e-12 * Math.abs(g1[i]), "gradient element " + i + ", B = " + batch);
            }
        }
    }

    /**
     * Rows of different lengths in one batch: each row's loss and final state are what a batch of one gives
     * for that name alone (the other rows neither add loss nor move its state), and the mean gradient is
     * the mean of the single-name gradients.
     */
    @Test
    void raggedRowsEachRunTheirOwnSteps() {
        int[][] names = {{3}, {5, 1, 2, 8, 6, 4, 10}, {2, 2, 9}};
        Trainer<double[]> batch = trainer(3, 0);
        double loss = batch.step(names);
        double sum = 0;
        double[] meanGradient = new double[LAYOUT.size];
        for (int b = 0; b < names.length; b++) {
            Trainer<double[]> alone = trainer(1, 0);
            sum += alone.step(names[b]);
            for (int i = 0; i < LAYOUT.size; i++) {
                meanGradient[i] += alone.gradients()[i] / names.length;
            }
            for (int i = 0; i < LAYOUT.nA; i++) {
                assertEquals(alone.hidden()[i], batch.hidden()[b * LAYOUT.stride + i], 1e-15,
                        "stream " + b + "'s carried state, element " + i);
            }
        }
        assertEquals(sum / names.length, loss, 1e-13 * loss, "loss per sequence");
        for (int i = 0; i < LAYOUT.size; i++) {
            assertEquals(meanGradient[i], batch.gradients()[i], 1e-14 + 1e-12 * Math.abs(meanGradient[i]), "gradient " + i);
        }
    }
}
