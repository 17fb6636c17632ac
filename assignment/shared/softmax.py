"""How both tiers of softmax.py's suites read a value of the student's softmax (the 2016
handout's file included)."""
import numpy as np


def value(softmax, x):
    """The student's softmax(x) (softmax: the student's function; x: a 1-D or 2-D array). Where the
    function was found as q1_softmax.py, a vector (n,) and one row (1, n) are read as each other, for x
    of one row and x a vector alike: the CS224d 2016 handout says to treat a vector as a row, and its own
    test compares the result with a vector through broadcasting, so both pass there."""
    reply = softmax.run(x)
    got = reply.value
    older = (reply.resolved or "").startswith("q1_softmax.py:")
    if not (older and isinstance(got, np.ndarray)):
        return got
    if np.ndim(x) == 2 and np.shape(x)[0] == 1 and got.shape == (np.shape(x)[1],):
        return got.reshape(1, -1)
    if np.ndim(x) == 1 and got.shape == (1, np.shape(x)[0]):
        return got.reshape(-1)
    return got
