"""Provided utilities (no student code): row normalisation and a stable softmax.

Student files import them with `from utils.utils import normalizeRows, softmax`.
This module is self-contained on purpose: it must work in the student handout,
where softmax.py is still a stub.
"""
import numpy as np


def normalizeRows(x):
    """Scale each row of a matrix to unit L2 norm.

    Inputs:
    - x: A numpy array of shape (N, D). It is not modified.

    Returns:
    - A new array of shape (N, D): row i is x[i] / (||x[i]|| + 1e-30).
    """
    x = np.asarray(x)
    return x / (np.sqrt(np.sum(x ** 2, axis=1, keepdims=True)) + 1e-30)


def softmax(x):
    """Compute the softmax of each row of x, or of x itself when x is 1-D.

    Subtracts the maximum first, so scores near +-1000 are fine.

    Inputs:
    - x: A numpy array of shape (N, D) (N rows of scores) or (D,) (one vector).
      It is not modified.

    Returns:
    - A new array of x's shape whose rows (or the vector) sum to 1. A floating
      x keeps its dtype; any other x gives float64.
    """
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    exps = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return exps / np.sum(exps, axis=-1, keepdims=True)
