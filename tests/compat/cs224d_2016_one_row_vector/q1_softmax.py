# q1_softmax.py of the CS224d 2016 handout after lib2to3: a one-row matrix takes the vector path and comes
# back as a vector, which that handout's own test (compared with a vector) accepts.
import numpy as np


def softmax(x):
    """Compute the softmax function for each row of the input x."""
    if x.ndim > 1 and x.shape[0] > 1:
        x = x - np.max(x, axis=1, keepdims=True)
        x = np.exp(x)
        x = x / np.sum(x, axis=1, keepdims=True)
    else:
        x = np.exp(x.ravel() - np.max(x))
        x = x / np.sum(x)
    return x


def test_softmax_basic():
    print("Running basic tests...")
    test1 = softmax(np.array([1, 2]))
    assert np.amax(np.fabs(test1 - np.array([0.26894142, 0.73105858]))) <= 1e-6
    test3 = softmax(np.array([[-1001, -1002]]))
    assert np.amax(np.fabs(test3 - np.array([0.73105858, 0.26894142]))) <= 1e-6
    print("You should verify these results!\n")


if __name__ == "__main__":
    test_softmax_basic()
