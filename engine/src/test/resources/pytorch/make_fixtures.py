"""Golden values for dino's stacked LSTM and GRU: PyTorch's loss, gradients and weights after SGD steps.

Run from this folder with PyTorch (see README.md):  ../../../../../.venv/bin/python make_fixtures.py

For each cell (lstm, gru) it writes <cell>_2layers.npz, a numpy archive that is also a model file dino
loads (PyTorch's state dict under its names, plus `vocab`), holding:
  the initial weights         rnn.weight_ih_l0 ... decoder.bias (float64)
  names                       (STEPS*B, MAXLEN) int64, character ids padded with -1; row s*B+b is stream
                              b's name at step s
  expect_loss                 (STEPS,) the loss of each step: the summed cross-entropy of each name
                              (its characters and the end-of-name token) averaged over the B names
  expect_grad.<name>          the gradients of step 0, averaged over the batch, then clipped to +-CLIP
  expect_after.<name>         the weights after STEPS steps of SGD (w -= LR * clipped gradient)
Each stream starts from the zero state and carries its final state (h, and the LSTM's c, of the step at
its name's end) to its next name; past its end a row is frozen (dino's ragged batch).
"""
import numpy as np
import torch

torch.set_default_dtype(torch.float64)
VOCAB = ["\n", "a", "b", "c", "d", "e", "f"]
V = len(VOCAB)
H = 5
LAYERS = 2
B = 3
STEPS = 3
LR = 0.5
CLIP = 0.05
NEWLINE = 0
# Three steps of three names each, of different lengths (ids 1..6).
NAMES = [
    [[5], [3, 1, 4, 1, 5], [2, 6, 5, 3, 5, 1, 4, 6, 2]],
    [[1, 2, 3, 4], [6, 6], [3, 5, 2, 4, 1, 6, 2]],
    [[4, 4, 4, 4, 4, 4], [1], [2, 3]],
]


def run(cell):
    rng = np.random.default_rng(20261128 if cell == "lstm" else 20261129)
    make = torch.nn.LSTM if cell == "lstm" else torch.nn.GRU
    rnn = make(V, H, LAYERS)
    decoder = torch.nn.Linear(H, V)
    params = {}
    for name, p in list(rnn.named_parameters(prefix="rnn")) + list(decoder.named_parameters(prefix="decoder")):
        with torch.no_grad():
            p.copy_(torch.from_numpy(rng.normal(0.0, 0.5, size=tuple(p.shape))))
        params[name] = p
    initial = {name: p.detach().numpy().copy() for name, p in params.items()}
    h = torch.zeros(LAYERS, B, H)
    c = torch.zeros(LAYERS, B, H)
    losses = []
    grads = None
    for step in range(STEPS):
        names = NAMES[step]
        steps = max(len(n) for n in names) + 1
        total = torch.zeros(())
        for t in range(steps):
            x = torch.zeros(1, B, V)
            target = torch.full((B,), -100, dtype=torch.long)
            active = torch.zeros(B, dtype=torch.bool)
            for b, n in enumerate(names):
                if t <= len(n):
                    active[b] = True
                    if t > 0:
                        x[0, b, n[t - 1]] = 1.0
                    target[b] = n[t] if t < len(n) else NEWLINE
            if cell == "lstm":
                out, (h2, c2) = rnn(x, (h, c))
                c = torch.where(active[None, :, None], c2, c)
            else:
                out, h2 = rnn(x, h)
            h = torch.where(active[None, :, None], h2, h)
            logits = decoder(out[0])
            total = total + torch.nn.functional.cross_entropy(logits, target, ignore_index=-100, reduction="sum")
        loss = total / B
        for p in params.values():
            p.grad = None
        loss.backward()
        losses.append(loss.item())
        with torch.no_grad():
            for p in params.values():
                p.grad.clamp_(-CLIP, CLIP)
            if step == 0:
                grads = {name: p.grad.numpy().copy() for name, p in params.items()}
            for p in params.values():
                p -= LR * p.grad
        h = h.detach()
        c = c.detach()
    width = max(len(n) for step in NAMES for n in step)
    names = np.full((STEPS * B, width), -1, dtype=np.int64)
    for s in range(STEPS):
        for b, n in enumerate(NAMES[s]):
            names[s * B + b, : len(n)] = n
    arrays = dict(initial)
    arrays["vocab"] = np.array(VOCAB)
    arrays["names"] = names
    arrays["expect_loss"] = np.array(losses)
    arrays["learning_rate"] = np.array(LR)
    arrays["clip"] = np.array(CLIP)
    for name, g in grads.items():
        arrays["expect_grad." + name] = g
    for name, p in params.items():
        arrays["expect_after." + name] = p.detach().numpy().copy()
    np.savez("%s_2layers.npz" % cell, **arrays)
    print(cell, "losses", losses)


if __name__ == "__main__":
    print("torch", torch.__version__, "numpy", np.__version__)
    run("lstm")
    run("gru")
