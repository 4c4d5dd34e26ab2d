// dino.jar as the shade plugin makes it, written by a test from what its own class path holds (LauncherTest's jar).
package dino.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

final class SelfContainedJar {
    private SelfContainedJar() {
    }

    /** dino.jar as the shade plugin makes it, from the main classes and libraries on this test's classpath. */
    static void write(Path target) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        Set<String> seen = new HashSet<>();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest)) {
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (entry.contains("test-classes") || entry.matches(".*(junit|opentest4j|apiguardian|surefire).*")) {
                    continue;
                }
                Path p = Path.of(entry);
                if (Files.isDirectory(p)) {
                    try (Stream<Path> files = Files.walk(p)) {
                        for (Path f : (Iterable<Path>) files::iterator) {
                            if (Files.isRegularFile(f)) {
                                try (InputStream in = Files.newInputStream(f)) {
                                    add(out, seen, p.relativize(f).toString().replace(File.separatorChar, '/'), in);
                                }
                            }
                        }
                    }
                } else if (entry.endsWith(".jar")) {
                    try (JarFile jarFile = new JarFile(p.toFile())) {
                        for (JarEntry e : (Iterable<JarEntry>) jarFile.stream()::iterator) {
                            if (!e.isDirectory()) {
                                try (InputStream in = jarFile.getInputStream(e)) {
                                    add(out, seen, e.getName(), in);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void add(JarOutputStream out, Set<String> seen, String name, InputStream in) throws IOException {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        if (upper.equals("META-INF/MANIFEST.MF") || upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA")
                || name.endsWith("module-info.class") || !seen.add(name)) {
            return;
        }
        out.putNextEntry(new JarEntry(name));
        in.transferTo(out);
        out.closeEntry();
    }
}
