// The JDK 17 fault stays cured: C2 compiles the product tiles without virtual-call fallbacks after a gated run's start.
package dino.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link OperatorProfilesProbe} (a text-mode GRU at n_a = 256, without the product warm-up) in a child JVM
 * that logs its compilations, and reads every C2 compilation of a product tile: none may hold a virtual call,
 * which is how the fault shows in the log (docs/jit-notes.md: with {@code -Ddino.operatorProfiles=off}, the
 * same run on JDK 17 gave the 4 × 4 tile 48 of them, in each of several runs; {@code bench/jit/jdk17-fault.sh}
 * repeats that). No timing is measured.
 */
class OperatorProfilesTest {
    private static final Pattern TASK = Pattern.compile(
            "<task [^>]*method='dino\\.engine\\.kernels\\.VectorFloat(?:Fma)?Kernels (tile\\w+) [^>]*>(.*?)</task>", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void theTilesCompileWithoutVirtualCallsAfterTheGatedKernels() throws IOException, InterruptedException {
        assumeTrue(KernelChoice.vectorModulePresent() && KernelChoice.whyNoC2() == null, "needs the vector module and C2");
        Path text = dir.resolve("text.txt");
        Random random = new Random(1);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            s.append((char) (' ' + random.nextInt(64)));
        }
        Files.writeString(text, s, StandardCharsets.UTF_8);
        Path log = dir.resolve("compilation.log");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("--add-modules=jdk.incubator.vector", "-Ddino.productWarmup=off", "-XX:+UnlockDiagnosticVMOptions",
                "-XX:+LogCompilation", "-XX:LogFile=" + log, "-cp", System.getProperty("java.class.path"),
                OperatorProfilesProbe.class.getName(), text.toString(), "60"));
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, process.exitValue(), Files.readString(err, StandardCharsets.UTF_8));

        Matcher task = TASK.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
        int c2Compiles = 0;
        List<String> faulty = new ArrayList<>();
        while (task.find()) {
            String body = task.group(2);
            if (!body.contains("<regalloc") && !body.contains("<loop_tree")) {
                continue; // a C1 compilation: C2 logs its register allocation and loop passes
            }
            c2Compiles++;
            int virtualCalls = body.split("<virtual_call", -1).length - 1;
            if (virtualCalls > 0) {
                faulty.add(task.group(1) + " (" + virtualCalls + " virtual calls)");
            }
        }
        assertTrue(c2Compiles > 0, "C2 compiled no product tile in the run: the test saw nothing");
        assertEquals(List.of(), faulty, "C2 compiled product tiles with virtual-call fallbacks: the JDK 17 fault is back");
    }
}
