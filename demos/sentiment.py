#!/usr/bin/env python
"""Sentiment classification with softmax regression on averaged word vectors (q4_sentiment.py style).

    python demos/sentiment.py [--vectors FILE] [--iterations N] [--regularizations R ...] [--out DIR]

The original q4_sentiment.py on the project's small data set (data/sentiment.txt,
see data/make_sentiment.py) instead of the Stanford Sentiment Treebank: each
sentence's feature is the mean of its words' vectors (reference/softmaxreg.py's
getSentenceFeature); for every regularisation strength of the sweep, softmax
regression is trained on the train split by reference/sgd.py (full batch, step
3.0, as the original), and its accuracy is measured on train and dev. The
strength with the best dev accuracy is chosen (the smallest on a tie) and its
test accuracy reported. Prints the table and saves reg_v_acc.png in DIR
(default out/sentiment): train and dev accuracy against the strength, the
chosen one marked.

Word vectors: FILE, a saved_params_<iter>.npy of demos/train_word2vec.py (centre
and outside vectors stacked, 2V rows; a feature concatenates a word's two
halves, as the original did), by default the newest one in out/word2vec; when
there is none, random vectors (seeded), and the table says so. The defaults
(10000 iterations, eight strengths) take about a minute.
"""
import argparse
import glob
import os
import random
import re
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE = os.path.join(ROOT, "reference")
DATA = os.path.join(ROOT, "data", "sentiment.txt")
DEFAULT_OUT = os.path.join(ROOT, "out", "sentiment")
WORD2VEC_OUT = os.path.join(ROOT, "out", "word2vec")
PLOT_FILE = "reg_v_acc.png"
REGULARIZATIONS = [0.0, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2]  # the original's sweep
CLASSES = 5
STEP = 3.0
RANDOM_DIMENSIONS = 10


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vectors", default=None,
                        help="saved_params_<iter>.npy of the word2vec demo (default: the newest in out/word2vec)")
    parser.add_argument("--iterations", type=int, default=10000, help="full-batch SGD iterations per strength")
    parser.add_argument("--regularizations", type=float, nargs="+", default=REGULARIZATIONS,
                        help="the strengths of the sweep (default: the original's eight)")
    parser.add_argument("--out", default=DEFAULT_OUT, help="directory for the plot (default: out/sentiment)")
    return parser.parse_args(argv)


def newest_vectors(folder):
    """The saved_params_<iter>.npy of folder with the largest <iter>, or None."""
    found = [(int(m.group(1)), path) for path in glob.glob(os.path.join(folder, "saved_params_*.npy"))
             for m in [re.search(r"saved_params_(\d+)\.npy$", path)] if m]
    return max(found)[1] if found else None


def load_data(path=DATA):
    """{split: (list of token lists, label array)} from sentiment.txt."""
    splits = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            split, label, text = line.rstrip("\n").split("\t")
            sentences, labels = splits.setdefault(split, ([], []))
            sentences.append(text.split())
            labels.append(int(label))
    return {split: (sentences, np.array(labels)) for split, (sentences, labels) in splits.items()}


def word_vectors(path, tokens):
    """(V, D) vectors of the vocabulary and a description: the saved word2vec halves side by
    side when path is given, else seeded random ones."""
    V = len(tokens)
    if path is None:
        return np.random.default_rng(314).standard_normal((V, RANDOM_DIMENSIONS)), "random vectors"
    stacked = np.load(path)
    if stacked.shape[0] != 2 * V:
        raise SystemExit(f"{path} has {stacked.shape[0]} rows; the corpus's vocabulary needs {2 * V}")
    return np.concatenate((stacked[:V], stacked[V:]), axis=1), f"word2vec vectors from {path}"


def plot(regularizations, train, dev, chosen, path):
    """Train and dev accuracy against the regularisation strength, the chosen one marked."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    ax.plot(regularizations, train, "o-", label="train")
    ax.plot(regularizations, dev, "s-", label="dev")
    best = regularizations[chosen]
    ax.axvline(best, color="gray", linestyle="--", linewidth=1)
    ax.plot([best], [dev[chosen]], "r*", markersize=16, label=f"chosen: {best:g}")
    # 0 is a strength of the sweep: linear below the smallest positive one, logarithmic above
    positive = [r for r in regularizations if r > 0]
    ax.set_xscale("symlog", linthresh=min(positive) if positive else 1.0)
    ax.set_xlabel("regularization")
    ax.set_ylabel("accuracy (%)")
    ax.set_title("Softmax regression on averaged word vectors")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main(argv=None):
    args = parse_args(argv)
    if REFERENCE not in sys.path:
        sys.path.insert(0, REFERENCE)
    from sgd import sgd
    from softmaxreg import accuracy, getSentenceFeature, softmaxRegression

    from utils.treebank import StanfordSentiment

    tokens = StanfordSentiment().tokens()
    vectors_path = args.vectors or newest_vectors(WORD2VEC_OUT)
    vectors, described = word_vectors(vectors_path, tokens)
    data = load_data()
    features = {split: np.array([getSentenceFeature(tokens, vectors, s) for s in sentences])
                for split, (sentences, _) in data.items()}
    print(f"{described}; {', '.join(f'{len(data[s][1])} {s}' for s in ('train', 'dev', 'test'))} sentences")

    random.seed(314)
    np.random.seed(265)
    train_labels, dev_labels = data["train"][1], data["dev"][1]
    results = []
    for regularization in args.regularizations:
        weights = np.random.randn(vectors.shape[1], CLASSES)
        weights = sgd(lambda w, reg=regularization: softmaxRegression(features["train"], train_labels, w, reg,
                                                                      nopredictions=True),
                      weights, STEP, args.iterations, PRINT_EVERY=args.iterations + 1)
        _, _, train_pred = softmaxRegression(features["train"], train_labels, weights)
        _, _, dev_pred = softmaxRegression(features["dev"], dev_labels, weights)
        results.append((regularization, weights, accuracy(train_labels, train_pred), accuracy(dev_labels, dev_pred)))

    print(f"{'regularization':>14}  {'train':>6}  {'dev':>6}")
    for regularization, _, train_acc, dev_acc in results:
        print(f"{regularization:>14g}  {train_acc:6.2f}  {dev_acc:6.2f}")
    chosen = max(range(len(results)), key=lambda i: (results[i][3], -results[i][0]))
    best, weights = results[chosen][:2]
    _, _, test_pred = softmaxRegression(features["test"], data["test"][1], weights)
    print(f"chosen regularization {best:g}: test accuracy {accuracy(data['test'][1], test_pred):.2f}")

    os.makedirs(args.out, exist_ok=True)
    png = os.path.join(os.path.abspath(args.out), PLOT_FILE)
    plot([r[0] for r in results], [r[2] for r in results], [r[3] for r in results], chosen, png)
    print(f"saved {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
