// --mode on sample and eval: how to read a model file that does not record its mode (a PyTorch state dict).
package dino.cli.shared;

import dino.api.DinoException;
import dino.api.Mode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Parses the option; a bad name is a bad option (exit 2, with the pointer to --help). */
public final class ModeOption {
    private ModeOption() {
    }

    /** The mode named, or null when the option is absent. */
    public static Mode parse(String mode, CommandSpec spec) {
        try {
            return mode == null ? null : Mode.parse(mode);
        } catch (DinoException e) {
            throw new ParameterException(spec.commandLine(), Flags.message(e));
        }
    }
}
