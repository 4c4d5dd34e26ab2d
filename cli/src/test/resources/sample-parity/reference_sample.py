"""Samples names with the reference's own sample() from a dino model file (numpy.load, no pickle).

    /usr/bin/python3 reference_sample.py MODEL.npz COUNT [PATH_TO_REFERENCE_DIR]

Prints name k (k = 0..COUNT-1, seed k) one per line, capitalized as the reference prints them, without
the end-of-name newline. The fixture here was made with:

    java -jar cli/target/dino.jar train --hidden 24 --iterations 3000 --print-every 0 --save cli/src/test/resources/sample-parity/model.npz
    /usr/bin/python3 cli/src/test/resources/sample-parity/reference_sample.py cli/src/test/resources/sample-parity/model.npz 40 ../shared/reference > cli/src/test/resources/sample-parity/names.txt
"""
import sys

import numpy as np

sys.path.insert(0, sys.argv[3] if len(sys.argv) > 3 else "../shared/reference")
from rnn import sample  # noqa: E402

archive = np.load(sys.argv[1], allow_pickle=False)
parameters = {name: archive[name] for name in ("Wax", "Waa", "Wya", "ba", "by")}
vocab = [str(c) for c in archive["vocab"]]
char_to_ix = {c: i for i, c in enumerate(vocab)}
for seed in range(int(sys.argv[2])):
    text = "".join(vocab[i] for i in sample(parameters, char_to_ix, seed))
    print((text[0].upper() + text[1:]).rstrip("\n"))
