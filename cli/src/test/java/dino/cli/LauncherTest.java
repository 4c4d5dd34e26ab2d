// The ./dino launcher, run from a temporary copy of the repository: build, JDK checks, options, AOT cache, stdout.
package dino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Maven is never run here: a fake {@code mvn} on PATH "builds" by copying a self-contained jar made from this
 * test's classpath (what the shade plugin makes, without a Maven run). The JDK is the one running the tests;
 * the AOT cache tests need JDK 25+ and are skipped, with that reason, on older ones (.ci/run runs the suite on
 * JDK 25 too).
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("..", "dino").toAbsolutePath().normalize();
    private static final String JAVA_HOME = System.getProperty("java.home");

    @TempDir
    static Path shared;
    /** The self-contained jar, as the build makes it. */
    static Path builtJar;
    /** What {@code train --iterations 2001} prints, from the entry point run in-process. */
    static String expected2001;

    @TempDir
    Path dir;
    Path repo;
    Path jar;

    @BeforeAll
    static void buildJar() throws IOException {
        builtJar = shared.resolve("dino.jar");
        SelfContainedJar.write(builtJar);
        Cli reference = Cli.run("train", "--iterations", "2001");
        assertEquals(0, reference.exitCode, reference.err);
        expected2001 = reference.out;
    }

    @BeforeEach
    void copyRepository() throws IOException {
        repo = dir.resolve("repo");
        Path root = LAUNCHER.getParent();
        for (String file : List.of("dino", "pom.xml", "engine/pom.xml", "cli/pom.xml", "bench/pom.xml", "data/dinos.txt",
                "cli/src/main/java/dino/cli/Main.java")) {
            Path to = repo.resolve(file);
            Files.createDirectories(to.getParent());
            Files.copy(root.resolve(file), to);
            Files.setLastModifiedTime(to, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        }
        Files.setPosixFilePermissions(repo.resolve("dino"), PosixFilePermissions.fromString("rwxr-xr-x"));
        jar = repo.resolve("cli/target/dino.jar");
        Files.createDirectories(jar.getParent());
        Files.copy(builtJar, jar);
    }

    @Test
    void runsTheJarWithNothingButDinosOutputOnStdout() throws Exception {
        Run run = launch(env(), "train", "--iterations", "2001");
        assertEquals(0, run.code, run.err);
        assertEquals(expected2001, run.out);
        assertTrue(run.err.contains("kernels: vector"), run.err);
    }

    @Test
    void buildsTheJarWhenItIsMissing() throws Exception {
        Files.delete(jar);
        Run run = launch(withFakeMaven(env(), true), "train", "--iterations", "0");
        assertEquals(0, run.code, run.err);
        assertEquals("dino: building cli/target/dino.jar with Maven (it is missing)", run.err.lines().findFirst().orElse(""));
        String mvnArgs = Files.readString(repo.resolve("mvn-args.txt"));
        assertTrue(mvnArgs.contains("-DskipTests") && mvnArgs.contains("package"), mvnArgs);
        assertTrue(run.out.startsWith("There are 19909 total characters"), run.out);
        assertFalse(Files.exists(repo.resolve("cli/target/.dino-building")));
    }

    @Test
    void rebuildsAJarOlderThanTheSources() throws Exception {
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));
        Run run = launch(withFakeMaven(env(), true), "--version");
        assertEquals(0, run.code, run.err);
        assertTrue(run.err.startsWith("dino: building cli/target/dino.jar with Maven (it is older than the sources)"), run.err);
        Run again = launch(withFakeMaven(env(), true), "--version");
        assertFalse(again.err.contains("building"), again.err);
    }

    @Test
    void rebuildsAfterABuildThatDidNotFinish() throws Exception {
        Files.createFile(repo.resolve("cli/target/.dino-building"));
        Run run = launch(withFakeMaven(env(), true), "--version");
        assertEquals(0, run.code, run.err);
        assertTrue(run.err.startsWith("dino: building cli/target/dino.jar with Maven (a build of it did not finish)"), run.err);
    }

    @Test
    void aFailedBuildLeavesNoJar() throws Exception {
        Files.delete(jar);
        Run run = launch(withFakeMaven(env(), false), "train");
        assertEquals(2, run.code, run.err);
        assertEquals("", run.out);
        assertTrue(lastLine(run.err).startsWith("dino: the Maven build failed"), run.err);
        assertFalse(Files.exists(jar), "a half-built jar was left in place");
        assertFalse(Files.exists(repo.resolve("cli/target/.dino-building")));
    }

    @Test
    void noMavenWhenABuildIsNeeded() throws Exception {
        Files.delete(jar);
        Map<String, String> env = env();
        env.put("PATH", pathWithout("mvn").toString());
        Run run = launch(env, "train");
        assertOneLineError(run, "Maven is not on PATH");
        assertFalse(Files.exists(jar));
    }

    @Test
    void noJava() throws Exception {
        Map<String, String> env = env();
        env.remove("JAVA_HOME");
        env.put("PATH", pathWithout("java", "mvn").toString());
        assertOneLineError(launch(env, "train"), "no java on PATH");
    }

    @Test
    void javaHomeWithoutJava() throws Exception {
        Map<String, String> env = env();
        env.put("JAVA_HOME", Files.createDirectories(dir.resolve("not-a-jdk")).toString());
        assertOneLineError(launch(env, "train"), "has no bin/java");
    }

    @ParameterizedTest
    @ValueSource(strings = {"java version \"1.8.0_392\"", "openjdk version \"11.0.22\" 2024-01-16", "openjdk version \"16\" 2021-03-16"})
    void refusesAJdkOlderThan17(String versionLine) throws Exception {
        Path jdk = fakeJdk("echo '" + versionLine + "' >&2\nexit 0\n");
        Map<String, String> env = env();
        env.put("JAVA_HOME", jdk.toString());
        Run run = launch(env, "train");
        assertOneLineError(run, "needs 17 or newer");
        assertFalse(Files.exists(jdk.resolve("ran")), "dino ran on an old JDK");
    }

    @Test
    void honoursJavaHome() throws Exception {
        // A JDK whose java records every call and runs the real one; its release file says 17 (so no AOT cache).
        Path jdk = fakeJdk("echo \"$@\" >> \"$(dirname \"$0\")/../calls\"\nexec '" + JAVA_HOME + "/bin/java' \"$@\"\n");
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"17.0.99\"\nMODULES=\"java.base jdk.incubator.vector\"\n");
        Map<String, String> env = env();
        env.put("JAVA_HOME", jdk.toString());
        Run run = launch(env, "info");
        assertEquals(0, run.code, run.err);
        String calls = Files.readString(jdk.resolve("calls"));
        assertTrue(calls.contains("--add-modules jdk.incubator.vector") && calls.contains("-jar " + jar.toRealPath() + " info"), calls);
        assertFalse(Files.exists(repo.resolve("target/dino.aot")));
    }

    @Test
    void passesDinoJavaOptsThrough() throws Exception {
        Map<String, String> env = env();
        env.put("DINO_JAVA_OPTS", "-Xmx300m -XX:TieredStopAtLevel=1"); // C1 only: auto falls back to scalar
        Run run = launch(env, "train", "--iterations", "0");
        assertEquals(0, run.code, run.err);
        assertTrue(run.err.contains("kernels: scalar") && run.err.contains("C2 is off"), run.err);
    }

    @Test
    void anUnwritableCliTargetIsOneLine() throws Exception {
        Files.delete(jar);
        Files.delete(jar.getParent());
        Files.writeString(jar.getParent(), "a file where the build folder should be");
        assertOneLineError(launch(withFakeMaven(env(), true), "train"), "cannot write");
    }

    @Test
    void makesTheAotCacheOnceAndKeepsStdoutTheSame() throws Exception {
        assumeAotCache();
        Run first = launch(env(), "train", "--iterations", "2001");
        assertEquals(0, first.code, first.err);
        assertTrue(first.err.startsWith("dino: making the start-up cache target/dino.aot"), first.err);
        assertEquals(expected2001, first.out);
        assertEquals(Set.of("dino.aot", "dino.aot.key", "dino.aot.log"), list(repo.resolve("target")));

        Run cached = launch(env(), "train", "--iterations", "2001");
        assertEquals(0, cached.code, cached.err);
        assertFalse(cached.err.contains("start-up cache"), cached.err);
        assertFalse(cached.err.contains("[warning]") || cached.err.contains("[error]"), cached.err);
        assertEquals(expected2001, cached.out);

        Map<String, String> off = env();
        off.put("DINO_JAVA_OPTS", "-XX:AOTMode=off");
        Run without = launch(off, "train", "--iterations", "2001");
        assertEquals(0, without.code, without.err);
        assertEquals(expected2001, without.out);
    }

    @Test
    void remakesAStaleOrForeignAotCache() throws Exception {
        assumeAotCache();
        Path aot = repo.resolve("target/dino.aot");
        Path key = repo.resolve("target/dino.aot.key");
        assertTrue(launch(env(), "--version").err.contains("making the start-up cache"));

        FileTime earlier = FileTime.fromMillis(System.currentTimeMillis() - 60_000); // the jar is newer: a new build
        Files.setLastModifiedTime(key, earlier);
        Files.setLastModifiedTime(aot, earlier);
        assertRemade(launch(env(), "--version"));

        Files.writeString(aot, "a cache from somewhere else"); // foreign: replaced after its key was written
        assertRemade(launch(env(), "--version"));

        Files.writeString(key, "25.0.0 /some/other/jdk/bin/java --add-modules jdk.incubator.vector\n"); // another JDK
        assertRemade(launch(env(), "--version"));

        Run settled = launch(env(), "--version");
        assertFalse(settled.err.contains("start-up cache"), settled.err);
    }

    @Test
    void anUnwritableTargetForTheCacheIsOneLine() throws Exception {
        assumeAotCache();
        Files.writeString(repo.resolve("target"), "a file where the cache folder should be");
        assertOneLineError(launch(env(), "train"), "cannot write");
    }

    // ---- helpers

    private static void assumeAotCache() {
        Assumptions.assumeTrue(Runtime.version().feature() >= 25,
                "the AOT cache needs JDK 25+; this JDK is " + Runtime.version() + " (.ci/run also runs the suite on JDK 25)");
    }

    private void assertRemade(Run run) throws IOException {
        assertEquals(0, run.code, run.err);
        assertTrue(run.err.contains("dino: making the start-up cache"), run.err);
        assertEquals("", run.out.replaceFirst("^dino .*\\R", "").replaceFirst("^JVM: .*\\R", ""), run.out);
        assertEquals(Set.of("dino.aot", "dino.aot.key", "dino.aot.log"), list(repo.resolve("target")));
    }

    private static void assertOneLineError(Run run, String says) {
        assertEquals(2, run.code, run.err);
        assertEquals("", run.out);
        assertEquals(1, run.err.strip().lines().count(), run.err);
        assertTrue(run.err.startsWith("dino: ") && run.err.contains(says), run.err);
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static Set<String> list(Path folder) throws IOException {
        Set<String> names = new HashSet<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(f -> names.add(f.getFileName().toString()));
        }
        return names;
    }

    /** The test's own environment with the test's JDK as JAVA_HOME and no DINO_JAVA_OPTS. */
    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("JAVA_HOME", JAVA_HOME);
        env.remove("DINO_JAVA_OPTS");
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("JDK_JAVA_OPTIONS");
        return env;
    }

    /** PATH with a fake mvn first: it records its arguments and copies the jar in, or fails half-way. */
    private Map<String, String> withFakeMaven(Map<String, String> env, boolean succeeds) throws IOException {
        Path bin = Files.createDirectories(dir.resolve(succeeds ? "mvn-ok" : "mvn-fails"));
        String script = succeeds
                ? "#!/bin/sh\necho \"$@\" > mvn-args.txt\nmkdir -p cli/target && cp '" + builtJar + "' cli/target/dino.jar\n"
                : "#!/bin/sh\nmkdir -p cli/target && printf 'PK half' > cli/target/dino.jar\necho '[ERROR] compilation failed'\nexit 1\n";
        executable(bin.resolve("mvn"), script);
        env.put("PATH", bin + File.pathSeparator + env.get("PATH"));
        return env;
    }

    /** A folder of links to every program on PATH except the named ones. */
    private Path pathWithout(String... names) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("path-without-" + String.join("-", names)));
        Set<String> excluded = Set.of(names);
        for (String folder : System.getenv("PATH").split(File.pathSeparator)) {
            Path d = Path.of(folder);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path link = bin.resolve(f.getFileName().toString());
                    if (!excluded.contains(f.getFileName().toString()) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            && Files.isExecutable(f) && !Files.isDirectory(f)) {
                        Files.createSymbolicLink(link, f.toAbsolutePath());
                    }
                }
            }
        }
        return bin;
    }

    private Path fakeJdk(String javaBody) throws IOException {
        Path jdk = Files.createDirectories(dir.resolve("fake-jdk"));
        executable(Files.createDirectories(jdk.resolve("bin")).resolve("java"),
                "#!/bin/sh\ncase \" $* \" in *' -jar '*) touch \"$(dirname \"$0\")/../ran\" ;; esac\n" + javaBody);
        return jdk;
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Run launch(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(repo.resolve("dino").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()) // not the repository: the launcher finds it
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launcher did not finish in 120 s");
        return new Run(p.exitValue(), Files.readString(dir.resolve("stdout.txt")), Files.readString(dir.resolve("stderr.txt")));
    }

    private static final class Run {
        final int code;
        final String out;
        final String err;

        Run(int code, String out, String err) {
            this.code = code;
            this.out = out;
            this.err = err;
        }
    }
}
