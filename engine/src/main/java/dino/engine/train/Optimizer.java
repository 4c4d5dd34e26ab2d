// The update rules applied after backpropagation: clip every gradient element, then SGD, Adagrad or Adam.
package dino.engine.train;

import dino.api.TrainingConfig;
import dino.engine.kernels.Kernels;
import java.util.List;

/**
 * Clips every gradient element to [−clip, clip] and updates the weights, as single kernel loops over the
 * flat buffers. State (Adagrad's memory, Adam's moments) uses the parameters' layout, so padding stays
 * zero and saving is a copy. One rule per file: {@link Sgd}, {@link Adagrad}, {@link Adam}.
 */
public abstract class Optimizer<A> {
    protected final Kernels<A> kernels;
    /** Elements in the parameter buffer. */
    protected final int size;
    protected final double learningRate;
    protected final double clip;

    protected Optimizer(Kernels<A> kernels, int size, double learningRate, double clip) {
        this.kernels = kernels;
        this.size = size;
        this.learningRate = learningRate;
        this.clip = clip;
    }

    /** A fresh optimizer of the given kind for buffers of {@code size} elements. */
    public static <A> Optimizer<A> create(TrainingConfig.Optimizer kind, Kernels<A> kernels, int size, double learningRate, double clip) {
        switch (kind) {
            case SGD: return new Sgd<>(kernels, size, learningRate, clip);
            case ADAGRAD: return new Adagrad<>(kernels, size, learningRate, clip);
            default: return new Adam<>(kernels, size, learningRate, clip);
        }
    }

    public abstract TrainingConfig.Optimizer kind();

    /** Clips g in place and updates w; both of the same length. */
    public abstract void update(A w, A g);

    /** The state buffers to save, in the parameters' layout (none for SGD). Live views. */
    public abstract List<A> state();

    /** Update count (Adam's bias-correction step t); 0 for the others. */
    public long steps() {
        return 0;
    }

    /** Restores the step count; the state buffers are restored through {@link #state()}. */
    public void restoreSteps(long steps) {
    }
}
