// min-char-rnn's Adagrad: clip, then w −= lr·g / sqrt(m + 1e-8) with m += g².
package dino.engine.train;

/** Adagrad as in min-char-rnn. */
final class Adagrad extends Optimizer {
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
