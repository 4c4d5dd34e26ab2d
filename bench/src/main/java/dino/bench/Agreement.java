// Scalar and vector kernels must agree on the benchmark's inputs before anything is timed.
package dino.bench;

import dino.engine.kernels.KernelChoice;
import dino.engine.kernels.Kernels;
import dino.engine.kernels.ScalarKernels;
import dino.engine.model.Layout;
import dino.engine.model.Model;


/** Runs each kernel family on both sets with the same inputs; a disagreement stops the benchmark. */
final class Agreement {
    /** Far looser than the per-kernel bounds in VectorKernels: this guards against a wrong kernel, not rounding. */
    private static final double TOLERANCE = 1e-9;

    private Agreement() {
    }

    static void check(Layout l, Model model, double[] a, double[] aPrev) {
        Kernels s = new ScalarKernels();
        Kernels v;
        try {
            v = KernelChoice.vectorOnly();
        } catch (RuntimeException e) {
            return; // No vector kernels in this JVM: only the scalar benchmarks can run, nothing to compare.
        }
        double[] w = model.w;
        double[] as = new double[l.stride];
        double[] av = new double[l.stride];
        s.cellForward(as, 0, w, l.waa, l.waxColumn(3), l.ba, aPrev, 0, l.nA, l.stride);
        v.cellForward(av, 0, w, l.waa, l.waxColumn(3), l.ba, aPrev, 0, l.nA, l.stride);
        compare("cellForward", as, av);

        double[] ps = new double[l.yStride];
        double[] pv = new double[l.yStride];
        double ls = s.outputForward(ps, 0, w, l.wya, l.by, a, 0, l.nY, l.nA, l.stride, 5);
        double lv = v.outputForward(pv, 0, w, l.wya, l.by, a, 0, l.nY, l.nA, l.stride, 5);
        compare("outputForward", ps, pv);
        compare("outputForward loss", new double[] {ls}, new double[] {lv});

        double[] gs = new double[l.size];
        double[] gv = new double[l.size];
        double[] das = new double[l.stride];
        double[] dav = new double[l.stride];
        double[] next = a.clone();
        s.outputBackward(das, 0, gs, l.wya, l.by, ps, 0, 5, w, l.wya, a, 0, next, 0, l.nY, l.nA, l.stride);
        v.outputBackward(dav, 0, gv, l.wya, l.by, pv, 0, 5, w, l.wya, a, 0, next, 0, l.nY, l.nA, l.stride);
        compare("outputBackward", das, dav);
        double[] ns = new double[l.stride];
        double[] nv = new double[l.stride];
        s.cellBackward(ns, 0, gs, l.waa, l.waxColumn(3), l.ba, das, 0, a, 0, aPrev, 0, w, l.waa, l.nA, l.stride);
        v.cellBackward(nv, 0, gv, l.waa, l.waxColumn(3), l.ba, dav, 0, a, 0, aPrev, 0, w, l.waa, l.nA, l.stride);
        compare("cellBackward", ns, nv);
        compare("gradients", gs, gv);

        double[] ws = w.clone();
        double[] wv = w.clone();
        s.clipAndUpdate(ws, gs, 0, l.size, 0.5, 0.01);
        v.clipAndUpdate(wv, gv, 0, l.size, 0.5, 0.01);
        compare("clipAndUpdate", ws, wv);
    }

    private static void compare(String kernel, double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            if (Math.abs(e - actual[i]) > TOLERANCE * (1 + Math.abs(e))) {
                throw new IllegalStateException(kernel + ": scalar and vector disagree at " + i + ": " + e + " vs " + actual[i]);
            }
        }
    }
}
