// Adam (β1 0.9, β2 0.999, ε 1e-8) with bias correction, after clipping.
package dino.engine.train;

import dino.api.TrainingConfig;
import dino.engine.kernels.Kernels;
import dino.engine.kernels.ScalarKernels;
import java.util.List;

/** Adam with the usual defaults; the update itself is {@link Kernels#clipAdam}. */
final class Adam<A> extends Optimizer<A> {
    private final A m;
    private final A v;
    private long t;

    Adam(Kernels<A> kernels, int size, double learningRate, double clip) {
        super(kernels, size, learningRate, clip);
        this.m = kernels.allocate(size);
        this.v = kernels.allocate(size);
    }

    @Override
    public TrainingConfig.Optimizer kind() {
        return TrainingConfig.Optimizer.ADAM;
    }

    @Override
    public void update(A w, A g) {
        t++;
        double correction1 = 1 - Math.pow(ScalarKernels.Adam.BETA1, t);
        double correction2 = 1 - Math.pow(ScalarKernels.Adam.BETA2, t);
        kernels.clipAdam(w, g, m, v, 0, size, clip, learningRate, correction1, correction2);
    }

    @Override
    public List<A> state() {
        return List.of(m, v);
    }

    @Override
    public long steps() {
        return t;
    }

    @Override
    public void restoreSteps(long steps) {
        t = steps;
    }
}
