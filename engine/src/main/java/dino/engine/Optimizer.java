// The update rules applied after backpropagation: clip every gradient element, then SGD, Adagrad or Adam.
package dino.engine;

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

    /** The reference's SGD, fused with clipping in the kernel set. */
    static final class Sgd extends Optimizer {
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

    /** Adagrad as in min-char-rnn. */
    static final class Adagrad extends Optimizer {
        private final double[] memory;

        Adagrad(int size, double learningRate, double clip) {
            super(learningRate, clip);
            this.memory = new double[size];
        }

        @Override
        public Kind kind() {
            return Kind.ADAGRAD;
        }

        @Override
        public void update(double[] w, double[] g) {
            for (int i = 0; i < w.length; i++) {
                double gi = clip(g[i], clip);
                g[i] = gi;
                memory[i] += gi * gi;
                w[i] += -learningRate * gi / Math.sqrt(memory[i] + 1e-8);
            }
        }

        @Override
        public double[][] state() {
            return new double[][] {memory};
        }

        @Override
        public void restore(double[][] buffers, long steps) {
            System.arraycopy(buffers[0], 0, memory, 0, memory.length);
        }
    }

    /** Adam with the usual defaults. */
    static final class Adam extends Optimizer {
        private static final double BETA1 = 0.9;
        private static final double BETA2 = 0.999;
        private static final double EPSILON = 1e-8;
        private final double[] m;
        private final double[] v;
        private long t;

        Adam(int size, double learningRate, double clip) {
            super(learningRate, clip);
            this.m = new double[size];
            this.v = new double[size];
        }

        @Override
        public Kind kind() {
            return Kind.ADAM;
        }

        @Override
        public void update(double[] w, double[] g) {
            t++;
            double correction1 = 1 - Math.pow(BETA1, t);
            double correction2 = 1 - Math.pow(BETA2, t);
            for (int i = 0; i < w.length; i++) {
                double gi = clip(g[i], clip);
                g[i] = gi;
                m[i] = BETA1 * m[i] + (1 - BETA1) * gi;
                v[i] = BETA2 * v[i] + (1 - BETA2) * gi * gi;
                w[i] += -learningRate * (m[i] / correction1) / (Math.sqrt(v[i] / correction2) + EPSILON);
            }
        }

        @Override
        public double[][] state() {
            return new double[][] {m, v};
        }

        @Override
        public long steps() {
            return t;
        }

        @Override
        public void restore(double[][] buffers, long steps) {
            System.arraycopy(buffers[0], 0, m, 0, m.length);
            System.arraycopy(buffers[1], 0, v, 0, v.length);
            t = steps;
        }
    }
}
