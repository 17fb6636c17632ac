#!/usr/bin/env python
"""Sentiment classification with softmax regression on averaged word vectors (q4_sentiment.py style).

    python demos/sentiment.py [--vectors FILE] [--iterations N] [--regularizations R ...] [--out DIR]

The original q4_sentiment.py on the project's small data set (data/sentiment.txt,
see data/make_sentiment.py) instead of the Stanford Sentiment Treebank: each
sentence's feature is the mean of its words' vectors (reference/softmaxreg.py's
getSentenceFeature); for every regularisation strength of the sweep, softmax
regression (the cost and gradient of reference/softmaxreg.py's
softmaxRegression) is trained on the train split, and its accuracy is measured
on train and dev. The strength with the best dev accuracy is chosen (the
smallest on a tie) and its test accuracy reported. Prints the table and saves
reg_v_acc.png in DIR (default out/sentiment): train and dev accuracy against
the strength, the chosen one marked.

Training: the original's 10,000 steps of 3.0 of full-batch gradient descent stop
far from the minimum on these features (the cost is badly conditioned), so
accuracy jumped up and down along the sweep, which says nothing about
regularisation. The cost is convex, so the demo minimises it with Newton's
method instead (the Hessian of the mean cross-entropy plus the regularisation,
a step halved until the cost falls enough), until the gradient's norm is below
1e-8, each strength starting from the weights of the one before (warm start).
The table prints the Newton iterations and the final gradient norm of each
strength (every strength is trained to the same tolerance) and the training
cross-entropy without the regularisation term, which can only grow with the
strength when each minimum is reached.

Word vectors: FILE, a saved_params_<iter>.npy of demos/train_word2vec.py (centre
and outside vectors stacked, 2V rows; a feature concatenates a word's two
halves, as the original did), by default the newest one in out/word2vec; when
there is none or FILE is "random", random vectors (seeded), and the table says so. The whole sweep
takes a few seconds.
"""
import argparse
import glob
import os
import re
import sys

# One BLAS thread: the matrices are small (a 100 x 100 Hessian), and threads that wait for each other on
# a shared machine made each solve hundreds of times slower. Set before numpy is imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE = os.path.join(ROOT, "reference")
DATA = os.path.join(ROOT, "data", "sentiment.txt")
DEFAULT_OUT = os.path.join(ROOT, "out", "sentiment")
WORD2VEC_OUT = os.path.join(ROOT, "out", "word2vec")
PLOT_FILE = "reg_v_acc.png"
REGULARIZATIONS = [0.0, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2]  # the original's sweep
CLASSES = 5
RANDOM_DIMENSIONS = 10
TOLERANCE = 1e-8  # on the gradient's norm
ARMIJO = 1e-4  # a Newton step is kept when the cost falls by this fraction of the step's predicted decrease


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vectors", default=None,
                        help="saved_params_<iter>.npy of the word2vec demo, or 'random' for seeded random "
                             "vectors (default: the newest in out/word2vec, random vectors when there is none)")
    parser.add_argument("--iterations", type=int, default=100,
                        help="the most Newton iterations per strength (default %(default)s; a few dozen suffice)")
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
    if not os.path.isfile(path):
        raise SystemExit(f"{path} is not a file: pass a saved_params_<iter>.npy of demos/train_word2vec.py")
    stacked = np.load(path, allow_pickle=False)
    if stacked.shape[0] != 2 * V:
        raise SystemExit(f"{path} has {stacked.shape[0]} rows; the corpus's vocabulary needs {2 * V}")
    return np.concatenate((stacked[:V], stacked[V:]), axis=1), f"word2vec vectors from {path}"


def hessian(features, weights, regularization, softmax):
    """
    The Hessian of softmaxRegression's cost (the mean cross-entropy plus
    0.5 * regularization * sum(weights ** 2)) with respect to weights.

    Inputs:
    - features: numpy array of shape (N, D), one feature vector per row.
    - weights: numpy array of shape (D, C), the weights.
    - regularization: float, the L2 strength.
    - softmax: the reference's row-wise softmax (utils.utils.softmax).

    Returns:
    - H: numpy array of shape (D * C, D * C), indexed as weights.ravel().
    """
    D, C = weights.shape
    prob = softmax(features @ weights)
    N = features.shape[0]
    # d^2 cost / dW[d, c] dW[e, k] = mean_i x_id x_ie (p_ic [c == k] - p_ic p_ik), as matrix products:
    # the second term is Z^T Z / N with Z[i, (d, c)] = x_id p_ic.
    Z = (features[:, :, None] * prob[:, None, :]).reshape(N, D * C)
    H = -(Z.T @ Z) / N
    H = H.reshape(D, C, D, C)
    for c in range(C):
        H[:, c, :, c] += (features * prob[:, c:c + 1]).T @ features / N
    H = H.reshape(D * C, D * C)
    H[np.diag_indices(D * C)] += regularization
    return H


