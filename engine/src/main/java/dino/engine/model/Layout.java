// Where each weight of the RNN lives inside one flat double[]; gradients use the same layout.
package dino.engine.model;

import dino.engine.kernels.Precision;

/**
 * Offsets of {@code Wax, Waa, Wya, ba, by} in one flat buffer, so that zeroing, clipping, updating
 * and saving are single loops over the whole buffer and the gradient buffer mirrors the parameters.
 *
 * <pre>
 * block   reference shape   stored as                                   offset
 * WaxT    Wax (n_a, n_x)    n_x rows of stride: WaxT[x][i] = Wax[i][x]  waxT
 * Waa     (n_a, n_a)        n_a rows of stride, row-major               waa
 * Wya     (n_y, n_a)        n_y rows of stride, row-major               wya
 * ba      (n_a, 1)          stride values                               ba
 * by      (n_y, 1)          yStride values                              by
 * </pre>
 *
 * <p>Why it differs from the reference: {@code Wax} is stored transposed because the input is one-hot,
 * so {@code Wax·x} is the single column {@code Wax[:, x]}; transposed, that column is one contiguous
 * row that the kernels add without multiplying by zeros. Every row (and {@code ba}, {@code by}) is
 * padded with zeros to 64 bytes ({@link Precision#align()}: 8 doubles or 16 floats, one 512-bit vector),
 * so vector kernels can run whole vectors over any row without a tail; the padding stays exactly zero
 * in the parameters and gradients.
 * The numbers themselves are the reference's: saving writes the reference's shapes and orientation.
 */
public final class Layout {
    /** The element type of the buffers this layout describes. */
    public final Precision precision;

    /** Hidden size n_a. */
    public final int nA;
    /** Input size n_x (the vocabulary size for one-hot input). */
    public final int nX;
    /** Output size n_y (the vocabulary size). */
    public final int nY;
    /** n_a rounded up to the precision's alignment: the length of every stored row and of hidden-state buffers. */
    public final int stride;
    /** n_y rounded up to the precision's alignment: the length of {@code by} and of probability buffers. */
    public final int yStride;

    public final int waxT;
    public final int waa;
    public final int wya;
    public final int ba;
    public final int by;
    /** Total length of the flat parameter (and gradient) buffer. */
    public final int size;

    /** An f64 layout (the reference's precision). */
    public Layout(int nA, int nX, int nY) {
        this(nA, nX, nY, Precision.F64);
    }

    public Layout(int nA, int nX, int nY, Precision precision) {
        if (nA < 1 || nX < 1 || nY < 1) {
            throw new IllegalArgumentException("layout sizes must be positive: n_a=" + nA + ", n_x=" + nX + ", n_y=" + nY);
        }
        this.precision = precision;
        this.nA = nA;
        this.nX = nX;
        this.nY = nY;
        this.stride = roundUp(nA, precision.align());
        this.yStride = roundUp(nY, precision.align());
        long total = (long) nX * stride + (long) nA * stride + (long) nY * stride + stride + yStride;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("model too large for one flat buffer: " + total + " doubles");
        }
        this.waxT = 0;
        this.waa = waxT + nX * stride;
        this.wya = waa + nA * stride;
        this.ba = wya + nY * stride;
        this.by = ba + stride;
        this.size = by + yStride;
    }

    /** Rounds n up to a multiple of align. */
    public static int roundUp(int n, int align) {
        return (n + align - 1) / align * align;
    }

    /** Offset of the reference's {@code Wax[i][x]}. */
    public int wax(int i, int x) {
        return waxT + x * stride + i;
    }

    /** Offset of the contiguous column {@code Wax[:, x]} (row x of WaxT). */
    public int waxColumn(int x) {
        return waxT + x * stride;
    }

    /** Offset of {@code Waa[i][j]}. */
    public int waa(int i, int j) {
        return waa + i * stride + j;
    }

    /** Offset of {@code Wya[k][j]}. */
    public int wya(int k, int j) {
        return wya + k * stride + j;
    }

    /** Number of real (non-padding) parameters: what the reference's five arrays hold. */
    public long parameterCount() {
        return (long) nA * nX + (long) nA * nA + (long) nY * nA + nA + nY;
    }

    @Override
    public String toString() {
        return "Layout[" + precision.label() + ", n_a=" + nA + ", n_x=" + nX + ", n_y=" + nY + ", stride=" + stride + ", size=" + size + "]";
    }
}
