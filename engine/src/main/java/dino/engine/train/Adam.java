// Adam (β1 0.9, β2 0.999, ε 1e-8) with bias correction, after clipping.
package dino.engine.train;

/** Adam with the usual defaults. */
final class Adam extends Optimizer {
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
