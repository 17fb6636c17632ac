"""What the word2vec reference tests share: the sanity check's dummy vocabulary and dataset,
datasets that script or replay their draws, and centred-difference gradients."""
import random

import numpy as np

WORDS = ["a", "b", "c", "d", "e"]
TOKENS = {w: i for i, w in enumerate(WORDS)}


class DummyDataset:
    """The sanity check's dummy dataset (Python's random only)."""

    def sampleTokenIdx(self):
        return random.randint(0, 4)

    def getRandomContext(self, C):
        return (WORDS[random.randint(0, 4)],
                [WORDS[random.randint(0, 4)] for _ in range(2 * C)])


class ScriptedDataset:
    """Serves a fixed sequence of sampleTokenIdx values (and records them)."""

    def __init__(self, values):
        self.values = list(values)
        self.pos = 0

    def reset(self):
        self.pos = 0

    def sampleTokenIdx(self):
        if self.pos >= len(self.values):
            raise AssertionError("more sampleTokenIdx draws than scripted")
        value = self.values[self.pos]
        self.pos += 1
        return value


def numerical_gradient(f, x, h=1e-6):
    """Centred differences of the scalar function f at x (x not modified)."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for ix in np.ndindex(*x.shape):
        old = x[ix]
        x[ix] = old + h
        fp = f(x.copy())
        x[ix] = old - h
        fm = f(x.copy())
        x[ix] = old
        grad[ix] = (fp - fm) / (2 * h)
    return grad


def assert_close_grad(analytic, numeric, what):
    assert analytic.shape == numeric.shape, what
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7,
                               err_msg=what)


class ReplayDataset:
    """A dataset whose draws (Python's random with a fixed seed) repeat after
    reset(), so every evaluation of a loss sees the same negatives."""

    def __init__(self, V, seed=0):
        self.V = V
        self.seed = seed
        self.reset()

    def reset(self):
        self.rng = random.Random(self.seed)

    def sampleTokenIdx(self):
        return self.rng.randint(0, self.V - 1)


def random_inputs(seed, V=6, d=4):
    """(v, U, C): a centre vector (d,) and two (V, d) matrices of standard normals from RandomState(seed)."""
    rng = np.random.RandomState(seed)
    return rng.randn(d), rng.randn(V, d), rng.randn(V, d)