def newton(cost_and_grad, hessian_at, weights, max_iterations):
    """
    Minimise a convex cost by Newton's method with a backtracking line search.

    Inputs:
    - cost_and_grad: callable, weights (D, C) -> (cost float, gradient (D, C)).
    - hessian_at: callable, weights (D, C) -> Hessian (D * C, D * C).
    - weights: numpy array of shape (D, C), the starting point.
    - max_iterations: int, the most Newton steps.

    Returns a tuple of:
    - weights: numpy array of shape (D, C), the last iterate.
    - iterations: int, the Newton steps taken.
    - grad_norm: float, the gradient's norm at the last iterate.
    """
    cost, grad = cost_and_grad(weights)
    for iteration in range(max_iterations):
        if np.linalg.norm(grad) < TOLERANCE:
            return weights, iteration, float(np.linalg.norm(grad))
        # Without regularisation the Hessian is singular (adding one vector to every class's
        # weights changes no probability): lstsq takes the step of least norm.
        step = -np.linalg.lstsq(hessian_at(weights), grad.ravel(), rcond=None)[0].reshape(weights.shape)
        decrease = float(np.sum(grad * step))  # negative: the cost's slope along the step
        size = 1.0
        while True:
            new_cost, new_grad = cost_and_grad(weights + size * step)
            if new_cost <= cost + ARMIJO * size * decrease or size < 1e-12:
                break
            size /= 2
        weights, cost, grad = weights + size * step, new_cost, new_grad
    return weights, max_iterations, float(np.linalg.norm(grad))


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
    ax.set_xlabel(r"regularization strength $\lambda$ (cost: mean cross-entropy + $\frac{\lambda}{2}\|W\|^2$)")
    ax.set_ylabel("accuracy (%)")
    ax.set_title("Softmax regression on averaged word vectors, trained to convergence", fontsize=11)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main(argv=None):
    args = parse_args(argv)
    if REFERENCE not in sys.path:
        sys.path.insert(0, REFERENCE)
    from softmaxreg import accuracy, getSentenceFeature, softmaxRegression

    from utils.treebank import StanfordSentiment
    from utils.utils import softmax

    tokens = StanfordSentiment().tokens()
    vectors_path = None if args.vectors == "random" else args.vectors or newest_vectors(WORD2VEC_OUT)
    vectors, described = word_vectors(vectors_path, tokens)
    data = load_data()
    features = {split: np.array([getSentenceFeature(tokens, vectors, s) for s in sentences])
                for split, (sentences, _) in data.items()}
    print(f"{described}; {', '.join(f'{len(data[s][1])} {s}' for s in ('train', 'dev', 'test'))} sentences")

    train_features, train_labels, dev_labels = features["train"], data["train"][1], data["dev"][1]
    results = []
    weights = np.zeros((vectors.shape[1], CLASSES))
    for regularization in args.regularizations:
        weights, iterations, grad_norm = newton(
            lambda w, reg=regularization: softmaxRegression(train_features, train_labels, w, reg,
                                                            nopredictions=True),
            lambda w, reg=regularization: hessian(train_features, w, reg, softmax),
            weights, args.iterations)
        # The cross-entropy without the regularisation term: at the minimum it can only grow with the strength.
        train_ce, _, train_pred = softmaxRegression(train_features, train_labels, weights)
        _, _, dev_pred = softmaxRegression(features["dev"], dev_labels, weights)
        results.append((regularization, weights, accuracy(train_labels, train_pred),
                        accuracy(dev_labels, dev_pred), iterations, grad_norm, train_ce))

    print(f"{'regularization':>14}  {'train':>6}  {'dev':>6}  {'train CE':>8}  {'Newton iterations':>17}  "
          f"{'|gradient|':>10}")
    for regularization, _, train_acc, dev_acc, iterations, grad_norm, train_ce in results:
        print(f"{regularization:>14g}  {train_acc:6.2f}  {dev_acc:6.2f}  {train_ce:8.4f}  {iterations:>17}  "
              f"{grad_norm:10.1e}")
    unconverged = [r[0] for r in results if r[5] >= TOLERANCE]
    if unconverged:
        print(f"warning: not converged within {args.iterations} iterations (gradient norm above {TOLERANCE:g}) "
              f"at strength {', '.join(f'{r:g}' for r in unconverged)}; raise --iterations")
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
