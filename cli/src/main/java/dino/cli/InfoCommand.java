// `dino info`: the JVM, the vector support and the CPU features that decide how fast dino runs here, or a model file.
package dino.cli;

import dino.api.Kernels;
import dino.api.Model;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints one {@code key: value} line per fact, for people and scripts. */
@Command(name = "info",
        mixinStandardHelpOptions = true,
        description = "Shows the JDK, the vector support, the kernel set that auto picks, and the CPU features that matter; "
                + "with --model, what a model file holds instead: its cell, sizes, settings and training state.",
        footer = {"", "Examples:", "  java --add-modules jdk.incubator.vector -jar dino.jar info",
                "  java --add-modules jdk.incubator.vector -jar dino.jar info --model dinos.npz"})
final class InfoCommand implements Callable<Integer> {
    private static final String[] FEATURES = {"sse4_2", "avx", "avx2", "fma", "avx512f", "avx512dq", "avx512vl"};

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE.npz",
            description = "Describe this model file (any file train --save writes, or a PyTorch state dict with a vocab) instead of the machine.")
    Path model;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (model != null) {
            describe(Model.load(model), out);
            out.flush();
            return 0;
        }
        out.println("java: " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name") + ")");
        out.println("java home: " + System.getProperty("java.home"));
        out.println("vector module: " + (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                ? "present" : "absent (run java with --add-modules jdk.incubator.vector)"));
        for (String line : Kernels.report()) {
            out.println(line);
        }
        out.println("processors: " + Runtime.getRuntime().availableProcessors());
        String[] cpu = cpu();
        out.println("cpu: " + cpu[0]);
        out.println("cpu features: " + cpu[1]);
        out.flush();
        return 0;
    }

    /** One {@code key: value} line per fact of a model file. */
    private void describe(Model m, PrintWriter out) {
        ModelFacts.of(m, model).forEach((key, value) -> out.println(key + ": " + value));
    }

    /** The CPU's model name (for reports). */
    static String cpuModel() {
        return cpu()[0];
    }

    /** Model name and the vector-relevant flags from /proc/cpuinfo (Linux), or what the JVM knows. */
    private static String[] cpu() {
        Path info = Path.of("/proc/cpuinfo");
        String model = System.getProperty("os.arch");
        List<String> present = new ArrayList<>();
        try {
            List<String> flags = List.of();
            for (String line : Files.readAllLines(info)) {
                if (line.startsWith("model name") && model.equals(System.getProperty("os.arch"))) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                } else if (line.startsWith("flags") && flags.isEmpty()) {
                    flags = List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                }
            }
            for (String f : FEATURES) {
                if (flags.contains(f)) {
                    present.add(f);
                }
            }
            return new String[] {model, present.isEmpty() ? "none of " + String.join(", ", FEATURES) : String.join(" ", present)};
        } catch (IOException | RuntimeException e) {
            return new String[] {model, "unknown (no /proc/cpuinfo)"};
        }
    }
}
