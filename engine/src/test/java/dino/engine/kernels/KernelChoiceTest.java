// Kernel selection with and without the incubator module, and with C2 off, in child JVMs.
package dino.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.api.DinoException;
import dino.api.Products;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelChoiceTest {

    /** Child JVM entry point: prints what {@code KernelChoice.select(args[0])} picked, or the error. */
    public static final class Probe {
        public static void main(String[] args) {
            try {
                System.out.println(KernelChoice.describe(KernelChoice.select(args[0])));
            } catch (DinoException e) {
                System.out.println("error: " + e.getMessage());
            }
        }
    }

    @Test
    void vectorAndAutoPickVectorKernelsWhenTheModuleIsPresent() {
        KernelSet vector = KernelChoice.select("vector", line -> {
            throw new AssertionError("unexpected warning: " + line);
        });
        assertInstanceOf(VectorKernels.class, vector.f64(Products.MUL_ADD));
        assertInstanceOf(VectorFloatKernels.class, vector.f32(Products.MUL_ADD));
        assertEquals("vector", vector.name());
        assertEquals(VectorKernels.SPECIES.vectorBitSize(), vector.vectorBits());
        assertEquals("kernels: vector (" + vector.vectorBits() + "-bit vectors)", KernelChoice.describe(vector));
        assertEquals("vector", KernelChoice.select("auto", line -> { }).name());
        assertInstanceOf(VectorKernels.class, KernelChoice.vectorOnly().f64(Products.MUL_ADD));
        assertEquals("kernels: scalar", KernelChoice.describe(KernelChoice.select("scalar")));
    }

    @Test
    void badVectorWidthIsAClearError() {
        DinoException e = assertThrows(DinoException.class, () -> VectorKernels.species("300"));
        assertTrue(e.getMessage().contains("128, 256 or 512"), e.getMessage());
        assertEquals(256, VectorKernels.species("256").vectorBitSize());
    }

    @Test
    void withoutTheModuleAutoFallsBackWithOneWarningAndVectorIsAnError(@TempDir Path dir) throws Exception {
        Run auto = java(dir, List.of(), "auto");
        assertEquals("kernels: scalar", auto.stdout.strip());
        assertEquals(1, auto.stderr.lines().filter(l -> l.startsWith("dino: warning:")).count(), auto.stderr);
        assertTrue(auto.stderr.contains("--add-modules jdk.incubator.vector"), auto.stderr);

        Run vector = java(dir, List.of(), "vector");
        assertTrue(vector.stdout.startsWith("error: --kernels vector needs the module jdk.incubator.vector"), vector.stdout);
    }

    @Test
    void withoutC2AutoFallsBackToScalar(@TempDir Path dir) throws Exception {
        Run c1 = java(dir, List.of("--add-modules=jdk.incubator.vector", "-XX:TieredStopAtLevel=1"), "auto");
        assertEquals("kernels: scalar", c1.stdout.strip());
        assertTrue(c1.stderr.contains("dino: warning: using scalar kernels: C2 is off"), c1.stderr);
        Run interpreted = java(dir, List.of("--add-modules=jdk.incubator.vector", "-Xint"), "auto");
        assertEquals("kernels: scalar", interpreted.stdout.strip());
        assertTrue(interpreted.stderr.contains("dino: warning: using scalar kernels: the JVM runs interpreted only"),
                interpreted.stderr);
        Run withC2 = java(dir, List.of("--add-modules=jdk.incubator.vector"), "auto");
        assertTrue(withC2.stdout.startsWith("kernels: vector"), withC2.stdout);
    }

    private record Run(String stdout, String stderr) {
    }

    private static Run java(Path dir, List<String> jvmOptions, String kernels) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Probe.class.getName());
        command.add(kernels);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, process.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
        return new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
