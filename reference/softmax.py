"""Softmax.

Students implement `softmax(x)`: the softmax of each row of a 2-D array, or of a
whole 1-D vector. It must be numerically stable (subtract the maximum before
exponentiating, so scores near +-1000 give finite, correct probabilities), keep a
floating dtype (float32 in, float32 out) and leave its argument unchanged.
"""
import numpy as np


def softmax(x):
    """Compute the softmax of each row of x, or of x itself when x is 1-D.

    softmax(x)_i = exp(x_i) / sum_j exp(x_j), and softmax(x) = softmax(x - c) for
    any constant c: subtracting the maximum keeps exp from overflowing.

    Inputs:
    - x: A numpy array (or nested list) of shape (N, D) holding N rows of D
      scores, or of shape (D,) holding a single vector of D scores. It is not
      modified.

    Returns:
    - probs: A new numpy array of the same shape as x. Each row (or the vector)
      is non-negative and sums to 1. A floating x keeps its dtype (float32 in,
      float32 out); any other x gives float64.
    """
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    # BEGIN SOLUTION (hint: make it stable by shifting each row before exponentiating, then normalise each row) (full hint: subtract each row's max (axis=-1, keepdims=True) before np.exp, then divide by each row's sum)
    exps = np.exp(x - np.max(x, axis=-1, keepdims=True))
    probs = exps / np.sum(exps, axis=-1, keepdims=True)
    # END SOLUTION
    assert probs.shape == x.shape
    return probs
