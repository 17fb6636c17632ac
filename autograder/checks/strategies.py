"""Hypothesis strategies for graded inputs, built on hypothesis.extra.numpy.

Arrays are drawn as a dtype, a shape, a pattern and a seed, and numpy fills in the
entries from the seed. Drawing every entry through hypothesis costs about 4 ms an
example, most of a grading's time; a seed is one choice. The patterns keep what
entry-by-entry drawing finds on its own: ties, zeros, constant rows and the extremes.
A failing example still shrinks: to a smaller shape, the first pattern (small
integers, easy to read in a message) and seed 0.
"""
import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

FLOAT_DTYPES = (np.float64, np.float32)
PATTERNS = ("small integers", "uniform", "extremes", "constant", "tiny")


def fill(shape, pattern: str, seed: int, low: float, high: float) -> np.ndarray:
    """Entries in [low, high] of the given shape, float64, following `pattern`."""
    rng = np.random.default_rng(seed)
    if pattern == "small integers":  # ties and zeros (where the range holds them)
        values = rng.integers(-3, 4, shape).astype(float)
    elif pattern == "extremes":
        values = rng.choice([low, high, (low + high) / 2], shape)
    elif pattern == "constant":
        values = np.full(shape, rng.uniform(low, high))
    elif pattern == "tiny":
        values = (low + high) / 2 + rng.uniform(-1e-3, 1e-3, shape) * (high - low)
    else:
        values = rng.uniform(low, high, shape)
    return np.clip(values, low, high)


def arrays(shape, low: float = -1.0, high: float = 1.0, dtypes=(np.float64,)):
    """Float arrays of `shape` (a tuple or a strategy of tuples) with entries in [low, high]."""
    shapes = shape if isinstance(shape, st.SearchStrategy) else st.just(tuple(shape))
    return st.builds(lambda dtype, shape, pattern, seed: fill(shape, pattern, seed, low, high).astype(dtype),
                     st.sampled_from(dtypes), shapes, st.sampled_from(PATTERNS), st.integers(0, 2 ** 32 - 1))


def float_arrays(shape=None, min_dims=1, max_dims=2, max_side=8, magnitude=10.0, dtypes=FLOAT_DTYPES):
    """Finite float arrays of the given (or a generated) shape, entries in [-magnitude, magnitude]."""
    shapes = st.just(shape) if shape is not None else hnp.array_shapes(
        min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=max_side)
    return arrays(shapes, -magnitude, magnitude, dtypes)


def scales():
    """Magnitudes from small to large, for stability checks."""
    return st.sampled_from([1e-3, 1.0, 10.0, 100.0, 1000.0])
