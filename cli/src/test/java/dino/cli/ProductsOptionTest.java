// `train --products`: the reference model multiplies then adds, every other model fuses, the file says which.
package dino.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.engine.io.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProductsOptionTest {
    @TempDir
    Path dir;
    private Path data;

    @BeforeEach
    void text() throws IOException {
        data = Files.writeString(dir.resolve("text.txt"), "It was the best of times, it was the worst of times. ".repeat(100));
    }

    /** A small batched LSTM in f32: a model other than the reference's. */
    private Cli lstm(String iterations, Path save, String... more) {
        String[] args = {"train", "--mode", "text", "--data", data.toString(), "--cell", "lstm", "--hidden", "24",
                "--batch-size", "4", "--precision", "f32", "--iterations", iterations, "--print-every", "10", "--length", "30",
                "--threads", "2", "--save", save.toString()};
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return Cli.run(all);
    }

    private static String products(Path model) {
        Cli info = Cli.run("info", "--model", model.toString());
        assertEquals(0, info.exitCode, info.err);
        return info.out.lines().filter(l -> l.startsWith("products")).findFirst().orElse("none").replaceAll("\\s+", " ");
    }

    @Test
    void theReferenceModelMultipliesThenAddsAndOthersFuse() throws IOException {
        Path reference = dir.resolve("reference.npz");
        Cli plain = Cli.run("train", "--iterations", "1", "--save", reference.toString());
        assertEquals(0, plain.exitCode, plain.err);
        assertTrue(plain.err.lines().anyMatch(l -> l.startsWith("kernels: ") && l.endsWith("; products: mul-add")), plain.err);
        assertEquals("products: mul-add", products(reference));

        Path fused = dir.resolve("fused.npz");
        Cli batched = lstm("20", fused);
        assertEquals(0, batched.exitCode, batched.err);
        assertTrue(batched.err.lines().anyMatch(l -> l.endsWith("; products: fma")), batched.err);
        assertEquals("products: fma", products(fused));

        Path explicit = dir.resolve("explicit.npz");
        assertEquals(0, lstm("20", explicit, "--products", "fma").exitCode);
        assertArrayEquals(Files.readAllBytes(fused), Files.readAllBytes(explicit), "--products fma is the default here");

        Path mulAdd = dir.resolve("mul-add.npz");
        Cli separate = lstm("20", mulAdd, "--products", "mul-add");
        assertEquals(0, separate.exitCode, separate.err);
        assertEquals("products: mul-add", products(mulAdd));
        assertFalse(sameWeights(fused, mulAdd), "the two forms round differently: the weights must show it");
    }

    @Test
    void theReferenceRunTakesFusedProductsWhenAsked() {
        Path plain = dir.resolve("plain.npz");
        Path fused = dir.resolve("fused.npz");
        assertEquals(0, Cli.run("train", "--iterations", "200", "--save", plain.toString()).exitCode);
        Cli run = Cli.run("train", "--iterations", "200", "--products", "fma", "--save", fused.toString());
        assertEquals(0, run.exitCode, run.err);
        assertEquals("products: fma", products(fused));
        assertFalse(sameWeights(plain, fused));
    }

    private static boolean sameWeights(Path a, Path b) {
        return java.util.Arrays.equals(ModelFile.read(a).model.w, ModelFile.read(b).model.w);
    }

    @Test
    void aResumedRunContinuesInTheRecordedFormUnlessTold() throws IOException {
        Path whole = dir.resolve("whole.npz");
        Cli uninterrupted = lstm("40", whole, "--products", "mul-add");
        assertEquals(0, uninterrupted.exitCode, uninterrupted.err);

        Path half = dir.resolve("half.npz");
        assertEquals(0, lstm("20", half, "--products", "mul-add").exitCode);
        Cli resumed = Cli.run("train", "--resume", half.toString(), "--iterations", "40", "--print-every", "10",
                "--length", "30", "--threads", "1", "--save", half.toString());
        assertEquals(0, resumed.exitCode, resumed.err);
        assertTrue(resumed.err.contains("products: mul-add"), resumed.err);
        assertTrue(uninterrupted.out.endsWith(resumed.out), "the resumed run prints what the whole run printed from 20 on");
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(half), "and saves the same bytes");

        Path changed = dir.resolve("changed.npz");
        assertEquals(0, lstm("20", changed, "--products", "mul-add").exitCode);
        Cli switched = Cli.run("train", "--resume", changed.toString(), "--iterations", "40", "--print-every", "10",
                "--length", "30", "--products", "fma", "--save", changed.toString());
        assertEquals(0, switched.exitCode, switched.err);
        assertEquals("products: fma", products(changed));
        assertFalse(sameWeights(whole, changed), "fused from iteration 20 on: other weights");
    }

    /** -XX:UseAVX=0 turns HotSpot's UseFMA off: fused multiply-adds would run in software, so the default is mul-add. */
    @Test
    void withoutHardwareFmaEveryModelDefaultsToMulAdd() throws IOException, InterruptedException {
        String arch = System.getProperty("os.arch");
        org.junit.jupiter.api.Assumptions.assumeTrue(arch.equals("amd64") || arch.equals("x86_64"), "an x86 JVM option");
        Path model = dir.resolve("sse.npz");
        String[] lstm = {"train", "--mode", "text", "--data", data.toString(), "--cell", "lstm", "--hidden", "8",
            "--batch-size", "2", "--precision", "f32", "--iterations", "2", "--print-every", "0", "--save", model.toString()};
        String plain = child(lstm);
        assertTrue(plain.contains("; products: mul-add") && !plain.contains("warning"), plain);
        assertEquals("products: mul-add", products(model));
        // Asked for, fma trains in software: no iteration here (the scalar kernels skip the vector warm-up too).
        String asked = child("train", "--mode", "text", "--data", data.toString(), "--cell", "lstm", "--hidden", "8",
                "--batch-size", "2", "--iterations", "0", "--kernels", "scalar", "--products", "fma");
        assertTrue(asked.contains("; products: fma") && asked.contains("dino: warning: this JVM has no hardware fused "
                + "multiply-add"), asked);
    }

    /** dino's stderr in a child JVM without AVX (so without FMA); fails unless it exits 0. */
    private String child(String... args) throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                ProcessHandle.current().info().command().orElse("java"), "-XX:UseAVX=0", "--add-modules=jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(java.util.List.of(args));
        Path err = dir.resolve("child.err");
        Process p = new ProcessBuilder(command).redirectOutput(dir.resolve("child.out").toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            org.junit.jupiter.api.Assertions.fail("child JVM did not finish in 120 s");
        }
        String text = Files.readString(err);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    @Test
    void aFormOtherThanTheTwoIsAOneLineError() {
        Cli run = Cli.run("train", "--iterations", "1", "--products", "fused");
        assertEquals(2, run.exitCode);
        assertEquals("dino: --products must be mul-add or fma, got 'fused'", run.err.strip().lines().findFirst().orElse(""));
        Cli bench = Cli.run("bench", "--products", "FMA3");
        assertEquals(2, bench.exitCode);
        assertTrue(bench.err.contains("--products must be mul-add or fma, got 'FMA3'"), bench.err);
    }
}
