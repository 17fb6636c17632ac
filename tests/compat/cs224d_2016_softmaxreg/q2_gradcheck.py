import random

import numpy as np


def gradcheck_naive(f, x):
    """Gradient check for a function f that returns (cost, grad)."""
    rndstate = random.getstate()
    random.setstate(rndstate)
    fx, grad = f(x)
    h = 1e-4

    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        ix = it.multi_index

        x[ix] += h
        random.setstate(rndstate)
        fplus = f(x)[0]
        x[ix] -= 2 * h
        random.setstate(rndstate)
        fminus = f(x)[0]
        x[ix] += h
        numgrad = (fplus - fminus) / (2 * h)

        reldiff = abs(numgrad - grad[ix]) / max(1, abs(numgrad), abs(grad[ix]))
        if reldiff > 1e-5:
            print("Gradient check failed.")
            print("First gradient error found at index %s" % str(ix))
            print("Your gradient: %f \t Numerical gradient: %f" % (grad[ix], numgrad))
            return

        it.iternext()

    print("Gradient check passed!")
