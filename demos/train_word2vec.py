#!/usr/bin/env python
"""Train word vectors with the reference word2vec and plot them (run.py style).

    python demos/train_word2vec.py [--iterations N] [--out DIR] [--corpus FILE]

This is the original assignment's run.py on the project's small corpus
(data/corpus.txt, see data/make_corpus.py) instead of the Stanford Sentiment
Treebank, with the same setup: random.seed(314); the dataset; d = 10, C = 5;
re-seed random with 31415 and numpy with 9265; initial vectors: centre half
(rand(V, d) - 0.5) / d, outside half zeros; then

    sgd(lambda vec: word2vec_sgd_wrapper(skipgram, tokens, vec, dataset, C,
                                         negSamplingLossAndGradient),
        wordVectors, 0.3, iterations, None, useSaved=True, PRINT_EVERY=10)

using reference/word2vec.py, reference/sgd.py and reference/utils/treebank.py.

The script works inside the output directory (default: out/word2vec in the
repository, created if needed): sgd saves saved_params_<iter>.npy and
saved_state_<iter>.pickle there every 5000 iterations and, when run again with
the same directory, resumes from the newest of them (delete them to start
afresh). At the end it saves word_vectors.png there: the centre vectors of
the 24 words run.py plots, centred and projected on the top two singular
directions of their covariance, each labelled (with a leader line where the
label had to move away from a crowded point).

The default of 5000 iterations (one checkpoint) takes about 95 s of CPU, 19 ms
per iteration of 50 windows (measured: 93 s of training, 1 m 35 s in all, on an
otherwise idle 2-core AMD EPYC virtual machine); the wall time grows with the
machine's load (500 iterations took 54 s at a load average of 14 on the same
machine). The printed loss, an exponential average, falls from about 32 to
about 10 ("cost at convergence should be around or below 10", as the handout
says).
"""

import argparse
import os
import random
import sys
import time

import numpy as np
from wordplot import plot_words, projection_2d

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE = os.path.join(ROOT, "reference")
DEFAULT_OUT = os.path.join(ROOT, "out", "word2vec")
DEFAULT_ITERATIONS = 5000

DIM_VECTORS = 10
CONTEXT_SIZE = 5
STEP = 0.3

# The words run.py plots, in its order.
VISUALIZE_WORDS = [
    "great", "cool", "brilliant", "wonderful", "well", "amazing",
    "worth", "sweet", "enjoyable", "boring", "bad", "dumb",
    "annoying", "female", "male", "queen", "king", "man", "woman", "rain",
    "snow", "hail", "coffee", "tea",
]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Train skip-gram word vectors with negative sampling "
                    "(the reference solution) and plot them.")
    parser.add_argument("--iterations", type=int, default=DEFAULT_ITERATIONS,
                        help="total SGD iterations, each a batch of 50 "
                             "windows (default %(default)s, about 95 s of CPU)")
    parser.add_argument("--out", default=DEFAULT_OUT,
                        help="working directory for checkpoints and "
                             "word_vectors.png (default: out/word2vec in "
                             "the repository)")
    parser.add_argument("--corpus", default=None,
                        help="corpus file, one sentence per line (default: "
                             "data/corpus.txt)")
    args = parser.parse_args(argv)
    if args.iterations < 0:
        parser.error("--iterations must be >= 0")
    return args


def nearest_neighbours(words, vectors):
    """For each word, the other listed word with the largest cosine."""
    unit = vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-30)
    sims = unit @ unit.T
    np.fill_diagonal(sims, -np.inf)
    return [(w, words[int(np.argmax(sims[i]))]) for i, w in enumerate(words)]


def train(corpus, out_dir, iterations):
    """run.py's training, in out_dir (checkpoints are saved and resumed there): (the vocabulary
    {word: index}, the (2V, d) word vectors, centre halves on top). corpus: a file or None."""
    if REFERENCE not in sys.path:
        sys.path.insert(0, REFERENCE)
    from sgd import sgd
    from word2vec import negSamplingLossAndGradient, skipgram, word2vec_sgd_wrapper

    from utils.treebank import StanfordSentiment

    # Reset the random seed to make sure that everyone gets the same results
    random.seed(314)
    dataset = StanfordSentiment(path=corpus)
    tokens = dataset.tokens()
    nWords = len(tokens)
    print(f"corpus {dataset.path}: {dataset.numSentences()} sentences, {nWords} words in the vocabulary")

    os.makedirs(out_dir, exist_ok=True)
    os.chdir(out_dir)
    print(f"working in {out_dir}")

    # Train 10-dimensional vectors with context size 5
    random.seed(31415)
    np.random.seed(9265)

    startTime = time.time()
    wordVectors = np.concatenate(
        ((np.random.rand(nWords, DIM_VECTORS) - 0.5) / DIM_VECTORS,
         np.zeros((nWords, DIM_VECTORS))),
        axis=0)
    wordVectors = sgd(
        lambda vec: word2vec_sgd_wrapper(skipgram, tokens, vec, dataset,
                                         CONTEXT_SIZE,
                                         negSamplingLossAndGradient),
        wordVectors, STEP, iterations, None, True, PRINT_EVERY=10)
    elapsed = time.time() - startTime
    print(f"training took {elapsed:.1f} seconds ({iterations} iterations requested)")
    if not np.all(np.isfinite(wordVectors)):
        print("warning: the word vectors contain non-finite values")
    return tokens, wordVectors


def main(argv=None):
    args = parse_args(argv)
    corpus = os.path.abspath(args.corpus) if args.corpus else None
    out_dir = os.path.abspath(args.out)
    tokens, wordVectors = train(corpus, out_dir, args.iterations)
    nWords = len(tokens)

    # As run.py: stack the centre and outside halves and take each listed
    # word's row, i.e. its centre vector.
    wordVectors = np.concatenate(
        (wordVectors[:nWords, :], wordVectors[nWords:, :]), axis=0)
    words = [w for w in VISUALIZE_WORDS if w in tokens]
    missing = [w for w in VISUALIZE_WORDS if w not in tokens]
    if missing:
        print("not in the corpus, left out of the plot: {}".format(", ".join(missing)))
    if len(words) < 2:
        print("too few words to plot")
        return 1
    vectors = wordVectors[[tokens[w] for w in words], :]

    print("nearest plotted word (cosine of centre vectors):")
    for word, nearest in nearest_neighbours(words, vectors):
        print(f"  {word:<10} -> {nearest}")

    png = os.path.join(out_dir, "word_vectors.png")
    plot_words(words, projection_2d(vectors), png,
               title=f"word2vec (skip-gram, negative sampling), {args.iterations} iterations:\n"
                     "the centre vectors of run.py's words, projected in 2-D",
               xlabel="first singular direction of their covariance",
               ylabel="second singular direction")
    print(f"saved {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
