// The two floating-point precisions a model can be trained in, and what each means for the layout.
package dino.engine.kernels;

import dino.engine.DinoException;
import java.util.Locale;

/** f64 (double, the reference's) or f32 (float: half the memory traffic, twice the vector lanes). */
public enum Precision {
    F64(Double.BYTES),
    F32(Float.BYTES);

    /** Row padding in bytes: one 512-bit vector, one cache line. */
    public static final int ALIGN_BYTES = 64;

    /** Bytes per element. */
    public final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }

    /** Row padding in elements: 8 doubles or 16 floats, a whole number of vectors at every width up to 512 bits. */
    public int align() {
        return ALIGN_BYTES / bytes;
    }

    /** {@code f64} or {@code f32}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Precision parse(String name) {
        for (Precision p : values()) {
            if (p.label().equals(name.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new DinoException("unknown precision '" + name + "': use f64 or f32");
    }
}
