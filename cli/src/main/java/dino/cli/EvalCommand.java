// `dino eval`: loss per character, perplexity and bits per character of a model on a data file.
package dino.cli;

import dino.engine.data.Corpus;
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
        Corpus corpus = DataFiles.load(data, saved.config.mode);
        int[] text = saved.vocabulary.encode(corpus.text, "the data");
        int newline = Math.max(0, saved.vocabulary.newline());
        KernelSet chosen = kernels.select(spec.commandLine().getErr());
        double total = 0;
        long predictions = 0;
        if (corpus.mode == Corpus.Mode.LINES) {
            int[][] lines = new int[corpus.lines.size()][];
            int longest = 0;
            for (int i = 0; i < lines.length; i++) {
                lines[i] = saved.vocabulary.encode(corpus.lines.get(i), "the data");
                longest = Math.max(longest, lines[i].length);
            }
            Evaluator<?> evaluator = Evaluator.create(saved.model, chosen, newline, longest);
            for (int[] line : lines) {
                total += evaluator.nameLoss(line);
                predictions += line.length + 1;
            }
        } else {
            int window = saved.config.seqLength;
            total = Evaluator.create(saved.model, chosen, newline, window).textLoss(text, 0, text.length, window);
            predictions = text.length - 1;
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
