// The vector kernels give the same bits interpreted, C1-compiled and C2-compiled, so runs are repeatable.
package dino.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.engine.Jit;
import dino.engine.model.Layout;
import dino.engine.model.Model;
import dino.engine.train.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains a few steps with the vector kernels and fingerprints the weights: in this JVM once C2 has
 * compiled every kernel (asked of the JVM, see {@link Jit}), and in child JVMs that only interpret ({@code -Xint}) or only use C1. The Vector
 * API's lanewise EXP/TANH and reduceLanes(ADD) would fail this (SVML in C2, Math per lane otherwise).
 * On a 512-bit machine it also checks that 256-bit vectors give the same bits.
 */
class VectorDeterminismTest {
    private static final int STEPS = 12;

    /** Child JVM entry point: prints the fingerprint. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println(fingerprint());
        }
    }

    /** Weights after {@link #STEPS} vector training steps on fixed names, as a hash of their bits. */
    static String fingerprint() {
        return fingerprint(new VectorKernels()) + " " + fingerprint(new VectorFloatKernels());
    }

    private static <A> String fingerprint(Kernels<A> kernels) {
        Layout layout = new Layout(50, 27, 27, kernels.precision());
        Trainer<A> trainer = Trainer.sgd(Model.initialize(layout, 1), kernels, 0, 12, 1, 0.01, 5.0);
        double loss = 0;
        for (int s = 0; s < STEPS; s++) {
            int[] name = new int[1 + s % 12];
            for (int c = 0; c < name.length; c++) {
                name[c] = 1 + (s * 5 + c * 7) % 26;
            }
            loss += trainer.step(name);
        }
        return Arrays.hashCode(Buffers.toDoubles(kernels, trainer.parameters(), layout.size)) + " "
                + Double.doubleToRawLongBits(loss);
    }

    @Test
    void sameBitsInEveryJitTier(@TempDir Path dir) throws Exception {
        Jit.runUntilTrainingCompiled(VectorKernels.class, () -> warm(new VectorKernels()));
        Jit.runUntilTrainingCompiled(VectorFloatKernels.class, () -> warm(new VectorFloatKernels()));
        String compiled = fingerprint();
        assertEquals(compiled, child(dir, "-Xint"), "interpreted vs C2-compiled");
        assertEquals(compiled, child(dir, "-XX:TieredStopAtLevel=1"), "C1-compiled vs C2-compiled");
        if (VectorKernels.SPECIES.vectorBitSize() == 512) {
            assertEquals(compiled, child(dir, "-D" + VectorKernels.BITS_PROPERTY + "=256"), "256-bit vs 512-bit vectors");
        }
    }

    private static <A> void warm(Kernels<A> kernels) {
        Layout layout = new Layout(50, 27, 27, kernels.precision());
        Trainer<A> warm = Trainer.sgd(Model.initialize(layout, 3), kernels, 0, 12, 1, 0.01, 5.0);
        for (int s = 0; s < 1000; s++) {
            warm.step(new int[] {1 + s % 26, 1 + (s * 3) % 26, 1 + (s * 7) % 26});
        }
    }

    private static String child(Path dir, String jvmOption) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--add-modules=jdk.incubator.vector");
        command.add(jvmOption);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Probe.class.getName());
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, process.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
        return Files.readString(out, StandardCharsets.UTF_8).strip();
    }
}
