// Shared JMH state: a seeded model, inputs and buffers for one kernel set, hidden size and vocabulary.
package dino.bench;

import dino.engine.kernels.KernelChoice;
import dino.engine.kernels.Kernels;
import dino.engine.kernels.ScalarKernels;
import dino.engine.model.Layout;
import dino.engine.model.Model;
import dino.engine.numpy.NumpyRandom;
import dino.engine.train.Trainer;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Everything a kernel call needs, built from seeded numpy draws so every fork times the same numbers.
 * Before anything is timed, {@link #setup} checks that the scalar and vector kernels agree on these
 * inputs (within {@link Agreement}'s flat 1e-9, a guard against a wrong kernel, far looser than the
 * per-kernel rounding bounds VectorKernels documents and its tests check) and runs both on a small model long enough for
 * C2 to compile them: at large sizes the measured warm-up alone is too few calls, and the Vector API's
 * slow pre-C2 fallbacks would be timed.
 */
@State(Scope.Thread)
public class KernelState {
    @Param({"scalar", "vector"})
    public String kernels;

    @Param({"50", "128", "256", "512", "1024"})
    public int hidden;

    @Param({"27", "65"})
    public int vocab;

    public Kernels k;
    public Layout l;
    public Model model;
    public double[] g;
    public double[] a;
    public double[] aPrev;
    public double[] p;
    public double[] pSaved;
    public double[] da;
    public double[] daNext;
    /** Names of 3 to 14 characters over the vocabulary (index 0 is the end token). */
    public int[][] names;
    public int x;
    public int y;

    @Setup(Level.Trial)
    public void setup() {
        k = create(kernels);
        l = new Layout(hidden, vocab, vocab);
        model = randomModel(l, 1);
        NumpyRandom random = new NumpyRandom(2);
        g = new double[l.size];
        a = vector(l.stride, l.nA, random);
        aPrev = vector(l.stride, l.nA, random);
        da = vector(l.stride, l.nA, random);
        daNext = vector(l.stride, l.nA, random);
        p = new double[l.yStride];
        x = 3;
        y = 5;
        new ScalarKernels().outputForward(p, 0, model.w, l.wya, l.by, a, 0, l.nY, l.nA, l.stride, -1);
        pSaved = p.clone();
        names = new int[64][];
        for (int i = 0; i < names.length; i++) {
            names[i] = new int[3 + (int) random.interval(11)];
            for (int c = 0; c < names[i].length; c++) {
                names[i][c] = 1 + (int) random.interval(vocab - 2);
            }
        }
        Agreement.check(l, model, a, aPrev);
        compile(k);
    }

    static Kernels create(String name) {
        switch (name) {
            case "scalar": return new ScalarKernels();
            case "vector": return KernelChoice.vectorOnly();
            default: throw new IllegalArgumentException("unknown kernel set " + name);
        }
    }

    /** Weights like the reference's initialization but ten times larger, so activations are not all near 0. */
    static Model randomModel(Layout l, long seed) {
        Model m = Model.initialize(l, seed);
        for (int i = 0; i < l.size; i++) {
            m.w[i] *= 10;
        }
        for (int i = 0; i < l.nA; i++) {
            m.w[l.ba + i] = 0.01 * (i % 7 - 3);
        }
        return m;
    }

    static double[] vector(int stride, int n, NumpyRandom random) {
        double[] v = new double[stride];
        for (int i = 0; i < n; i++) {
            v[i] = Math.tanh(random.randn());
        }
        return v;
    }

    /** Runs every kernel of the set on a small model until C2 has compiled them (about 20k steps). */
    private static void compile(Kernels kernels) {
        Layout small = new Layout(50, 27, 27);
        Trainer t = new Trainer(randomModel(small, 3), kernels, 0, 14, 0.001, 5);
        int[] name = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        for (int i = 0; i < 20_000; i++) {
            t.step(name);
        }
    }
}
