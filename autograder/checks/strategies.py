"""Hypothesis strategies for graded inputs, built on hypothesis.extra.numpy."""
import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

FLOAT_DTYPES = (np.float64, np.float32)


def float_arrays(shape=None, min_dims=1, max_dims=2, max_side=8, magnitude=10.0, dtypes=FLOAT_DTYPES):
    """Finite float arrays of the given (or a generated) shape, entries in [-magnitude, magnitude]."""
    shapes = st.just(shape) if shape is not None else hnp.array_shapes(
        min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=max_side)
    return st.sampled_from(dtypes).flatmap(lambda dtype: hnp.arrays(
        dtype, shapes, elements=st.floats(-magnitude, magnitude, width=np.dtype(dtype).itemsize * 8,
                                          allow_nan=False, allow_infinity=False)))


def scales():
    """Magnitudes from small to large, for stability checks."""
    return st.sampled_from([1e-3, 1.0, 10.0, 100.0, 1000.0])

