// The products' two forms: the property's values, and the scalar specification following the form in force.
package dino.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.engine.DinoException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Runs in every Surefire execution; the {@code products-fma} one sets {@code -Ddino.products=fma}. */
class ProductsTest {

    @Test
    void thePropertyIsMulAddOrFma() {
        assertFalse(Products.fused(null));
        assertFalse(Products.fused(""));
        assertFalse(Products.fused("mul-add"));
        assertTrue(Products.fused(" fma "));
        DinoException e = assertThrows(DinoException.class, () -> Products.fused("fused"));
        assertEquals("-Ddino.products must be mul-add or fma, got 'fused'", e.getMessage());
        assertEquals("fma".equals(System.getProperty(Products.PROPERTY)) ? "fma" : "mul-add", Products.form());
        java.util.List<String> report = KernelChoice.report();
        assertTrue(report.get(report.size() - 1).startsWith("products: " + Products.form() + " ("), report.toString());
        assertEquals(Products.FUSED, KernelChoice.describe(KernelSet.scalar()).endsWith("(fma products)"));
    }

    /** Every element's chain, written out here in the form in force, is what the scalar gemm gives, in f32 and f64. */
    @Test
    void theSpecificationTakesTheFormInForce() {
        Random random = new Random(7);
        int m = 3;
        int n = 5;
        int k = 200;
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) random.nextGaussian();
        }
        float[] c = new float[m * n];
        new ScalarFloatKernels().gemm(c, 0, n, a, 0, k, b, 0, n, m, n, k);
        double[] ad = new double[a.length];
        double[] bd = new double[b.length];
        for (int i = 0; i < a.length; i++) {
            ad[i] = a[i] * 1.1;
        }
        for (int i = 0; i < b.length; i++) {
            bd[i] = b[i] * 0.9;
        }
        double[] cd = new double[m * n];
        new ScalarKernels().gemm(cd, 0, n, ad, 0, k, bd, 0, n, m, n, k);
        int differ = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float fused = 0;
                float separate = 0;
                double fusedD = 0;
                double separateD = 0;
                for (int p = 0; p < k; p++) {
                    fused = Math.fma(a[i * k + p], b[p * n + j], fused);
                    separate += a[i * k + p] * b[p * n + j];
                    fusedD = Math.fma(ad[i * k + p], bd[p * n + j], fusedD);
                    separateD += ad[i * k + p] * bd[p * n + j];
                }
                assertEquals(Products.FUSED ? fused : separate, c[i * n + j], 0.0f);
                assertEquals(Products.FUSED ? fusedD : separateD, cd[i * n + j], 0.0);
                differ += fused != separate ? 1 : 0;
            }
        }
        assertNotEquals(0, differ, "the two forms must give other bits on these sums, or this test shows nothing");
    }
}
