// `dino train`: trains on a list of names and prints what the reference prints.
package dino.cli;

import dino.engine.Corpus;
import dino.engine.KernelChoice;
import dino.engine.Kernels;
import dino.engine.Layout;
import dino.engine.Model;
import dino.engine.NumpyRandom;
import dino.engine.Sampler;
import dino.engine.Trainer;
import dino.engine.TrainingLoop;
import java.io.InputStream;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Trains a tanh RNN on names, one per line. With no options it is the reference run: dinos.txt,
 * 35000 iterations, 50 hidden units, and the same output from the reference's second line on.
 */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Trains a character-level tanh RNN on a list of names (one per line) with SGD and",
                "gradient clipping, printing the smoothed loss and sampled names every --print-every iterations.",
                "With no options this is the reference run on the bundled dinosaur names."},
        footer = {"", "Examples:",
                "  java --add-modules jdk.incubator.vector -jar dino.jar train",
                "  java --add-modules jdk.incubator.vector -jar dino.jar train --data data/names.txt --hidden 128 --iterations 100000"})
final class TrainCommand implements Callable<Integer> {
    /** The reference's quirk: the smoothed loss starts at −log(1/vocab)·7, 7 being its number of samples. */
    private static final int INITIAL_LOSS_LENGTH = 7;
    private static final String BUNDLED = "/dino/data/dinos.txt";

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE",
            description = "UTF-8 file of names, one per line (default: the bundled dinos.txt).")
    Path data;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "35000",
            description = "Training steps, one name each (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--hidden", paramLabel = "N", defaultValue = "50",
            description = "Hidden units n_a (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--learning-rate", paramLabel = "X", defaultValue = "0.01",
            description = "SGD learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--clip", paramLabel = "X", defaultValue = "5",
            description = "Clip every gradient element to [-X, X] (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--print-every", paramLabel = "N", defaultValue = "2000",
            description = "Print the loss and samples every N iterations; 0 prints none (default: ${DEFAULT-VALUE}).")
    int printEvery;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "7",
            description = "Names sampled at each print (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--kernels", paramLabel = "KIND", defaultValue = "auto",
            description = "Kernel set: auto, scalar or vector (default: ${DEFAULT-VALUE}, or -Ddino.kernels).")
    String kernels;

    @Override
    public Integer call() {
        validate();
        Kernels chosen = KernelChoice.select(kernels);
        Corpus corpus = data == null ? bundledCorpus() : Corpus.read(data);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        err.println(KernelChoice.describe(chosen));

        int vocab = corpus.vocabulary.size();
        out.printf(Locale.ROOT, "There are %d total characters and %d unique characters in your data.%n",
                corpus.characterCount(), vocab);
        out.println(corpus.vocabulary.pythonDictRepr());
        out.flush();

        String[] lines = corpus.lines.toArray(new String[0]);
        new NumpyRandom(0).shuffle(lines);
        int[][] examples = new int[lines.length][];
        int longest = 0;
        for (int e = 0; e < lines.length; e++) {
            examples[e] = corpus.encode(lines[e]);
            longest = Math.max(longest, examples[e].length);
        }

        Model model = Model.initialize(new Layout(hidden, vocab, vocab), 1);
        int newline = corpus.vocabulary.newline();
        Trainer trainer = new Trainer(model, chosen, newline, longest, learningRate, clip);
        Sampler sampler = new Sampler(model, chosen, newline, 50);
        int[] name = new int[sampler.maxLength() + 1];
        TrainingLoop loop = new TrainingLoop(trainer, examples, vocab, INITIAL_LOSS_LENGTH);

        long start = System.nanoTime();
        loop.runUntil(iterations, printEvery, (iteration, smoothLoss) -> {
            out.print("Iteration: " + iteration + ", Loss: " + fixed6(smoothLoss) + "\n\n");
            for (int k = 0; k < samples; k++) {
                int length = sampler.sample(k, name);
                out.print(capitalize(corpus.vocabulary.decode(name, 0, length)));
            }
            out.print("\n\n");
            out.flush();
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        err.printf(Locale.ROOT, "trained %d iterations in %.3f s (%.0f iterations/s)%n",
                iterations, seconds, iterations / Math.max(seconds, 1e-9));
        out.flush();
        return 0;
    }

    private void validate() {
        if (iterations < 0) {
            throw new ParameterException(spec.commandLine(), "--iterations must be 0 or more, got " + iterations);
        }
        if (hidden < 1 || hidden > 8192) {
            throw new ParameterException(spec.commandLine(), "--hidden must be between 1 and 8192, got " + hidden);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new ParameterException(spec.commandLine(), "--learning-rate must be a positive number, got " + learningRate);
        }
        if (!(clip > 0)) {
            throw new ParameterException(spec.commandLine(), "--clip must be positive (use a large value to disable clipping), got " + clip);
        }
        if (printEvery < 0) {
            throw new ParameterException(spec.commandLine(), "--print-every must be 0 or more, got " + printEvery);
        }
        if (samples < 0) {
            throw new ParameterException(spec.commandLine(), "--samples must be 0 or more, got " + samples);
        }
    }

    private static Corpus bundledCorpus() {
        InputStream in = TrainCommand.class.getResourceAsStream(BUNDLED);
        if (in == null) {
            throw new IllegalStateException("bundled corpus " + BUNDLED + " is missing from the jar");
        }
        return Corpus.read(in, "bundled dinos.txt");
    }

    /** Python's {@code '%f' % x}: the exact binary value rounded half-even to 6 decimals. */
    static String fixed6(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return Double.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
        }
        return new BigDecimal(x).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** The reference's {@code txt[0].upper() + txt[1:]}. */
    static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int first = s.codePointAt(0);
        int n = Character.charCount(first);
        return new String(Character.toChars(first)).toUpperCase(Locale.ROOT) + s.substring(n);
    }
}
