// Model files: numpy .npz archives that numpy.load opens without pickle, written atomically.
package dino.engine.io;

import dino.api.DinoException;
import dino.engine.data.Corpus;
import dino.engine.data.Vocabulary;
import dino.engine.kernels.Precision;
import dino.engine.model.Cell;
import dino.engine.model.Layout;
import dino.engine.model.Model;
import dino.engine.numpy.Npy;
import dino.engine.train.Optimizer;
import dino.engine.train.TrainingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes {@link Checkpoint}s as .npz (a zip of .npy arrays, stored uncompressed like
 * {@code np.savez}). Arrays, in the reference's shapes and orientation:
 * <pre>
 * Wax (n_a, n_x)  Waa (n_a, n_a)  Wya (n_y, n_a)  ba (n_a, 1)  by (n_y, 1)     weights: float64, or
 *                                                                           float32 for an f32 model
 * vocab (n_x,)    &lt;U1, index i is character i
 * format          'dino-model/1'
 * mode, optimizer, products, data_source, data_sha256                       text settings (products: mul-add
 *                                                                           when absent, as files before it were)
 * learning_rate, clip, val_fraction (float64); seed, seq_length,
 * batch_size (int64)                                                        settings
 * iteration, position, optimizer_steps (int64); smooth_loss (float64)       training state, if any
 * best_iteration, checks_since_best (int64); best_val_loss (float64)       best validation so far, if kept
 * hidden_state (n_a, B): column b is stream b's state; order (n,), validation (m,) int32 (int64 read too)
 * adagrad_memory_W.. / adam_m_W.., adam_v_W..  (weight shapes and dtype)    optimizer state
 * </pre>
 * Every other model (an LSTM, a GRU, more than one layer) holds PyTorch's state dict instead of the five
 * reference arrays, under its names and in its shapes ({@code rnn.weight_ih_l0 (G·H, V)},
 * {@code rnn.weight_hh_lk (G·H, H)}, {@code rnn.bias_ih_lk (G·H,)}, {@code rnn.bias_hh_lk (G·H,)},
 * {@code decoder.weight (V, H)}, {@code decoder.bias (V,)}; see {@link Layout}), plus {@code cell},
 * {@code layers} and {@code dropout}; its {@code hidden_state} has, per layer, n_a rows of h (and for an
 * LSTM n_a rows of c). A file holding only such a state dict and {@code vocab} (written with numpy from a
 * PyTorch model) loads too: the cell is read from the gates' shape, the layers from the names.
 * A file is written with {@link AtomicFiles}, so an interrupted save leaves the previous file intact. Every problem reading a file is a
 * {@link DinoException} that names it.
 */
public final class ModelFile {
    public static final String FORMAT = "dino-model/1";
    /** Entry timestamp: fixed, so the same model always gives the same bytes. */
    private static final java.time.LocalDateTime FIXED_TIME = java.time.LocalDateTime.of(2000, 1, 1, 0, 0);
    /** No array of a model dino can train comes near this; a larger entry is a corrupt file. */
    private static final long MAX_ENTRY_BYTES = 1L << 30;

    private ModelFile() {
    }

