// `dino eval`: loss per character, perplexity and bits per character of a model on a data file.
package dino.cli;

import dino.engine.data.Corpus;
import dino.engine.data.ProgressListener;
import dino.engine.data.ReadOptions;
import dino.engine.io.Checkpoint;
import dino.engine.io.ModelFile;
import dino.engine.kernels.KernelSet;
import dino.engine.train.Evaluator;
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

    @Mixin
    KernelsOption kernels;

    @Override
    public Integer call() {
        Checkpoint saved = ModelFile.read(model);
        PrintWriter err = spec.commandLine().getErr();
        boolean showProgress = Progress.stderrIsTerminal();
        // Ids in the model's vocabulary; a character it does not know is an error that names it.
        Corpus corpus = DataFiles.load(data, saved.config.mode, ReadOptions.DEFAULT.vocabulary(saved.vocabulary), err,
                showProgress);
        int newline = Math.max(0, saved.vocabulary.newline());
        KernelSet chosen = kernels.select(err);
        Progress progress = new Progress(err, showProgress, 0, 0);
        double total = 0;
        long predictions = 0;
        try {
            if (corpus.mode == Corpus.Mode.LINES) {
                Evaluator<?> evaluator = Evaluator.create(saved.model, chosen, newline, corpus.longestLine());
                ProgressListener bar = progress.task("eval", "names", 1);
                int n = corpus.lineCount();
                for (int i = 0; i < n; i++) {
                    int[] line = corpus.line(i);
                    total += evaluator.nameLoss(line);
                    predictions += line.length + 1;
                    bar.advanced(i + 1, n);
                }
            } else {
                int window = saved.config.seqLength;
                long length = corpus.characterCount();
                total = Evaluator.create(saved.model, chosen, newline, window)
                        .textLoss(corpus.cursor(), 0, length, window, progress.task("eval", "M characters", 1e6));
                predictions = length - 1;
            }
        } finally {
            progress.clear();
        }
        double mean = total / predictions;
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "characters: %d%n", predictions);
        out.printf(Locale.ROOT, "loss per character: %.6f%n", mean);
        out.printf(Locale.ROOT, "perplexity: %.6f%n", Math.exp(mean));
        out.printf(Locale.ROOT, "bits per character: %.6f%n", mean / Math.log(2));
        out.flush();
        return 0;
    }
}
