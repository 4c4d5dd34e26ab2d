// NumpyRandom against numpy's legacy RandomState, bit for bit (fixtures in resources/numpy/rng.txt).
package dino.engine.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dino.engine.Fixtures;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NumpyRandomTest {

    @Test
    void referenceReadmeChecks() {
        NumpyRandom r = new NumpyRandom(1);
        assertEquals(1.6243453636632417, r.randn());
        assertEquals(-0.6117564136500754, r.randn());
        assertEquals(-0.5281717522634557, r.randn());
        assertEquals(0.5488135039273248, new NumpyRandom(0).randomSample());
        Integer[] items = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        new NumpyRandom(0).shuffle(items);
        assertArrayEquals(new Integer[] {2, 8, 4, 9, 1, 6, 7, 3, 0, 5}, items);
    }

    @Test
    void rawOutputs() {
        for (String[] row : Fixtures.lines("rng.txt", "uint32")) {
            NumpyRandom r = new NumpyRandom(Long.parseLong(row[1]));
            for (int i = 2; i < row.length; i++) {
                assertEquals(Long.parseLong(row[i]), r.nextInt32() & 0xffffffffL, "seed " + row[1] + " output " + (i - 2));
            }
        }
    }

    @Test
    void randomSample() {
        for (String[] row : Fixtures.lines("rng.txt", "random_sample")) {
            NumpyRandom r = new NumpyRandom(Long.parseLong(row[1]));
            double[] expected = Fixtures.doubles(row, 2);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(r.randomSample()),
                        "seed " + row[1] + " draw " + i);
            }
        }
    }

    @Test
    void randnIncludingCachedSecondNormal() {
        for (String[] row : Fixtures.lines("rng.txt", "randn")) {
            NumpyRandom r = new NumpyRandom(Long.parseLong(row[1]));
            double[] expected = Fixtures.doubles(row, 2);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(r.randn()),
                        "seed " + row[1] + " draw " + i);
            }
        }
    }

    @Test
    void reseedingClearsTheCachedNormal() {
        NumpyRandom r = new NumpyRandom(1);
        r.randn();
        r.seed(1);
        assertEquals(1.6243453636632417, r.randn());
    }

    @Test
    void shuffle() {
        for (String[] row : Fixtures.lines("rng.txt", "shuffle")) {
            int n = Integer.parseInt(row[2]);
            int[] items = new int[n];
            Arrays.setAll(items, i -> i);
            new NumpyRandom(Long.parseLong(row[1])).shuffle(items);
            int[] expected = Arrays.stream(row, 3, row.length).mapToInt(Integer::parseInt).toArray();
            assertArrayEquals(expected, items, "seed " + row[1] + " n " + n);
        }
    }

    @Test
    void choiceWithProbabilities() {
        for (String[] row : Fixtures.lines("rng.txt", "choice")) {
            long seed = Long.parseLong(row[1]);
            int n = Integer.parseInt(row[2]);
            double[] p = new double[n + 3];
            System.arraycopy(Fixtures.doubles(row, 4), 0, p, 3, n);
            assertEquals(Integer.parseInt(row[3]), new NumpyRandom(seed).choice(p, 3, n), "seed " + seed + " n " + n);
        }
    }

    @Test
    void seedOutsideNumpyRangeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new NumpyRandom(-1));
        assertThrows(IllegalArgumentException.class, () -> new NumpyRandom(1L << 32));
    }
}
