// The --kernels option shared by every command that runs the model.
package dino.cli;

import dino.engine.kernels.KernelChoice;
import dino.engine.kernels.KernelSet;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * A picocli mixin: {@code --kernels auto|scalar|vector}, resolved once with warnings on the command's
 * stderr. No picocli default: when the option is absent, {@link KernelChoice} reads {@code -Ddino.kernels},
 * then falls back to auto.
 */
final class KernelsOption {
    @Option(names = "--kernels", paramLabel = "KIND",
            description = "Kernel set: auto, scalar or vector (default: the JVM's -D" + KernelChoice.PROPERTY + "=KIND, else auto).")
    String kernels;

    KernelSet select(PrintWriter err) {
        return KernelChoice.select(kernels, err::println);
    }
}
