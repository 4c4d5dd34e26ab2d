// The vector tanh and exp of both precisions against StrictMath (fdlibm), within the ulp bounds stated at the kernels.
package dino.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.api.TrainingConfig.Precision;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code tanhRow} and {@code expRow} of {@link VectorKernels} and {@link VectorFloatKernels} on a quarter of a million
 * arguments each (wide, moderate, small, tiny, and the specials that reach every branch), run until C2 has compiled
 * them, against {@code StrictMath}: within {@code TANH_ULPS} and {@code EXP_ULPS}, signs kept, NaN to NaN, subnormal and
 * overflowing results within their stated tolerance.
 */
class VectorTranscendentalsTest {
    /**
     * One precision's vector tanh and exp as the tests call them, on doubles (rounded to the precision first),
     * with the bounds stated at the kernels and the inputs that reach every branch: the reduction's range, tiny
     * arguments down to {@code tinyExponent} binary orders, and where the results overflow or turn subnormal.
     */
    private record Transcendentals(Precision precision, int tanhUlps, int expUlps, double expLow, double expHigh,
                                   int tinyExponent, double subnormalTolerance, double[] specials) {
        static Transcendentals of(Precision precision) {
            return precision == Precision.F64
                    ? new Transcendentals(precision, VectorKernels.TANH_ULPS, VectorKernels.EXP_ULPS, -745, 709, 80,
                            Double.MIN_NORMAL * 0x1p-50, new double[] {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
                                1e-300, 0.5, -0.5, 0.55, 0.625, Math.nextUp(0.625), 1.0, 19.0, 22.0, 23.0, -23.0,
                                Math.log(2) / 2, -Math.log(2) / 2, 700.0, 709.7, -708.0, -710.0, -744.0, 800.0, -800.0,
                                Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
                    : new Transcendentals(precision, VectorFloatKernels.TANH_ULPS, VectorFloatKernels.EXP_ULPS, -103, 88, 40,
                            Float.MIN_NORMAL * 0x1p-22, new double[] {0.0, -0.0, Float.MIN_VALUE, 0.625, -0.625,
                                0.62500006, 9, -9, 88.7, -87.3, -103.9, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
        }

        double round(double x) {
            return precision == Precision.F64 ? x : (float) x;
        }

        double ulp(double x) {
            return precision == Precision.F64 ? Math.ulp(x) : Math.ulp((float) x);
        }

        /** Arguments: the specials, then a mix of wide, moderate, small and tiny values. */
        double[] arguments(Random random, double wideLow, double wideHigh) {
            double[] x = new double[1 << 18];
            for (int i = 0; i < x.length; i++) {
                x[i] = round(switch (i % 4) {
                    case 0 -> random.nextGaussian() * 3;
                    case 1 -> (2 * random.nextDouble() - 1) * 0.7;
                    case 2 -> Math.scalb(random.nextDouble(), -random.nextInt(tinyExponent)) * (random.nextBoolean() ? 1 : -1);
                    default -> wideLow + random.nextDouble() * (wideHigh - wideLow);
                });
            }
            for (int i = 0; i < specials.length; i++) {
                x[i] = round(specials[i]);
            }
            return x;
        }

        /** tanh (or exp) of every x by the vector routine, run a few times over so that C2 compiles it. */
        double[] apply(boolean tanh, double[] x) {
            double[] out = new double[x.length];
            if (precision == Precision.F64) {
                int lanes = VectorKernels.SPECIES.length();
                for (int rep = 0; rep < 5; rep++) {
                    for (int i = 0; i < x.length; i += lanes) {
                        if (tanh) {
                            VectorKernels.tanhRow(x, i, out, i, lanes);
                        } else {
                            System.arraycopy(x, i, out, i, lanes);
                            VectorKernels.expRow(out, i, lanes);
                        }
                    }
                }
                return out;
            }
            float[] in = new float[x.length];
            float[] y = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                in[i] = (float) x[i];
            }
            int lanes = VectorFloatKernels.SPECIES.length();
            for (int rep = 0; rep < 5; rep++) {
                for (int i = 0; i < x.length; i += lanes) {
                    if (tanh) {
                        VectorFloatKernels.tanhRow(in, i, y, i, lanes);
                    } else {
                        System.arraycopy(in, i, y, i, lanes);
                        VectorFloatKernels.expRow(y, i, lanes);
                    }
                }
            }
            for (int i = 0; i < x.length; i++) {
                out[i] = y[i];
            }
            return out;
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void tanhWithinItsUlpBoundOfStrictMath(Precision precision) {
        Transcendentals p = Transcendentals.of(precision);
        double[] x = p.arguments(new Random(7), -40, 40);
        double[] t = p.apply(true, x);
        for (int i = 0; i < x.length; i++) {
            double expected = p.round(StrictMath.tanh(x[i]));
            assertTrue(Math.abs(t[i] - expected) <= p.tanhUlps() * p.ulp(expected),
                    precision + " tanh(" + x[i] + ") = " + t[i] + ", fdlibm " + expected);
            assertEquals(Math.copySign(1.0, expected), Math.copySign(1.0, t[i]), "sign of tanh(" + x[i] + ")");
        }
        double[] nan = new double[64];
        Arrays.fill(nan, Double.NaN);
        assertTrue(Double.isNaN(p.apply(true, nan)[0]), precision + " tanh(NaN)");
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void expWithinItsUlpBoundOfStrictMath(Precision precision) {
        Transcendentals p = Transcendentals.of(precision);
        double[] x = p.arguments(new Random(8), p.expLow(), p.expHigh());
        double[] e = p.apply(false, x);
        for (int i = 0; i < x.length; i++) {
            double expected = p.round(StrictMath.exp(x[i]));
            if (expected < (precision == Precision.F64 ? Double.MIN_NORMAL : Float.MIN_NORMAL) || Double.isInfinite(expected)) {
                assertEquals(expected, e[i], p.subnormalTolerance(), precision + " exp(" + x[i] + ")");
            } else {
                assertTrue(Math.abs(e[i] - expected) <= p.expUlps() * p.ulp(expected),
                        precision + " exp(" + x[i] + ") = " + e[i] + ", fdlibm " + expected);
            }
            if (x[i] == Double.NEGATIVE_INFINITY) {
                assertEquals(0L, Double.doubleToRawLongBits(e[i]), "exp(-inf) must be exactly +0");
            }
        }
        double[] nan = new double[64];
        Arrays.fill(nan, Double.NaN);
        assertTrue(Double.isNaN(p.apply(false, nan)[0]), precision + " exp(NaN)");
    }
}
