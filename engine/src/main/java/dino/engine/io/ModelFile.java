// Model files: numpy .npz archives that numpy.load opens without pickle, written atomically.
package dino.engine.io;

import static dino.engine.io.Blocks.cellNamed;
import static dino.engine.io.Blocks.checkBlocks;
import static dino.engine.io.Blocks.layoutOf;
import static dino.engine.io.Blocks.putBlocks;
import static dino.engine.io.Blocks.readBlocks;
import static dino.engine.io.Blocks.weightType;
import static dino.engine.io.Blocks.weights;
import static dino.engine.io.Entries.checkFinite;
import static dino.engine.io.Entries.checkShape;
import static dino.engine.io.Entries.indices;
import static dino.engine.io.Entries.integer;
import static dino.engine.io.Entries.present;
import static dino.engine.io.Entries.real;
import static dino.engine.io.Entries.require;
import static dino.engine.io.Entries.scalarOf;
import static dino.engine.io.Entries.text;

import dino.api.DinoException;
import dino.api.Mode;
import dino.api.Products;
import dino.api.TrainingConfig;
import dino.api.TrainingConfig.Precision;
import dino.engine.data.Vocabulary;
import dino.engine.model.Layout;
import dino.engine.model.Model;
import dino.engine.numpy.Npy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

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

    private ModelFile() {
    }

    /** Writes the checkpoint as .npz through {@link AtomicFiles}: the old file stays whole until the new one is on disk. */
    public static void write(Path path, Checkpoint c) {
        Npz.write(path, toArrays(c));
    }

    /** Reads a model file, checking shapes, types and values. */
    public static Checkpoint read(Path path) {
        Map<String, Npy> arrays = Npz.read(path);
        try {
            return fromArrays(arrays);
        } catch (DinoException e) {
            throw new DinoException(path + ": " + e.getMessage());
        }
    }

    /** Whether a readable model file records its mode (dino's do; a state dict PyTorch wrote does not). */
    public static boolean recordsMode(Path path) {
        return Npz.holds(path, "mode");
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
        arrays.put("mode", Npy.text(cfg.mode().label()));
        arrays.put("optimizer", Npy.text(cfg.optimizer().label()));
        arrays.put("learning_rate", Npy.scalar(cfg.learningRate()));
        arrays.put("clip", Npy.scalar(cfg.clip()));
        arrays.put("seed", Npy.scalar(cfg.seed()));
        arrays.put("seq_length", Npy.scalar((long) cfg.seqLength()));
        arrays.put("batch_size", Npy.scalar((long) cfg.batchSize()));
        arrays.put("products", Npy.text(cfg.products().label()));
        if (!l.reference) {
            arrays.put("cell", Npy.text(cfg.cell().label()));
            arrays.put("layers", Npy.scalar((long) cfg.layers()));
            arrays.put("dropout", Npy.scalar(cfg.dropout()));
        }
        arrays.put("val_fraction", Npy.scalar(cfg.valFraction()));
        arrays.put("data_source", Npy.text(c.dataSource));
        arrays.put("data_sha256", Npy.text(c.dataFingerprint));
        Checkpoint.State s = c.state;
        if (s != null) {
            arrays.put("iteration", Npy.scalar(s.iteration));
            arrays.put("smooth_loss", Npy.scalar(s.smoothLoss));
            int values = s.hidden.length / cfg.batchSize();
            arrays.put("hidden_state", weights(l, streamsToColumns(s.hidden, values, cfg.batchSize()), values, cfg.batchSize()));
            // int32, not copied: a corpus of ten million names has an order of 40 MB.
            arrays.put("order", Npy.ofInts(s.order, s.order.length));
            arrays.put("validation", Npy.ofInts(s.validation, s.validation.length));
            arrays.put("position", Npy.scalar(s.position));
            arrays.put("optimizer_steps", Npy.scalar(s.optimizerSteps));
            String[] prefixes = optimizerPrefixes(cfg.optimizer());
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
        TrainingConfig.Builder settings = TrainingConfig.builder()
                .mode(present(a, "mode", complete) ? Mode.parse(text(a, "mode")) : Mode.LINES)
                .hidden(nA)
                .precision(precision)
                .cell(l.cell)
                .layers(l.layers);
        if (present(a, "learning_rate", complete)) {
            settings.learningRate(real(a, "learning_rate"));
        }
        if (present(a, "clip", complete)) {
            settings.clip(real(a, "clip"));
        }
        if (present(a, "optimizer", complete)) {
            settings.optimizer(TrainingConfig.Optimizer.parse(text(a, "optimizer")));
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
        settings.products(a.containsKey("products") ? parseProducts(text(a, "products")) : Products.MUL_ADD);
        TrainingConfig config = settings.build();
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
            checkShape("hidden_state", hidden, values, config.batchSize());
            checkFinite("hidden_state", hidden.doubles);
            String[] prefixes = optimizerPrefixes(config.optimizer());
            double[][] optimizerState = new double[prefixes.length][];
            for (int i = 0; i < prefixes.length; i++) {
                checkBlocks(a, prefixes[i], l);
                optimizerState[i] = new double[l.size];
                readBlocks(a, prefixes[i], optimizerState[i], l);
            }
            state = new Checkpoint.State(iteration, real(a, "smooth_loss"), columnsToStreams(hidden.doubles, values, config.batchSize()),
                    indices(a, "order"), indices(a, "validation"), integer(a, "position"), optimizerState,
                    integer(a, "optimizer_steps"));
            if (config.mode() == Mode.LINES && state.order.length == 0) {
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

    private static Products parseProducts(String label) {
        try {
            return Products.parse(label);
        } catch (dino.api.DinoException e) {
            throw new DinoException("products must be mul-add or fma, got '" + label + "'");
        }
    }

    private static String[] optimizerPrefixes(TrainingConfig.Optimizer kind) {
        switch (kind) {
            case ADAGRAD: return new String[] {"adagrad_memory_"};
            case ADAM: return new String[] {"adam_m_", "adam_v_"};
            default: return new String[0];
        }
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

}
