// A layout's weight blocks as named arrays: the reference's five, or PyTorch's state dict; and the layout a file's arrays imply.
package dino.engine.io;

import static dino.engine.io.Entries.checkFinite;
import static dino.engine.io.Entries.integer;
import static dino.engine.io.Entries.require;
import static dino.engine.io.Entries.text;

import dino.api.DinoException;
import dino.api.TrainingConfig.Cell;
import dino.api.TrainingConfig.Precision;
import dino.engine.model.Layout;
import dino.engine.numpy.Npy;
import java.util.Map;

/**
 * The mapping between a {@link Layout}'s blocks in one flat buffer and the arrays of a model file, under the block
 * names the layout gives (the reference's {@code Wax}..{@code by}, or PyTorch's {@code rnn.weight_ih_l0}..
 * {@code decoder.bias}), in the model's precision; and the other way, the layout a file's arrays describe (a state
 * dict PyTorch wrote has no settings: its cell comes from the gates' shape, its layers from the names).
 */
final class Blocks {
    private Blocks() {
    }

    /**
     * The layout a file's arrays describe: the reference's ({@code Waa} present) or PyTorch's blocks
     * ({@code rnn.weight_hh_l0} present), with its cell (checked against {@code cell} when the file names
     * one), layers and precision.
     */
    static Layout layoutOf(Map<String, Npy> a, int vocab) {
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
            Cell named = cellNamed(text(a, "cell"));
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
    static void putBlocks(Map<String, Npy> arrays, String prefix, double[] flat, Layout l) {
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
    static void checkBlocks(Map<String, Npy> arrays, String prefix, Layout l) {
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

    static void readBlocks(Map<String, Npy> arrays, String prefix, double[] flat, Layout l) {
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
    static Npy weights(Layout l, double[] values, long rows, long cols) {
        return l.precision == Precision.F32 ? Npy.ofFloats(values, rows, cols) : Npy.of(values, rows, cols);
    }

    static Npy.Type weightType(Layout l) {
        return l.precision == Precision.F32 ? Npy.Type.FLOAT32 : Npy.Type.FLOAT64;
    }

    /** The cell a file's {@code cell} entry names, spelled as files spell it ({@link Cell#label()}, lower case). */
    static Cell cellNamed(String label) {
        for (Cell c : Cell.values()) {
            if (c.label().equals(label)) {
                return c;
            }
        }
        throw new DinoException("unknown cell '" + label + "': use rnn, lstm or gru");
    }
}
