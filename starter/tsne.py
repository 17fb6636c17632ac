"""t-SNE, to plot word embeddings in two dimensions (provided module, CSC421 programming assignment 1).

The CSC421 handout ships a `tsne.py` next to `language_model.py`, whose plotting helper
calls `tsne.tsne(embeddings)` (after `import tsne` or `from tsne import tsne`). This is
the same function, written for this project with numpy only: neighbour probabilities
with a per-point bandwidth chosen for the requested perplexity, then gradient descent
with momentum and adaptive gains on the Student-t similarities of the map points.
Nothing in it is graded.
"""
import numpy as np


def squared_distances(X):
    """(N, N) squared Euclidean distances between the rows of X (N, D)."""
    norms = np.sum(X * X, axis=1)
    return np.maximum(norms[:, None] + norms[None, :] - 2.0 * X @ X.T, 0.0)


def neighbour_probabilities(distances, perplexity, tolerance=1e-5, steps=50):
    """(N, N) conditional probabilities p(j | i), row i a Gaussian over the other points whose
    precision is found by bisection so that the row's entropy is log(perplexity).

    distances: (N, N) squared distances; perplexity: the effective number of neighbours."""
    n = distances.shape[0]
    target = np.log(perplexity)
    P = np.zeros((n, n))
    for i in range(n):
        others = np.arange(n) != i
        d = distances[i, others] - np.min(distances[i, others])
        low, high, precision = 0.0, np.inf, 1.0
        for _ in range(steps):
            weights = np.exp(-precision * d)
            total = np.sum(weights)
            row = weights / total
            entropy = np.log(total) + precision * np.sum(d * row)
            if abs(entropy - target) < tolerance:
                break
            if entropy > target:  # too flat: narrow the Gaussian
                low = precision
                precision = precision * 2.0 if np.isinf(high) else (precision + high) / 2.0
            else:
                high = precision
                precision = (precision + low) / 2.0
        P[i, others] = row
    return P


def tsne(X, no_dims=2, initial_dims=50, perplexity=30.0, iterations=1000, seed=0):
    """Map the rows of X (N, D) to points in no_dims dimensions, neighbours kept together.

    X is first centred and, with more than initial_dims columns, projected on its top
    initial_dims principal directions. perplexity is lowered for small N (it must stay
    below N - 1). Returns Y, an (N, no_dims) array; the same X and seed give the same Y."""
    X = np.asarray(X, dtype=float)
    X = X - np.mean(X, axis=0)
    if X.shape[1] > initial_dims:
        _, _, directions = np.linalg.svd(X, full_matrices=False)
        X = X @ directions[:initial_dims].T
    n = X.shape[0]
    P = neighbour_probabilities(squared_distances(X), min(perplexity, max(1.0, (n - 1) / 3.0)))
    P = P + P.T
    P = np.maximum(P / np.sum(P), 1e-12)
    Y = 1e-4 * np.random.default_rng(seed).standard_normal((n, no_dims))
    velocity, gains = np.zeros_like(Y), np.ones_like(Y)
    step = max(n / 16.0, 50.0)  # a larger step makes the map of a few dozen points diverge
    for t in range(iterations):
        exaggeration = 4.0 if t < 100 else 1.0  # early exaggeration separates the clusters first
        kernel = 1.0 / (1.0 + squared_distances(Y))
        np.fill_diagonal(kernel, 0.0)
        Q = np.maximum(kernel / np.sum(kernel), 1e-12)
        forces = (exaggeration * P - Q) * kernel
        gradient = 4.0 * (np.diag(np.sum(forces, axis=1)) - forces) @ Y
        gains = np.maximum(np.where(np.sign(gradient) != np.sign(velocity), gains + 0.2, gains * 0.8), 0.01)
        velocity = (0.5 if t < 20 else 0.8) * velocity - step * gains * gradient
        Y = Y + velocity
        Y = Y - np.mean(Y, axis=0)
    return Y
