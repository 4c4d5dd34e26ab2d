// Reads -Ddino.vectorBits: the vector width both vector kernel sets use (no Vector API types here).
package dino.engine.kernels;

import dino.api.DinoException;

/** Parses the requested vector width: 128, 256 or 512 bits, no wider than the CPU's. */
final class VectorWidth {
    /** System property that sets the vector width in bits (128, 256 or 512); default the preferred shape. */
    static final String PROPERTY = "dino.vectorBits";

    private VectorWidth() {
    }

    /** The width in bits that {@code bits} asks for; null or empty means {@code preferred}. */
    static int parse(String bits, int preferred) {
        if (bits == null || bits.isEmpty()) {
            return preferred;
        }
        int size;
        try {
            size = Integer.parseInt(bits.trim());
        } catch (NumberFormatException e) {
            throw new DinoException("-D" + PROPERTY + " must be 128, 256 or 512, got '" + bits + "'");
        }
        if (size != 128 && size != 256 && size != 512) {
            throw new DinoException("-D" + PROPERTY + " must be 128, 256 or 512, got " + size);
        }
        if (size > preferred) {
            throw new DinoException("-D" + PROPERTY + "=" + size + " is wider than this CPU's "
                    + preferred + "-bit vectors");
        }
        return size;
    }
}
