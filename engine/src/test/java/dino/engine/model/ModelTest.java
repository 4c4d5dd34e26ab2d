// Initial weights bit for bit equal to the reference's initialize_parameters (resources/numpy/weights.txt).
package dino.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.engine.Fixtures;
import dino.engine.numpy.NumpyRandom;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class ModelTest {

    /** Math.log, except glibc's (misrounded) value for the inputs listed in the fixture. */
    private static DoubleUnaryOperator glibcLog() {
        Map<Double, Double> misrounded = new HashMap<>();
        for (String[] row : Fixtures.lines("weights.txt", "glibc_log")) {
            misrounded.put(Double.parseDouble(row[1]), Double.parseDouble(row[2]));
        }
        assertTrue(misrounded.size() >= 1, "fixture lists glibc's misrounded logs");
        return x -> misrounded.getOrDefault(x, Math.log(x));
    }

    @Test
    void initialWeightsMatchNumpyBitForBitGivenGlibcLog() throws NoSuchAlgorithmException {
        DoubleUnaryOperator log = glibcLog();
        int checked = 0;
        for (String[] row : Fixtures.lines("weights.txt")) {
            if (row[0].equals("glibc_log")) {
                continue;
            }
            int nA = Integer.parseInt(row[0]);
            int nX = Integer.parseInt(row[1]);
            String name = row[2];
            int rows = Integer.parseInt(row[3]);
            int cols = Integer.parseInt(row[4]);
            Model model = Model.initialize(new Layout(nA, nX, nX), new NumpyRandom(1, log));
            double[] values = referenceOrder(model, name, rows, cols);
            double[] shown = Fixtures.doubles(row, 6);
            for (int i = 0; i < shown.length; i++) {
                assertEquals(Double.doubleToRawLongBits(shown[i]), Double.doubleToRawLongBits(values[i]),
                        name + " (" + nA + ", " + nX + ") value " + i);
            }
            assertEquals(row[5], sha256(values), name + " (" + nA + ", " + nX + ") sha256 of all values");
            checked++;
        }
        assertEquals(9, checked);
    }

    /**
     * With Math.log the weights differ from numpy's only where glibc misrounds log(r2): at most two
     * values (one polar pair) per listed input, by one ulp. For the reference's 50×27 model that is 2.
     */
    @Test
    void mathLogWeightsDifferFromNumpyOnlyWhereGlibcMisrounds() {
        Layout layout = new Layout(50, 27, 27);
        double[] exact = Model.initialize(layout, new NumpyRandom(1, glibcLog())).w;
        double[] shipped = Model.initialize(layout, 1).w;
        int differing = 0;
        for (int i = 0; i < exact.length; i++) {
            if (exact[i] != shipped[i]) {
                differing++;
                assertEquals(exact[i], shipped[i], Math.ulp(exact[i]), "offset " + i);
            }
        }
        assertEquals(2, differing);
    }

    @Test
    void biasesAndPaddingStartAtZero() {
        Layout l = new Layout(13, 5, 5);
        Model model = Model.initialize(l, 1);
        for (int i = 0; i < l.nA; i++) {
            assertEquals(0.0, model.w[l.ba + i]);
            for (int j = l.nA; j < l.stride; j++) {
                assertEquals(0.0, model.w[l.waa + i * l.stride + j]);
            }
        }
        for (int k = 0; k < l.yStride; k++) {
            assertEquals(0.0, model.w[l.by + k]);
        }
    }

    private static String sha256(double[] values) throws NoSuchAlgorithmException {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            bytes.putDouble(v);
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    }

    /** A weight matrix in the reference's shape and row-major order, read through the layout. */
    static double[] referenceOrder(Model model, String name, int rows, int cols) {
        Layout l = model.layout;
        double[] values = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int offset;
                switch (name) {
                    case "Wax": offset = l.wax(r, c); break;
                    case "Waa": offset = l.waa(r, c); break;
                    case "Wya": offset = l.wya(r, c); break;
                    default: throw new IllegalArgumentException(name);
                }
                values[r * cols + c] = model.w[offset];
            }
        }
        return values;
    }
}
