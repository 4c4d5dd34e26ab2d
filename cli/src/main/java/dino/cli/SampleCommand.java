// `dino sample`: draws names (or text) from a saved model with the reference's seeded sampling.
package dino.cli;

import dino.engine.DinoException;
import dino.engine.data.Corpus;
import dino.engine.io.Checkpoint;
import dino.engine.io.ModelFile;
import dino.engine.kernels.KernelSet;
import dino.engine.sample.Sampler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
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

    @Option(names = "--count", paramLabel = "N", defaultValue = "10", description = "How many samples (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1",
            description = "Draw from p^(1/T) renormalized; below 1 is more conservative, near 0 is argmax (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "0",
            description = "Draw only among the K most likely characters; 0 draws among all (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--prefix", paramLabel = "TEXT", description = "Every sample starts with this text.")
    String prefix;

    @Option(names = "--length", paramLabel = "N",
            description = "Characters per sample: a name has at most N, prefix included, before its end is forced "
                    + "(default: 50, the reference's); a text sample has N (default: 200). As train --length.")
    Integer length;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the first sample (default: ${DEFAULT-VALUE}).")
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

    @Override
    public Integer call() {
        validate();
        Checkpoint saved = ModelFile.read(model);
        KernelSet chosen = kernels.select(spec.commandLine().getErr());
        boolean text = saved.config.mode == Corpus.Mode.TEXT;
        int newline = Math.max(0, saved.vocabulary.newline());
        int longest = length != null ? length : text ? 200 : 50;
        Sampler<?> sampler = Sampler.create(saved.model, chosen, newline, longest, !text).temperature(temperature).topK(topK);
        int[] prefixIds = prefix == null ? null : encodePrefix(saved, text);
        Set<String> knownNames = known == null ? null : new HashSet<>(DataFiles.load(known, Corpus.Mode.LINES).lineTexts());

        PrintWriter out = spec.commandLine().getOut();
        int[] sample = new int[longest + 1];
        int fresh = 0;
        for (int k = 0; k < count; k++) {
            int n = sampler.sample(seed + k, sample, prefixIds);
            String s = saved.vocabulary.decode(sample, 0, n);
            if (text) {
                if (count > 1) {
                    out.println(Text.sampleHeader(k, count, seed + k));
                }
                out.println(s);
                continue;
            }
            String name = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
            if (knownNames == null) {
                out.println(Text.capitalize(name));
            } else {
                boolean isNew = !knownNames.contains(name);
                fresh += isNew ? 1 : 0;
                out.println(Text.capitalize(name) + "\t" + (isNew ? "new" : "known"));
            }
        }
        if (knownNames != null && !text) {
            out.printf(Locale.ROOT, "# new: %d of %d (%.1f%%)%n", fresh, count, count == 0 ? 0.0 : 100.0 * fresh / count);
        }
        out.flush();
        return 0;
    }

    /** The prefix as indices; names models lowercase it, as their training data was. */
    private int[] encodePrefix(Checkpoint saved, boolean text) {
        String p = text ? prefix : prefix.toLowerCase(Locale.ROOT);
        if (!text && (p.indexOf('\n') >= 0 || p.indexOf('\r') >= 0)) {
            throw new DinoException("--prefix of a name cannot hold a line break: the newline ends a name");
        }
        return saved.vocabulary.encode(p, "--prefix");
    }

    private void validate() {
        if (count < 0) {
            throw new ParameterException(spec.commandLine(), "--count must be 0 or more, got " + count);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new ParameterException(spec.commandLine(), "--temperature must be a positive number, got " + temperature);
        }
        if (topK < 0) {
            throw new ParameterException(spec.commandLine(), "--top-k must be 0 (all characters) or more, got " + topK);
        }
        if (length != null && (length < 1 || length > 1_000_000)) {
            throw new ParameterException(spec.commandLine(), "--length must be between 1 and 1000000, got " + length);
        }
        if (seed < 0 || seed > 0xffffffffL - 2_000_000L) {
            throw new ParameterException(spec.commandLine(), "--seed must be between 0 and " + (0xffffffffL - 2_000_000L) + ", got " + seed);
        }
    }
}
