// The engine module's boundary: what it exports, and that a program cannot import an internal package.
package dino.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleBoundaryTest {
    @TempDir
    Path dir;

    private static Path engine() throws Exception {
        return Path.of(Model.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void theEngineExportsTheApiToAllAndItsInternalPackagesOnlyByName() throws Exception {
        ModuleDescriptor module = ModuleFinder.of(engine()).find("dino.engine").orElseThrow().descriptor();
        Map<String, TreeSet<String>> exports = new TreeMap<>();
        for (ModuleDescriptor.Exports e : module.exports()) {
            exports.put(e.source(), new TreeSet<>(e.targets()));
        }
        assertEquals(Map.of("dino.api", new TreeSet<String>(), "dino.lib", new TreeSet<String>(),
                "dino.engine.kernels", new TreeSet<>(List.of("dino.bench", "dino.cli")),
                "dino.engine.model", new TreeSet<>(List.of("dino.bench")),
                "dino.engine.numpy", new TreeSet<>(List.of("dino.bench", "dino.cli")),
                "dino.engine.sample", new TreeSet<>(List.of("dino.bench")),
                "dino.engine.train", new TreeSet<>(List.of("dino.bench")),
                "dino.engine.io", new TreeSet<>(List.of("dino.cli"))), exports);
    }

    @Test
    void aProgramThatImportsAnInternalPackageDoesNotCompile() throws Exception {
        assertEquals("", compile("import dino.lib.Model;"), "the facade compiles");
        String internal = compile("import dino.engine.train.Trainer;");
        assertNotEquals("", internal);
        assertTrue(internal.contains("package dino.engine.train is not visible"), internal);
    }

    /**
     * Compiles a one-class program with {@code imports} against the engine module; returns javac's errors, or "". The
     * class path is an empty folder: in-process javac would otherwise take this JVM's, which holds the engine's classes.
     */
    private String compile(String imports) throws Exception {
        Path source = Files.writeString(dir.resolve("Program.java"), imports + "\npublic class Program {}\n");
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, diagnostics, diagnostics, "-d", dir.resolve("classes").toString(), "-cp", dir.toString(), "--module-path",
                engine().toString(), "--add-modules", "dino.engine", source.toString());
        String errors = diagnostics.toString(StandardCharsets.UTF_8);
        return status == 0 ? "" : errors.isEmpty() ? "javac failed" : errors;
    }
}
