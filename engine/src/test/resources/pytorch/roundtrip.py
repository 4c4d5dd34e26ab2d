"""Loads dino's model files into PyTorch and scores a text with them: the per-character loss dino eval must give.

Run from this folder with PyTorch (see README.md):  ../../../../../.venv/bin/python roundtrip.py
The models were trained by dino (commands in README.md). Writes roundtrip_expected.txt: one line per model,
`<file> <float.hex of the mean cross-entropy per character>` of predicting roundtrip_text.txt[1:] from
roundtrip_text.txt[:-1], starting from the zero state.
"""
import numpy as np
import torch
from torch import nn


class CharModel(nn.Module):
    """The module a dino model file loads into: PyTorch's recurrent layers and a linear decoder."""

    def __init__(self, cell, vocab, hidden, layers):
        super().__init__()
        self.rnn = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[cell](vocab, hidden, layers)
        self.decoder = nn.Linear(hidden, vocab)

    def forward(self, x, state=None):
        out, state = self.rnn(x, state)
        return self.decoder(out), state


def load(path):
    f = np.load(path)
    vocab = [str(c) for c in f["vocab"]]
    hidden = f["rnn.weight_hh_l0"].shape[1]
    model = CharModel(str(f["cell"]), len(vocab), hidden, int(f["layers"]))
    if f["rnn.weight_hh_l0"].dtype == np.float64:
        model = model.double()
    model.load_state_dict({k: torch.from_numpy(f[k]) for k in model.state_dict()})
    return model, vocab


def loss_per_character(model, vocab, text):
    ids = torch.tensor([vocab.index(ch) for ch in text])
    dtype = next(model.parameters()).dtype
    x = nn.functional.one_hot(ids[:-1], len(vocab)).to(dtype)[:, None, :]
    with torch.no_grad():
        logits, _ = model(x)
        return nn.functional.cross_entropy(logits[:, 0, :].double(), ids[1:]).item()


if __name__ == "__main__":
    text = open("roundtrip_text.txt", encoding="utf-8").read()
    with open("roundtrip_expected.txt", "w") as out:
        for name in ("roundtrip_lstm.npz", "roundtrip_gru_f32.npz"):
            model, vocab = load(name)
            loss = loss_per_character(model, vocab, text)
            print(name, loss)
            out.write("%s %s\n" % (name, float.hex(loss)))
