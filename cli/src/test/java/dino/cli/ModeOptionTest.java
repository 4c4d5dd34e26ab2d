// sample and eval of a model PyTorch wrote: the mode inferred from its vocabulary, or given with --mode.
package dino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModeOptionTest {
    @TempDir
    Path dir;

    /** A model dino trained on text with capitals, stripped to what np.savez writes from a PyTorch state dict. */
    private Path stateDict(Path text) throws IOException {
        Path full = dir.resolve("full.npz");
        Cli trained = Cli.run("train", "--mode", "text", "--data", text.toString(), "--cell", "gru", "--hidden", "16",
                "--iterations", "200", "--print-every", "0", "--save", full.toString(), "--quiet");
        assertEquals(0, trained.exitCode, trained.err);
        Path bare = dir.resolve("state_dict.npz");
        try (ZipFile zip = new ZipFile(full.toFile()); ZipOutputStream copy = new ZipOutputStream(Files.newOutputStream(bare))) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                if (e.getName().startsWith("rnn.") || e.getName().startsWith("decoder.") || e.getName().equals("vocab.npy")) {
                    copy.putNextEntry(new ZipEntry(e.getName()));
                    try (InputStream in = zip.getInputStream(e)) {
                        in.transferTo(copy);
                    }
                    copy.closeEntry();
                }
            }
        }
        return bare;
    }

    @Test
    void aPyTorchTextModelScoresAsTheModelDinoSaved() throws IOException {
        Path text = Files.writeString(dir.resolve("text.txt"), "The Rex saw the Zed. The Zed ran. ".repeat(40));
        Path bare = stateDict(text);
        Cli saved = Cli.run("eval", "--model", dir.resolve("full.npz").toString(), "--data", text.toString());
        Cli inferred = Cli.run("eval", "--model", bare.toString(), "--data", text.toString());
        Cli given = Cli.run("eval", "--model", bare.toString(), "--data", text.toString(), "--mode", "text");
        assertEquals(0, saved.exitCode, saved.err);
        assertEquals(saved.out, inferred.out);
        assertEquals(saved.out, given.out);
        assertTrue(saved.out.startsWith("characters: " + (text.toFile().length() - 1) + "\n"), saved.out);
        Cli info = Cli.run("info", "--model", bare.toString());
        assertTrue(info.out.contains("\nmode: text\n"), info.out);

        Cli asNames = Cli.run("eval", "--model", bare.toString(), "--data", text.toString(), "--mode", "lines");
        assertEquals(2, asNames.exitCode);
        assertTrue(asNames.err.startsWith("dino: the data has characters the model does not know: "), asNames.err);
        assertTrue(asNames.err.endsWith("; the model file does not record its mode and was read as names: if it was "
                + "trained on running text, give --mode text\n"), asNames.err);

        Cli sample = Cli.run("sample", "--model", bare.toString(), "--count", "1", "--length", "30");
        assertEquals(Cli.run("sample", "--model", dir.resolve("full.npz").toString(), "--count", "1", "--length", "30").out,
                sample.out);
        assertEquals(31, sample.out.length());
    }

    @Test
    void aModeThatContradictsTheFileOrIsUnknownIsRefused() throws IOException {
        Path text = Files.writeString(dir.resolve("text.txt"), "The Rex saw the Zed. The Zed ran. ".repeat(40));
        stateDict(text);
        Path full = dir.resolve("full.npz");
        Cli contradicted = Cli.run("sample", "--model", full.toString(), "--mode", "lines");
        assertEquals(2, contradicted.exitCode);
        assertEquals("dino: " + full + " is a text model (the file says so): drop --mode lines, or give text\n",
                contradicted.err);
        Cli unknown = Cli.run("eval", "--model", full.toString(), "--mode", "words");
        assertEquals(2, unknown.exitCode);
        assertEquals("dino: unknown mode 'words': use lines or text\nTry 'dino eval --help'.\n", unknown.err);
    }
}
