"""The sigmoid's inverse, with which the suites check derivatives without a sigmoid of their own."""
import numpy as np


def logit(s):
    """The inverse of the sigmoid, log(s / (1 - s)), for s in (0, 1) (a float or an array)."""
    return np.log(s) - np.log1p(-s)
