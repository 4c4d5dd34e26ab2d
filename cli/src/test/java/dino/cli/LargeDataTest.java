// Corpora larger than the heap, and data files that change under a run, through real child JVMs.
package dino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.engine.io.Checkpoint;
import dino.engine.io.ModelFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files are generated here, never committed. A 12 MB text trains, validates and saves in a JVM whose
 * heap is 48 MB, 7 MB of names (1.2 million) in 112 MB: reading the whole file into the heap, as dino
 * once did, needs several times the file (its bytes, a String, the normalized copies, four bytes per
 * character of ids, an object per name; it ran out of memory on these files with 48 and 160 MB). The
 * names need more because a model file stores their shuffled order, as int64, through copies in the
 * heap (about 20 bytes per name while saving: 56 MB is the least that saves them); the heaps leave
 * twice what is needed, since a loaded machine delays the compiler and the GC then sees more of the
 * Vector API's warm-up garbage.
 */
class LargeDataTest {

    @TempDir
    Path dir;

    @Test
    void twelveMegabytesOfTextTrainValidateAndSave() throws Exception {
        Path text = dir.resolve("big.txt");
        Random random = new Random(3);
        String[] words = {"the", "rex", "ran", "past", "raptor", "and", "Zed", "saw", "it", "\u00e9t\u00e9", "\u20ac"};
        try (BufferedWriter w = Files.newBufferedWriter(text, StandardCharsets.UTF_8)) {
            for (long written = 0; written < 12_000_000; ) {
                String word = words[random.nextInt(words.length)] + (random.nextInt(12) == 0 ? ".\n" : " ");
                w.write(word);
                written += word.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        Path model = dir.resolve("text.npz");
        String out = run("-Xmx48m", "train", "--mode", "text", "--data", text.toString(), "--hidden", "8", "--iterations", "300",
                "--print-every", "100", "--val-fraction", "0.002", "--batch-size", "4", "--save", model.toString());
        assertTrue(out.startsWith("There are "), out);
        assertTrue(out.contains("Iteration: 200, Loss: ") && out.contains("Validation loss: "), out);
        Checkpoint saved = ModelFile.read(model);
        assertEquals(sha256(Files.readString(text)), saved.dataFingerprint, "the fingerprint of the text, hashed as it streamed");
        assertEquals(300, saved.state.iteration);
    }

    @Test
    void sevenMegabytesOfNamesTrainValidateAndSave() throws Exception {
        Path names = dir.resolve("names.txt");
        Random random = new Random(4);
        StringBuilder all = new StringBuilder();
        try (BufferedWriter w = Files.newBufferedWriter(names, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 1_200_000; i++) {
                StringBuilder name = new StringBuilder();
                for (int k = 2 + random.nextInt(7); k > 0; k--) {
                    name.append((char) ('a' + random.nextInt(26)));
                }
                String line = (i % 2 == 0 ? name.toString().toUpperCase(java.util.Locale.ROOT) : name) + "\n";
                w.write(line);
                all.append(line.toLowerCase(java.util.Locale.ROOT));
            }
        }
        assertTrue(Files.size(names) > 6_000_000);
        Path model = dir.resolve("names.npz");
        String out = run("-Xmx112m", "train", "--data", names.toString(), "--hidden", "8", "--iterations", "300", "--print-every", "100",
                "--val-fraction", "0.001", "--batch-size", "3", "--save", model.toString());
        assertTrue(out.startsWith("There are " + all.length() + " total characters and 27 unique characters"), out);
        Checkpoint saved = ModelFile.read(model);
        assertEquals(sha256(all.toString()), saved.dataFingerprint);
        assertEquals(1_200_000 - 1200, saved.state.order.length);
        assertEquals(1200, saved.state.validation.length);
    }

    /**
     * The data file grows while a run saves every few iterations: the run stops with one line naming the
     * file, exit 2, and every save it made is of the data as it was (no save after the change).
     */
    @Test
    void aDataFileThatChangesStopsTheRunBeforeItSavesAgain() throws Exception {
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            names.append("rex").append((char) ('a' + i % 26)).append("saurus\n");
        }
        Path data = Files.writeString(dir.resolve("names.txt"), names);
        String original = sha256(names.toString());
        Path model = dir.resolve("run.npz");
        Process p = Processes.dino(dir, true, "train", "--data", data.toString(), "--iterations", "100000000",
                "--print-every", "1000", "--hidden", "8", "--save", model.toString(), "--save-every", "500").start();
        Processes.awaitText(p, dir.resolve("stdout.txt"), "Iteration: 1000,", 120_000);
        Files.writeString(data, "trex\n", StandardOpenOption.APPEND);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the run stopped once its data changed");
        String err = Processes.stderr(dir);
        assertEquals(2, p.exitValue(), err);
        List<String> errors = err.lines().filter(l -> l.startsWith("dino: ")).toList();
        assertEquals(1, errors.size(), err);
        assertTrue(errors.get(0).startsWith("dino: data file " + data + " changed while in use: its size went from "), err);
        assertEquals(original, ModelFile.read(model).dataFingerprint, "the last save is of the data as it was");
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file");
        }
    }

    /** Runs dino in a child JVM with a small heap; returns stdout after checking the exit code is 0. */
    private String run(String heap, String... args) throws IOException, InterruptedException {
        Process p = Processes.dino(dir, List.of(heap, "-XX:+UseSerialGC"), true, args).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "finished");
        assertEquals(0, p.exitValue(), Processes.stderr(dir));
        return Processes.stdout(dir);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
