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
    # YOUR CODE HERE (hint: avoid overflow: never exponentiate a large positive number; pick the formula by the sign of x)
    raise NotImplementedError("sigmoid: avoid overflow: never exponentiate a large positive number; pick the formula by the sign of x")
    # END YOUR CODE
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
    # YOUR CODE HERE (hint: write the derivative in terms of the sigmoid's output s, not of x)
    raise NotImplementedError("sigmoid_grad: write the derivative in terms of the sigmoid's output s, not of x")
    # END YOUR CODE
    return _unwrap(ds)


def relu(x):
    """Compute the rectified linear unit max(0, x) elementwise.

    Inputs:
    - x: A scalar or a numpy array of any shape.

    Returns:
    - out: max(0, x), of the same shape as x.
    """
    x = _as_float_array(x)
    # YOUR CODE HERE (hint: an elementwise operation that keeps the shape and the dtype of x)
    raise NotImplementedError("relu: an elementwise operation that keeps the shape and the dtype of x")
    # END YOUR CODE
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
    # YOUR CODE HERE (hint: 1 where x > 0 and 0 elsewhere, in the dtype of x)
    raise NotImplementedError("relu_grad: 1 where x > 0 and 0 elsewhere, in the dtype of x")
    # END YOUR CODE
    return _unwrap(dx)
