// Child JVM of OperatorProfilesTest: the run that showed the JDK 17 fault, a text-mode GRU on one thread.
package dino.engine.kernels;

import dino.api.Corpus;
import dino.api.Kernels;
import dino.api.Mode;
import dino.api.Training;
import dino.api.TrainingConfig;
import java.nio.file.Path;

/**
 * {@code args}: the text file and the iterations. n_a = 256, B = 32, f32, one thread, as `dino train --mode text
 * --cell gru --hidden 256 --batch-size 32 --precision f32 --threads 1`: its first large products run interpreted,
 * C2 compiles the Vector API's shared methods with only their operators in the profile, and the gate kernels'
 * other operators come after. Run with {@code -Ddino.productWarmup=off}, which would otherwise compile the
 * tiles first.
 */
public final class OperatorProfilesProbe {
    private OperatorProfilesProbe() {
    }

    public static void main(String[] args) {
        TrainingConfig config = TrainingConfig.reference().toBuilder().mode(Mode.TEXT).cell(TrainingConfig.Cell.GRU).hidden(256)
                .batchSize(32).precision(TrainingConfig.Precision.F32).build();
        Training run = Training.start(config, Corpus.of(Path.of(args[0])), Kernels.auto(), 1);
        run.runUntil(Long.parseLong(args[1]));
    }
}
