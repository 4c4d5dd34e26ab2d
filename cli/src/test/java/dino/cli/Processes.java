// Starts the real `dino` entry point in a child JVM (same classpath and JDK as the tests).
package dino.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Child JVMs running {@link Main}, for signals, kills, and runs without the vector module. */
public final class Processes {
    private Processes() {
    }

    public static ProcessBuilder dino(Path dir, boolean vectorModule, String... args) {
        return dino(dir, List.of(), vectorModule, args);
    }

    /** {@link #dino(Path, boolean, String...)} with JVM options (e.g. {@code -Xmx32m}) before the class. */
    public static ProcessBuilder dino(Path dir, List<String> jvmOptions, boolean vectorModule, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        if (vectorModule) {
            command.add("--add-modules=jdk.incubator.vector");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
    }

    public static String stderr(Path dir) throws IOException {
        return Files.readString(dir.resolve("stderr.txt"));
    }

    public static String stdout(Path dir) throws IOException {
        return Files.readString(dir.resolve("stdout.txt"));
    }

    /** Sends a signal by name (INT, TERM, KILL) to a process. */
    public static void signal(Process p, String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(p.pid())).redirectErrorStream(true).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " failed: " + new String(kill.getInputStream().readAllBytes()));
        }
    }

    /** Whether this JVM (and so its children) ignores SIGINT, as background jobs of a script do. */
    public static boolean sigintIgnored() throws IOException {
        File status = new File("/proc/self/status");
        for (String line : Files.readAllLines(status.toPath())) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                return (mask & (1L << 1)) != 0;
            }
        }
        return false;
    }

    /**
     * Waits until the file holds {@code text} (a line the process prints once it has reached some
     * point), polling, up to a generous cap; fails early, with its stderr, if the process ends first.
     */
    public static void awaitText(Process p, Path file, String text, long capMillis) throws InterruptedException, IOException {
        long end = System.nanoTime() + capMillis * 1_000_000;
        while (System.nanoTime() < end) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return;
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("the process ended (exit " + p.exitValue() + ") before printing '" + text
                        + "' to " + file.getFileName() + "; stderr:\n" + stderr(file.getParent()));
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException(file + " did not show '" + text + "' within " + capMillis + " ms");
    }
}