    /** Writes the checkpoint as .npz through {@link AtomicFiles}: the old file stays whole until the new one is on disk. */
    public static void write(Path path, Checkpoint c) {
        Map<String, Npy> arrays = toArrays(c);
        AtomicFiles.write(path, "model", out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, Npy> e : arrays.entrySet()) {
                byte[] bytes = e.getValue().toBytes();
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                entry.setMethod(ZipEntry.STORED);
                entry.setTimeLocal(FIXED_TIME);
                entry.setSize(bytes.length);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(bytes);
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    /** Reads a model file, checking shapes, types and values. */
    public static Checkpoint read(Path path) {
        if (!Files.exists(path)) {
            throw new DinoException("model file not found: " + path);
        }
        Map<String, Npy> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            long fileSize = Files.size(path);
            var entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.endsWith(".npy") || entry.isDirectory()) {
                    continue;
                }
                String key = name.substring(0, name.length() - 4);
                try (InputStream in = zip.getInputStream(entry)) {
                    arrays.put(key, Npy.parse(readChecked(in, entry, key, fileSize), key));
                }
            }
        } catch (ZipException e) {
            throw new DinoException(path + " is not a model file (not a readable .npz archive)");
        } catch (NoSuchFileException e) {
            throw new DinoException("model file not found: " + path);
        } catch (AccessDeniedException e) {
            throw new DinoException("model file not readable: " + path + " (check its permissions)");
        } catch (IOException e) {
            throw new DinoException("cannot read model file " + path + ": " + e.getMessage());
        } catch (DinoException e) {
            throw new DinoException(path + ": " + e.getMessage() + " (the file is damaged or not a dino model)");
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
            // java.util.zip reports some malformed archives (bad entry names, headers) this way.
            throw new DinoException(path + " is damaged (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        try {
            return fromArrays(arrays);
        } catch (DinoException e) {
            throw new DinoException(path + ": " + e.getMessage());
        }
    }

