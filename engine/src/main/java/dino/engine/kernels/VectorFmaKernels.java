// GENERATED from engine/src/main/templates/dino/engine/kernels/Vector-Kernels.java.template (f64, fma): edit the template, not this file (see KernelTemplates).
// The f64, fma kernels over jdk.incubator.vector: register-tiled products and fused element-wise passes.
package dino.engine.kernels;

import dino.api.DinoException;
import dino.api.Products;
import dino.api.TrainingConfig.Precision;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector f64, fma kernels: the results of {@link ScalarFmaKernels} within the bound stated at each kernel.
 *
 * <p>Loaded reflectively by {@link KernelChoice} only when the module {@code jdk.incubator.vector} is
 * present. Until C2 compiles them these kernels run the Vector API's slow fallbacks (same bits, boxed
 * vectors).
 *
 * <p>The products ({@link #gemm}, {@link #gemmTA}) are register-tiled in the "axpy" form of BLIS's
 * micro-kernels: a tile of {@link #MR} rows × {@link #NR} vectors of C lives in registers while p runs
 * over the sum, each step broadcasting one element of A per row and loading NR vectors of one row of B,
 * in blocks of {@link #KC} steps so the panel of B stays in L1. Every element of C so adds its terms in
 * p order to the value it had, in this class's form of the products ({@link #products()}): exactly the
 * specification's chain, bit for bit, whatever the tile, the block, the row partition or the thread.
 * The element-wise kernels keep the scalar order too, so the only differences from the specification
 * are {@link #tanhRow} and {@link #expRow}, within {@link #TANH_ULPS} and {@link #EXP_ULPS} ulps of
 * fdlibm,
 * and {@link #gemmTB}, which sums in lanes (bound at the method).
 *
 * <p>Tails: columns run in whole vectors up to the last multiple of the lane count, then a scalar tail
 * in the same order. No masked tails: on JDK 17 they are slow and allocate. Every operation used rounds
 * the same way interpreted and compiled, so a run gives the same bits whenever C2 compiles the kernels
 * (see the note above {@link #sumLanes}).
 */
final class VectorFmaKernels extends DoubleKernels {
    /** System property that sets the vector width in bits (128, 256 or 512); default the preferred shape. */
    static final String BITS_PROPERTY = VectorWidth.PROPERTY;

    static final VectorSpecies<Double> SPECIES = species(System.getProperty(VectorWidth.PROPERTY));
    private static final int LANES = SPECIES.length();
    /**
     * Vector registers the product tiles may keep live: 32 with AVX-512 (and on AArch64), 16 with AVX2 and
     * below. {@code -XX:UseAVX=2} on an AVX-512 machine gives HotSpot 256-bit vectors and the AVX2 register file.
     */
    static final int REGISTERS = "aarch64".equals(System.getProperty("os.arch"))
            || DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 512 ? 32 : 16;
    /** System property that forces a tile shape, {@code 4x4} or {@code 6x2}, to measure one against the other. */
    static final String TILE_PROPERTY = "dino.tile";
    /**
     * The register tile: 4 rows × 4 vectors where 32 registers hold its 16 accumulators, 4 loads of B, a
     * broadcast and a product; 6 rows × 2 vectors where 16 must (12 + 2 + 1 + 1, BLIS's Haswell shape), since
     * 4 × 4 there spills accumulators to the stack at every step.
     */
    static final boolean WIDE_TILE = wideTile(System.getProperty(TILE_PROPERTY), REGISTERS);
    /** Rows of C per register tile (6-row tiles are eked out with 4-row ones so that m's rows are all tiled). */
    static final int MR = WIDE_TILE ? 4 : 6;
    /** Vectors of C per register tile row: MR × NR accumulators, NR loads of B and MR broadcasts per step. */
    static final int NR = WIDE_TILE ? 4 : 2;
    /**
     * Steps of p per block: a panel of B, KC rows of NR vectors (128 × 256 bytes = 32 KB at 512 bits),
     * stays in L1 while the row tiles of C go down it.
     */
    static final int KC = 128;
    /**
     * Steps of p per block of a {@link #blocked} product: half of KC, so a tile's micro-panel of B (16 KB at 512 bits)
     * and A's stay in L1 together. Measured on Zen 5, n 512, f32 (with row copies before the micro-panels): 138 GFLOP/s
     * at 64 against 124 at 128 and 126 at 32 with AVX-512; with AVX2 77 at both 64 and 128 (docs/jit-notes.md).
     */
    static final int KP = 64;
    /**
     * Rows of A per block of a {@link #blocked} product: packed, KP × MC elements (48 KB in f32, 96 KB in f64),
     * stays in L2 while the panels of B go across it; a multiple of both tiles' rows (6 and 4).
     */
    static final int MC = 192;
    /** Columns of B per block of a {@link #blocked} product: KP × NC packed (128 KB in f32, 256 KB in f64). */
    static final int NC = 512;
    /** Each thread's packed blocks of A (KP × MC) and B (KP × NC) for {@link #blocked}, made on its first large product. */
    private static final ThreadLocal<double[]> PACKED = new ThreadLocal<>();
    /** Whether each step of a product is one fused multiply-add ({@link Products#FMA}); else a multiply, then an add. */
    private static final boolean FUSED = true;
    /**
     * Whether large products run the packed tiles ({@link #blocked}, {@link #packedA}): with fused products, and with
     * separate ones where the 4 × 4 tile has 32 registers. Not the 6 × 2 tile multiplying then adding: its 16
     * registers then hold 12 accumulators, 2 vectors of B, a broadcast and the product, and its packed form was
     * slower than the tile reading in place (Zen 5, AVX2, f32: 48 against 59-62 GFLOP/s for the LSTM 512 weight
     * gradient, 55 against 64 for a step's product; docs/jit-notes.md).
     */
    static final boolean PACKED_TILES = WIDE_TILE || FUSED;
    /**
     * Whether the packed products of the 6 × 2 shape run six-row tiles first ({@link #packedTile6x2}, then four-row
     * ones for the rest), or four-row ones only ({@link #packedTile4x2}): six on JDK 17 only. JDK 25's C2 keeps one of
     * the packed 6 × 2 loop's 12 accumulators on the stack (a load, the FMA and a store each step, where JDK 17's
     * keeps all in registers; decoded in docs/jit-notes.md), and there the 4 × 2 tile's 8 accumulators beat both
     * six-row forms: Zen 5, AVX2, f32, fused, one thread, B 32, the GRU 512 step 49.6-51.4 ms against 51.8-80.0 reading
     * in place and 76.3 packed six-row, the LSTM's 67.2-71.6 against 71.7-84.3 and 100.4. On JDK 17 six rows stay
     * faster (GRU 46.1-46.6 against 50.5-51.3, LSTM 62.8-66.3 against 67.2-69.7). Other versions untried: they take
     * the tile that does not spill.
     */
    static final boolean PACKED_SIX = Runtime.version().feature() == 17;
    private static final ScalarFmaKernels SCALAR = new ScalarFmaKernels();

    /** The preferred double species, or the width a system property asks for (no wider than the CPU's). */
    static VectorSpecies<Double> species(String bits) {
        VectorSpecies<Double> preferred = DoubleVector.SPECIES_PREFERRED;
        int size = VectorWidth.parse(bits, preferred.vectorBitSize());
        return size == preferred.vectorBitSize() ? preferred : VectorSpecies.of(double.class, VectorShape.forBitSize(size));
    }

    /** Whether the tiles are 4 × 4 ({@code 4x4}) rather than 6 × 2 ({@code 6x2}): the property's shape, else the registers'. */
    static boolean wideTile(String shape, int registers) {
        if (shape == null || shape.isEmpty()) {
            return registers >= 32;
        }
        switch (shape.trim()) {
            case "4x4":
                return true;
            case "6x2":
                return false;
            default:
                throw new DinoException("-D" + TILE_PROPERTY + " must be 4x4 or 6x2, got '" + shape + "'");
        }
    }

    VectorFmaKernels() {
        if (Precision.F64.align() % LANES != 0) {
            throw new IllegalStateException(LANES + " lanes do not divide the layout's row padding " + Precision.F64.align());
        }
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public int vectorBits() {
        return SPECIES.vectorBitSize();
    }

    @Override
    public Products products() {
        return Products.FMA;
    }

    /** Bit for bit the specification (see the class comment). */
    @Override
    public void gemm(double[] c, int cOff, int ldc, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     int m, int n, int k) {
        if (blocks(m, n, k)) {
            blocked(c, cOff, ldc, a, aOff, lda, 1, b, bOff, ldb, m, n, k);
        } else {
            product(c, cOff, ldc, a, aOff, lda, 1, b, bOff, ldb, m, n, k);
        }
    }

    /** Bit for bit the specification: {@link #gemm} reading A down its columns. */
    @Override
    public void gemmTA(double[] c, int cOff, int ldc, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                       int m, int n, int k) {
        if (blocks(m, n, k)) {
            blocked(c, cOff, ldc, a, aOff, 1, lda, b, bOff, ldb, m, n, k);
        } else {
            product(c, cOff, ldc, a, aOff, 1, lda, b, bOff, ldb, m, n, k);
        }
    }

    /**
     * Whether a product is {@link #blocked}: at least MC / 2 rows and 2·KP steps, where the copies cost a few
     * percent and save a quarter (an LSTM's weight gradient and its layers' input products, n 256 and 512); not
     * the output layer's (tens of rows or steps), where with AVX2 the extra blocks of a short sum cost more than
     * the copies save (measured in docs/jit-notes.md), nor a step of the recurrence (a batch of rows).
     */
    static boolean blocks(int m, int n, int k) {
        return PACKED_TILES && m >= MC / 2 && k >= 2 * KP && n >= NR * LANES;
    }

    /**
     * {@link #product} for large products, in BLIS's loops around the register tiles: for each block of NC
     * columns and KP steps of p, B's block is packed into micro-panels (a tile's NR vectors of columns, step after
     * step, one after another), and for each block of MC rows A's block too (a tile's rows, step after step); then
     * each tile runs over its two micro-panels, consecutive in memory, with strides that are constants in the
     * compiled loop (no index arithmetic or range check beyond the first step). Rows and columns that fill no
     * whole tile (fewer than a tile's rows at the end, the columns after the last whole panel) go through
     * {@link #product} reading A and B in place. Read in place, A's step p would be lda apart from step p + 1 in
     * {@link #gemmTA} (8 KB for an LSTM's gates at n 512, a new page each step), and rows of A or B a power of two
     * apart share a few L1 sets. Packing changes no sum: every element of C still adds its terms in p order,
     * block after block, to the value it had.
     */
    static void blocked(double[] c, int cOff, int ldc, double[] a, int aOff, int ars, int acs, double[] b, int bOff,
                        int ldb, int m, int n, int k) {
        double[] w = scratch(KP * MC + KP * NC);
        int width = NR * LANES;
        int depth = (k + (k + KP - 1) / KP - 1) / ((k + KP - 1) / KP); // k in equal blocks of at most KP steps
        for (int j0 = 0; j0 < n; j0 += NC) {
            int nc = Math.min(NC, n - j0);
            int panels = nc / width;
            for (int p0 = 0; p0 < k; p0 += depth) {
                int kc = Math.min(depth, k - p0);
                int bRow = bOff + p0 * ldb + j0;
                for (int q = 0; q < panels; q++) {
                    for (int p = 0; p < kc; p++) {
                        System.arraycopy(b, bRow + p * ldb + q * width, w, KP * MC + (q * kc + p) * width, width);
                    }
                }
                for (int i0 = 0; i0 < m; i0 += MC) {
                    int mc = Math.min(MC, m - i0);
                    int six = WIDE_TILE || !PACKED_SIX ? 0 : sixRowTiles(mc);
                    int tiled = WIDE_TILE ? mc - mc % MR : 6 * six + (mc - 6 * six) / 4 * 4;
                    int aBlock = aOff + i0 * ars + p0 * acs;
                    packTiles(w, a, aBlock, ars, acs, six, tiled, kc);
                    for (int q = 0; q < panels; q++) {
                        packedTiles(c, cOff + i0 * ldc + j0 + q * width, ldc, w, kc, 0, six, tiled, w, KP * MC + q * kc * width, kc);
                    }
                    int cBlock = cOff + i0 * ldc + j0;
                    if (panels * width < nc) {
                        product(c, cBlock + panels * width, ldc, a, aBlock, ars, acs, b, bRow + panels * width, ldb, tiled,
                                nc - panels * width, kc);
                    }
                    if (tiled < mc) {
                        product(c, cBlock + tiled * ldc, ldc, a, aBlock + tiled * ars, ars, acs, b, bRow, ldb, mc - tiled, nc, kc);
                    }
                }
            }
        }
    }

    /**
     * The packed tiles over one micro-panel of B (at {@code bp[bAt]}, kc steps) and rows [0, tiled) of A packed by
     * {@link #packTiles} to a depth of k steps, from step p0: six-row tiles first (six of them), then four-row ones.
     */
    private static void packedTiles(double[] c, int cAt, int ldc, double[] w, int k, int p0, int six, int tiled,
                                    double[] bp, int bAt, int kc) {
        int i = 0;
        if (WIDE_TILE) {
            for (; i < tiled; i += MR) {
                packedTile4x4(c, cAt + i * ldc, ldc, w, i * k + p0 * MR, bp, bAt, kc);
            }
        } else {
            for (; i < 6 * six; i += 6) {
                packedTile6x2(c, cAt + i * ldc, ldc, w, i * k + p0 * 6, bp, bAt, kc);
            }
            for (; i < tiled; i += 4) {
                packedTile4x2(c, cAt + i * ldc, ldc, w, i * k + p0 * 4, bp, bAt, kc);
            }
        }
    }

    /**
     * A's block (rows [0, tiled), kc steps, a(i, p) at {@code a[from + i·ars + p·acs]}) into w as {@link #blocked}'s
     * tiles read it: six-row tiles first, then four-row ones, each tile's rows of a step together, step after step
     * (the tile starting at row i at {@code i·kc}). A is read in its own order: step by step where a step's rows are
     * consecutive ({@link #gemmTA}: tile by tile, each step lda apart, read the same few L1 sets over and over, a
     * power of two apart, and took an eighth of the LSTM 512 weight gradient's time on Zen 5), else row by row.
     */
    private static void packTiles(double[] w, double[] a, int from, int ars, int acs, int six, int tiled, int kc) {
        if (ars == 1) {
            for (int p = 0; p < kc; p++) {
                int at = from + p * acs;
                int i = 0;
                for (; i < 6 * six; i += 6) {
                    int to = i * kc + 6 * p;
                    for (int r = 0; r < 6; r++) {
                        w[to + r] = a[at + i + r];
                    }
                }
                for (; i < tiled; i += 4) {
                    int to = i * kc + 4 * p;
                    for (int r = 0; r < 4; r++) {
                        w[to + r] = a[at + i + r];
                    }
                }
            }
            return;
        }
        for (int i = 0; i < tiled; ) {
            int rows = i < 6 * six ? 6 : 4;
            int to = i * kc;
            for (int p = 0; p < kc; p++) {
                int at = from + i * ars + p * acs;
                for (int r = 0; r < rows; r++) {
                    w[to++] = a[at + r * ars];
                }
            }
            i += rows;
        }
    }

    /** {@link #tile4x4} from packed micro-panels: A's 4 rows of a step together, B's 4 vectors of a step together. */
    private static void packedTile4x4(double[] c, int cOff, int ldc, double[] a, int aOff, double[] b, int bOff, int kc) {
        int r0 = cOff;
        int r1 = cOff + ldc;
        int r2 = cOff + 2 * ldc;
        int r3 = cOff + 3 * ldc;
        DoubleVector c00 = DoubleVector.fromArray(SPECIES, c, r0);
        DoubleVector c01 = DoubleVector.fromArray(SPECIES, c, r0 + LANES);
        DoubleVector c02 = DoubleVector.fromArray(SPECIES, c, r0 + 2 * LANES);
        DoubleVector c03 = DoubleVector.fromArray(SPECIES, c, r0 + 3 * LANES);
        DoubleVector c10 = DoubleVector.fromArray(SPECIES, c, r1);
        DoubleVector c11 = DoubleVector.fromArray(SPECIES, c, r1 + LANES);
        DoubleVector c12 = DoubleVector.fromArray(SPECIES, c, r1 + 2 * LANES);
        DoubleVector c13 = DoubleVector.fromArray(SPECIES, c, r1 + 3 * LANES);
        DoubleVector c20 = DoubleVector.fromArray(SPECIES, c, r2);
        DoubleVector c21 = DoubleVector.fromArray(SPECIES, c, r2 + LANES);
        DoubleVector c22 = DoubleVector.fromArray(SPECIES, c, r2 + 2 * LANES);
        DoubleVector c23 = DoubleVector.fromArray(SPECIES, c, r2 + 3 * LANES);
        DoubleVector c30 = DoubleVector.fromArray(SPECIES, c, r3);
        DoubleVector c31 = DoubleVector.fromArray(SPECIES, c, r3 + LANES);
        DoubleVector c32 = DoubleVector.fromArray(SPECIES, c, r3 + 2 * LANES);
        DoubleVector c33 = DoubleVector.fromArray(SPECIES, c, r3 + 3 * LANES);
        for (int p = 0; p < kc; p++) {
            int ap = aOff + 4 * p;
            int bp = bOff + 4 * LANES * p;
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bp + LANES);
            DoubleVector b2 = DoubleVector.fromArray(SPECIES, b, bp + 2 * LANES);
            DoubleVector b3 = DoubleVector.fromArray(SPECIES, b, bp + 3 * LANES);
            DoubleVector a0 = DoubleVector.broadcast(SPECIES, a[ap]);
            c00 = FUSED ? a0.fma(b0, c00) : c00.add(a0.mul(b0));
            c01 = FUSED ? a0.fma(b1, c01) : c01.add(a0.mul(b1));
            c02 = FUSED ? a0.fma(b2, c02) : c02.add(a0.mul(b2));
            c03 = FUSED ? a0.fma(b3, c03) : c03.add(a0.mul(b3));
            DoubleVector a1 = DoubleVector.broadcast(SPECIES, a[ap + 1]);
            c10 = FUSED ? a1.fma(b0, c10) : c10.add(a1.mul(b0));
            c11 = FUSED ? a1.fma(b1, c11) : c11.add(a1.mul(b1));
            c12 = FUSED ? a1.fma(b2, c12) : c12.add(a1.mul(b2));
            c13 = FUSED ? a1.fma(b3, c13) : c13.add(a1.mul(b3));
            DoubleVector a2 = DoubleVector.broadcast(SPECIES, a[ap + 2]);
            c20 = FUSED ? a2.fma(b0, c20) : c20.add(a2.mul(b0));
            c21 = FUSED ? a2.fma(b1, c21) : c21.add(a2.mul(b1));
            c22 = FUSED ? a2.fma(b2, c22) : c22.add(a2.mul(b2));
            c23 = FUSED ? a2.fma(b3, c23) : c23.add(a2.mul(b3));
            DoubleVector a3 = DoubleVector.broadcast(SPECIES, a[ap + 3]);
            c30 = FUSED ? a3.fma(b0, c30) : c30.add(a3.mul(b0));
            c31 = FUSED ? a3.fma(b1, c31) : c31.add(a3.mul(b1));
            c32 = FUSED ? a3.fma(b2, c32) : c32.add(a3.mul(b2));
            c33 = FUSED ? a3.fma(b3, c33) : c33.add(a3.mul(b3));
        }
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + LANES);
        c02.intoArray(c, r0 + 2 * LANES);
        c03.intoArray(c, r0 + 3 * LANES);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + LANES);
        c12.intoArray(c, r1 + 2 * LANES);
        c13.intoArray(c, r1 + 3 * LANES);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + LANES);
        c22.intoArray(c, r2 + 2 * LANES);
        c23.intoArray(c, r2 + 3 * LANES);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + LANES);
        c32.intoArray(c, r3 + 2 * LANES);
        c33.intoArray(c, r3 + 3 * LANES);
    }

    /** {@link #tile6x2} from packed micro-panels: A's 6 rows of a step together, B's 2 vectors of a step together. */
    private static void packedTile6x2(double[] c, int cOff, int ldc, double[] a, int aOff, double[] b, int bOff, int kc) {
        int r0 = cOff;
        int r1 = cOff + ldc;
        int r2 = cOff + 2 * ldc;
        int r3 = cOff + 3 * ldc;
        int r4 = cOff + 4 * ldc;
        int r5 = cOff + 5 * ldc;
        DoubleVector c00 = DoubleVector.fromArray(SPECIES, c, r0);
        DoubleVector c01 = DoubleVector.fromArray(SPECIES, c, r0 + LANES);
        DoubleVector c10 = DoubleVector.fromArray(SPECIES, c, r1);
        DoubleVector c11 = DoubleVector.fromArray(SPECIES, c, r1 + LANES);
        DoubleVector c20 = DoubleVector.fromArray(SPECIES, c, r2);
        DoubleVector c21 = DoubleVector.fromArray(SPECIES, c, r2 + LANES);
        DoubleVector c30 = DoubleVector.fromArray(SPECIES, c, r3);
        DoubleVector c31 = DoubleVector.fromArray(SPECIES, c, r3 + LANES);
        DoubleVector c40 = DoubleVector.fromArray(SPECIES, c, r4);
        DoubleVector c41 = DoubleVector.fromArray(SPECIES, c, r4 + LANES);
        DoubleVector c50 = DoubleVector.fromArray(SPECIES, c, r5);
        DoubleVector c51 = DoubleVector.fromArray(SPECIES, c, r5 + LANES);
        for (int p = 0; p < kc; p++) {
            int ap = aOff + 6 * p;
            int bp = bOff + 2 * LANES * p;
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bp + LANES);
            DoubleVector a0 = DoubleVector.broadcast(SPECIES, a[ap]);
            c00 = FUSED ? a0.fma(b0, c00) : c00.add(a0.mul(b0));
            c01 = FUSED ? a0.fma(b1, c01) : c01.add(a0.mul(b1));
            DoubleVector a1 = DoubleVector.broadcast(SPECIES, a[ap + 1]);
            c10 = FUSED ? a1.fma(b0, c10) : c10.add(a1.mul(b0));
            c11 = FUSED ? a1.fma(b1, c11) : c11.add(a1.mul(b1));
            DoubleVector a2 = DoubleVector.broadcast(SPECIES, a[ap + 2]);
            c20 = FUSED ? a2.fma(b0, c20) : c20.add(a2.mul(b0));
            c21 = FUSED ? a2.fma(b1, c21) : c21.add(a2.mul(b1));
            DoubleVector a3 = DoubleVector.broadcast(SPECIES, a[ap + 3]);
            c30 = FUSED ? a3.fma(b0, c30) : c30.add(a3.mul(b0));
            c31 = FUSED ? a3.fma(b1, c31) : c31.add(a3.mul(b1));
            DoubleVector a4 = DoubleVector.broadcast(SPECIES, a[ap + 4]);
            c40 = FUSED ? a4.fma(b0, c40) : c40.add(a4.mul(b0));
            c41 = FUSED ? a4.fma(b1, c41) : c41.add(a4.mul(b1));
            DoubleVector a5 = DoubleVector.broadcast(SPECIES, a[ap + 5]);
            c50 = FUSED ? a5.fma(b0, c50) : c50.add(a5.mul(b0));
            c51 = FUSED ? a5.fma(b1, c51) : c51.add(a5.mul(b1));
        }
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + LANES);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + LANES);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + LANES);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + LANES);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + LANES);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + LANES);
    }

    /** {@link #tile4x2} from packed micro-panels: A's 4 rows of a step together, B's 2 vectors of a step together. */
    private static void packedTile4x2(double[] c, int cOff, int ldc, double[] a, int aOff, double[] b, int bOff, int kc) {
        int r0 = cOff;
        int r1 = cOff + ldc;
        int r2 = cOff + 2 * ldc;
        int r3 = cOff + 3 * ldc;
        DoubleVector c00 = DoubleVector.fromArray(SPECIES, c, r0);
        DoubleVector c01 = DoubleVector.fromArray(SPECIES, c, r0 + LANES);
        DoubleVector c10 = DoubleVector.fromArray(SPECIES, c, r1);
        DoubleVector c11 = DoubleVector.fromArray(SPECIES, c, r1 + LANES);
        DoubleVector c20 = DoubleVector.fromArray(SPECIES, c, r2);
        DoubleVector c21 = DoubleVector.fromArray(SPECIES, c, r2 + LANES);
        DoubleVector c30 = DoubleVector.fromArray(SPECIES, c, r3);
        DoubleVector c31 = DoubleVector.fromArray(SPECIES, c, r3 + LANES);
        for (int p = 0; p < kc; p++) {
            int ap = aOff + 4 * p;
            int bp = bOff + 2 * LANES * p;
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bp + LANES);
            DoubleVector a0 = DoubleVector.broadcast(SPECIES, a[ap]);
            c00 = FUSED ? a0.fma(b0, c00) : c00.add(a0.mul(b0));
            c01 = FUSED ? a0.fma(b1, c01) : c01.add(a0.mul(b1));
            DoubleVector a1 = DoubleVector.broadcast(SPECIES, a[ap + 1]);
            c10 = FUSED ? a1.fma(b0, c10) : c10.add(a1.mul(b0));
            c11 = FUSED ? a1.fma(b1, c11) : c11.add(a1.mul(b1));
            DoubleVector a2 = DoubleVector.broadcast(SPECIES, a[ap + 2]);
            c20 = FUSED ? a2.fma(b0, c20) : c20.add(a2.mul(b0));
            c21 = FUSED ? a2.fma(b1, c21) : c21.add(a2.mul(b1));
            DoubleVector a3 = DoubleVector.broadcast(SPECIES, a[ap + 3]);
            c30 = FUSED ? a3.fma(b0, c30) : c30.add(a3.mul(b0));
            c31 = FUSED ? a3.fma(b1, c31) : c31.add(a3.mul(b1));
        }
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + LANES);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + LANES);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + LANES);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + LANES);
    }

    /**
     * {@code C += A·B} with a(i, p) at {@code a[aOff + i·ars + p·acs]}, in blocks of {@link #KC} steps of p
     * (each element's chain continues in C from block to block, so the bits do not change): within a
     * block, panels of NR vectors of columns of B stay in L1 while the tiles of MR rows of C go down them
     * ({@link #WIDE_TILE}: 4 × 4, else 6 × 2 with 4 × 2 and single rows for the rest); then the last vectors
     * of columns (4-row tiles one vector wide, a single row all of them at once), and a scalar tail of columns.
     */
    static void product(double[] c, int cOff, int ldc, double[] a, int aOff, int ars, int acs,
                        double[] b, int bOff, int ldb, int m, int n, int k) {
        int vecEnd = n - n % LANES;
        int panelEnd = vecEnd - vecEnd % (NR * LANES);
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            int ap0 = aOff + p0 * acs;
            int bp0 = bOff + p0 * ldb;
            for (int j = 0; j < panelEnd; j += NR * LANES) {
                int i = 0;
                if (WIDE_TILE) {
                    for (; i + MR <= m; i += MR) {
                        tile4x4(c, cOff + i * ldc + j, ldc, a, ap0 + i * ars, ars, acs, b, bp0 + j, ldb, kc);
                    }
                    for (; i < m; i++) {
                        tile1x4(c, cOff + i * ldc + j, a, ap0 + i * ars, acs, b, bp0 + j, ldb, kc);
                    }
                } else {
                    for (int end = 6 * sixRowTiles(m); i < end; i += 6) {
                        tile6x2(c, cOff + i * ldc + j, ldc, a, ap0 + i * ars, ars, acs, b, bp0 + j, ldb, kc);
                    }
                    for (; i + 4 <= m; i += 4) {
                        tile4x2(c, cOff + i * ldc + j, ldc, a, ap0 + i * ars, ars, acs, b, bp0 + j, ldb, kc);
                    }
                    for (; i < m; i++) {
                        tile1x2(c, cOff + i * ldc + j, a, ap0 + i * ars, acs, b, bp0 + j, ldb, kc);
                    }
                }
            }
            int rows = m - m % 4;
            for (int j = panelEnd; j < vecEnd; j += LANES) {
                for (int i = 0; i < rows; i += 4) {
                    tile4x1(c, cOff + i * ldc + j, ldc, a, ap0 + i * ars, ars, acs, b, bp0 + j, ldb, kc);
                }
            }
            // A single row's last vectors in one pass: one chain each, run side by side (one after another,
            // each would wait out the add's latency at every step; at batch 1 every recurrent product is one row).
            for (int i = rows; i < m && panelEnd < vecEnd; i++) {
                int ci = cOff + i * ldc + panelEnd;
                int ai = ap0 + i * ars;
                int bj = bp0 + panelEnd;
                switch ((vecEnd - panelEnd) / LANES) {
                    case 1: tile1x1(c, ci, a, ai, acs, b, bj, ldb, kc); break;
                    case 2: tile1x2(c, ci, a, ai, acs, b, bj, ldb, kc); break;
                    default: tile1x3(c, ci, a, ai, acs, b, bj, ldb, kc); break;
                }
            }
            if (vecEnd < n) {
                scalarColumns(c, cOff, ldc, a, ap0, ars, acs, b, bp0, ldb, m, vecEnd, n, kc);
            }
        }
    }

    /** Rows i..i+3 × NR = 4 vectors of columns, accumulated in registers over kc steps (16 chains). */
    private static void tile4x4(double[] c, int cOff, int ldc, double[] a, int aOff, int ars, int acs,
                                double[] b, int bOff, int ldb, int kc) {
        int r0 = cOff;
        int r1 = cOff + ldc;
        int r2 = cOff + 2 * ldc;
        int r3 = cOff + 3 * ldc;
        DoubleVector c00 = DoubleVector.fromArray(SPECIES, c, r0);
        DoubleVector c01 = DoubleVector.fromArray(SPECIES, c, r0 + LANES);
        DoubleVector c02 = DoubleVector.fromArray(SPECIES, c, r0 + 2 * LANES);
        DoubleVector c03 = DoubleVector.fromArray(SPECIES, c, r0 + 3 * LANES);
        DoubleVector c10 = DoubleVector.fromArray(SPECIES, c, r1);
        DoubleVector c11 = DoubleVector.fromArray(SPECIES, c, r1 + LANES);
        DoubleVector c12 = DoubleVector.fromArray(SPECIES, c, r1 + 2 * LANES);
        DoubleVector c13 = DoubleVector.fromArray(SPECIES, c, r1 + 3 * LANES);
        DoubleVector c20 = DoubleVector.fromArray(SPECIES, c, r2);
        DoubleVector c21 = DoubleVector.fromArray(SPECIES, c, r2 + LANES);
        DoubleVector c22 = DoubleVector.fromArray(SPECIES, c, r2 + 2 * LANES);
        DoubleVector c23 = DoubleVector.fromArray(SPECIES, c, r2 + 3 * LANES);
        DoubleVector c30 = DoubleVector.fromArray(SPECIES, c, r3);
        DoubleVector c31 = DoubleVector.fromArray(SPECIES, c, r3 + LANES);
        DoubleVector c32 = DoubleVector.fromArray(SPECIES, c, r3 + 2 * LANES);
        DoubleVector c33 = DoubleVector.fromArray(SPECIES, c, r3 + 3 * LANES);
        int ap = aOff;
        int bp = bOff;
        for (int p = 0; p < kc; p++, ap += acs, bp += ldb) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bp + LANES);
            DoubleVector b2 = DoubleVector.fromArray(SPECIES, b, bp + 2 * LANES);
            DoubleVector b3 = DoubleVector.fromArray(SPECIES, b, bp + 3 * LANES);
            DoubleVector a0 = DoubleVector.broadcast(SPECIES, a[ap]);
            c00 = FUSED ? a0.fma(b0, c00) : c00.add(a0.mul(b0));
            c01 = FUSED ? a0.fma(b1, c01) : c01.add(a0.mul(b1));
            c02 = FUSED ? a0.fma(b2, c02) : c02.add(a0.mul(b2));
            c03 = FUSED ? a0.fma(b3, c03) : c03.add(a0.mul(b3));
            DoubleVector a1 = DoubleVector.broadcast(SPECIES, a[ap + ars]);
            c10 = FUSED ? a1.fma(b0, c10) : c10.add(a1.mul(b0));
            c11 = FUSED ? a1.fma(b1, c11) : c11.add(a1.mul(b1));
            c12 = FUSED ? a1.fma(b2, c12) : c12.add(a1.mul(b2));
            c13 = FUSED ? a1.fma(b3, c13) : c13.add(a1.mul(b3));
            DoubleVector a2 = DoubleVector.broadcast(SPECIES, a[ap + 2 * ars]);
            c20 = FUSED ? a2.fma(b0, c20) : c20.add(a2.mul(b0));
            c21 = FUSED ? a2.fma(b1, c21) : c21.add(a2.mul(b1));
            c22 = FUSED ? a2.fma(b2, c22) : c22.add(a2.mul(b2));
            c23 = FUSED ? a2.fma(b3, c23) : c23.add(a2.mul(b3));
            DoubleVector a3 = DoubleVector.broadcast(SPECIES, a[ap + 3 * ars]);
            c30 = FUSED ? a3.fma(b0, c30) : c30.add(a3.mul(b0));
            c31 = FUSED ? a3.fma(b1, c31) : c31.add(a3.mul(b1));
            c32 = FUSED ? a3.fma(b2, c32) : c32.add(a3.mul(b2));
            c33 = FUSED ? a3.fma(b3, c33) : c33.add(a3.mul(b3));
        }
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + LANES);
        c02.intoArray(c, r0 + 2 * LANES);
        c03.intoArray(c, r0 + 3 * LANES);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + LANES);
        c12.intoArray(c, r1 + 2 * LANES);
        c13.intoArray(c, r1 + 3 * LANES);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + LANES);
        c22.intoArray(c, r2 + 2 * LANES);
        c23.intoArray(c, r2 + 3 * LANES);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + LANES);
        c32.intoArray(c, r3 + 2 * LANES);
        c33.intoArray(c, r3 + 3 * LANES);
    }

    /**
     * How many 6-row tiles to run over m rows so that 4-row tiles take the rest but at most one row: 32 rows
     * are 4 × 6 + 2 × 4, not 5 × 6 and two single rows.
     */
    static int sixRowTiles(int m) {
        int six = m / 6;
        while (six > 0 && (m - 6 * six) % 4 > 1) {
            six--;
        }
        return six;
    }

    /** Rows i..i+5 × 2 vectors of columns, accumulated in registers over kc steps (12 chains). */
    private static void tile6x2(double[] c, int cOff, int ldc, double[] a, int aOff, int ars, int acs,
                                double[] b, int bOff, int ldb, int kc) {
        int r0 = cOff;
        int r1 = cOff + ldc;
        int r2 = cOff + 2 * ldc;
        int r3 = cOff + 3 * ldc;
        int r4 = cOff + 4 * ldc;
        int r5 = cOff + 5 * ldc;
        DoubleVector c00 = DoubleVector.fromArray(SPECIES, c, r0);
        DoubleVector c01 = DoubleVector.fromArray(SPECIES, c, r0 + LANES);
        DoubleVector c10 = DoubleVector.fromArray(SPECIES, c, r1);
        DoubleVector c11 = DoubleVector.fromArray(SPECIES, c, r1 + LANES);
        DoubleVector c20 = DoubleVector.fromArray(SPECIES, c, r2);
        DoubleVector c21 = DoubleVector.fromArray(SPECIES, c, r2 + LANES);
        DoubleVector c30 = DoubleVector.fromArray(SPECIES, c, r3);
        DoubleVector c31 = DoubleVector.fromArray(SPECIES, c, r3 + LANES);
        DoubleVector c40 = DoubleVector.fromArray(SPECIES, c, r4);
        DoubleVector c41 = DoubleVector.fromArray(SPECIES, c, r4 + LANES);
        DoubleVector c50 = DoubleVector.fromArray(SPECIES, c, r5);
        DoubleVector c51 = DoubleVector.fromArray(SPECIES, c, r5 + LANES);
        int ap = aOff;
        int bp = bOff;
        for (int p = 0; p < kc; p++, ap += acs, bp += ldb) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bp + LANES);
            DoubleVector a0 = DoubleVector.broadcast(SPECIES, a[ap]);
            c00 = FUSED ? a0.fma(b0, c00) : c00.add(a0.mul(b0));
            c01 = FUSED ? a0.fma(b1, c01) : c01.add(a0.mul(b1));
            DoubleVector a1 = DoubleVector.broadcast(SPECIES, a[ap + ars]);
            c10 = FUSED ? a1.fma(b0, c10) : c10.add(a1.mul(b0));
            c11 = FUSED ? a1.fma(b1, c11) : c11.add(a1.mul(b1));
            DoubleVector a2 = DoubleVector.broadcast(SPECIES, a[ap + 2 * ars]);
            c20 = FUSED ? a2.fma(b0, c20) : c20.add(a2.mul(b0));
            c21 = FUSED ? a2.fma(b1, c21) : c21.add(a2.mul(b1));
            DoubleVector a3 = DoubleVector.broadcast(SPECIES, a[ap + 3 * ars]);
            c30 = FUSED ? a3.fma(b0, c30) : c30.add(a3.mul(b0));
            c31 = FUSED ? a3.fma(b1, c31) : c31.add(a3.mul(b1));
            DoubleVector a4 = DoubleVector.broadcast(SPECIES, a[ap + 4 * ars]);
            c40 = FUSED ? a4.fma(b0, c40) : c40.add(a4.mul(b0));
            c41 = FUSED ? a4.fma(b1, c41) : c41.add(a4.mul(b1));
            DoubleVector a5 = DoubleVector.broadcast(SPECIES, a[ap + 5 * ars]);
            c50 = FUSED ? a5.fma(b0, c50) : c50.add(a5.mul(b0));
            c51 = FUSED ? a5.fma(b1, c51) : c51.add(a5.mul(b1));
        }
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + LANES);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + LANES);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + LANES);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + LANES);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + LANES);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + LANES);
    }

    /** Rows i..i+3 × 2 vectors (8 chains): the 6 × 2 tiles' rows that are not a multiple of 6. */
    private static void tile4x2(double[] c, int cOff, int ldc, double[] a, int aOff, int ars, int acs,
                                double[] b, int bOff, int ldb, int kc) {
        int r1 = cOff + ldc;
        int r2 = cOff + 2 * ldc;
        int r3 = cOff + 3 * ldc;
        DoubleVector c00 = DoubleVector.fromArray(SPECIES, c, cOff);
        DoubleVector c01 = DoubleVector.fromArray(SPECIES, c, cOff + LANES);
        DoubleVector c10 = DoubleVector.fromArray(SPECIES, c, r1);
        DoubleVector c11 = DoubleVector.fromArray(SPECIES, c, r1 + LANES);
        DoubleVector c20 = DoubleVector.fromArray(SPECIES, c, r2);
        DoubleVector c21 = DoubleVector.fromArray(SPECIES, c, r2 + LANES);
        DoubleVector c30 = DoubleVector.fromArray(SPECIES, c, r3);
        DoubleVector c31 = DoubleVector.fromArray(SPECIES, c, r3 + LANES);
        int ap = aOff;
        int bp = bOff;
        for (int p = 0; p < kc; p++, ap += acs, bp += ldb) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bp + LANES);
            DoubleVector a0 = DoubleVector.broadcast(SPECIES, a[ap]);
            c00 = FUSED ? a0.fma(b0, c00) : c00.add(a0.mul(b0));
            c01 = FUSED ? a0.fma(b1, c01) : c01.add(a0.mul(b1));
            DoubleVector a1 = DoubleVector.broadcast(SPECIES, a[ap + ars]);
            c10 = FUSED ? a1.fma(b0, c10) : c10.add(a1.mul(b0));
            c11 = FUSED ? a1.fma(b1, c11) : c11.add(a1.mul(b1));
            DoubleVector a2 = DoubleVector.broadcast(SPECIES, a[ap + 2 * ars]);
            c20 = FUSED ? a2.fma(b0, c20) : c20.add(a2.mul(b0));
            c21 = FUSED ? a2.fma(b1, c21) : c21.add(a2.mul(b1));
            DoubleVector a3 = DoubleVector.broadcast(SPECIES, a[ap + 3 * ars]);
            c30 = FUSED ? a3.fma(b0, c30) : c30.add(a3.mul(b0));
            c31 = FUSED ? a3.fma(b1, c31) : c31.add(a3.mul(b1));
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + LANES);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + LANES);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + LANES);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + LANES);
    }

    private static void tile4x1(double[] c, int cOff, int ldc, double[] a, int aOff, int ars, int acs,
                                double[] b, int bOff, int ldb, int kc) {
        DoubleVector c0 = DoubleVector.fromArray(SPECIES, c, cOff);
        DoubleVector c1 = DoubleVector.fromArray(SPECIES, c, cOff + ldc);
        DoubleVector c2 = DoubleVector.fromArray(SPECIES, c, cOff + 2 * ldc);
        DoubleVector c3 = DoubleVector.fromArray(SPECIES, c, cOff + 3 * ldc);
        int ap = aOff;
        int bp = bOff;
        for (int p = 0; p < kc; p++, ap += acs, bp += ldb) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            c0 = FUSED ? DoubleVector.broadcast(SPECIES, a[ap]).fma(b0, c0) : c0.add(DoubleVector.broadcast(SPECIES, a[ap]).mul(b0));
            c1 = FUSED ? DoubleVector.broadcast(SPECIES, a[ap + ars]).fma(b0, c1) : c1.add(DoubleVector.broadcast(SPECIES, a[ap + ars]).mul(b0));
            c2 = FUSED ? DoubleVector.broadcast(SPECIES, a[ap + 2 * ars]).fma(b0, c2) : c2.add(DoubleVector.broadcast(SPECIES, a[ap + 2 * ars]).mul(b0));
            c3 = FUSED ? DoubleVector.broadcast(SPECIES, a[ap + 3 * ars]).fma(b0, c3) : c3.add(DoubleVector.broadcast(SPECIES, a[ap + 3 * ars]).mul(b0));
        }
        c0.intoArray(c, cOff);
        c1.intoArray(c, cOff + ldc);
        c2.intoArray(c, cOff + 2 * ldc);
        c3.intoArray(c, cOff + 3 * ldc);
    }

    private static void tile1x4(double[] c, int cOff, double[] a, int aOff, int acs, double[] b, int bOff, int ldb,
                                int kc) {
        DoubleVector c0 = DoubleVector.fromArray(SPECIES, c, cOff);
        DoubleVector c1 = DoubleVector.fromArray(SPECIES, c, cOff + LANES);
        DoubleVector c2 = DoubleVector.fromArray(SPECIES, c, cOff + 2 * LANES);
        DoubleVector c3 = DoubleVector.fromArray(SPECIES, c, cOff + 3 * LANES);
        int ap = aOff;
        int bp = bOff;
        for (int p = 0; p < kc; p++, ap += acs, bp += ldb) {
            DoubleVector ai = DoubleVector.broadcast(SPECIES, a[ap]);
            c0 = FUSED ? ai.fma(DoubleVector.fromArray(SPECIES, b, bp), c0) : c0.add(ai.mul(DoubleVector.fromArray(SPECIES, b, bp)));
            c1 = FUSED ? ai.fma(DoubleVector.fromArray(SPECIES, b, bp + LANES), c1) : c1.add(ai.mul(DoubleVector.fromArray(SPECIES, b, bp + LANES)));
            c2 = FUSED ? ai.fma(DoubleVector.fromArray(SPECIES, b, bp + 2 * LANES), c2) : c2.add(ai.mul(DoubleVector.fromArray(SPECIES, b, bp + 2 * LANES)));
            c3 = FUSED ? ai.fma(DoubleVector.fromArray(SPECIES, b, bp + 3 * LANES), c3) : c3.add(ai.mul(DoubleVector.fromArray(SPECIES, b, bp + 3 * LANES)));
        }
        c0.intoArray(c, cOff);
        c1.intoArray(c, cOff + LANES);
        c2.intoArray(c, cOff + 2 * LANES);
        c3.intoArray(c, cOff + 3 * LANES);
    }

    private static void tile1x3(double[] c, int cOff, double[] a, int aOff, int acs, double[] b, int bOff, int ldb,
                                int kc) {
        DoubleVector c0 = DoubleVector.fromArray(SPECIES, c, cOff);
        DoubleVector c1 = DoubleVector.fromArray(SPECIES, c, cOff + LANES);
        DoubleVector c2 = DoubleVector.fromArray(SPECIES, c, cOff + 2 * LANES);
        int ap = aOff;
        int bp = bOff;
        for (int p = 0; p < kc; p++, ap += acs, bp += ldb) {
            DoubleVector ai = DoubleVector.broadcast(SPECIES, a[ap]);
            c0 = FUSED ? ai.fma(DoubleVector.fromArray(SPECIES, b, bp), c0) : c0.add(ai.mul(DoubleVector.fromArray(SPECIES, b, bp)));
            c1 = FUSED ? ai.fma(DoubleVector.fromArray(SPECIES, b, bp + LANES), c1) : c1.add(ai.mul(DoubleVector.fromArray(SPECIES, b, bp + LANES)));
            c2 = FUSED ? ai.fma(DoubleVector.fromArray(SPECIES, b, bp + 2 * LANES), c2) : c2.add(ai.mul(DoubleVector.fromArray(SPECIES, b, bp + 2 * LANES)));
        }
        c0.intoArray(c, cOff);
        c1.intoArray(c, cOff + LANES);
        c2.intoArray(c, cOff + 2 * LANES);
    }

    private static void tile1x2(double[] c, int cOff, double[] a, int aOff, int acs, double[] b, int bOff, int ldb,
                                int kc) {
        DoubleVector c0 = DoubleVector.fromArray(SPECIES, c, cOff);
        DoubleVector c1 = DoubleVector.fromArray(SPECIES, c, cOff + LANES);
        int ap = aOff;
        int bp = bOff;
        for (int p = 0; p < kc; p++, ap += acs, bp += ldb) {
            DoubleVector ai = DoubleVector.broadcast(SPECIES, a[ap]);
            c0 = FUSED ? ai.fma(DoubleVector.fromArray(SPECIES, b, bp), c0) : c0.add(ai.mul(DoubleVector.fromArray(SPECIES, b, bp)));
            c1 = FUSED ? ai.fma(DoubleVector.fromArray(SPECIES, b, bp + LANES), c1) : c1.add(ai.mul(DoubleVector.fromArray(SPECIES, b, bp + LANES)));
        }
        c0.intoArray(c, cOff);
        c1.intoArray(c, cOff + LANES);
    }

    private static void tile1x1(double[] c, int cOff, double[] a, int aOff, int acs, double[] b, int bOff, int ldb,
                                int kc) {
        DoubleVector c0 = DoubleVector.fromArray(SPECIES, c, cOff);
        int ap = aOff;
        int bp = bOff;
        for (int p = 0; p < kc; p++, ap += acs, bp += ldb) {
            DoubleVector a0 = DoubleVector.broadcast(SPECIES, a[ap]);
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            c0 = FUSED ? a0.fma(b0, c0) : c0.add(a0.mul(b0));
        }
        c0.intoArray(c, cOff);
    }

    /** Columns [from, to) of m rows, one element at a time, in the specification's order. */
    private static void scalarColumns(double[] c, int cOff, int ldc, double[] a, int aOff, int ars, int acs,
                                      double[] b, int bOff, int ldb, int m, int from, int to, int k) {
        for (int r = 0; r < m; r++) {
            for (int j = from; j < to; j++) {
                double s = c[cOff + r * ldc + j];
                for (int p = 0; p < k; p++) {
                    double x = a[aOff + r * ars + p * acs];
                    double y = b[bOff + p * ldb + j];
                    s = FUSED ? Math.fma(x, y, s) : s + x * y;
                }
                c[cOff + r * ldc + j] = s;
            }
        }
    }

    /**
     * Dot products in lanes: the sum over p runs in LANES interleaved partial sums (then across lanes in
     * {@link #sumLanes}' fixed order, then the scalar tail of p), so it rounds differently from the
     * specification: {@code |Δc| ≤ k·2⁻⁵²·Σ_p |a·b|}. The cell uses {@link #gemm} with transposed weights.
     */
    @Override
    public void gemmTB(double[] c, int cOff, int ldc, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                       int m, int n, int k) {
        int vecEnd = k - k % LANES;
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * lda;
            for (int j = 0; j < n; j++) {
                int bj = bOff + j * ldb;
                DoubleVector acc = DoubleVector.zero(SPECIES);
                for (int p = 0; p < vecEnd; p += LANES) {
                    acc = acc.add(DoubleVector.fromArray(SPECIES, a, ai + p).mul(DoubleVector.fromArray(SPECIES, b, bj + p)));
                }
                double s = sumLanes(acc);
                for (int p = vecEnd; p < k; p++) {
                    s += a[ai + p] * b[bj + p];
                }
                c[cOff + i * ldc + j] += s;
            }
        }
    }

    /** One register tile's columns: NR vectors. */
    @Override
    public int panelWidth() {
        return NR * LANES;
    }

    /** A copy: the specification's, at this set's panel width. */
    @Override
    public void packB(double[] dst, int dstOff, double[] b, int bOff, int ldb, int k, int n) {
        ScalarFmaKernels.packPanels(dst, dstOff, b, bOff, ldb, k, n, panelWidth());
    }

    @Override
    public void packBT(double[] dst, int dstOff, double[] b, int bOff, int ldb, int k, int n) {
        ScalarFmaKernels.packPanelsTransposed(dst, dstOff, b, bOff, ldb, k, n, panelWidth());
    }

    /** Bit for bit the specification: {@link #gemm} panel by panel, each panel's rows {@code NR·LANES} apart. */
    @Override
    public void gemmPacked(double[] c, int cOff, int ldc, double[] a, int aOff, int lda, double[] bp, int bpOff, int m, int n,
                           int k) {
        if (PACKED_TILES && m >= 4 && m <= MC && n >= NR * LANES) {
            packedA(c, cOff, ldc, a, aOff, lda, bp, bpOff, m, n, k);
            return;
        }
        int width = NR * LANES;
        for (int j = 0; j < n; j += width) {
            int w = Math.min(width, n - j);
            product(c, cOff + j, ldc, a, aOff, lda, 1, bp, bpOff + j * k, w, m, w, k);
        }
    }

    /**
     * {@link #gemmPacked} for a batch of rows (a step of the recurrence): A's rows packed whole as {@link #blocked}
     * packs a block (each tile's rows of a step together, at {@code i·k} for the tile from row i), then each whole
     * panel of B, already a tile's micro-panel step after step, in blocks of KC steps by the packed tiles, the
     * panel's tiles of C staying in L1 from block to block; the last narrow panel and the rows that fill no tile by
     * {@link #product} in place. Same chains as {@link #gemm}.
     */
    static void packedA(double[] c, int cOff, int ldc, double[] a, int aOff, int lda, double[] bp, int bpOff, int m, int n,
                        int k) {
        int width = NR * LANES;
        int panels = n / width;
        int six = WIDE_TILE || !PACKED_SIX ? 0 : sixRowTiles(m);
        int tiled = WIDE_TILE ? m - m % MR : 6 * six + (m - 6 * six) / 4 * 4;
        double[] w = scratch(tiled * k);
        packTiles(w, a, aOff, lda, 1, six, tiled, k);
        for (int q = 0; q < panels; q++) {
            int cAt = cOff + q * width;
            for (int p0 = 0; p0 < k; p0 += KC) {
                packedTiles(c, cAt, ldc, w, k, p0, six, tiled, bp, bpOff + q * width * k + p0 * width, Math.min(KC, k - p0));
            }
        }
        for (int j = 0; j < n; j += width) {
            int cols = Math.min(width, n - j);
            int rows = j < panels * width ? m - tiled : m;
            int from = m - rows;
            if (rows > 0) {
                product(c, cOff + from * ldc + j, ldc, a, aOff + from * lda, lda, 1, bp, bpOff + j * k, cols, rows, cols, k);
            }
        }
    }

    /** This thread's packing buffer, at least {@code size} long (made larger, once, when a product needs more). */
    private static double[] scratch(int size) {
        double[] w = PACKED.get();
        if (w == null || w.length < size) {
            w = new double[Math.max(size, KP * MC + KP * NC)];
            PACKED.set(w);
        }
        return w;
    }

    /** A copy: the specification's. */
    @Override
    public void transpose(double[] dst, int dstOff, int ldd, double[] src, int srcOff, int lds, int rows, int cols) {
        SCALAR.transpose(dst, dstOff, ldd, src, srcOff, lds, rows, cols);
    }

    /** Bit for bit the specification. */
    @Override
    public void gatherAdd(double[] c, int cOff, int ldc, double[] t, int tOff, int ldt, int[] idx, int idxOff,
                          int m, int n) {
        for (int r = 0; r < m; r++) {
            int x = idx[idxOff + r];
            if (x >= 0) {
                addRow(c, cOff + r * ldc, t, tOff + x * ldt, n);
            }
        }
    }

    /** Bit for bit the specification. */
    @Override
    public void scatterAdd(double[] t, int tOff, int ldt, double[] c, int cOff, int ldc, int[] idx, int idxOff,
                           int m, int n) {
        for (int r = 0; r < m; r++) {
            int x = idx[idxOff + r];
            if (x >= 0) {
                addRow(t, tOff + x * ldt, c, cOff + r * ldc, n);
            }
        }
    }

    /** Bit for bit the specification. */
    @Override
    public void addColumnSums(double[] out, int outOff, double[] x, int xOff, int ldx, int m, int n) {
        for (int r = 0; r < m; r++) {
            addRow(out, outOff, x, xOff + r * ldx, n);
        }
    }

    /** {@code y[0..n) += x[0..n)}. */
    private static void addRow(double[] y, int yOff, double[] x, int xOff, int n) {
        int j = 0;
        for (int end = n - n % LANES; j < end; j += LANES) {
            DoubleVector.fromArray(SPECIES, y, yOff + j).add(DoubleVector.fromArray(SPECIES, x, xOff + j)).intoArray(y, yOff + j);
        }
        for (; j < n; j++) {
            y[yOff + j] += x[xOff + j];
        }
    }

    /** Bit for bit the specification. */
    @Override
    public void addBias(double[] x, int xOff, int ldx, double[] bias, int biasOff, int m, int n) {
        for (int r = 0; r < m; r++) {
            addRow(x, xOff + r * ldx, bias, biasOff, n);
        }
    }

    /** Bit for bit the specification. */
    @Override
    public void multiply(double[] out, int outOff, double[] a, int aOff, double[] b, int bOff, int len) {
        int i = 0;
        for (int end = len - len % LANES; i < end; i += LANES) {
            DoubleVector.fromArray(SPECIES, a, aOff + i).mul(DoubleVector.fromArray(SPECIES, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    /**
     * The specification's order with {@link #sigmoidRow} and {@link #tanhRow}: each value within a few ulps of
     * it ({@link #TANH_ULPS} for tanh, σ adds a rounding to {@link #EXP_ULPS}). Row by row, in passes over
     * the arrays (bias, activations, cell state, output), so that no vector crosses a call.
     */
    @Override
    public void lstmCell(double[] gates, int gOff, double[] bias, int biasOff, double[] cPrev, int cPrevOff,
                         double[] c, int cOff, double[] h, int hOff, int m, int n) {
        for (int r = 0; r < m; r++) {
            int gr = gOff + r * 4 * n;
            int cp = cPrevOff + r * n;
            int ci = cOff + r * n;
            int hi = hOff + r * n;
            if (n % LANES != 0) {
                for (int j = 0; j < n; j++) {
                    ScalarFmaKernels.lstmCellAt(gates, gr, n, j, bias, biasOff, cPrev, cp, c, ci, h, hi);
                }
                continue;
            }
            addRow(gates, gr, bias, biasOff, 4 * n);
            sigmoidRow(gates, gr, 2 * n);
            tanhRow(gates, gr + 2 * n, gates, gr + 2 * n, n);
            sigmoidRow(gates, gr + 3 * n, n);
            for (int j = 0; j < n; j += LANES) {
                DoubleVector.fromArray(SPECIES, gates, gr + n + j).mul(DoubleVector.fromArray(SPECIES, cPrev, cp + j))
                        .add(DoubleVector.fromArray(SPECIES, gates, gr + j).mul(DoubleVector.fromArray(SPECIES, gates, gr + 2 * n + j)))
                        .intoArray(c, ci + j);
            }
            tanhRow(c, ci, h, hi, n);
            for (int j = 0; j < n; j += LANES) {
                DoubleVector.fromArray(SPECIES, gates, gr + 3 * n + j).mul(DoubleVector.fromArray(SPECIES, h, hi + j)).intoArray(h, hi + j);
            }
        }
    }

    /** As {@link #lstmCell}: the specification's order, tanh within {@link #TANH_ULPS} ulps. */
    @Override
    public void lstmCellBackward(double[] gates, int gOff, double[] c, int cOff, double[] cPrev, int cPrevOff,
                                 double[] dh, int dhOff, double[] dNext, int dNextOff, double[] dc, int dcOff,
                                 int m, int n) {
        DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
        for (int r = 0; r < m; r++) {
            int gr = gOff + r * 4 * n;
            int s = r * n;
            if (n % LANES != 0) {
                for (int j = 0; j < n; j++) {
                    ScalarFmaKernels.lstmCellBackwardAt(gates, gr, n, j, c, cOff + s, cPrev, cPrevOff + s, dh, dhOff + s,
                            dNext, dNextOff + s, dc, dcOff + s);
                }
                continue;
            }
            addRow(dh, dhOff + s, dNext, dNextOff + s, n);
            tanhRow(c, cOff + s, dNext, dNextOff + s, n);
            for (int j = 0; j < n; j += LANES) {
                DoubleVector i = DoubleVector.fromArray(SPECIES, gates, gr + j);
                DoubleVector f = DoubleVector.fromArray(SPECIES, gates, gr + n + j);
                DoubleVector g = DoubleVector.fromArray(SPECIES, gates, gr + 2 * n + j);
                DoubleVector o = DoubleVector.fromArray(SPECIES, gates, gr + 3 * n + j);
                DoubleVector t = DoubleVector.fromArray(SPECIES, dNext, dNextOff + s + j);
                DoubleVector dhv = DoubleVector.fromArray(SPECIES, dh, dhOff + s + j);
                DoubleVector dcv = DoubleVector.fromArray(SPECIES, dc, dcOff + s + j).add(dhv.mul(o).mul(one.sub(t.mul(t))));
                dcv.mul(g).mul(i).mul(one.sub(i)).intoArray(gates, gr + j);
                dcv.mul(DoubleVector.fromArray(SPECIES, cPrev, cPrevOff + s + j)).mul(f).mul(one.sub(f)).intoArray(gates, gr + n + j);
                dcv.mul(i).mul(one.sub(g.mul(g))).intoArray(gates, gr + 2 * n + j);
                dhv.mul(t).mul(o).mul(one.sub(o)).intoArray(gates, gr + 3 * n + j);
                dcv.mul(f).intoArray(dc, dcOff + s + j);
            }
        }
    }

    /** As {@link #lstmCell}: the specification's order, σ and tanh within a few ulps, in passes over rows. */
    @Override
    public void gruCell(double[] gi, int giOff, double[] gh, int ghOff, double[] bias, int biasOff, double[] hPrev,
                        int hPrevOff, double[] h, int hOff, int m, int n) {
        DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
        for (int r = 0; r < m; r++) {
            int ir = giOff + r * 3 * n;
            int hr = ghOff + r * 3 * n;
            int hp = hPrevOff + r * n;
            int hi = hOff + r * n;
            if (n % LANES != 0) {
                for (int j = 0; j < n; j++) {
                    ScalarFmaKernels.gruCellAt(gi, ir, gh, hr, n, j, bias, biasOff, hPrev, hp, h, hi);
                }
                continue;
            }
            for (int j = 0; j < 2 * n; j += LANES) {
                DoubleVector.fromArray(SPECIES, gi, ir + j).add(DoubleVector.fromArray(SPECIES, gh, hr + j)
                        .add(DoubleVector.fromArray(SPECIES, bias, biasOff + j))).intoArray(gi, ir + j);
            }
            sigmoidRow(gi, ir, 2 * n);
            for (int j = 0; j < n; j += LANES) {
                DoubleVector hn = DoubleVector.fromArray(SPECIES, gh, hr + 2 * n + j).add(DoubleVector.fromArray(SPECIES, bias, biasOff + 2 * n + j));
                hn.intoArray(gh, hr + 2 * n + j);
                DoubleVector.fromArray(SPECIES, gi, ir + 2 * n + j).add(DoubleVector.fromArray(SPECIES, gi, ir + j).mul(hn))
                        .intoArray(gi, ir + 2 * n + j);
            }
            tanhRow(gi, ir + 2 * n, gi, ir + 2 * n, n);
            for (int j = 0; j < n; j += LANES) {
                DoubleVector z = DoubleVector.fromArray(SPECIES, gi, ir + n + j);
                one.sub(z).mul(DoubleVector.fromArray(SPECIES, gi, ir + 2 * n + j)).add(z.mul(DoubleVector.fromArray(SPECIES, hPrev, hp + j)))
                        .intoArray(h, hi + j);
            }
        }
    }

    /** Bit for bit the specification (no transcendental). */
    @Override
    public void gruCellBackward(double[] gi, int giOff, double[] gh, int ghOff, double[] hPrev, int hPrevOff,
                                double[] dh, int dhOff, double[] dNext, int dNextOff, int m, int n) {
        DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
        for (int row = 0; row < m; row++) {
            int ir = giOff + row * 3 * n;
            int hr = ghOff + row * 3 * n;
            int s = row * n;
            if (n % LANES != 0) {
                for (int j = 0; j < n; j++) {
                    ScalarFmaKernels.gruCellBackwardAt(gi, ir, gh, hr, n, j, hPrev, hPrevOff + s, dh, dhOff + s, dNext, dNextOff + s);
                }
                continue;
            }
            for (int j = 0; j < n; j += LANES) {
                DoubleVector r = DoubleVector.fromArray(SPECIES, gi, ir + j);
                DoubleVector z = DoubleVector.fromArray(SPECIES, gi, ir + n + j);
                DoubleVector nn = DoubleVector.fromArray(SPECIES, gi, ir + 2 * n + j);
                DoubleVector hn = DoubleVector.fromArray(SPECIES, gh, hr + 2 * n + j);
                DoubleVector dhv = DoubleVector.fromArray(SPECIES, dh, dhOff + s + j).add(DoubleVector.fromArray(SPECIES, dNext, dNextOff + s + j));
                DoubleVector dn = dhv.mul(one.sub(z)).mul(one.sub(nn.mul(nn)));
                DoubleVector dz = dhv.mul(DoubleVector.fromArray(SPECIES, hPrev, hPrevOff + s + j).sub(nn)).mul(z).mul(one.sub(z));
                DoubleVector dr = dn.mul(hn).mul(r).mul(one.sub(r));
                dr.intoArray(gi, ir + j);
                dz.intoArray(gi, ir + n + j);
                dn.intoArray(gi, ir + 2 * n + j);
                dr.intoArray(gh, hr + j);
                dz.intoArray(gh, hr + n + j);
                dn.mul(r).intoArray(gh, hr + 2 * n + j);
                dhv.mul(z).intoArray(dNext, dNextOff + s + j);
            }
        }
    }

    /** The sum as specified, then {@link #tanhRow}: within {@link #TANH_ULPS} ulps of the specification. */
    @Override
    public void biasTanh(double[] x, int xOff, int ldx, double[] bias, int biasOff, int m, int n) {
        int end = n - n % LANES;
        for (int r = 0; r < m; r++) {
            int row = xOff + r * ldx;
            addRow(x, row, bias, biasOff, n);
            tanhRow(x, row, x, row, end);
            for (int j = end; j < n; j++) {
                x[row + j] = StrictMath.tanh(x[row + j]);
            }
        }
    }

    /** Bit for bit the specification. */
    @Override
    public void tanhBackward(double[] d, int dOff, int ldd, double[] y, int yOff, int ldy, double[] add, int addOff,
                             int ldadd, int m, int n) {
        int end = n - n % LANES;
        DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
        for (int r = 0; r < m; r++) {
            int dr = dOff + r * ldd;
            int yr = yOff + r * ldy;
            int ar = addOff + r * ldadd;
            int j = 0;
            for (; j < end; j += LANES) {
                DoubleVector yj = DoubleVector.fromArray(SPECIES, y, yr + j);
                one.sub(yj.mul(yj)).mul(DoubleVector.fromArray(SPECIES, d, dr + j).add(DoubleVector.fromArray(SPECIES, add, ar + j)))
                        .intoArray(d, dr + j);
            }
            for (; j < n; j++) {
                double yj = y[yr + j];
                d[dr + j] = (1.0 - yj * yj) * (d[dr + j] + add[ar + j]);
            }
        }
    }

    /**
     * Bias, max, {@link #expRow} and the division in vectors over the row padded to whole vectors (the padding
     * set to −∞, so exp writes 0 there and it comes out zero); the denominator in numpy's pairwise order
     * ({@link ScalarFmaKernels#pairwiseSum}). Bound against the specification: exp within {@link #EXP_ULPS} ulps; the
     * sum and the division add no difference of their own. Needs {@code ldp} at least n rounded up to the
     * lane count.
     */
    @Override
    public double softmaxCrossEntropy(double[] p, int pOff, int ldp, double[] bias, int biasOff, int[] targets,
                                      int tOff, int m, int n, double scale) {
        int padded = (n + LANES - 1) / LANES * LANES;
        double factor = scale;
        double loss = 0.0;
        for (int r = 0; r < m; r++) {
            int row = pOff + r * ldp;
            int y = targets == null ? -1 : targets[tOff + r];
            if (targets != null && y < 0) {
                java.util.Arrays.fill(p, row, row + padded, 0.0);
                continue;
            }
            for (int j = 0; j < n; j++) {
                p[row + j] = p[row + j] + bias[biasOff + j];
            }
            for (int j = n; j < padded; j++) {
                p[row + j] = Double.NEGATIVE_INFINITY;
            }
            DoubleVector mx = DoubleVector.broadcast(SPECIES, Double.NEGATIVE_INFINITY);
            for (int j = 0; j < padded; j += LANES) {
                mx = mx.max(DoubleVector.fromArray(SPECIES, p, row + j));
            }
            double max = mx.reduceLanes(VectorOperators.MAX);
            for (int j = 0; j < padded; j += LANES) {
                DoubleVector.fromArray(SPECIES, p, row + j).sub(max).intoArray(p, row + j);
            }
            expRow(p, row, padded);
            double total = ScalarFmaKernels.pairwiseSum(p, row, n);
            for (int j = 0; j < padded; j += LANES) {
                DoubleVector.fromArray(SPECIES, p, row + j).div(total).intoArray(p, row + j);
            }
            if (y >= 0) {
                loss += -StrictMath.log(p[row + y]);
                p[row + y] -= 1.0;
                if (scale != 1.0) {
                    for (int j = 0; j < padded; j += LANES) {
                        DoubleVector.fromArray(SPECIES, p, row + j).mul(factor).intoArray(p, row + j);
                    }
                }
            }
        }
        return loss;
    }

    /** One pass over the flat buffers, scalar tail; bit for bit the specification. */
    @Override
    public void clipAndUpdate(double[] w, double[] g, int off, int len, double clip, double lr) {
        double step = -lr;
        double limit = clip;
        DoubleVector hi = DoubleVector.broadcast(SPECIES, limit);
        DoubleVector lo = DoubleVector.broadcast(SPECIES, -limit);
        DoubleVector stepV = DoubleVector.broadcast(SPECIES, step);
        int i = off;
        int bound = off + SPECIES.loopBound(len);
        for (; i < bound; i += LANES) {
            // Math.min(clip, Math.max(−clip, g)) as compare and blend: the same result for every g,
            // NaN and −0.0 included, when clip ≥ 0 (the tests compare bits with the scalar kernel).
            DoubleVector gi = DoubleVector.fromArray(SPECIES, g, i);
            gi = gi.blend(lo, gi.compare(VectorOperators.LT, lo));
            gi = gi.blend(hi, gi.compare(VectorOperators.GT, hi));
            gi.intoArray(g, i);
            DoubleVector.fromArray(SPECIES, w, i).add(stepV.mul(gi)).intoArray(w, i);
        }
        for (; i < off + len; i++) {
            double gi = Math.min(limit, Math.max(-limit, g[i]));
            g[i] = gi;
            w[i] += step * gi;
        }
    }

    /** The specification's loop (C2 vectorizes it; square root and division are exact in IEEE 754). */
    @Override
    public void clipAdagrad(double[] w, double[] g, double[] memory, int off, int len, double clip, double lr) {
        SCALAR.clipAdagrad(w, g, memory, off, len, clip, lr);
    }

    /** The specification's loop, as {@link #clipAdagrad}. */
    @Override
    public void clipAdam(double[] w, double[] g, double[] m, double[] v, int off, int len, double clip, double lr,
                         double c1, double c2) {
        SCALAR.clipAdam(w, g, m, v, off, len, clip, lr, c1, c2);
    }

    /*
     * Why the transcendentals and the horizontal sum are written out here: the Vector API's lanewise
     * EXP, EXPM1 and TANH run Intel SVML in C2-compiled code but Math.exp and friends per lane in the
     * interpreter and C1, and they round differently; reduceLanes(ADD) leaves its order unspecified. A
     * run whose kernels were compiled at a different moment then printed different numbers. The code below
     * uses only operations that every tier computes exactly as IEEE 754 says (+ − × ÷, compare, blend,
     * bit operations), so a given kernel choice gives the same bits in every run and every tier.
     */

    /** The lanes of v added in a fixed order (pairs, then pairs of pairs), the same in every JIT tier. */
    static double sumLanes(DoubleVector v) {
        if (LANES == 8) {
            return ((v.lane(0) + v.lane(1)) + (v.lane(2) + v.lane(3))) + ((v.lane(4) + v.lane(5)) + (v.lane(6) + v.lane(7)));
        }
        if (LANES == 4) {
            return (v.lane(0) + v.lane(1)) + (v.lane(2) + v.lane(3));
        }
        return v.lane(0) + v.lane(1);
    }

    /**
     * Bound of {@link #expRow} against {@code StrictMath.exp}, in ulps of the result (normal results;
     * below that, within 2⁻¹⁰²²·2⁻⁵⁰ absolute). The Taylor series is truncated below 10⁻¹⁷ relative and
     * the reduction and scaling add a rounding each; {@code VectorKernelsTest} checks it over [−745, 709].
     */
    static final int EXP_ULPS = 2;
    /**
     * Bound of {@link #tanhRow} against {@code StrictMath.tanh}, in ulps of the result: Cephes gives
     * 2.5·10⁻¹⁶ relative for the rational part, and the exp branch adds one rounding of 1 − 2/(e + 1).
     */
    static final int TANH_ULPS = 3;

    private static final double LOG2_E = 1.4426950408889634;
    /** ln 2 split (fdlibm's): the high part has 21 trailing zero bits, so k·LN2_HI is exact for |k| < 2²¹. */
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    /** 1.5·2⁵²: adding it rounds to an integer, which then sits in the low bits of the sum. */
    private static final double ROUND = 0x1.8p52;
    private static final long ROUND_BITS = Double.doubleToRawLongBits(ROUND);
    /** Where e^x is 0 or +∞ in double, whatever the reduction does beyond. */
    private static final double EXP_MIN = -746.0;
    private static final double EXP_MAX = 710.0;
    /** The exponent bias and the mantissa's bits: 2^k as bits is (k + 1023) shifted left by 52. */
    private static final long EXP_BIAS = 1023;
    private static final long MANTISSA_BITS = 52;
    private static final long SIGN_BIT = 0x8000_0000_0000_0000L;
    /** 1/13!, 1/12!, …, 1/1!, 1/0!: the Taylor coefficients of e^r for Horner's rule, highest first. */
    private static final double[] EXP_TAYLOR = {1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0,
        1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0,
        1.0 / 6.0, 0.5, 1.0, 1.0};

    /**
     * {@code x[off..off + len) = e^x} in place, len a multiple of the lane count: x = k·ln 2 + r with
     * |r| ≤ ln 2 / 2 (Cody and Waite), e^r by its Taylor series to r¹³ (truncation below 10⁻¹⁷ relative),
     * times 2^k in two factors so that subnormal results round once.
     * e^−∞ = 0 exactly, e^NaN = NaN, overflow gives +∞.
     *
     * <p>The transcendentals are routines over arrays ({@link #expRow}, {@link #tanhRow},
     * {@link #sigmoidRow}), never methods that take or return a vector: C2 may leave a call uninlined (when
     * the callee was compiled on its own into a big method, or the caller has inlined too much already),
     * and then every vector crosses it boxed, many times slower (docs/jit-notes.md).
     */
    static void expRow(double[] x, int off, int len) {
        for (int j = 0; j < len; j += LANES) {
            DoubleVector xc = DoubleVector.fromArray(SPECIES, x, off + j).max(EXP_MIN).min(EXP_MAX);
            DoubleVector t = xc.mul(LOG2_E).add(ROUND);
            DoubleVector k = t.sub(ROUND);
            DoubleVector r = xc.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO));
            DoubleVector e = DoubleVector.broadcast(SPECIES, EXP_TAYLOR[0]);
            for (int c = 1; c < EXP_TAYLOR.length; c++) {
                e = e.mul(r).add(EXP_TAYLOR[c]);
            }
            LongVector ki = t.viewAsIntegralLanes().sub(ROUND_BITS);
            LongVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
            LongVector k2 = ki.sub(k1);
            DoubleVector s1 = k1.add(EXP_BIAS).lanewise(VectorOperators.LSHL, MANTISSA_BITS).viewAsFloatingLanes();
            DoubleVector s2 = k2.add(EXP_BIAS).lanewise(VectorOperators.LSHL, MANTISSA_BITS).viewAsFloatingLanes();
            e.mul(s1).mul(s2).intoArray(x, off + j);
        }
    }

    /**
     * {@code y = tanh(x)} over len values (a multiple of the lane count; y may be x), Cephes' method: for
     * |x| ≤ 0.625, x + x·s·P(s)/Q(s) with s = x² (a rational approximation good to about 2·10⁻¹⁶), above
     * 1 − 2/(e^{2|x|} + 1) with e as {@link #expRow} computes it (its steps written out here, see there
     * why); odd, so ±0 and the sign are exact; tanh(±∞) = ±1, NaN stays NaN.
     *
     * <p>Chosen over {@code lanewise(TANH)} (SVML) and over {@code e/(e + 2)} with SVML's
     * {@code e = expm1(−2|x|)} for determinism, not speed: both SVML forms give other bits in interpreted
     * code (their measured speeds: docs/jit-notes.md).
     */
    static void tanhRow(double[] x, int xOff, double[] y, int yOff, int len) {
        for (int j = 0; j < len; j += LANES) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, x, xOff + j);
            DoubleVector ax = v.abs();
            DoubleVector xc = ax.mul(2.0).max(EXP_MIN).min(EXP_MAX);
            DoubleVector t = xc.mul(LOG2_E).add(ROUND);
            DoubleVector k = t.sub(ROUND);
            DoubleVector r = xc.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO));
            DoubleVector e = DoubleVector.broadcast(SPECIES, EXP_TAYLOR[0]);
            for (int c = 1; c < EXP_TAYLOR.length; c++) {
                e = e.mul(r).add(EXP_TAYLOR[c]);
            }
            LongVector ki = t.viewAsIntegralLanes().sub(ROUND_BITS);
            LongVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
            LongVector k2 = ki.sub(k1);
            DoubleVector s1 = k1.add(EXP_BIAS).lanewise(VectorOperators.LSHL, MANTISSA_BITS).viewAsFloatingLanes();
            DoubleVector s2 = k2.add(EXP_BIAS).lanewise(VectorOperators.LSHL, MANTISSA_BITS).viewAsFloatingLanes();
            DoubleVector large = DoubleVector.broadcast(SPECIES, 1.0).sub(DoubleVector.broadcast(SPECIES, 2.0)
                    .div(e.mul(s1).mul(s2).add(1.0)));
            DoubleVector s = ax.mul(ax);
            DoubleVector num = s.mul(-9.64399179425052238628e-1).add(-9.92877231001918586564e1).mul(s)
                    .add(-1.61468768441708447952e3);
            DoubleVector den = s.add(1.12811678491632931402e2).mul(s).add(2.23548839060100448583e3).mul(s)
                    .add(4.84406305325125486048e3);
            DoubleVector small = ax.add(ax.mul(s).mul(num.div(den)));
            DoubleVector th = small.blend(large, ax.compare(VectorOperators.GT, 0.625));
            LongVector sign = v.viewAsIntegralLanes().and(SIGN_BIT);
            th.viewAsIntegralLanes().or(sign).viewAsFloatingLanes().intoArray(y, yOff + j);
        }
    }

    /** {@code x = σ(x) = 1 / (1 + e^{−x})} in place over len values (a multiple of the lane count): σ(−∞) = 0, σ(+∞) = 1. */
    static void sigmoidRow(double[] x, int off, int len) {
        for (int j = 0; j < len; j += LANES) {
            DoubleVector.fromArray(SPECIES, x, off + j).neg().intoArray(x, off + j);
        }
        expRow(x, off, len);
        DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
        for (int j = 0; j < len; j += LANES) {
            one.div(DoubleVector.fromArray(SPECIES, x, off + j).add(1.0)).intoArray(x, off + j);
        }
    }
}
