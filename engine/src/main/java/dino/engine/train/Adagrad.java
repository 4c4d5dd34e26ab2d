// min-char-rnn's Adagrad: clip, then w −= lr·g / sqrt(m + 1e-8) with m += g².
package dino.engine.train;

import dino.api.TrainingConfig;
import dino.engine.kernels.Kernels;
import java.util.List;

/** Adagrad as in min-char-rnn. */
final class Adagrad<A> extends Optimizer<A> {
    private final A memory;

    Adagrad(Kernels<A> kernels, int size, double learningRate, double clip) {
        super(kernels, size, learningRate, clip);
        this.memory = kernels.allocate(size);
    }

    @Override
    public TrainingConfig.Optimizer kind() {
        return TrainingConfig.Optimizer.ADAGRAD;
    }

    @Override
    public void update(A w, A g) {
        kernels.clipAdagrad(w, g, memory, 0, size, clip, learningRate);
    }

    @Override
    public List<A> state() {
        return List.of(memory);
    }
}
