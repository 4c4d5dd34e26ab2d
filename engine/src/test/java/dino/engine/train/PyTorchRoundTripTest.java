// Models trained by dino, loaded into PyTorch: PyTorch's loss on a text is what dino's evaluator computes.
package dino.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dino.api.TrainingConfig.Precision;
import dino.engine.io.Checkpoint;
import dino.engine.io.ModelFile;
import dino.engine.kernels.KernelChoice;
import dino.engine.kernels.KernelSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code roundtrip_lstm.npz} (f64) and {@code roundtrip_gru_f32.npz} were trained by {@code dino train} on
 * {@code roundtrip_text.txt}; {@code roundtrip.py} loaded each into a PyTorch module ({@code nn.LSTM} /
 * {@code nn.GRU} and {@code nn.Linear}, with {@code load_state_dict}) and scored the text from the zero
 * state. dino's evaluator, windows of 25 with the state carried, must give the same loss per character:
 * to 1e-12 in f64, and to 1e-8 in f32 (two float implementations' different summation orders).
 */
class PyTorchRoundTripTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} with {1} kernels")
    @CsvSource({"roundtrip_lstm.npz,scalar", "roundtrip_lstm.npz,vector", "roundtrip_gru_f32.npz,scalar",
        "roundtrip_gru_f32.npz,vector"})
    void pyTorchScoresTheTextAsDinoDoes(String name, String kernels) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, resource(name));
        String text = new String(resource("roundtrip_text.txt"), StandardCharsets.UTF_8);
        double expected = Double.NaN;
        for (String line : new String(resource("roundtrip_expected.txt"), StandardCharsets.UTF_8).split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts[0].equals(name)) {
                expected = Double.parseDouble(parts[1]);
            }
        }
        Checkpoint saved = ModelFile.read(file);
        int[] ids = saved.vocabulary.encode(text, "the text");
        KernelSet set = kernels.equals("scalar") ? KernelSet.scalar() : KernelChoice.vectorOnly();
        Evaluator<?> evaluator = Evaluator.create(saved.model, set, saved.config.products(), Math.max(0, saved.vocabulary.newline()), 25);
        double perCharacter = evaluator.textLoss(ids, 0, ids.length, 25) / (ids.length - 1);
        // Seen: f64 4·10⁻¹⁶ (scalar kernels: equal), f32 4·10⁻¹⁰ (scalar) and 1.6·10⁻⁹ (vector).
        double tolerance = saved.model.layout.precision == Precision.F64 ? 1e-12 : 1e-8;
        assertEquals(expected, perCharacter, tolerance * expected, name);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = PyTorchRoundTripTest.class.getResourceAsStream("/pytorch/" + name)) {
            return in.readAllBytes();
        }
    }
}
