// dino's stacked LSTM and GRU against PyTorch: loss, gradients and weights after SGD (fixtures in resources/pytorch).
package dino.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.api.Products;
import dino.api.TrainingConfig.Cell;
import dino.engine.io.Checkpoint;
import dino.engine.io.ModelFile;
import dino.engine.kernels.KernelChoice;
import dino.engine.kernels.Kernels;
import dino.engine.kernels.ScalarKernels;
import dino.engine.model.Layout;
import dino.engine.numpy.Npy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each fixture ({@code make_fixtures.py}, PyTorch 2.13, float64) is a numpy archive holding a two-layer
 * {@code nn.LSTM} or {@code nn.GRU} state dict with a vocabulary, which dino loads as a model file, and
 * three ragged batches of three names with what PyTorch computed on them: the loss of each SGD step, the
 * clipped gradients of the first, the weights after the third. dino, loading the same file, must agree to
 * a relative 1e-10 with both kernel sets; the state each stream carries from step to step is checked
 * through the later losses.
 */
class PyTorchParityTest {
    private static final double TOLERANCE = 1e-10;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, {1} kernels")
    @CsvSource({"lstm,scalar", "lstm,vector", "gru,scalar", "gru,vector"})
    void trainingStepsMatchPyTorch(String cell, String kernelSet) throws IOException {
        Path file = dir.resolve(cell + ".npz");
        Map<String, Npy> arrays;
        try (InputStream in = getClass().getResourceAsStream("/pytorch/" + cell + "_2layers.npz")) {
            byte[] bytes = in.readAllBytes();
            Files.write(file, bytes);
            arrays = read(bytes);
        }
        Checkpoint saved = ModelFile.read(file);
        Layout l = saved.model.layout;
        assertEquals(Cell.parse(cell), l.cell);
        assertEquals(2, l.layers);
        Kernels<double[]> kernels = kernelSet.equals("scalar") ? new ScalarKernels() : KernelChoice.vectorOnly().f64(Products.MUL_ADD);
        Trainer<double[]> trainer = Trainer.sgd(saved.model, kernels, 0, 16, 3, saved.config.learningRate(), saved.config.clip());
        Npy names = arrays.get("names");
        int width = (int) names.shape[1];
        double[] losses = arrays.get("expect_loss").doubles;
        for (int step = 0; step < losses.length; step++) {
            int[][] batch = new int[3][];
            for (int b = 0; b < 3; b++) {
                int row = step * 3 + b;
                int length = 0;
                while (length < width && names.longs[row * width + length] >= 0) {
                    length++;
                }
                batch[b] = new int[length];
                for (int i = 0; i < length; i++) {
                    batch[b][i] = (int) names.longs[row * width + i];
                }
            }
            double loss = trainer.step(batch);
            assertEquals(losses[step], loss, TOLERANCE * losses[step], cell + " loss of step " + step);
            if (step == 0) {
                compare(arrays, "expect_grad.", l, trainer.gradients(), "gradient");
            }
        }
        compare(arrays, "expect_after.", l, trainer.parameters(), "weights after " + losses.length + " steps");
    }

    private static void compare(Map<String, Npy> arrays, String prefix, Layout l, double[] flat, String what) {
        for (Layout.Block b : l.blocks()) {
            Npy expected = arrays.get(prefix + b.name);
            assertTrue(expected != null, "fixture lacks " + prefix + b.name);
            double scale = 0;
            for (double v : expected.doubles) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertTrue(scale > 0, b.name + " is all zero in the fixture");
            for (int r = 0; r < b.rows(); r++) {
                for (int c = 0; c < b.cols(); c++) {
                    double e = expected.doubles[r * b.cols() + c];
                    assertEquals(e, flat[b.index(r, c)], TOLERANCE * Math.max(Math.abs(e), 1e-3 * scale),
                            what + " " + b.name + "[" + r + ", " + c + "]");
                }
            }
        }
    }

    private static Map<String, Npy> read(byte[] npz) throws IOException {
        Map<String, Npy> out = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(npz))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String key = e.getName().substring(0, e.getName().length() - 4);
                out.put(key, Npy.parse(zip.readAllBytes(), key));
            }
        }
        return out;
    }
}
