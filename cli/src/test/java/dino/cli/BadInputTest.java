// Every kind of bad input, through the real entry point: one-line error, non-zero exit, no partial output.
package dino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.engine.numpy.Npy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One test per row: the arguments, the exit code, and a phrase the error must contain. Every row also
 * checks that stderr is one line starting {@code dino: } (a bad option may add one line, {@code Try
 * 'dino train --help'.}, and never the usage), that stdout is empty (exit 2), and that no model,
 * plot or temporary file was left behind.
 */
class BadInputTest {
    private static final Pattern TRY_HELP = Pattern.compile("Try 'dino( \\w+)? --help'\\.");

    @TempDir
    static Path dir;
    private static Path good;
    private static Path lstm;
    private static Path names;

    @BeforeAll
    static void makeFiles() throws IOException {
        names = Files.writeString(dir.resolve("names.txt"), "rex\ntrex\nraptor\n");
        good = dir.resolve("good.npz");
        assertEquals(0, Cli.run("train", "--data", names.toString(), "--hidden", "6", "--iterations", "20",
                "--print-every", "0", "--save", good.toString(), "--quiet").exitCode);
        lstm = dir.resolve("lstm.npz");
        assertEquals(0, Cli.run("train", "--data", names.toString(), "--cell", "lstm", "--layers", "2", "--hidden", "6",
                "--iterations", "20", "--print-every", "0", "--save", lstm.toString(), "--quiet").exitCode);
        rewrite(lstm, "lstm-called-gru.npz", "cell", Npy.text("gru").toBytes());
        rewrite(lstm, "lstm-wrong-layer.npz", "rnn.weight_ih_l1", Npy.of(new double[24 * 5], 24, 5).toBytes());
        rewrite(lstm, "lstm-three-gates.npz", "rnn.weight_hh_l0", Npy.of(new double[18 * 6], 18, 6).toBytes());
        Files.write(dir.resolve("empty.txt"), new byte[0]);
        Files.writeString(dir.resolve("blank.txt"), "  \n\t\n");
        Files.write(dir.resolve("nul.txt"), new byte[] {'a', 0, 'b', '\n'});
        Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xe9, '\n'});
        Files.writeString(dir.resolve("long.txt"), "rex\n" + "a".repeat(5000) + "\n");
        // Past the first 64 KiB buffer: invalid UTF-8, a line over the limit, a vocabulary over the limit.
        byte[] names = "rex\n".repeat(40_000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] deep = java.util.Arrays.copyOf(names, names.length + 2);
        deep[names.length] = (byte) 0xe9;
        deep[names.length + 1] = '\n';
        Files.write(dir.resolve("deep-latin1.txt"), deep);
        Files.writeString(dir.resolve("late-long.txt"), "rex\n".repeat(40_000) + "b".repeat(1001) + "\n");
        StringBuilder wide = new StringBuilder("rex\n");
        for (int cp = 0x4e00, n = 0; n <= 70_000; cp++, n++) {
            wide.appendCodePoint(cp < 0xd800 ? cp : cp + 0x800).append(n % 100 == 99 ? "\n" : "");
        }
        Files.writeString(dir.resolve("wide.txt"), wide);
        Files.writeString(dir.resolve("other.txt"), "abc\nxyz\n");
        Files.writeString(dir.resolve("short.txt"), "The quick brown fox jumps over the lazy dog. ".repeat(22));
        Files.writeString(dir.resolve("text.npz"), "not a zip");
        byte[] bytes = Files.readAllBytes(good);
        Files.write(dir.resolve("truncated.npz"), java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        rewrite("missing-array.npz", "Waa", null);
        rewrite("wrong-shape.npz", "Waa", Npy.of(new double[12], 3, 4).toBytes());
        rewrite("wrong-dtype.npz", "Wya", Npy.of(new long[27 * 6], 27, 6).toBytes());
        rewrite("missing-setting.npz", "learning_rate", null);
        byte[] flipped = bytes.clone();
        int waa = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("Waa.npy");
        flipped[waa + "Waa.npy".length() + 128 + 50] ^= 0x10; // a bit of a weight: the file still parses
        Files.write(dir.resolve("bit-flip.npz"), flipped);
        double[] nan = new double[36];
        nan[5] = Double.NaN;
        rewrite("nan.npz", "Waa", Npy.of(nan, 6, 6).toBytes());
    }

    /** A copy of the good model with one array replaced (or dropped when bytes is null). */
    private static void rewrite(String name, String array, byte[] bytes) throws IOException {
        rewrite(good, name, array, bytes);
    }

    private static void rewrite(Path source, String name, String array, byte[] bytes) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ZipFile in = new ZipFile(source.toFile()); ZipOutputStream out = new ZipOutputStream(buffer)) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                boolean target = e.getName().equals(array + ".npy");
                if (target && bytes == null) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(target ? bytes : in.getInputStream(e).readAllBytes());
                out.closeEntry();
            }
        }
        Files.write(dir.resolve(name), buffer.toByteArray());
    }

    static List<Object[]> cases() {
        String d = dir.toString() + "/";
        String out = d + "out.npz";
        List<Object[]> rows = new ArrayList<>();
        // data files
        rows.add(row(2, "data file not found", "train", "--data", d + "missing.txt", "--save", out));
        rows.add(row(2, "empty", "train", "--data", d + "empty.txt", "--save", out));
        rows.add(row(2, "no non-empty line", "train", "--data", d + "blank.txt", "--save", out));
        rows.add(row(2, "NUL bytes", "train", "--data", d + "nul.txt", "--save", out));
        rows.add(row(2, "not UTF-8", "train", "--data", d + "latin1.txt", "--save", out));
        rows.add(row(2, "--max-line-length", "train", "--data", d + "long.txt", "--save", out));
        rows.add(row(2, "is a folder", "train", "--data", d, "--save", out));
        rows.add(row(2, "not UTF-8 text: byte 0xE9 at byte offset 160000 (line 40001)", "train", "--data", d + "deep-latin1.txt",
                "--save", out));
        rows.add(row(2, "line 40001 (at byte offset 160000) has 1001 characters", "train", "--data", d + "late-long.txt",
                "--save", out));
        rows.add(row(2, "line 40001 (at byte offset 160000) has 1001 characters", "train", "--mode", "lines", "--data",
                d + "late-long.txt", "--max-line-length", "1000", "--save", out));
        rows.add(row(2, "more than the 65536 a vocabulary may have", "train", "--mode", "text", "--data", d + "wide.txt",
                "--save", out));
        rows.add(row(2, "--max-line-length must be between 1 and 1048576", "train", "--max-line-length", "2000000"));
        rows.add(row(2, "the data has characters the model does not know: 'b', 'c', 'y', 'z' (the first at byte offset 1, line 1)",
                "eval", "--model", good.toString(), "--data", d + "other.txt"));
        // model files
        rows.add(row(2, "model file not found", "sample", "--model", d + "missing.npz"));
        rows.add(row(2, "not a model file", "sample", "--model", d + "text.npz"));
        rows.add(row(2, "model file not found", "info", "--model", d + "missing.npz"));
        rows.add(row(2, "says cell gru but its arrays are a lstm's", "info", "--model", d + "lstm-called-gru.npz"));
        rows.add(row(2, "truncated.npz", "sample", "--model", d + "truncated.npz"));
        rows.add(row(2, "Waa is missing", "sample", "--model", d + "missing-array.npz"));
        rows.add(row(2, "Waa must be square", "sample", "--model", d + "wrong-shape.npz"));
        rows.add(row(2, "wrong type", "sample", "--model", d + "wrong-dtype.npz"));
        rows.add(row(2, "learning_rate is missing", "sample", "--model", d + "missing-setting.npz"));
        rows.add(row(2, "Waa does not match its checksum", "sample", "--model", d + "bit-flip.npz"));
        rows.add(row(2, "NaN", "eval", "--model", d + "nan.npz", "--data", names.toString()));
        rows.add(row(2, "vocabulary differs", "train", "--resume", good.toString(), "--data", d + "other.txt", "--iterations", "40"));
        rows.add(row(2, "not a model file", "train", "--resume", d + "text.npz", "--iterations", "40"));
        rows.add(row(2, "says cell gru but its arrays are a lstm's", "sample", "--model", d + "lstm-called-gru.npz"));
        rows.add(row(2, "rnn.weight_ih_l1 has shape [24, 5], expected [24, 6]", "eval", "--model", d + "lstm-wrong-layer.npz",
                "--data", names.toString()));
        rows.add(row(2, "says cell lstm but its arrays are a gru's (3 gate blocks)", "sample", "--model", d + "lstm-three-gates.npz"));
        rows.add(row(2, "keeps its model's settings; drop --cell (the model has lstm)", "train", "--resume", lstm.toString(),
                "--cell", "gru", "--iterations", "40"));
        rows.add(row(2, "drop --layers (the model has 2)", "train", "--resume", lstm.toString(), "--layers", "3",
                "--iterations", "40"));
        rows.add(row(2, "does not know: '-', '9'", "sample", "--model", good.toString(), "--prefix", "r-9"));
        // nonsense options
        rows.add(row(2, "--hidden", "train", "--hidden", "0"));
        rows.add(row(2, "--hidden", "train", "--hidden", "-3"));
        rows.add(row(2, "needs about", "train", "--hidden", "32000", "--save", out));
        rows.add(row(2, "--learning-rate", "train", "--learning-rate", "0"));
        rows.add(row(2, "--learning-rate", "train", "--learning-rate", "-0.1"));
        rows.add(row(2, "--iterations", "train", "--iterations", "-1"));
        rows.add(row(2, "--iterations", "train", "--iterations", "99999999999999999999"));
        rows.add(row(2, "--seq-length", "train", "--mode", "text", "--seq-length", "0"));
        rows.add(row(2, "--val-fraction", "train", "--val-fraction", "1"));
        rows.add(row(2, "unknown mode", "train", "--mode", "poems"));
        rows.add(row(2, "unknown optimizer", "train", "--optimizer", "rmsprop"));
        rows.add(row(2, "unknown kernel set", "train", "--kernels", "gpu"));
        rows.add(row(2, "--batch-size must be between 1", "train", "--batch-size", "0"));
        rows.add(row(2, "larger than the 1536 training names", "train", "--batch-size", "1537"));
        rows.add(row(2, "segments shorter than a window", "train", "--mode", "text", "--data", d + "short.txt",
                "--batch-size", "64"));
        rows.add(row(2, "--threads must be between 1", "train", "--threads", "0"));
        rows.add(row(2, "--cell must be rnn, lstm or gru, got 'transformer'", "train", "--cell", "transformer"));
        rows.add(row(2, "--layers must be between 1", "train", "--layers", "0"));
        rows.add(row(2, "--dropout must be in [0, 1), got 1.0", "train", "--dropout", "1"));
        rows.add(row(2, "--dropout must be in [0, 1)", "train", "--dropout", "-0.1"));
        rows.add(row(2, "--precision must be f64 or f32", "train", "--precision", "f16"));
        rows.add(row(2, "with --batch-size 60000 needs about", "train", "--hidden", "4096", "--batch-size", "60000",
                "--mode", "text", "--data", d + "short.txt", "--save", out));
        rows.add(row(2, "--temperature", "sample", "--model", good.toString(), "--temperature", "0"));
        rows.add(row(2, "--temperature", "sample", "--model", good.toString(), "--temperature", "-1"));
        rows.add(row(2, "--top-k", "sample", "--model", good.toString(), "--top-k", "-1"));
        rows.add(row(2, "--length must be between 1", "sample", "--model", good.toString(), "--length", "0"));
        rows.add(row(2, "--length must be between 1", "train", "--length", "0"));
        rows.add(row(2, "line break", "sample", "--model", good.toString(), "--prefix", "a\nb"));
        rows.add(row(2, "Missing required option: '--model", "sample", "--count", "3"));
        rows.add(row(2, "'many' is not an int", "train", "--hidden", "many"));
        rows.add(row(2, "did you mean --hidden?", "train", "--hiden", "4"));
        rows.add(row(2, "Unmatched argument", "train", "names.txt"));
        rows.add(row(2, "Unmatched argument", "tain"));
        rows.add(row(2, "--count", "sample", "--model", good.toString(), "--count", "-2"));
        rows.add(row(2, "Unknown option", "train", "--bogus"));
        rows.add(row(2, "--save-every needs --save", "train", "--save-every", "10"));
        // output paths
        rows.add(row(2, "does not exist", "train", "--save", d + "no/such/dir/m.npz"));
        rows.add(row(2, "does not exist", "train", "--plot", d + "no/such/dir/loss.png"));
        rows.add(row(2, ".png or .svg", "train", "--plot", d + "loss.jpg", "--iterations", "5"));
        rows.add(row(2, "it is a folder", "train", "--save", d));
        // divergence: huge steps with clipping out of the way
        rows.add(row(3, "diverged at iteration", "train", "--learning-rate", "1e300", "--clip", "1e308", "--print-every", "0",
                "--save", out));
        return rows;
    }

    private static Object[] row(int exit, String phrase, String... args) {
        return new Object[] {exit, phrase, args};
    }

    @ParameterizedTest(name = "{index}: exit {0}, \"{1}\" for {2}")
    @MethodSource("cases")
    void isAOneLineErrorWithNoPartialOutput(int exit, String phrase, String[] args) throws IOException {
        Path out = dir.resolve("out.npz");
        try {
            Cli run = Cli.run(args);
            assertEquals(exit, run.exitCode, run.err);
            List<String> errors = new ArrayList<>();
            for (String line : run.err.split("\n")) {
                if (!line.isBlank() && !line.startsWith("kernels:")) {
                    errors.add(line);
                }
            }
            assertTrue(errors.size() == 1 || errors.size() == 2 && TRY_HELP.matcher(errors.get(1)).matches(),
                    "one line (and a pointer to --help):\n" + run.err);
            assertTrue(errors.get(0).startsWith("dino: ") && errors.get(0).contains(phrase),
                    "expected 'dino: ...' with '" + phrase + "' in\n" + run.err);
            if (exit == 2) {
                assertEquals("", run.out, "no output");
            }
            assertFalse(Files.exists(out), "no model file");
            try (var files = Files.list(dir)) {
                assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file");
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void messagesSayWhatToDo() {
        Cli run = Cli.run("train", "--data", dir.resolve("long.txt").toString());
        assertEquals(2, run.exitCode, run.err);
        assertTrue(run.err.contains("raise the limit") && run.err.contains("--mode text"), run.err);
    }
}
