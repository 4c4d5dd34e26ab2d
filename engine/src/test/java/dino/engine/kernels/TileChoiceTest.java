// Which register tile and which product path the vector kernels choose: by the registers, the sizes and the JDK.
package dino.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dino.api.DinoException;
import org.junit.jupiter.api.Test;

/** The choices VectorKernelsTest's products rely on, checked apart from the values the products compute. */
class TileChoiceTest {
    @Test
    void tileShapeFollowsTheRegistersOrTheProperty() {
        assertTrue(VectorKernels.wideTile(null, 32) && !VectorKernels.wideTile("", 16));
        assertTrue(VectorKernels.wideTile("4x4", 16) && !VectorKernels.wideTile(" 6x2 ", 32));
        DinoException bad = assertThrows(DinoException.class,
                () -> VectorKernels.wideTile("8x8", 32));
        assertTrue(bad.getMessage().contains("dino.tile"), bad.getMessage());
        for (int m = 0; m <= 200; m++) {
            int six = VectorKernels.sixRowTiles(m);
            int rest = m - 6 * six;
            assertTrue(six >= 0 && rest >= 0 && (rest % 4 <= 1 || m < 4), "m=" + m + ": " + six + " six-row tiles leave " + rest);
            assertTrue(VectorKernels.sixRowTiles(m) == VectorFloatKernels.sixRowTiles(m), "m=" + m);
        }
        assertEquals(4, VectorKernels.sixRowTiles(32), "32 rows: 4 × 6 + 2 × 4");
    }

    @Test
    void onlyLargeProductsAreBlockedAndPackedTilesAsGated() {
        assertTrue(!VectorFmaKernels.blocks(32, 2048, 512) && !VectorFmaKernels.blocks(800, 512, 65), "a step, the output layer");
        assertTrue(VectorFmaKernels.PACKED_TILES && VectorFloatFmaKernels.PACKED_TILES, "fused products: packed tiles");
        assertEquals(VectorKernels.WIDE_TILE, VectorKernels.PACKED_TILES, "multiply then add: packed tiles with 4 x 4 only");
        assertEquals(Runtime.version().feature() == 17, VectorFloatFmaKernels.PACKED_SIX,
                "packed six-row tiles on JDK 17 only (JDK 25's C2 spills one of their accumulators)");
    }
}
