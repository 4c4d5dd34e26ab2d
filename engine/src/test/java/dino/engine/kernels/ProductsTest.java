// The products' two forms: each kernel set holds both, and each scalar class computes its own.
package dino.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.api.Products;
import dino.api.TrainingConfig.Precision;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The specification in each form: every kernel set holds both, each class in one. */
class ProductsTest {

    @Test
    void eachKernelSetHoldsBothFormsEachClassInOne() {
        KernelSet scalar = KernelSet.scalar();
        for (Products form : Products.values()) {
            assertEquals(form, scalar.f64(form).products());
            assertEquals(form, scalar.f32(form).products());
            assertEquals(form, scalar.of(Precision.F64, form).products());
            assertEquals(Precision.F32, scalar.of(Precision.F32, form).precision());
        }
        assertNotEquals(scalar.f64(Products.MUL_ADD).getClass(), scalar.f64(Products.FMA).getClass());
        Kernels<double[]> mulAdd = scalar.f64(Products.MUL_ADD);
        assertThrows(IllegalArgumentException.class,
                () -> new KernelSet(mulAdd, scalar.f32(Products.MUL_ADD), mulAdd, scalar.f32(Products.FMA)),
                "a mul-add class in the fma place");
        java.util.List<String> report = KernelChoice.report();
        assertTrue(report.get(report.size() - 1).startsWith("products: mul-add for the reference model, fma for every other"),
                report.toString());
    }

    /** Every element's chain, written out here in each form, is what that form's scalar gemm gives, in f32 and f64. */
    @ParameterizedTest
    @EnumSource(Products.class)
    void theSpecificationTakesItsForm(Products form) {
        boolean fusedForm = form == Products.FMA;
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
        KernelSet.scalar().f32(form).gemm(c, 0, n, a, 0, k, b, 0, n, m, n, k);
        double[] ad = new double[a.length];
        double[] bd = new double[b.length];
        for (int i = 0; i < a.length; i++) {
            ad[i] = a[i] * 1.1;
        }
        for (int i = 0; i < b.length; i++) {
            bd[i] = b[i] * 0.9;
        }
        double[] cd = new double[m * n];
        KernelSet.scalar().f64(form).gemm(cd, 0, n, ad, 0, k, bd, 0, n, m, n, k);
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
                assertEquals(fusedForm ? fused : separate, c[i * n + j], 0.0f);
                assertEquals(fusedForm ? fusedD : separateD, cd[i * n + j], 0.0);
                differ += fused != separate ? 1 : 0;
            }
        }
        assertNotEquals(0, differ, "the two forms must give other bits on these sums, or this test shows nothing");
    }
}
