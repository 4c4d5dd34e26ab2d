// JMH: the vector product (gemm) at the shapes a recurrent step runs, to compare register tiles and ISAs.
package dino.bench;

import dino.api.Products;
import dino.api.TrainingConfig.Precision;
import dino.engine.kernels.KernelChoice;
import dino.engine.kernels.Kernels;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code C[m×n] += A[m×k]·B[k×n]} on one thread with the vector kernels, C zeroed first: {@code 32x512x512}
 * is a tanh RNN's recurrent step at n_a = 512 and B = 32, {@code 32x2048x512} an LSTM's (four gates),
 * {@code 32x1536x512} a GRU's, {@code 512x512x512} a large square product; {@code gemm_packed} multiplies from B
 * packed in panels once, as the recurrent steps do. GFLOP/s = 2·m·n·k / score;
 * compare with {@link FmaPeakBench} in the same run. The tile shape follows the registers the JVM has
 * ({@code -XX:UseAVX=2} for the AVX2 file on an AVX-512 machine); {@code -Ddino.tile=4x4} or {@code 6x2}
 * forces one, to measure it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = Defaults.VECTOR_MODULE)
@SuppressWarnings("checkstyle:MethodName")
public class ProductBench {

    /** One product's operands, in the precision asked for. */
    @State(Scope.Thread)
    public static class Operands {
        @Param({"32x512x512", "32x2048x512", "32x1536x512", "512x512x512"})
        public String shape;

        @Param({"f32", "f64"})
        public String precision;

        /** The products' form: fma, what every model but the reference's trains with, or mul-add. */
        @Param({"fma"})
        public String products;

        Kernels<Object> kernels;
        Object a;
        Object b;
        Object c;
        /** B in the panels {@link Kernels#packB} lays out, as the recurrent steps multiply from. */
        Object packed;
        int m;
        int n;
        int k;

        @Setup(Level.Trial)
        @SuppressWarnings("unchecked")
        public void setup() {
            String[] mnk = shape.split("x");
            m = Integer.parseInt(mnk[0]);
            n = Integer.parseInt(mnk[1]);
            k = Integer.parseInt(mnk[2]);
            kernels = (Kernels<Object>) KernelChoice.vectorOnly().of(Precision.parse(precision), Products.parse(products));
            Random random = new Random(1);
            a = randoms(m * k, random);
            b = randoms(k * n, random);
            c = kernels.allocate(m * n);
            packed = kernels.allocate(k * n);
            kernels.packB(packed, 0, b, 0, n, k, n);
        }

        private Object randoms(int size, Random random) {
            Object x = kernels.allocate(size);
            for (int i = 0; i < size; i++) {
                kernels.set(x, i, random.nextDouble() - 0.5);
            }
            return x;
        }
    }

    @Benchmark
    public Object gemm(Operands o) {
        o.kernels.zero(o.c, 0, o.m * o.n);
        o.kernels.gemm(o.c, 0, o.n, o.a, 0, o.k, o.b, 0, o.n, o.m, o.n, o.k);
        return o.c;
    }

    /** The same product from B packed once ({@link Kernels#gemmPacked}): how every recurrent step multiplies. */
    @Benchmark
    public Object gemm_packed(Operands o) {
        o.kernels.zero(o.c, 0, o.m * o.n);
        o.kernels.gemmPacked(o.c, 0, o.n, o.a, 0, o.k, o.packed, 0, o.m, o.n, o.k);
        return o.c;
    }
}
