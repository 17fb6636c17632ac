# q1_softmax.py of the CS224d 2016 handout, filled in by taking "treat the vector as a row" literally:
# a vector comes back as one row, (1, n), which that handout's own test (compared with a vector through
# broadcasting) accepts.
import numpy as np


def softmax(x):
    """
    Compute the softmax function for each row of the input x.

    You should also make sure that your code works for one
    dimensional inputs (treat the vector as a row), you might find
    it helpful for your later problems.
    """
    x = np.atleast_2d(x)
    x = x - np.max(x, axis=1, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=1, keepdims=True)


def test_softmax_basic():
    print("Running basic tests...")
    test1 = softmax(np.array([1, 2]))
    assert np.amax(np.fabs(test1 - np.array([0.26894142, 0.73105858]))) <= 1e-6
    test2 = softmax(np.array([[1001, 1002], [3, 4]]))
    assert np.amax(np.fabs(test2 - np.array([[0.26894142, 0.73105858], [0.26894142, 0.73105858]]))) <= 1e-6
    print("You should verify these results!\n")


if __name__ == "__main__":
    test_softmax_basic()