    /** Whether a readable model file records its mode (dino's do; a state dict PyTorch wrote does not). */
    public static boolean recordsMode(Path path) {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            return zip.getEntry("mode.npy") != null;
        } catch (IOException e) {
            throw new DinoException("cannot read model file " + path + ": " + e.getMessage());
        }
    }

    /**
     * An entry's bytes, refused when larger than any model or when they do not match the archive's CRC-32
     * (java.util.zip does not check it; numpy does): a damaged file never loads as a different model.
     */
    private static byte[] readChecked(InputStream in, ZipEntry entry, String key, long fileSize) throws IOException {
        long size = entry.getSize();
        if (size > MAX_ENTRY_BYTES || size > fileSize) {
            throw new DinoException("array " + key + " is larger than " + (size > fileSize ? "the file" : "any model dino writes"));
        }
        byte[] bytes;
        if (size >= 0) {
            // One array of the entry's size: reading an unknown length goes through buffers twice its size,
            // which a model of millions of names (a 45 MB order) cannot afford under a small heap.
            bytes = new byte[(int) size];
            if (in.readNBytes(bytes, 0, bytes.length) != bytes.length) {
                throw new DinoException("array " + key + " is shorter than its entry says");
            }
        } else {
            bytes = in.readNBytes((int) MAX_ENTRY_BYTES);
        }
        if (in.read() != -1) {
            throw new DinoException("array " + key + " is larger than " + (size >= 0 ? "its entry says" : "any model dino writes"));
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (crc.getValue() != entry.getCrc()) {
            throw new DinoException("array " + key + " does not match its checksum");
        }
        return bytes;
    }

    private static Map<String, Npy> toArrays(Checkpoint c) {
        Layout l = c.model.layout;
        Map<String, Npy> arrays = new LinkedHashMap<>();
        arrays.put("format", Npy.text(FORMAT));
        putBlocks(arrays, "", c.model.w, l);
        int[] cps = c.vocabulary.codePoints();
        String[] chars = new String[cps.length];
        for (int i = 0; i < cps.length; i++) {
            chars[i] = new String(Character.toChars(cps[i]));
        }
        arrays.put("vocab", Npy.strings(chars, chars.length));
        TrainingConfig cfg = c.config;
        arrays.put("mode", Npy.text(cfg.mode.label()));
        arrays.put("optimizer", Npy.text(cfg.optimizer.label()));
        arrays.put("learning_rate", Npy.scalar(cfg.learningRate));
        arrays.put("clip", Npy.scalar(cfg.clip));
        arrays.put("seed", Npy.scalar(cfg.seed));
        arrays.put("seq_length", Npy.scalar((long) cfg.seqLength));
        arrays.put("batch_size", Npy.scalar((long) cfg.batchSize));
        arrays.put("products", Npy.text(cfg.products.label()));
        if (!l.reference) {
            arrays.put("cell", Npy.text(cfg.cell.label()));
            arrays.put("layers", Npy.scalar((long) cfg.layers));
            arrays.put("dropout", Npy.scalar(cfg.dropout));
        }
        arrays.put("val_fraction", Npy.scalar(cfg.valFraction));
        arrays.put("data_source", Npy.text(c.dataSource));
        arrays.put("data_sha256", Npy.text(c.dataFingerprint));
        Checkpoint.State s = c.state;
        if (s != null) {
            arrays.put("iteration", Npy.scalar(s.iteration));
            arrays.put("smooth_loss", Npy.scalar(s.smoothLoss));
            int values = s.hidden.length / cfg.batchSize;
            arrays.put("hidden_state", weights(l, streamsToColumns(s.hidden, values, cfg.batchSize), values, cfg.batchSize));
            // int32, not copied: a corpus of ten million names has an order of 40 MB.
            arrays.put("order", Npy.ofInts(s.order, s.order.length));
            arrays.put("validation", Npy.ofInts(s.validation, s.validation.length));
            arrays.put("position", Npy.scalar(s.position));
            arrays.put("optimizer_steps", Npy.scalar(s.optimizerSteps));
            String[] prefixes = optimizerPrefixes(cfg.optimizer);
            for (int i = 0; i < prefixes.length; i++) {
                putBlocks(arrays, prefixes[i], s.optimizerState[i], l);
            }
        }
        if (c.best != null) {
            arrays.put("best_iteration", Npy.scalar(c.best.iteration()));
            arrays.put("best_val_loss", Npy.scalar(c.best.loss()));
            arrays.put("checks_since_best", Npy.scalar(c.best.checksSince()));
        }
        return arrays;
    }

    private static Checkpoint fromArrays(Map<String, Npy> a) {
        if (a.containsKey("format")) {
            String format = text(a, "format");
            if (!format.equals(FORMAT)) {
                throw new DinoException("model format '" + format + "' is not " + FORMAT + ": it was written by another version of dino");
            }
        }
        Npy vocabArray = require(a, "vocab", Npy.Type.UNICODE);
        if (vocabArray.shape.length != 1 || vocabArray.strings.length == 0) {
            throw new DinoException("array vocab must be one-dimensional and not empty");
        }
        int[] cps = new int[vocabArray.strings.length];
        for (int i = 0; i < cps.length; i++) {
            String ch = vocabArray.strings[i];
            if (ch.codePointCount(0, ch.length()) != 1) {
                throw new DinoException("vocab entry " + i + " is not a single character");
            }
            cps[i] = ch.codePointAt(0);
        }
        Vocabulary vocabulary;
        try {
            vocabulary = new Vocabulary(cps);
        } catch (IllegalArgumentException e) {
            throw new DinoException("vocab is not sorted and distinct");
        }
        Layout l = layoutOf(a, cps.length);
        Precision precision = l.precision;
        int nA = l.nA;
        checkBlocks(a, "", l);
        double[] w = new double[l.size];
        readBlocks(a, "", w, l);
        // A dino-model/1 file holds every setting; only a file without a format (hand-made, or from before
        // the format existed) falls back to the reference's settings. So a damaged name is an error, not a default.
        boolean complete = a.containsKey("format");
        dino.api.TrainingConfig.Builder settings = dino.api.TrainingConfig.builder()
                .mode(present(a, "mode", complete) ? dino.api.Mode.parse(text(a, "mode")) : dino.api.Mode.LINES)
                .hidden(nA)
                .precision(dino.api.TrainingConfig.Precision.valueOf(precision.name()))
                .cell(dino.api.TrainingConfig.Cell.valueOf(l.cell.name()))
                .layers(l.layers);
        if (present(a, "learning_rate", complete)) {
            settings.learningRate(real(a, "learning_rate"));
        }
        if (present(a, "clip", complete)) {
            settings.clip(real(a, "clip"));
        }
        if (present(a, "optimizer", complete)) {
            settings.optimizer(dino.api.TrainingConfig.Optimizer.parse(text(a, "optimizer")));
        }
        if (present(a, "seed", complete)) {
            settings.seed(integer(a, "seed"));
        }
        if (present(a, "seq_length", complete)) {
            settings.seqLength((int) Math.min(Integer.MAX_VALUE, Math.max(0, integer(a, "seq_length"))));
        }
        if (present(a, "val_fraction", complete)) {
            settings.valFraction(real(a, "val_fraction"));
        }
        // batch_size came after the first dino-model/1 files: without it, one sequence per step.
        if (a.containsKey("batch_size")) {
            settings.batchSize((int) Math.min(Integer.MAX_VALUE, Math.max(0, integer(a, "batch_size"))));
        }
        if (a.containsKey("dropout")) {
            settings.dropout(real(a, "dropout"));
        }
        // products came with fused products by default: a file without it was trained multiplying, then adding.
        settings.products(a.containsKey("products") ? parseProducts(text(a, "products")) : dino.api.Products.MUL_ADD);
        TrainingConfig config = new TrainingConfig(settings.build());
        String source = present(a, "data_source", complete) ? text(a, "data_source") : "";
        String fingerprint = present(a, "data_sha256", complete) ? text(a, "data_sha256") : "";
        Checkpoint.State state = null;
        // The training state is all there or not at all (a model saved without it cannot be resumed).
        if (a.containsKey("iteration") || a.containsKey("hidden_state") || a.containsKey("smooth_loss")) {
            long iteration = integer(a, "iteration");
            if (iteration < 0) {
                throw new DinoException("iteration must not be negative");
            }
            Npy hidden = require(a, "hidden_state", weightType(l));
            int values = l.stateValues();
            checkShape("hidden_state", hidden, values, config.batchSize);
            checkFinite("hidden_state", hidden.doubles);
            String[] prefixes = optimizerPrefixes(config.optimizer);
            double[][] optimizerState = new double[prefixes.length][];
            for (int i = 0; i < prefixes.length; i++) {
                checkBlocks(a, prefixes[i], l);
                optimizerState[i] = new double[l.size];
                readBlocks(a, prefixes[i], optimizerState[i], l);
            }
            state = new Checkpoint.State(iteration, real(a, "smooth_loss"), columnsToStreams(hidden.doubles, values, config.batchSize),
                    indices(a, "order"), indices(a, "validation"), integer(a, "position"), optimizerState,
                    integer(a, "optimizer_steps"));
            if (config.mode == Corpus.Mode.LINES && state.order.length == 0) {
                throw new DinoException("array order is empty");
            }
            if (state.position < 0) {
                throw new DinoException("position must not be negative");
            }
        }
        Checkpoint.Best best = null;
        // All three or none: written only by a run that keeps its best model or has patience.
        if (a.containsKey("best_iteration") || a.containsKey("best_val_loss") || a.containsKey("checks_since_best")) {
            best = new Checkpoint.Best(integer(a, "best_iteration"), real(a, "best_val_loss"),
                    integer(a, "checks_since_best"));
            if (best.iteration() < 0 || best.checksSince() < 0 || !Double.isFinite(best.loss())) {
                throw new DinoException("best_iteration, best_val_loss or checks_since_best is out of range");
            }
        }
        return new Checkpoint(new Model(l, w), vocabulary, config, source, fingerprint, state, best);
    }

    private static dino.api.Products parseProducts(String label) {
        try {
            return dino.api.Products.parse(label);
        } catch (dino.api.DinoException e) {
            throw new DinoException("products must be mul-add or fma, got '" + label + "'");
        }
    }

    private static String[] optimizerPrefixes(Optimizer.Kind kind) {
        switch (kind) {
            case ADAGRAD: return new String[] {"adagrad_memory_"};
            case ADAM: return new String[] {"adam_m_", "adam_v_"};
            default: return new String[0];
        }
    }

    /**
     * The layout a file's arrays describe: the reference's ({@code Waa} present) or PyTorch's blocks
     * ({@code rnn.weight_hh_l0} present), with its cell (checked against {@code cell} when the file names
     * one), layers and precision.
     */
    private static Layout layoutOf(Map<String, Npy> a, int vocab) {
        boolean reference = a.containsKey("Waa");
        String hh = reference ? "Waa" : "rnn.weight_hh_l0";
        Npy w = a.get(hh);
        if (w == null) {
            throw new DinoException("array Waa is missing (nor is there a state dict's rnn.weight_hh_l0)");
        }
        if (w.type != Npy.Type.FLOAT64 && w.type != Npy.Type.FLOAT32) {
            throw new DinoException("array " + hh + " has the wrong type " + w.type + ", expected FLOAT64 or FLOAT32");
        }
        Precision precision = w.type == Npy.Type.FLOAT32 ? Precision.F32 : Precision.F64;
        if (reference && (w.shape.length != 2 || w.shape[0] != w.shape[1])) {
            throw new DinoException("array Waa must be square (n_a, n_a)");
        }
        if (w.shape.length != 2 || w.shape[1] < 1 || w.shape[1] > 1 << 16 || w.shape[0] % w.shape[1] != 0) {
            throw new DinoException("array " + hh + " must be (n_a, n_a), or (G·n_a, n_a) for G gates");
        }
        int nA = (int) w.shape[1];
        long gates = w.shape[0] / nA;
        Cell cell = null;
        for (Cell c : Cell.values()) {
            if (c.gates == gates) {
                cell = c;
            }
        }
        if (cell == null || reference && gates != 1) {
            throw new DinoException("array " + hh + " has shape " + java.util.Arrays.toString(w.shape)
                    + ": " + gates + " gate blocks is no cell dino knows (rnn 1, gru 3, lstm 4)");
        }
        if (a.containsKey("cell")) {
            Cell named = Cell.parse(text(a, "cell"));
            if (named != cell) {
                throw new DinoException("the file says cell " + named.label() + " but its arrays are a " + cell.label()
                        + "'s (" + gates + " gate blocks)");
            }
        }
        int layers = 1;
        if (!reference) {
            while (a.containsKey("rnn.weight_hh_l" + layers)) {
                layers++;
            }
            if (a.containsKey("layers") && integer(a, "layers") != layers) {
                throw new DinoException("the file says " + integer(a, "layers") + " layers but holds the arrays of " + layers);
            }
        }
        try {
            return reference ? new Layout(nA, vocab, vocab, precision) : Layout.stacked(cell, layers, nA, vocab, precision);
        } catch (IllegalArgumentException e) {
            throw new DinoException(e.getMessage());
        }
    }

    /** The layout's blocks of a flat buffer as arrays in their shapes, named prefix + block. */
    private static void putBlocks(Map<String, Npy> arrays, String prefix, double[] flat, Layout l) {
        for (Layout.Block b : l.blocks()) {
            double[] values = new double[(int) b.count()];
            for (int r = 0; r < b.rows(); r++) {
                for (int c = 0; c < b.cols(); c++) {
                    values[r * b.cols() + c] = flat[b.index(r, c)];
                }
            }
            arrays.put(prefix + b.name, l.precision == Precision.F32 ? Npy.ofFloats(values, b.shape) : Npy.of(values, b.shape));
        }
    }

    /** Checks presence, type, shape and values of the blocks before a buffer is allocated for them. */
    private static void checkBlocks(Map<String, Npy> arrays, String prefix, Layout l) {
        for (Layout.Block b : l.blocks()) {
            String name = prefix + b.name;
            Npy array = require(arrays, name, weightType(l));
            if (!java.util.Arrays.equals(array.shape, b.shape)) {
                throw new DinoException("array " + name + " has shape " + java.util.Arrays.toString(array.shape)
                        + ", expected " + java.util.Arrays.toString(b.shape));
            }
            checkFinite(name, array.doubles);
        }
    }

    private static void readBlocks(Map<String, Npy> arrays, String prefix, double[] flat, Layout l) {
        for (Layout.Block b : l.blocks()) {
            Npy array = arrays.get(prefix + b.name);
            for (int r = 0; r < b.rows(); r++) {
                for (int c = 0; c < b.cols(); c++) {
                    flat[b.index(r, c)] = array.doubles[r * b.cols() + c];
                }
            }
        }
    }

    /** Weights and states are stored in the model's precision. */
    private static Npy weights(Layout l, double[] values, long rows, long cols) {
        return l.precision == Precision.F32 ? Npy.ofFloats(values, rows, cols) : Npy.of(values, rows, cols);
    }

    private static Npy.Type weightType(Layout l) {
        return l.precision == Precision.F32 ? Npy.Type.FLOAT32 : Npy.Type.FLOAT64;
    }

    /** Streams' states (stream b at b·n_a) to the (n_a, B) array whose column b is stream b. */
    private static double[] streamsToColumns(double[] streams, int nA, int batch) {
        double[] out = new double[nA * batch];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < nA; i++) {
                out[i * batch + b] = streams[b * nA + i];
            }
        }
        return out;
    }

    private static double[] columnsToStreams(double[] columns, int nA, int batch) {
        double[] out = new double[nA * batch];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < nA; i++) {
                out[b * nA + i] = columns[i * batch + b];
            }
        }
        return out;
    }

    /** Whether to read an array: when it is there, or when the file must have it (then a missing one is an error). */
    private static boolean present(Map<String, Npy> a, String name, boolean required) {
        return required || a.containsKey(name);
    }

    private static Npy require(Map<String, Npy> a, String name, Npy.Type type) {
        Npy array = a.get(name);
        if (array == null) {
            throw new DinoException("array " + name + " is missing");
        }
        if (array.type != type) {
            throw new DinoException("array " + name + " has the wrong type " + array.type + ", expected " + type);
        }
        return array;
    }

    private static void checkShape(String name, Npy array, long rows, long cols) {
        if (array.shape.length != 2 || array.shape[0] != rows || array.shape[1] != cols) {
            throw new DinoException("array " + name + " has shape " + java.util.Arrays.toString(array.shape)
                    + ", expected [" + rows + ", " + cols + "]");
        }
    }

    private static void checkFinite(String name, double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new DinoException("array " + name + " holds NaN or infinite values");
            }
        }
    }

    private static Npy scalarOf(Map<String, Npy> a, String name, Npy.Type type) {
        Npy array = require(a, name, type);
        if (array.count() != 1) {
            throw new DinoException("array " + name + " must hold one value");
        }
        return array;
    }

    private static String text(Map<String, Npy> a, String name) {
        return scalarOf(a, name, Npy.Type.UNICODE).strings[0];
    }

    private static double real(Map<String, Npy> a, String name) {
        double v = scalarOf(a, name, Npy.Type.FLOAT64).doubles[0];
        if (!Double.isFinite(v)) {
            throw new DinoException("array " + name + " is NaN or infinite");
        }
        return v;
    }

    private static long integer(Map<String, Npy> a, String name) {
        return scalarOf(a, name, Npy.Type.INT64).longs[0];
    }

    /** An index array, int32 (what dino writes) or int64 (older files). */
    private static int[] indices(Map<String, Npy> a, String name) {
        Npy array = a.get(name);
        if (array != null && array.type == Npy.Type.INT32) {
            if (array.shape.length != 1) {
                throw new DinoException("array " + name + " must be one-dimensional");
            }
            for (int v : array.ints) {
                if (v < 0) {
                    throw new DinoException("array " + name + " holds an impossible index " + v);
                }
            }
            return array.ints;
        }
        array = require(a, name, Npy.Type.INT64);
        if (array.shape.length != 1) {
            throw new DinoException("array " + name + " must be one-dimensional");
        }
        int[] values = new int[array.longs.length];
        for (int i = 0; i < values.length; i++) {
            long v = array.longs[i];
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new DinoException("array " + name + " holds an impossible index " + v);
            }
            values[i] = (int) v;
        }
        return values;
    }
}
