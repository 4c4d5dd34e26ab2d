// `dino eval`: loss per character, perplexity and bits per character of a model on a data file.
package dino.cli;

import dino.api.Evaluation;
import dino.api.Mode;
import dino.api.ProgressListener;
import dino.cli.shared.DataFiles;
import dino.cli.shared.KernelsOption;
import dino.cli.shared.ModeOption;
import dino.cli.shared.Progress;
import dino.lib.Corpus;
import dino.lib.Kernels;
import dino.lib.Model;
import dino.lib.RunOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Mean cross-entropy per predicted character: for a names model each line from the zero state,
 * its characters and the end token predicted; for a text model the whole text in windows of the
 * model's --seq-length with the state carried.
 */
@Command(name = "eval",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Evaluates a model on a data file: mean loss per character (natural log), perplexity and bits "
                + "per character. Names are scored one by one from the zero state, end token included; text is scored "
                + "as one sequence.",
        footer = {"", "Example:",
                "  java --add-modules jdk.incubator.vector -jar dino.jar eval \\",
                "      --model dinos.npz --data data/dinos.txt"})
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE.npz", required = true, description = "Model file written by train --save.")
    Path model;

    @Option(names = "--data", paramLabel = "FILE", description = "Data to score (default: the bundled dinos.txt).")
    Path data;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "lines or text: how to read a model file that does not say (a PyTorch state dict); "
                    + "without it, text when its vocabulary has upper-case letters, else lines.")
    String mode;

    @Mixin
    KernelsOption kernels;

    @Override
    public Integer call() {
        Model loaded = Model.load(model, ModeOption.parse(mode, spec));
        PrintWriter err = spec.commandLine().getErr();
        boolean showProgress = Progress.stderrIsTerminal();
        Progress reading = new Progress(err, showProgress, 0, 0);
        // Read in the model's vocabulary; a character it does not know is an error that names it.
        Corpus corpus = DataFiles.of(data, reading);
        Kernels chosen = kernels.select(err);
        boolean names = loaded.mode() == Mode.LINES;
        Progress[] scoring = new Progress[1];
        ProgressListener[] bar = new ProgressListener[1];
        Evaluation result;
        try {
            result = loaded.withOptions(RunOptions.defaults().withKernels(chosen)).evaluate(corpus, (done, total) -> {
                if (bar[0] == null) {
                    // The data has been read: its bar gives way to the scoring's.
                    reading.clear();
                    scoring[0] = new Progress(err, showProgress, 0, 0);
                    bar[0] = names ? scoring[0].task("eval", "names", 1) : scoring[0].task("eval", "M characters", 1e6);
                }
                bar[0].advanced(done, total);
            });
        } finally {
            reading.clear();
            if (scoring[0] != null) {
                scoring[0].clear();
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "characters: %d%n", result.characters());
        out.printf(Locale.ROOT, "loss per character: %.6f%n", result.lossPerCharacter());
        out.printf(Locale.ROOT, "perplexity: %.6f%n", result.perplexity());
        out.printf(Locale.ROOT, "bits per character: %.6f%n", result.bitsPerCharacter());
        out.flush();
        return 0;
    }
}
