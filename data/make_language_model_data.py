#!/usr/bin/env python
"""Generate data/language_model_data.npz, the corpus of the neural language model.

Four-word windows of the sentences of data/corpus.txt (made by make_corpus.py):
the first three words are the context, the fourth the target, as in the data of
the CSC421 assignment. Windows never cross a sentence; sentence i goes to the
validation set when i % 10 == 8, to the test set when i % 10 == 9, else to the
training set; each set is cut to a multiple of 100 cases (the batch size). The
same corpus always gives the same arrays:

    python data/make_language_model_data.py            # writes data/language_model_data.npz
    python data/make_language_model_data.py --check    # exit 1 if the file is stale

The file holds 'vocab' (V words, in order of first occurrence) and, per set,
'<set>_inputs' (N x 3 word indices) and '<set>_targets' (N,). No pickle: it loads
with np.load(path, allow_pickle=False).
"""
import argparse
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus.txt")
OUT_PATH = os.path.join(HERE, "language_model_data.npz")
CONTEXT_LEN = 3
BATCH_SIZE = 100


def build(corpus_path=CORPUS):
    """The arrays of the file, as a dict name -> array."""
    with open(corpus_path, encoding="utf-8") as handle:
        sentences = [line.split() for line in handle if line.strip()]
    index = {}
    for sentence in sentences:
        for word in sentence:
            index.setdefault(word, len(index))
    windows = {"train": [], "valid": [], "test": []}
    for number, sentence in enumerate(sentences):
        split = {8: "valid", 9: "test"}.get(number % 10, "train")
        ids = [index[word] for word in sentence]
        windows[split] += [ids[k:k + CONTEXT_LEN + 1] for k in range(len(ids) - CONTEXT_LEN)]
    arrays = {"vocab": np.array(list(index))}
    for split, rows in windows.items():
        rows = np.array(rows[:len(rows) // BATCH_SIZE * BATCH_SIZE], dtype=np.int16)
        arrays[f"{split}_inputs"], arrays[f"{split}_targets"] = rows[:, :CONTEXT_LEN], rows[:, CONTEXT_LEN]
    return arrays


def is_current(path=OUT_PATH):
    """Whether the file at path holds exactly the arrays build() makes."""
    expected = build()
    with np.load(path, allow_pickle=False) as stored:
        return set(stored.files) == set(expected) and all(
            stored[name].dtype == value.dtype and np.array_equal(stored[name], value)
            for name, value in expected.items())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args()
    if args.check:
        current = os.path.isfile(OUT_PATH) and is_current()
        print(f"{OUT_PATH}: {'up to date' if current else 'stale'}")
        sys.exit(0 if current else 1)
    np.savez_compressed(OUT_PATH, **build())
    print(f"wrote {OUT_PATH}")


if __name__ == "__main__":
    main()
