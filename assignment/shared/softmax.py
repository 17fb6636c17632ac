"""How both tiers of softmax.py's suites read a value of the student's softmax (the 2016
handout's file included)."""
import numpy as np


def value(softmax, x):
    """The student's softmax(x) (softmax: the student's function; x: a 1-D or 2-D array). Where the
    function was found as q1_softmax.py and x is one row, shape (1, n), a vector (n,) is read as that
    row: the CS224d 2016 handout's own test compares such a result with a vector, so both pass there."""
    reply = softmax.run(x)
    got = reply.value
    older = (reply.resolved or "").startswith("q1_softmax.py:")
    if older and np.ndim(x) == 2 and np.shape(x)[0] == 1 and isinstance(got, np.ndarray) \
            and got.shape == (np.shape(x)[1],):
        return got.reshape(1, -1)
    return got
