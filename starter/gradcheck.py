"""Numerical gradient checking.

Students implement the numerical gradient inside `gradcheck_naive(f, x)`: for
every entry of x, a centred difference (f(x + h) - f(x - h)) / (2h) with
h = 1e-4, which the provided code compares with the gradient that f returns.
"""
import random

import numpy as np


def gradcheck_naive(f, x, gradientText=""):
    """Check the gradient that a function returns against centred differences.

    Every entry of x is perturbed in place by +h and -h (h = 1e-4) and restored
    afterwards. Python's `random` state is saved once and restored before every
    evaluation of f, so a function that samples with `random` sees the same
    draws each time. An entry fails when
    |numerical - analytic| / max(1, |numerical|, |analytic|) > 1e-5.
    Prints "Gradient check passed!" or, at the first failing entry, three lines
    naming gradientText, the index and both gradient values.

    Inputs:
    - f: A function taking one argument, an array of x's shape, and returning a
      tuple (cost, grad): cost a float, grad an array of x's shape.
    - x: A numpy float array of any shape (0-d allowed): the point at which to
      check the gradient. It is modified during the check and restored.
    - gradientText: A string naming the gradient in the failure message.

    Returns:
    - None.
    """
    rndstate = random.getstate()
    random.setstate(rndstate)
    fx, grad = f(x)  # the cost and the analytic gradient at x
    h = 1e-4

    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        # YOUR CODE HERE (hint: centred differences: evaluate f a step h above and below x[ix], restoring the random state before each call and x[ix] afterwards)
        raise NotImplementedError("gradcheck_naive: centred differences: evaluate f a step h above and below x[ix], restoring the random state before each call and x[ix] afterwards")
        # END YOUR CODE

        reldiff = abs(numgrad - grad[ix]) / max(1, abs(numgrad), abs(grad[ix]))
        if reldiff > 1e-5:
            if gradientText:
                print("Gradient check failed for %s." % gradientText)
            else:
                print("Gradient check failed.")
            print("First gradient error found at index %s" % str(ix))
            print("Your gradient: %f \t Numerical gradient: %f" % (grad[ix], numgrad))
            return

        it.iternext()

    print("Gradient check passed!")
