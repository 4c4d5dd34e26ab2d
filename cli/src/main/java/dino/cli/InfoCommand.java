// `dino info`: the JVM, the vector support and the CPU features that decide how fast dino runs here, or a model file.
package dino.cli;

import dino.cli.shared.CpuFacts;
import dino.cli.shared.ModelFacts;
import dino.engine.kernels.KernelChoice;
import dino.lib.Model;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints one {@code key: value} line per fact, for people and scripts. */
@Command(name = "info",
        mixinStandardHelpOptions = true,
        description = "Shows the JDK, the vector support, the kernel set that auto picks, the CPU features that matter (x86: "
                + "AVX flags; AArch64: NEON, SVE, SVE2) and the vector width HotSpot chose; "
                + "with --model, what a model file holds instead: its cell, sizes, settings and training state.",
        footer = {"", "Examples:", "  java --add-modules jdk.incubator.vector -jar dino.jar info",
                "  java --add-modules jdk.incubator.vector -jar dino.jar info --model dinos.npz"})
final class InfoCommand implements Callable<Integer> {
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
        for (String line : KernelChoice.report()) {
            out.println(line);
        }
        out.println("processors: " + Runtime.getRuntime().availableProcessors());
        CpuFacts cpu = cpu();
        out.println("os arch: " + System.getProperty("os.arch"));
        out.println("cpu: " + cpu.model);
        out.println("cpu features: " + cpu.features);
        String jvm = CpuFacts.jvmVectors(System.getProperty("os.arch"));
        if (jvm != null) {
            out.println("jvm vectors: " + jvm);
        }
        out.flush();
        return 0;
    }

    /** One {@code key: value} line per fact of a model file. */
    private void describe(Model m, PrintWriter out) {
        ModelFacts.of(m, model).forEach((key, value) -> out.println(key + ": " + value));
    }

    /** The CPU's model and vector features, for this JVM's architecture. */
    private static CpuFacts cpu() {
        return CpuFacts.ofThisMachine();
    }
}
