// Where each weight of a model lives inside one flat array; gradients and optimizer state use the same layout.
package dino.engine.model;

import dino.api.TrainingConfig;
import dino.api.TrainingConfig.Cell;
import dino.api.TrainingConfig.Precision;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
 *
 * <p>Every other model (an LSTM or a GRU, or more than one layer: {@link #stacked}) is laid out in
 * PyTorch's blocks, named as its state dict names them, per layer k:
 * <pre>
 * block              PyTorch shape   stored as                                          offset
 * rnn.weight_ih_l0   (G·H, V)        V rows of gateStride: row x is column x            wih[0]
 * rnn.weight_ih_lk   (G·H, H)        G·stride rows of stride (gate sections padded)     wih[k]
 * rnn.weight_hh_lk   (G·H, H)        G·stride rows of stride                            whh[k]
 * rnn.bias_ih_lk     (G·H,)          gateStride values                                  bih[k]
 * rnn.bias_hh_lk     (G·H,)          gateStride values                                  bhh[k]
 * decoder.weight     (V, H)          V rows of stride                                   dec
 * decoder.bias       (V,)            yStride values                                     decBias
 * </pre>
 * with G the cell's gate count ({@link Cell#gates}) and H = n_a. Each gate's H rows are padded to
 * {@code stride}, so a row of a layer's gates is G sections of stride ({@code gateStride = G·stride}) and
 * the fused cell kernels run whole vectors over each section. Layer 0's input matrix is stored transposed
 * for the same reason as {@code Wax}: its input is one-hot, so its product is one contiguous row.
 */
public final class Layout {
    /** The element type of the buffers this layout describes. */
    public final Precision precision;
    /** The cell type. */
    public final Cell cell;
    /** Stacked layers (1 for the reference's model). */
    public final int layers;
    /** Whether this is the reference's one-layer tanh RNN layout ({@code Wax, Waa, Wya, ba, by}). */
    public final boolean reference;
    /** G·stride: the width of a row of one layer's gates (stride for the reference's model). */
    public final int gateStride;
    /** Per layer: offsets of weight_ih, weight_hh, bias_ih, bias_hh (null in the reference's layout). */
    public final int[] wih;
    public final int[] whh;
    public final int[] bih;
    public final int[] bhh;
    /** decoder.weight and decoder.bias (the reference's layout: Wya and by). */
    public final int dec;
    public final int decBias;
    private final List<Block> blocks;

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

    /** The reference's layout: a one-layer tanh RNN with {@code Wax, Waa, Wya, ba, by}. */
    public Layout(int nA, int nX, int nY, Precision precision) {
        checkSizes(nA, nX, nY);
        this.precision = precision;
        this.cell = Cell.RNN;
        this.layers = 1;
        this.reference = true;
        this.nA = nA;
        this.nX = nX;
        this.nY = nY;
        this.stride = roundUp(nA, precision.align());
        this.yStride = roundUp(nY, precision.align());
        this.gateStride = stride;
        long total = (long) nX * stride + (long) nA * stride + (long) nY * stride + stride + yStride;
        checkTotal(total);
        this.waxT = 0;
        this.waa = waxT + nX * stride;
        this.wya = waa + nA * stride;
        this.ba = wya + nY * stride;
        this.by = ba + stride;
        this.size = by + yStride;
        this.wih = null;
        this.whh = null;
        this.bih = null;
        this.bhh = null;
        this.dec = wya;
        this.decBias = by;
        List<Block> b = new ArrayList<>();
        b.add(new Block("Wax", new long[] {nA, nX}, waxT, 1, stride, nA, 0));
        b.add(new Block("Waa", new long[] {nA, nA}, waa, stride, 1, nA, 0));
        b.add(new Block("Wya", new long[] {nY, nA}, wya, stride, 1, nY, 0));
        b.add(new Block("ba", new long[] {nA, 1}, ba, 1, 0, nA, 0));
        b.add(new Block("by", new long[] {nY, 1}, by, 1, 0, nY, 0));
        this.blocks = Collections.unmodifiableList(b);
    }

    /** A PyTorch-style layout of {@code layers} layers of {@code cell} over a vocabulary of {@code vocab}. */
    private Layout(Cell cell, int layers, int nA, int vocab, Precision precision) {
        checkSizes(nA, vocab, vocab);
        if (layers < 1) {
            throw new IllegalArgumentException("a model needs at least one layer, got " + layers);
        }
        this.precision = precision;
        this.cell = cell;
        this.layers = layers;
        this.reference = false;
        this.nA = nA;
        this.nX = vocab;
        this.nY = vocab;
        this.stride = roundUp(nA, precision.align());
        this.yStride = roundUp(vocab, precision.align());
        this.gateStride = cell.gates * stride;
        long total = (long) vocab * gateStride + (long) (layers - 1) * gateStride * stride
                + (long) layers * (gateStride * stride + 2L * gateStride) + (long) vocab * stride + yStride;
        checkTotal(total);
        this.wih = new int[layers];
        this.whh = new int[layers];
        this.bih = new int[layers];
        this.bhh = new int[layers];
        int g = cell.gates;
        long gh = (long) g * nA;
        List<Block> b = new ArrayList<>();
        int at = 0;
        for (int k = 0; k < layers; k++) {
            wih[k] = at;
            if (k == 0) {
                b.add(new Block("rnn.weight_ih_l0", new long[] {gh, vocab}, at, 1, gateStride, nA, stride));
                at += vocab * gateStride;
            } else {
                b.add(new Block("rnn.weight_ih_l" + k, new long[] {gh, nA}, at, stride, 1, nA, stride));
                at += gateStride * stride;
            }
            whh[k] = at;
            b.add(new Block("rnn.weight_hh_l" + k, new long[] {gh, nA}, at, stride, 1, nA, stride));
            at += gateStride * stride;
            bih[k] = at;
            b.add(new Block("rnn.bias_ih_l" + k, new long[] {gh}, at, 1, 0, nA, stride));
            at += gateStride;
            bhh[k] = at;
            b.add(new Block("rnn.bias_hh_l" + k, new long[] {gh}, at, 1, 0, nA, stride));
            at += gateStride;
        }
        this.dec = at;
        b.add(new Block("decoder.weight", new long[] {vocab, nA}, at, stride, 1, vocab, 0));
        at += vocab * stride;
        this.decBias = at;
        b.add(new Block("decoder.bias", new long[] {vocab}, at, 1, 0, vocab, 0));
        at += yStride;
        this.size = at;
        this.waxT = -1;
        this.waa = -1;
        this.wya = dec;
        this.ba = -1;
        this.by = decBias;
        this.blocks = Collections.unmodifiableList(b);
    }

    /**
     * The layout of a model: the reference's for a one-layer {@code rnn}, PyTorch's blocks otherwise.
     */
    /** The layout of a model with {@code config}'s cell, layers, hidden size and precision over {@code vocab} characters. */
    public static Layout of(TrainingConfig config, int vocab) {
        return of(config.cell(), config.layers(), config.hidden(), vocab, config.precision());
    }

    public static Layout of(Cell cell, int layers, int nA, int vocab, Precision precision) {
        return cell == Cell.RNN && layers == 1 ? new Layout(nA, vocab, vocab, precision) : stacked(cell, layers, nA, vocab, precision);
    }

    /** PyTorch's blocks for any cell and layer count (also a one-layer rnn, as a PyTorch state dict has it). */
    public static Layout stacked(Cell cell, int layers, int nA, int vocab, Precision precision) {
        return new Layout(cell, layers, nA, vocab, precision);
    }

    private static void checkSizes(int nA, int nX, int nY) {
        if (nA < 1 || nX < 1 || nY < 1) {
            throw new IllegalArgumentException("layout sizes must be positive: n_a=" + nA + ", n_x=" + nX + ", n_y=" + nY);
        }
    }

    private static void checkTotal(long total) {
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("model too large for one flat buffer: " + total + " values");
        }
    }

    /** The named blocks, in the order a model file (and PyTorch's state dict) lists them. */
    public List<Block> blocks() {
        return blocks;
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

    /** Real values of a sequence's carried state: n_a per layer, twice for an LSTM (h, then c). */
    public int stateValues() {
        return layers * nA * (cell == Cell.LSTM ? 2 : 1);
    }

    /** Number of real (non-padding) parameters: what the model file's arrays hold. */
    public long parameterCount() {
        long n = 0;
        for (Block b : blocks) {
            n += b.count();
        }
        return n;
    }

    /**
     * One named array of the model inside the flat buffer. Element (r, c) of its shape (c = 0 for a
     * one-dimensional block) is at {@code offset + row(r)·rowStep + c·colStep}, where a stacked gate matrix
     * pads each of its gates' {@code sectionRows} rows to {@code sectionStride} ({@code row(r) = r} otherwise).
     */
    public static final class Block {
        public final String name;
        public final long[] shape;
        public final int offset;
        private final int rowStep;
        private final int colStep;
        private final int sectionRows;
        private final int sectionStride;

        Block(String name, long[] shape, int offset, int rowStep, int colStep, int sectionRows, int sectionStride) {
            this.name = name;
            this.shape = shape;
            this.offset = offset;
            this.rowStep = rowStep;
            this.colStep = colStep;
            this.sectionRows = sectionRows;
            this.sectionStride = sectionStride;
        }

        public int rows() {
            return (int) shape[0];
        }

        public int cols() {
            return shape.length == 1 ? 1 : (int) shape[1];
        }

        public long count() {
            return (long) rows() * cols();
        }

        /** Flat offset of element (r, c). */
        public int index(int r, int c) {
            int row = sectionStride == 0 ? r : r / sectionRows * sectionStride + r % sectionRows;
            return offset + row * rowStep + c * colStep;
        }
    }

    @Override
    public String toString() {
        return "Layout[" + (reference ? "" : cell.label() + " × " + layers + ", ") + precision.label() + ", n_a=" + nA + ", n_x=" + nX + ", n_y=" + nY + ", stride=" + stride + ", size=" + size + "]";
    }
}
