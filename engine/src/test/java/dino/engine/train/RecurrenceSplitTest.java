// The recurrence split by rows (each thread its rows through all steps) gives the bits of one thread and of the split by steps.
package dino.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dino.api.Products;
import dino.api.TrainingConfig;
import dino.api.TrainingConfig.Cell;
import dino.api.TrainingConfig.Precision;
import dino.engine.kernels.Buffers;
import dino.engine.kernels.KernelChoice;
import dino.engine.kernels.Kernels;
import dino.engine.kernels.ParallelKernels;
import dino.engine.model.Layout;
import dino.engine.model.Model;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecurrenceSplitTest {
    private static final int VOCAB = 13;
    private static final int BATCH = 12;

    /**
     * Names of unequal lengths (rows end at different steps, so the parts' running rows differ), two layers with
     * dropout, every cell: one thread, then 2 and 3 threads split by rows and by steps, the same parameters bit for bit.
     */
    @Test
    void everySplitTrainsTheBitsOfOneThread() {
        for (Cell cell : Cell.values()) {
            double[] one = train(cell, 1, null);
            for (int threads = 2; threads <= 3; threads++) {
                for (String split : new String[] {"rows", "steps"}) {
                    assertArrayEquals(one, train(cell, threads, split), cell + " on " + threads + " threads split by " + split);
                }
            }
        }
    }

    private static double[] train(Cell cell, int threads, String split) {
        String before = System.getProperty("dino.recurrence");
        if (split != null) {
            System.setProperty("dino.recurrence", split);
        }
        try {
            Kernels<float[]> vector = KernelChoice.vectorOnly().f32(Products.FMA);
            Kernels<float[]> kernels = threads == 1 ? vector : new ParallelKernels<>(vector, threads);
            Layout layout = Layout.stacked(cell, 2, 37, VOCAB, Precision.F32);
            Model model = Model.initialize(layout, 7);
            float[] w = Buffers.of(kernels, model.w);
            Trainer<float[]> trainer = new Trainer<>(layout, w, kernels, 0, 20, BATCH,
                    Optimizer.create(TrainingConfig.Optimizer.ADAM, kernels, layout.size, 0.01, 5)).dropout(0.2, 3);
            Random random = new Random(11);
            for (int step = 0; step < 4; step++) {
                int[][] names = new int[BATCH][];
                for (int b = 0; b < BATCH; b++) {
                    names[b] = new int[1 + random.nextInt(17)];
                    for (int i = 0; i < names[b].length; i++) {
                        names[b][i] = 1 + random.nextInt(VOCAB - 1);
                    }
                }
                trainer.step(names);
            }
            double[] out = new double[layout.size];
            for (int i = 0; i < out.length; i++) {
                out[i] = kernels.get(trainer.parameters(), i);
            }
            if (kernels instanceof ParallelKernels) {
                ((ParallelKernels<float[]>) kernels).close();
            }
            return out;
        } finally {
            if (before == null) {
                System.clearProperty("dino.recurrence");
            } else {
                System.setProperty("dino.recurrence", before);
            }
        }
    }
}
