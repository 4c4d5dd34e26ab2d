// `dino sample`: draws names (or text) from a saved model with the reference's seeded sampling.
package dino.cli;

import dino.api.DinoException;
import dino.api.Mode;
import dino.api.Sampling;
import dino.cli.shared.DataFiles;
import dino.cli.shared.Flags;
import dino.cli.shared.KernelsOption;
import dino.cli.shared.ModeOption;
import dino.cli.shared.Text;
import dino.lib.Kernels;
import dino.lib.Model;
import dino.lib.RunOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Samples from a model file. Name k is drawn with the reference's {@code sample(parameters, char_to_ix,
 * seed + k)}: with default options the names equal the reference's on the same weights.
 */
@Command(name = "sample",
        defaultValueProvider = ApiDefaults.class,
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Samples names (or text, for a model trained with --mode text) from a model file, one per line. "
                + "Name k uses seed S+k with the reference's reseeding, so output is reproducible.",
        footer = {"", "Examples:",
                "  java --add-modules jdk.incubator.vector -jar dino.jar sample \\",
                "      --model dinos.npz --count 20",
                "  java --add-modules jdk.incubator.vector -jar dino.jar sample \\",
                "      --model dinos.npz --prefix tyr --temperature 0.7 --known data/dinos.txt"})
final class SampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE.npz", required = true, description = "Model file written by train --save.")
    Path model;

    @Option(names = "--count", paramLabel = "N", description = "How many samples (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--temperature", paramLabel = "T",
            description = "Draw from p^(1/T) renormalized; below 1 is more conservative, near 0 is argmax (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", paramLabel = "K",
            description = "Draw only among the K most likely characters; 0 draws among all (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--prefix", paramLabel = "TEXT", description = "Every sample starts with this text.")
    String prefix;

    @Option(names = "--length", paramLabel = "N",
            description = "Characters per sample: a name has at most N, prefix included, before its end is forced "
                    + "(default: " + Sampling.DEFAULT_NAME_LENGTH + ", the reference's); a text sample has N (default: "
                    + Sampling.DEFAULT_TEXT_LENGTH + "). As train --length.")
    Integer length;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the first sample (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--known", paramLabel = "FILE",
            description = "Names to compare with (e.g. the training data): mark each sample 'new' or 'known' "
                    + "and print the share of new names.")
    Path known;

    /** The old spelling of --length. */
    @Option(names = "--max-length", paramLabel = "N", hidden = true)
    void maxLength(int n) {
        length = n;
    }

    /** The old spelling of --known (everywhere else --data is the training set). */
    @Option(names = "--data", paramLabel = "FILE", hidden = true)
    void data(Path file) {
        known = file;
    }

    @Mixin
    KernelsOption kernels;

    /** Modes for a model file that does not record its own (a PyTorch state dict). */
    @Option(names = "--mode", paramLabel = "MODE",
            description = "lines or text: how to read a model file that does not say (a PyTorch state dict); "
                    + "without it, text when its vocabulary has upper-case letters, else lines.")
    String mode;

    @Override
    public Integer call() {
        Sampling sampling = validate();
        Model loaded = Model.load(model, ModeOption.parse(mode, spec));
        Kernels chosen = kernels.select(spec.commandLine().getErr());
        boolean text = loaded.mode() == Mode.TEXT;
        Set<String> knownNames = known == null ? null : new HashSet<>(DataFiles.of(known).names());

        PrintWriter out = spec.commandLine().getOut();
        List<String> drawn = loaded.withOptions(RunOptions.defaults().withKernels(chosen)).sample(sampling);
        int fresh = 0;
        for (int k = 0; k < count; k++) {
            String s = drawn.get(k);
            if (text) {
                if (count > 1) {
                    out.println(Text.sampleHeader(k, count, seed + k));
                }
                out.println(s);
                continue;
            }
            if (knownNames == null) {
                out.println(Text.capitalize(s));
            } else {
                boolean isNew = !knownNames.contains(s);
                fresh += isNew ? 1 : 0;
                out.println(Text.capitalize(s) + "\t" + (isNew ? "new" : "known"));
            }
        }
        if (knownNames != null && !text) {
            out.printf(Locale.ROOT, "# new: %d of %d (%.1f%%)%n", fresh, count, count == 0 ? 0.0 : 100.0 * fresh / count);
        }
        out.flush();
        return 0;
    }

    /** The options as the API's sampling settings, which check them; a bad value names its option. */
    private Sampling validate() {
        try {
            Sampling s = Sampling.defaults().withCount(count).withTemperature(temperature).withTopK(topK).withSeed(seed)
                    .withPrefix(prefix == null ? "" : prefix);
            return length != null ? s.withLength(length) : s;
        } catch (DinoException e) {
            throw new ParameterException(spec.commandLine(), Flags.message(e));
        }
    }
}
