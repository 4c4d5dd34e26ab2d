// `dino train`: trains on names or text and prints what the reference prints; saves and resumes models.
package dino.cli;

import dino.api.DinoException;
import dino.api.Mode;
import dino.api.Products;
import dino.api.Reporting;
import dino.api.Sampling;
import dino.api.TrainingConfig;
import dino.cli.shared.DataFiles;
import dino.cli.shared.Flags;
import dino.cli.shared.KernelsOption;
import dino.cli.shared.LossPlot;
import dino.cli.shared.Progress;
import dino.engine.io.AtomicFiles;
import dino.lib.Corpus;
import dino.lib.Kernels;
import dino.lib.RunOptions;
import dino.lib.Training;
import java.io.PrintWriter;
import java.nio.file.Path;
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
        defaultValueProvider = ApiDefaults.class,
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

    @Option(names = "--mode", paramLabel = "MODE",
            description = "lines: one name per line, lowercased (the reference); text: running text, case kept, "
                    + "trained in windows of --seq-length (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "35000",
            description = "Train until N iterations in all, one name or window each (default: ${DEFAULT-VALUE}).")
    long iterations;

    @Option(names = "--hidden", paramLabel = "N",
            description = "Hidden units n_a (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--learning-rate", paramLabel = "X",
            description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--clip", paramLabel = "X",
            description = "Clip every gradient element to [-X, X] (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--optimizer", paramLabel = "NAME",
            description = "sgd (the reference), adagrad (as min-char-rnn) or adam (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--seed", paramLabel = "S",
            description = "Seed of the example order; the weights use S+1. 0 is the reference's (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--seq-length", paramLabel = "N",
            description = "Text mode: characters per backpropagation window (default: ${DEFAULT-VALUE}).")
    int seqLength;

    @Option(names = "--val-fraction", paramLabel = "F",
            description = "Hold out this share of the names (or the end of the text) and print the validation loss "
                    + "per character at every print (default: ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--batch-size", paramLabel = "B",
            description = "Sequences per step: the next B names, or B text streams at evenly spaced points; the "
                    + "gradient is their mean and the printed loss stays per sequence. 1 is the reference (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--precision", paramLabel = "P",
            description = "f64 (the reference) or f32: parameters, activations, gradients and optimizer state "
                    + "in float, twice the vector lanes (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--cell", paramLabel = "CELL",
            description = "rnn, lstm or gru: the recurrent cell. A one-layer rnn is the reference's model (Wax, Waa, Wya, ba, by); "
                    + "anything else is PyTorch's nn.RNN/nn.LSTM/nn.GRU with an nn.Linear decoder, saved under its "
                    + "state-dict names (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--layers", paramLabel = "L",
            description = "Stacked recurrent layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--dropout", paramLabel = "P",
            description = "Dropout probability on the outputs of every layer but the last, while training only, as "
                    + "PyTorch applies it; no effect with one layer (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--products", paramLabel = "FORM",
            description = "How every product adds a term: mul-add (a multiply, then an add: the reference's numbers) or "
                    + "fma (one fused multiply-add, as BLAS and PyTorch: faster, other bits). Recorded in the model file; "
                    + "--resume continues in the recorded form unless this is given (default: mul-add for the reference "
                    + "model, a one-layer rnn at batch size 1 in f64; fma for every other).")
    String products;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads that large kernel calls are split over; results are the same bits for every N "
                    + "(default: the available processors).")
    Integer threads;

    @Option(names = "--print-every", paramLabel = "N",
            description = "Print the loss and samples every N iterations; 0 prints none (default: ${DEFAULT-VALUE}).")
    long printEvery;

    @Option(names = "--samples", paramLabel = "N",
            description = "Samples at each print (default: 7 names, or 1 text).")
    Integer samples;

    @Option(names = "--length", paramLabel = "N",
            description = "Characters per printed sample: a name has at most N before its end is forced "
                    + "(default: " + Sampling.DEFAULT_NAME_LENGTH + ", the reference's); a text sample has N (default: "
                    + Sampling.DEFAULT_TEXT_LENGTH + "). As sample --length.")
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

    @Option(names = "--keep-best", paramLabel = "FILE.npz",
            description = "With --val-fraction: whenever the validation loss (checked at every print) is the lowest "
                    + "so far, write the model here (no training state), with that iteration and loss; "
                    + "info --model shows them.")
    Path keepBest;

    @Option(names = "--patience", paramLabel = "N",
            description = "With --val-fraction: stop after N validation checks (prints) in a row without a lower "
                    + "validation loss, saying so on stderr; --save is still written. --resume continues the count.")
    Integer patience;

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
    private TrainingConfig settings;
    /** How the run runs: --threads and, for a resumed run, --products (checked by {@link #validate}); kernels chosen in {@link #call}. */
    private RunOptions runOptions;

    @Override
    public Integer call() {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Kernels chosen = kernels.select(err);
        RunOptions options = runOptions.withKernels(chosen);

        try (Training training = resume != null ? resumed(options, err) : started(options, out, err)) {
            TrainOutput.kernels(err, chosen, training.config().products(), quiet);
            return train(training, out, err);
        }
    }

    /** Trains a started or resumed run to --iterations, printing its reports, saving and plotting as asked. */
    private int train(Training training, PrintWriter out, PrintWriter err) {
        Progress progress = new Progress(err, showProgress(), training.iteration(), iterations);
        LossPlot curve = plot == null ? null : new LossPlot(plot, training.iteration(), iterations);
        if (save != null) {
            Interrupts.guard();
        }
        boolean text = training.config().mode() == Mode.TEXT;
        Sampling sampling = samples != null ? Sampling.defaults().withCount(samples)
                : Training.defaultReportSamples(training.config().mode());
        int sampleCount = sampling.count();
        boolean validating = training.config().valFraction() > 0;
        training.reportEvery(printEvery)
                .reportSamples(length != null ? sampling.withLength(length) : sampling)
                .listener(new Training.Listener() {
                    @Override
                    public void iteration(long iteration, double smoothLoss) {
                        progress.tick(iteration, smoothLoss);
                        if (curve != null) {
                            curve.training(iteration, smoothLoss);
                        }
                        if (Interrupts.requested()) {
                            training.stop();
                        }
                    }

                    @Override
                    public void report(Training.Report report) {
                        out.print(TrainOutput.block(report, validating, text, sampleCount, curve, progress));
                        out.flush();
                    }
                });

        long start = System.nanoTime();
        long first = training.iteration();
        long firstCharacters = training.charactersTrained();
        try {
            while (training.iteration() < iterations && !Interrupts.requested() && !training.patienceRanOut()) {
                long next = iterations;
                if (save != null && saveEvery > 0) {
                    next = Math.min(iterations, (training.iteration() / saveEvery + 1) * saveEvery);
                }
                training.runUntil(next);
                if (save != null && training.iteration() < iterations) {
                    training.save(save);
                }
            }
        } finally {
            progress.clear();
            out.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (save != null) {
            training.save(save);
        }
        if (curve != null) {
            curve.training(training.iteration(), training.smoothLoss());
            curve.write();
        }
        long done = training.iteration() - first;
        if (training.patienceRanOut()) {
            TrainOutput.patienceRanOut(err, training, patience);
        }
        if (Interrupts.requested()) {
            err.println("dino: interrupted at iteration " + training.iteration()
                    + (save == null ? "" : "; saved " + save + ": continue with --resume " + save));
            return 130;
        }
        if (!quiet) {
            TrainOutput.summary(err, done, seconds, training.charactersTrained() - firstCharacters, save, plot);
        }
        return 0;
    }

    private Training started(RunOptions options, PrintWriter out, PrintWriter err) {
        Progress reading = new Progress(err, showProgress(), 0, 0);
        Corpus corpus = DataFiles.of(data, reading);
        Training training;
        try {
            training = Training.start(settings,
                    settings.mode() == Mode.LINES ? corpus.withMaxLineLength(maxLineLength) : corpus, options);
        } finally {
            reading.clear();
        }
        keepingBest(training);
        TrainOutput.header(out, training);
        return training;
    }

    /** A saved run, continued: no header (its output continues the first run's), settings from the file. */
    private Training resumed(RunOptions options, PrintWriter err) {
        Progress reading = new Progress(err, showProgress(), 0, 0);
        Training training;
        try {
            training = Training.resume(resume, data == null ? null : DataFiles.of(data, reading), options, settings,
                    Flags.given(spec.commandLine().getParseResult()));
        } finally {
            reading.clear();
        }
        keepingBest(training);
        err.println("resuming " + resume + " at iteration " + training.iteration());
        if (training.iteration() > iterations) {
            throw new DinoException("the model has already trained " + training.iteration()
                    + " iterations: give --iterations above that (it counts all iterations, not new ones)");
        }
        return training;
    }

    /** --keep-best and --patience, before any output: the API checks the run's validation set and --keep-best. */
    private void keepingBest(Training training) {
        if (keepBest != null) {
            training.keepBest(keepBest);
        }
        if (patience != null) {
            training.patience(patience);
        }
    }

    private boolean showProgress() {
        return !quiet && Progress.stderrIsTerminal();
    }

    private void validate() {
        if (iterations < 0) {
            throw new ParameterException(spec.commandLine(), "--iterations must be 0 or more, got " + iterations);
        }
        Reporting reporting = Reporting.defaults();
        try { // the API's limits: --print-every here, --patience below (the order of the checks is the command line's)
            reporting = reporting.withEvery(printEvery);
        } catch (DinoException e) {
            throw new ParameterException(spec.commandLine(), Flags.message(e));
        }
        if (samples != null && samples < 0) {
            throw new ParameterException(spec.commandLine(), "--samples must be 0 or more, got " + samples);
        }
        runOptions = RunOptions.defaults();
        if (threads != null) {
            try {
                runOptions = runOptions.withThreads(threads);
            } catch (DinoException e) {
                throw new ParameterException(spec.commandLine(), Flags.message(e));
            }
        }
        if (saveEvery < 0) {
            throw new ParameterException(spec.commandLine(), "--save-every must be 0 or more, got " + saveEvery);
        }
        // The API checks the rest against its named limits, once; a value it refuses is a bad option.
        try {
            if (length != null) {
                Sampling.defaults().withLength(length);
            }
            Corpus.dinos().withMaxLineLength(maxLineLength);
            settings = TrainingConfig.builder().hidden(hidden).learningRate(learningRate).clip(clip)
                    .optimizer(TrainingConfig.Optimizer.parse(optimizer)).seed(seed).mode(Mode.parse(mode))
                    .seqLength(seqLength).valFraction(valFraction).batchSize(batchSize)
                    .precision(TrainingConfig.Precision.parse(precision)).cell(TrainingConfig.Cell.parse(cell))
                    .layers(layers).dropout(dropout).products(products == null ? null : Products.parse(products)).build();
            // A resumed run keeps its file's form unless --products is given (a new run has it in its settings).
            runOptions = runOptions.withProducts(resume != null && products != null ? settings.products() : null);
        } catch (DinoException e) {
            throw new ParameterException(spec.commandLine(), Flags.message(e));
        }
        // Output files must be writable before hours of training, not after.
        if (save != null) {
            AtomicFiles.checkWritable(save, "{save}");
        }
        if (plot != null) {
            LossPlot.check(plot);
        }
        try { // a resumed run's validation set comes from its file: the API checks it there (keepingBest)
            (patience != null ? reporting.withPatience(patience) : reporting).requireChecks(keepBest != null);
            if (resume == null && (keepBest != null || patience != null)) {
                settings.requireValidation(keepBest != null ? "keepBest" : "patience");
            }
        } catch (DinoException e) {
            throw new ParameterException(spec.commandLine(), Flags.message(e));
        }
        if (keepBest != null && save != null && keepBest.toAbsolutePath().normalize().equals(save.toAbsolutePath().normalize())) {
            throw new ParameterException(spec.commandLine(), "--keep-best and --save must be different files");
        }
        if (saveEvery > 0 && save == null) {
            throw new ParameterException(spec.commandLine(), "--save-every needs --save FILE.npz");
        }
    }
}
