"""Sigmoid and ReLU activations and their derivatives.

Students implement `sigmoid(x)` (numerically stable: no overflow for x = -1000 or
x = +1000), `sigmoid_grad(s)` (which takes the sigmoid's OUTPUT s, not its
input), `relu(x)` and `relu_grad(x)`. Every function accepts a scalar or an array
and keeps a floating dtype (float32 in, float32 out).
"""
import numpy as np


def _as_float_array(x):
    """Return x as a numpy array of a floating dtype (provided helper).

    Inputs:
    - x: A scalar or an array-like of any shape.

    Returns:
    - An array of the same shape as x: x itself if it is already a floating
      array, otherwise a float64 copy.
    """
    x = np.asarray(x)
    return x if np.issubdtype(x.dtype, np.floating) else x.astype(np.float64)


def _unwrap(a):
    """Return a 0-d array as a numpy scalar and any other array unchanged (provided helper).

    Inputs:
    - a: A numpy array of any shape.

    Returns:
    - A numpy scalar if a has shape (), else a.
    """
    return a[()] if a.ndim == 0 else a


def sigmoid(x):
    """Compute the logistic sigmoid 1 / (1 + exp(-x)) elementwise, stably.

    Inputs:
    - x: A scalar or a numpy array of any shape.

    Returns:
    - s: The sigmoid of x, of the same shape as x (a numpy scalar for a scalar
      x), every entry in [0, 1]; finite and without overflow warnings even for
      x = -1000 or x = +1000.
    """
    x = _as_float_array(x)
    # BEGIN SOLUTION (hint: avoid overflow: never exponentiate a large positive number; pick the formula by the sign of x) (full hint: with e = np.exp(-np.abs(x)) (never overflows), use 1 / (1 + e) where x >= 0 and e / (1 + e) where x < 0)
    e = np.exp(-np.abs(x))
    s = np.where(x >= 0, 1 / (1 + e), e / (1 + e))
    # END SOLUTION
    return _unwrap(s)


def sigmoid_grad(s):
    """Compute the derivative of the sigmoid from the sigmoid's output.

    Inputs:
    - s: A scalar or a numpy array of any shape holding s = sigmoid(x), the
      sigmoid's OUTPUT (not its input x).

    Returns:
    - ds: d sigmoid(x) / dx = s * (1 - s), of the same shape as s.
    """
    s = _as_float_array(s)
    # BEGIN SOLUTION (hint: write the derivative in terms of the sigmoid's output s, not of x) (full hint: the derivative written in terms of the output is s * (1 - s))
    ds = s * (1 - s)
    # END SOLUTION
    return _unwrap(ds)


def relu(x):
    """Compute the rectified linear unit max(0, x) elementwise.

    Inputs:
    - x: A scalar or a numpy array of any shape.

    Returns:
    - out: max(0, x), of the same shape as x.
    """
    x = _as_float_array(x)
    # BEGIN SOLUTION (hint: an elementwise operation that keeps the shape and the dtype of x) (full hint: np.maximum(x, 0) keeps the shape and the dtype)
    out = np.maximum(x, 0)
    # END SOLUTION
    return _unwrap(out)


def relu_grad(x):
    """Compute the derivative of relu with respect to its input x, elementwise.

    Inputs:
    - x: A scalar or a numpy array of any shape: the input of relu.

    Returns:
    - dx: An array of the same shape and dtype as x: 1 where x > 0 and 0 where
      x <= 0 (the derivative is undefined at 0; this function returns 0 there).
    """
    x = _as_float_array(x)
    # BEGIN SOLUTION (hint: 1 where x > 0 and 0 elsewhere, in the dtype of x) (full hint: (x > 0) is a boolean mask; convert it with .astype(x.dtype))
    dx = (x > 0).astype(x.dtype)
    # END SOLUTION
    return _unwrap(dx)
