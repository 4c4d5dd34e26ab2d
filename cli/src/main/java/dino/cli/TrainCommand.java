// `dino train`: trains on names or text and prints what the reference prints; saves and resumes models.
package dino.cli;

import dino.api.DinoException;
import dino.api.Mode;
import dino.api.TrainingConfig.Setting;
import dino.engine.data.Corpus;
import dino.engine.data.ReadOptions;
import dino.engine.io.AtomicFiles;
import dino.engine.io.Checkpoint;
import dino.engine.io.ModelFile;
import dino.engine.kernels.KernelChoice;
import dino.engine.kernels.KernelSet;
import dino.engine.sample.Sampler;
import dino.engine.train.TrainingConfig;
import dino.engine.train.TrainingSession;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Trains a tanh RNN. With no options it is the reference run: dinos.txt, 35000 iterations, 50 hidden
 * units, and the same output from the reference's second line on.
 */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Trains a character-level recurrent model (the reference's tanh RNN, or stacked RNN, LSTM or GRU "
                + "layers as PyTorch defines them) on a list of names (one per line) or on running text, "
                + "printing the smoothed loss and sampled names every --print-every iterations. "
                + "With no options this is the reference run on the bundled dinosaur names.",
        footer = {"", "Examples:",
                "  java --add-modules jdk.incubator.vector -jar dino.jar train",
                "  java --add-modules jdk.incubator.vector -jar dino.jar train \\",
                "      --data data/names.txt --hidden 128 --save names.npz",
                "  java --add-modules jdk.incubator.vector -jar dino.jar train \\",
                "      --resume names.npz --iterations 70000 --save names.npz",
                "  java --add-modules jdk.incubator.vector -jar dino.jar train --mode text \\",
                "      --data data/tinyshakespeare.txt --optimizer adagrad --learning-rate 0.1 \\",
                "      --hidden 100",
                "  java --add-modules jdk.incubator.vector -jar dino.jar train --mode text \\",
                "      --data data/tinyshakespeare.txt --hidden 512 --batch-size 32 \\",
                "      --precision f32 --iterations 2000 --print-every 500",
                "  java --add-modules jdk.incubator.vector -jar dino.jar train --mode text \\",
                "      --data data/tinyshakespeare.txt --cell lstm --layers 2 --hidden 256 \\",
                "      --dropout 0.1 --batch-size 32 --precision f32 --optimizer adam \\",
                "      --learning-rate 0.002 --val-fraction 0.1 --save lstm.npz"})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE",
            description = "UTF-8 training data: names one per line, or text with --mode text (default: the bundled dinos.txt).")
    Path data;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "lines",
            description = "lines: one name per line, lowercased (the reference); text: running text, case kept, "
                    + "trained in windows of --seq-length (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "35000",
            description = "Train until N iterations in all, one name or window each (default: ${DEFAULT-VALUE}).")
    long iterations;

    @Option(names = "--hidden", paramLabel = "N", defaultValue = "50",
            description = "Hidden units n_a (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--learning-rate", paramLabel = "X", defaultValue = "0.01",
            description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--clip", paramLabel = "X", defaultValue = "5",
            description = "Clip every gradient element to [-X, X] (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "sgd",
            description = "sgd (the reference), adagrad (as min-char-rnn) or adam (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the example order; the weights use S+1. 0 is the reference's (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--seq-length", paramLabel = "N", defaultValue = "25",
            description = "Text mode: characters per backpropagation window (default: ${DEFAULT-VALUE}).")
    int seqLength;

    @Option(names = "--val-fraction", paramLabel = "F", defaultValue = "0",
            description = "Hold out this share of the names (or the end of the text) and print the validation loss "
                    + "per character at every print (default: ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "1",
            description = "Sequences per step: the next B names, or B text streams at evenly spaced points; the "
                    + "gradient is their mean and the printed loss stays per sequence. 1 is the reference (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "f64",
            description = "f64 (the reference) or f32: parameters, activations, gradients and optimizer state "
                    + "in float, twice the vector lanes (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--cell", paramLabel = "CELL", defaultValue = "rnn",
            description = "rnn, lstm or gru: the recurrent cell. A one-layer rnn is the reference's model (Wax, Waa, Wya, ba, by); "
                    + "anything else is PyTorch's nn.RNN/nn.LSTM/nn.GRU with an nn.Linear decoder, saved under its "
                    + "state-dict names (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--layers", paramLabel = "L", defaultValue = "1",
            description = "Stacked recurrent layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
            description = "Dropout probability on the outputs of every layer but the last, while training only, as "
                    + "PyTorch applies it; no effect with one layer (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads that large kernel calls are split over; results are the same bits for every N "
                    + "(default: the available processors).")
    Integer threads;

    @Option(names = "--print-every", paramLabel = "N", defaultValue = "2000",
            description = "Print the loss and samples every N iterations; 0 prints none (default: ${DEFAULT-VALUE}).")
    long printEvery;

    @Option(names = "--samples", paramLabel = "N",
            description = "Samples at each print (default: 7 names, or 1 text).")
    Integer samples;

    @Option(names = "--length", paramLabel = "N",
            description = "Characters per printed sample: a name has at most N before its end is forced "
                    + "(default: 50, the reference's); a text sample has N (default: 200). As sample --length.")
    Integer length;

    @Option(names = "--save", paramLabel = "FILE.npz",
            description = "Write the model and its training state here at the end (numpy .npz).")
    Path save;

    @Option(names = "--save-every", paramLabel = "N", defaultValue = "0",
            description = "Also write --save every N iterations; 0: only at the end (default: ${DEFAULT-VALUE}).")
    long saveEvery;

    @Option(names = "--resume", paramLabel = "FILE.npz",
            description = "Continue a run saved with --save, exactly, up to --iterations in all.")
    Path resume;

    @Option(names = "--max-line-length", paramLabel = "N", defaultValue = "1000",
            description = "Lines mode: refuse data with a longer line (it is probably not a list of names) (default: ${DEFAULT-VALUE}).")
    int maxLineLength;

    @Option(names = "--plot", paramLabel = "FILE",
            description = "Draw the training (and validation) loss curve of this run to FILE.png or FILE.svg.")
    Path plot;

    @Option(names = "--quiet", description = "No progress bar and no informational lines on stderr (errors still go there).")
    boolean quiet;

    @Mixin
    KernelsOption kernels;

    /** The training settings the options give (checked by {@link #validate}). */
    private dino.api.TrainingConfig settings;

    @Override
    public Integer call() {
        validate();
        KernelSet chosen = kernels.select(spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        TrainingSession<?> session = resume != null ? resumed(chosen, err) : started(chosen, out, err);
        if (!quiet) {
            err.println(KernelChoice.describe(chosen));
        }
        Progress progress = new Progress(err, showProgress(), session.iteration(), iterations);
        LossPlot curve = plot == null ? null : new LossPlot(plot, session.iteration(), iterations);
        TrainingSession.Monitor monitor = (iteration, smoothLoss) -> {
            progress.tick(iteration, smoothLoss);
            if (curve != null) {
                curve.training(iteration, smoothLoss);
            }
            return Interrupts.requested();
        };
        if (save != null) {
            Interrupts.guard();
        }
        Corpus corpus = session.corpus;
        boolean text = corpus.mode == Corpus.Mode.TEXT;
        int newline = Math.max(0, corpus.vocabulary.newline());
        Sampler<?> sampler = session.sampler(newline, length != null ? length : text ? 200 : 50, !text);
        int sampleCount = samples != null ? samples : text ? 1 : 7;
        int[] sample = new int[sampler.maxLength() + 1];
        boolean validating = session.config.valFraction > 0;

        TrainingSession.Listener report = (iteration, smoothLoss) -> {
            StringBuilder block = new StringBuilder();
            block.append("Iteration: ").append(iteration).append(", Loss: ").append(Text.fixed6(smoothLoss)).append('\n');
            if (validating) {
                double validation = session.validationLoss();
                block.append("Validation loss: ").append(Text.fixed6(validation)).append(" per character\n");
                if (curve != null) {
                    curve.validation(iteration, validation);
                }
            }
            block.append('\n');
            sampler.refresh();
            for (int k = 0; k < sampleCount; k++) {
                int n = sampler.sample(k, sample);
                String s = corpus.vocabulary.decode(sample, 0, n);
                if (text && sampleCount > 1) {
                    block.append(Text.sampleHeader(k, sampleCount, k)).append('\n');
                }
                block.append(text ? s + "\n" : Text.capitalize(s));
            }
            block.append("\n\n");
            progress.clear();
            out.print(block);
            out.flush();
        };

        long start = System.nanoTime();
        long first = session.iteration();
        long firstCharacters = session.charactersTrained();
        try {
            while (session.iteration() < iterations && !Interrupts.requested()) {
                long next = iterations;
                if (save != null && saveEvery > 0) {
                    next = Math.min(iterations, (session.iteration() / saveEvery + 1) * saveEvery);
                }
                session.runUntil(next, printEvery, report, monitor);
                if (save != null && session.iteration() < iterations) {
                    ModelFile.write(save, session.checkpoint());
                }
            }
        } finally {
            progress.clear();
            out.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (save != null) {
            ModelFile.write(save, session.checkpoint());
        }
        if (curve != null) {
            curve.training(session.iteration(), session.smoothLoss());
            curve.write();
        }
        long done = session.iteration() - first;
        if (Interrupts.requested()) {
            err.println("dino: interrupted at iteration " + session.iteration()
                    + (save == null ? "" : "; saved " + save + ": continue with --resume " + save));
            return 130;
        }
        if (!quiet) {
            long characters = session.charactersTrained() - firstCharacters;
            err.printf(Locale.ROOT, "trained %d iterations in %.3f s (%.0f iterations/s, %.0f characters/s)%s%s%n", done,
                    seconds, done / Math.max(seconds, 1e-9), characters / Math.max(seconds, 1e-9),
                    save == null ? "" : "; saved " + save, plot == null ? "" : "; plotted " + plot);
        }
        return 0;
    }

    private TrainingSession<?> started(KernelSet chosen, PrintWriter out, PrintWriter err) {
        TrainingConfig config = new TrainingConfig(settings);
        Corpus.Mode corpusMode = config.mode;
        ReadOptions reading = corpusMode == Corpus.Mode.LINES ? ReadOptions.DEFAULT.maxLineLength(maxLineLength) : ReadOptions.DEFAULT;
        Corpus corpus = DataFiles.load(data, corpusMode, reading, err, showProgress());
        checkMemory(config, corpus);
        TrainingSession<?> session = TrainingSession.start(config, corpus, chosen, threadCount(), DataFiles.sourceOf(data));
        out.printf(Locale.ROOT, "There are %d total characters and %d unique characters in your data.%n",
                corpus.characterCount(), corpus.vocabulary.size());
        out.println(corpus.vocabulary.pythonDictRepr());
        out.flush();
        return session;
    }

    /** A saved run, continued: no header (its output continues the first run's), settings from the file. */
    private TrainingSession<?> resumed(KernelSet chosen, PrintWriter err) {
        Checkpoint saved = ModelFile.read(resume);
        List<String> conflicts = new ArrayList<>();
        TrainingConfig c = saved.config;
        for (Setting s : Setting.values()) {
            Object file = s.valueIn(c.settings);
            if (spec.commandLine().getParseResult().hasMatchedOption(Flags.of(s)) && !s.valueIn(settings).equals(file)) {
                conflicts.add(Flags.of(s) + " (the model has " + file + ")");
            }
        }
        if (!conflicts.isEmpty()) {
            throw new DinoException("a resumed run keeps its model's settings; drop " + String.join(", ", conflicts));
        }
        Corpus corpus = data != null ? DataFiles.load(data, c.mode, ReadOptions.DEFAULT, err, showProgress())
                : DataFiles.loadSource(saved.dataSource, c.mode, err, showProgress());
        if (!corpus.vocabulary.equals(saved.vocabulary)) {
            throw new DinoException("the data's vocabulary differs from the model's: resume with the --data it was trained on ("
                    + saved.dataSource + ")");
        }
        if (!saved.dataFingerprint.isEmpty() && !saved.dataFingerprint.equals(corpus.fingerprint())) {
            throw new DinoException("the data differs from what the model was trained on: resume with the --data it was trained on ("
                    + saved.dataSource + ")");
        }
        String source = data != null ? DataFiles.sourceOf(data) : saved.dataSource;
        TrainingSession<?> session = TrainingSession.resume(saved, corpus, chosen, threadCount(), source);
        err.println("resuming " + resume + " at iteration " + session.iteration());
        if (session.iteration() > iterations) {
            throw new DinoException("the model has already trained " + session.iteration()
                    + " iterations: give --iterations above that (it counts all iterations, not new ones)");
        }
        return session;
    }

    /** --threads, or the available processors. */
    private int threadCount() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    private boolean showProgress() {
        return !quiet && Progress.stderrIsTerminal();
    }

    /** Refuses a model that cannot fit in this JVM's heap, before allocating it. */
    private static void checkMemory(TrainingConfig config, Corpus corpus) {
        long needed = TrainingSession.estimateBytes(config, corpus);
        Runtime rt = Runtime.getRuntime();
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (needed > available * 0.9) {
            throw new DinoException(String.format(Locale.ROOT,
                    "--hidden %d with --batch-size %d needs about %.2f GB but this JVM can use %.2f GB: use a smaller "
                            + "--hidden or --batch-size, or give java more memory (java -Xmx...)",
                    config.hidden, config.batchSize, needed / 1e9, available / 1e9));
        }
    }

    private void validate() {
        if (iterations < 0) {
            throw new ParameterException(spec.commandLine(), "--iterations must be 0 or more, got " + iterations);
        }
        if (printEvery < 0) {
            throw new ParameterException(spec.commandLine(), "--print-every must be 0 or more, got " + printEvery);
        }
        if (samples != null && samples < 0) {
            throw new ParameterException(spec.commandLine(), "--samples must be 0 or more, got " + samples);
        }
        if (threads != null && (threads < 1 || threads > 256)) {
            throw new ParameterException(spec.commandLine(), "--threads must be between 1 and 256, got " + threads);
        }
        if (length != null && (length < 1 || length > 1_000_000)) {
            throw new ParameterException(spec.commandLine(), "--length must be between 1 and 1000000, got " + length);
        }
        if (saveEvery < 0) {
            throw new ParameterException(spec.commandLine(), "--save-every must be 0 or more, got " + saveEvery);
        }
        if (maxLineLength < 1 || maxLineLength > Corpus.MAX_RAW_LINE) {
            throw new ParameterException(spec.commandLine(), "--max-line-length must be between 1 and " + Corpus.MAX_RAW_LINE
                    + ", got " + maxLineLength);
        }
        try {
            settings = dino.api.TrainingConfig.builder().hidden(hidden).learningRate(learningRate).clip(clip)
                    .optimizer(dino.api.TrainingConfig.Optimizer.parse(optimizer)).seed(seed).mode(Mode.parse(mode))
                    .seqLength(seqLength).valFraction(valFraction).batchSize(batchSize)
                    .precision(dino.api.TrainingConfig.Precision.parse(precision))
                    .cell(dino.api.TrainingConfig.Cell.parse(cell)).layers(layers).dropout(dropout).build();
        } catch (DinoException e) {
            throw new ParameterException(spec.commandLine(), Flags.message(e));
        }
        // Output files must be writable before hours of training, not after.
        if (save != null) {
            AtomicFiles.checkWritable(save, "--save");
        }
        if (plot != null) {
            LossPlot.check(plot);
        }
        if (saveEvery > 0 && save == null) {
            throw new ParameterException(spec.commandLine(), "--save-every needs --save FILE.npz");
        }
    }
}
