// The .npy writer and reader: header layout numpy expects, round trips, strict rejection.
package dino.engine.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dino.api.DinoException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NpyTest {

    @Test
    void headerIsPaddedTo64BytesAndDescribesTheArray() {
        byte[] bytes = Npy.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).toBytes();
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLength) % 64);
        String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", header.strip());
        assertEquals('\n', header.charAt(header.length() - 1));
        assertEquals(10 + headerLength + 48, bytes.length);
    }

    @Test
    void roundTrips() {
        Npy d = Npy.parse(Npy.of(new double[] {-0.0, Double.MIN_VALUE, 1e300}, 3, 1).toBytes(), "d");
        assertArrayEquals(new long[] {3, 1}, d.shape);
        assertArrayEquals(new double[] {-0.0, Double.MIN_VALUE, 1e300}, d.doubles);
        Npy l = Npy.parse(Npy.scalar(-7L).toBytes(), "l");
        assertEquals(0, l.shape.length);
        assertEquals(-7L, l.longs[0]);
        Npy v = Npy.parse(Npy.strings(new String[] {"\n", "a", "\uD83E\uDD96"}, 3).toBytes(), "v");
        assertArrayEquals(new String[] {"\n", "a", "\uD83E\uDD96"}, v.strings);
        assertEquals("sgd", Npy.parse(Npy.text("sgd").toBytes(), "t").strings[0]);
        assertArrayEquals(new long[] {1}, Npy.parse(Npy.of(new long[] {5}, 1).toBytes(), "one").shape);
    }

    @Test
    void rejectsWhatItDoesNotWrite() {
        byte[] good = Npy.of(new double[] {1, 2}, 2).toBytes();
        String header = new String(good, 10, good.length - 26, StandardCharsets.ISO_8859_1);
        assertThrows(DinoException.class, () -> Npy.parse(replace(good, header, header.replace("<f8", "<f4")), "x"));
        assertThrows(DinoException.class, () -> Npy.parse(replace(good, header, header.replace("(2,)", "(3,)")), "x"));
        assertThrows(DinoException.class, () -> Npy.parse(replace(good, header, header.replace("False", "True ")), "x"));
        assertThrows(DinoException.class, () -> Npy.parse(java.util.Arrays.copyOf(good, good.length - 1), "x"));
        assertThrows(DinoException.class, () -> Npy.parse(new byte[] {1, 2, 3}, "x"));
        String huge = header.replace("(2,)", "(99999999999,)");
        assertThrows(DinoException.class, () -> Npy.parse(replace(good, header, huge.substring(0, header.length())), "x"));
    }

    private static byte[] replace(byte[] bytes, String oldHeader, String newHeader) {
        byte[] copy = bytes.clone();
        byte[] h = newHeader.getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(oldHeader.length(), h.length, "test headers keep their length");
        System.arraycopy(h, 0, copy, 10, h.length);
        return copy;
    }
}
