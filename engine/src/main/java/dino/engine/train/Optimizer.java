// The update rules applied after backpropagation: clip every gradient element, then SGD, Adagrad or Adam.
package dino.engine.train;

import dino.engine.DinoException;
import dino.engine.kernels.Kernels;
import dino.engine.model.Layout;
import java.util.Locale;

/**
 * Clips every gradient element to [−clip, clip] and updates the weights, as single loops over the flat
 * buffers. State (Adagrad's memory, Adam's moments) uses the parameters' {@link Layout}, so padding
 * stays zero and saving is a copy.
 */
public abstract class Optimizer {
    /** The update rules dino knows. */
    public enum Kind {
        /** Plain SGD, the reference's: {@code w −= lr·g}. */
        SGD,
        /** min-char-rnn's Adagrad: {@code m += g²; w −= lr·g / sqrt(m + 1e-8)}. */
        ADAGRAD,
        /** Adam (β1 0.9, β2 0.999, ε 1e-8) with bias correction. */
        ADAM;

        public static Kind parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new DinoException("unknown optimizer '" + name + "': use sgd, adagrad or adam");
            }
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    protected final double learningRate;
    protected final double clip;

    protected Optimizer(double learningRate, double clip) {
        this.learningRate = learningRate;
        this.clip = clip;
    }

    /** A fresh optimizer of the given kind for buffers of {@code size} doubles. */
    public static Optimizer create(Kind kind, Kernels kernels, int size, double learningRate, double clip) {
        switch (kind) {
            case SGD: return new Sgd(kernels, learningRate, clip);
            case ADAGRAD: return new Adagrad(size, learningRate, clip);
            default: return new Adam(size, learningRate, clip);
        }
    }

    public abstract Kind kind();

    /** Clips g in place and updates w; both of the same length. */
    public abstract void update(double[] w, double[] g);

    /** The state buffers to save, in the parameters' layout (none for SGD). Live views. */
    public abstract double[][] state();

    /** Update count (Adam's bias-correction step t); 0 for the others. */
    public long steps() {
        return 0;
    }

    /** Restores saved state (buffers as {@link #state()} returns them, and the step count). */
    public abstract void restore(double[][] buffers, long steps);

    protected static double clip(double g, double clip) {
        return Math.min(clip, Math.max(-clip, g));
    }
}
