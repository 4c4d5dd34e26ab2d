// The two Java programs in README.md, compiled and run as a user would: the README cannot drift from the API.
package dino.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Takes every {@code ```java} block of README.md, compiles it against the engine module alone, and runs it in
 * a fresh JVM in an empty folder: first the program that trains and saves {@code dinos.npz}, then the one that
 * loads and samples it.
 */
class ReadmeProgramsTest {
    @TempDir
    Path dir;

    @Test
    void theReadmesJavaProgramsCompileAndRun() throws Exception {
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
        List<Path> sources = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Files.createDirectories(dir.resolve("src"));
        while (block.find()) {
            Matcher name = Pattern.compile("public class (\\w+)").matcher(block.group(1));
            assertTrue(name.find(), "a README program declares a public class");
            names.add(name.group(1));
            sources.add(Files.writeString(dir.resolve("src").resolve(name.group(1) + ".java"), block.group(1)));
        }
        assertEquals(List.of("TrainDinos", "SampleDinos"), names);
        assertTrue(sources.stream().allMatch(this::importsOnlyTheApi), "the programs import dino.api, dino.lib and the JDK only");

        String engine = Path.of(Model.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        // On the module path, as a user of the module reads it: an import of an internal package would not compile.
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--module-path", engine, "--add-modules",
                "dino.engine", "-cp", dir.toString(), "-Xlint:all"));
        sources.forEach(s -> args.add(s.toString()));
        int compiled = javac.run(null, diagnostics, diagnostics, args.toArray(new String[0]));
        assertEquals(0, compiled, diagnostics.toString(StandardCharsets.UTF_8));
        // Every warning fails the test but the one javac always gives for an incubating module (JDK 25 tags it [incubating]).
        List<String> warnings = diagnostics.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> !l.matches("warning: (\\[incubating] )?using incubating module\\(s\\): jdk\\.incubator\\.vector")
                        && !l.equals("1 warning"))
                .collect(Collectors.toList());
        assertEquals(List.of(), warnings);

        List<String> trained = run(engine, classes, "TrainDinos");
        assertEquals(4, trained.size(), String.join("\n", trained));
        // Iteration 0 of the reference run: its loss, and its first name (the reference prints "Nkzxwtdmfqoeyhsqwasjkjvu").
        assertTrue(trained.get(0).matches("0 23[.,]087 nkzxwtdmfqoeyhsqwasjkjvu"), trained.get(0));
        for (int i = 1; i < 4; i++) {
            assertTrue(trained.get(i).matches(i * 5000 + " \\d+[.,]\\d{3} [a-z]+"), trained.get(i));
        }
        Model saved = Model.load(dir.resolve("dinos.npz"));
        assertEquals(20_000, saved.iterations());

        List<String> sampled = run(engine, classes, "SampleDinos");
        assertEquals(6, sampled.size(), String.join("\n", sampled));
        for (String name : sampled.subList(0, 5)) {
            assertTrue(name.matches("tyr[a-z]*"), name);
        }
        Matcher bits = Pattern.compile("(\\d+)[.,](\\d{3}) bits per character").matcher(sampled.get(5));
        assertTrue(bits.matches(), sampled.get(5));
        double perCharacter = Double.parseDouble(bits.group(1) + "." + bits.group(2));
        assertTrue(perCharacter > 1 && perCharacter < Math.log(27) / Math.log(2), sampled.get(5));
        assertEquals(saved.evaluate(Corpus.dinos()).bitsPerCharacter(), perCharacter, 0.0005);
    }

    private boolean importsOnlyTheApi(Path source) {
        try {
            return Files.readAllLines(source).stream().filter(l -> l.startsWith("import "))
                    .allMatch(l -> l.startsWith("import dino.api.") || l.startsWith("import dino.lib.")
                            || l.startsWith("import java."));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs a compiled program in a new JVM, in the test's folder, with the engine as a module; returns its stdout lines
     * (exit 0 required).
     */
    private List<String> run(String engine, Path classes, String main) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--module-path", engine, "--add-modules", "dino.engine", "-cp",
                classes.toString(), main)
                .directory(dir.toFile()).redirectError(dir.resolve(main + ".err").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), main + " finished");
        assertEquals(0, p.exitValue(), main + ": " + Files.readString(dir.resolve(main + ".err")));
        return out.lines().collect(Collectors.toList());
    }
}
