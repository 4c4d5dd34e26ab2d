// The reference's update: clip every gradient element, then plain SGD, fused in the kernel set.
package dino.engine.train;

import dino.engine.kernels.Kernels;

/** The reference's SGD, fused with clipping in the kernel set. */
final class Sgd extends Optimizer {
    private final Kernels kernels;

    Sgd(Kernels kernels, double learningRate, double clip) {
        super(learningRate, clip);
        this.kernels = kernels;
    }

    @Override
    public Kind kind() {
        return Kind.SGD;
    }

    @Override
    public void update(double[] w, double[] g) {
        kernels.clipAndUpdate(w, g, 0, w.length, clip, learningRate);
    }

    @Override
    public double[][] state() {
        return new double[0][];
    }

    @Override
    public void restore(double[][] buffers, long steps) {
        if (buffers.length != 0) {
            throw new IllegalArgumentException("SGD has no state");
        }
    }
}
