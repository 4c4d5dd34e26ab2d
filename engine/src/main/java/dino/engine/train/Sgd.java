// The reference's update: clip every gradient element, then plain SGD, fused in the kernel set.
package dino.engine.train;

import dino.api.TrainingConfig;
import dino.engine.kernels.Kernels;
import java.util.List;

/** The reference's SGD, fused with clipping in the kernel set. */
final class Sgd<A> extends Optimizer<A> {

    Sgd(Kernels<A> kernels, int size, double learningRate, double clip) {
        super(kernels, size, learningRate, clip);
    }

    @Override
    public TrainingConfig.Optimizer kind() {
        return TrainingConfig.Optimizer.SGD;
    }

    @Override
    public void update(A w, A g) {
        kernels.clipAndUpdate(w, g, 0, size, clip, learningRate);
    }

    @Override
    public List<A> state() {
        return List.of();
    }
}
