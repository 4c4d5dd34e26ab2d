// The recurrent cell types: the reference's tanh RNN, PyTorch's LSTM and GRU.
package dino.engine.model;

import dino.api.DinoException;

/** A recurrent cell, with the number of gate blocks its weight matrices stack (PyTorch's order). */
public enum Cell {
    /** {@code h = tanh(W_ih x + b_ih + W_hh h + b_hh)} (PyTorch's {@code nn.RNN}); one block. */
    RNN("rnn", 1),
    /** PyTorch's {@code nn.LSTM}: gates i, f, g, o stacked in that order. */
    LSTM("lstm", 4),
    /** PyTorch's {@code nn.GRU}: gates r, z, n stacked in that order. */
    GRU("gru", 3);

    private final String label;
    /** Blocks of hidden size in a layer's stacked weights: 1, 4 or 3. */
    public final int gates;

    Cell(String label, int gates) {
        this.label = label;
        this.gates = gates;
    }

    public String label() {
        return label;
    }

    public static Cell parse(String name) {
        for (Cell c : values()) {
            if (c.label.equals(name)) {
                return c;
            }
        }
        throw new DinoException("unknown cell '" + name + "': use rnn, lstm or gru");
    }
}
