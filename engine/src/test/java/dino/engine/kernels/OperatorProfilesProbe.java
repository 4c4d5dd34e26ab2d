// Child JVM of OperatorProfilesTest: one run of one path of the vector kernels (training, sampling, evaluation).
package dino.engine.kernels;

import dino.api.Mode;
import dino.api.Sampling;
import dino.api.TrainingConfig;
import dino.api.TrainingConfig.Precision;
import dino.lib.Corpus;
import dino.lib.Kernels;
import dino.lib.Model;
import dino.lib.RunOptions;
import dino.lib.Training;
import java.nio.file.Path;

/**
 * {@code args}: what to run, the text file, and the iterations.
 * <ul>
 * <li>{@code gru}: n_a = 256, B = 32, f32, one thread, as `dino train --mode text --cell gru --hidden 256 --batch-size
 *     32 --precision f32 --threads 1`: its first large products run interpreted, C2 compiles the Vector API's shared
 *     methods with only their operators in the profile, and the gate kernels' other operators come after. Run with
 *     {@code -Ddino.productWarmup=off}, which would otherwise compile the tiles first.</li>
 * <li>{@code rnn}: the batch-1 f64 RNN at n_a = 256 (where issue 27 found the fault left), saved to {@code args[3]},
 *     sampled and evaluated;</li>
 * <li>{@code lstm}, {@code gru2}, {@code rnn32}: the batched paths, each on two threads: an f32 LSTM, a two-layer
 *     f64 GRU and an f32 tanh RNN (B = 8, n_a = 96, text).</li>
 * </ul>
 */
public final class OperatorProfilesProbe {
    private OperatorProfilesProbe() {
    }

    public static void main(String[] args) throws java.io.IOException {
        Path text = Path.of(args[1]);
        long iterations = Long.parseLong(args[2]);
        TrainingConfig reference = TrainingConfig.reference();
        if (args[0].equals("gru")) {
            TrainingConfig config = reference.toBuilder().mode(Mode.TEXT).cell(TrainingConfig.Cell.GRU).hidden(256)
                    .batchSize(32).precision(TrainingConfig.Precision.F32).build();
            Training.start(config, Corpus.of(text), RunOptions.defaults().withKernels(Kernels.auto()).withThreads(1)).runUntil(iterations);
            return;
        }
        if (args[0].equals("rnn")) {
            Path model = Path.of(args[3]);
            Training rnn = Training.start(reference.toBuilder().hidden(256).build(), Corpus.dinos(), RunOptions.defaults().withKernels(Kernels.auto()).withThreads(1));
            rnn.runUntil(iterations);
            rnn.save(model);
            Model saved = Model.load(model);
            saved.sample(Sampling.defaults().withCount(50));
            saved.evaluate(Corpus.dinos());
            return;
        }
        TrainingConfig batched = reference.toBuilder().mode(Mode.TEXT).hidden(96).batchSize(8).build();
        TrainingConfig config;
        switch (args[0]) {
            case "lstm": config = batched.toBuilder().cell(TrainingConfig.Cell.LSTM).precision(TrainingConfig.Precision.F32).build(); break;
            case "gru2": config = batched.toBuilder().cell(TrainingConfig.Cell.GRU).layers(2).build(); break;
            case "rnn32": config = batched.toBuilder().precision(TrainingConfig.Precision.F32).build(); break;
            default: throw new IllegalArgumentException(args[0]);
        }
        Training.start(config, Corpus.of(text), RunOptions.defaults().withKernels(Kernels.auto()).withThreads(2)).runUntil(iterations);
    }
}
