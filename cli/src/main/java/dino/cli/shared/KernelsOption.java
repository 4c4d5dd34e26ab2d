// The --kernels option shared by every command that runs the model.
package dino.cli.shared;

import dino.lib.Kernels;
import dino.lib.RunOptions;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * A picocli mixin: {@code --kernels auto|scalar|vector}, resolved once with warnings on the command's
 * stderr. No picocli default: when the option is absent, the {@code -Ddino.kernels} property decides, then auto.
 */
public final class KernelsOption {
    @Option(names = "--kernels", paramLabel = "KIND",
            description = "Kernel set: auto, scalar or vector (default: the JVM's -Ddino.kernels=KIND, else auto).")
    String kernels;

    /** The kernel set this option names; the line saying why auto fell back to scalar, if it did, goes to {@code err}. */
    public Kernels select(PrintWriter err) {
        Kernels chosen = Kernels.named(kernels);
        chosen.warning().ifPresent(err::println);
        return chosen;
    }

    /** {@code base} on the kernel set this option chooses. */
    public RunOptions options(RunOptions base, PrintWriter err) {
        return base.withKernels(select(err));
    }
}
