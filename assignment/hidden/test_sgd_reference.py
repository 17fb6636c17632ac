"""Hidden checks of sgd.py against the instructor's solution, on generated runs.

The student's sgd (in the worker) and the reference (here) get identical
stand-in objectives and postprocessing functions, built from standins/sgd.py.
"""
import contextlib
import io

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder.checks import FLOAT64, StandIns, expect_close, graded

from hints import sgd as HINTS

SGD = "sgd.py:sgd"
QUIET = 10 ** 9  # PRINT_EVERY that never prints
STANDINS = StandIns(__file__)


@graded(2, "4.40", SGD)
@given(x0=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=4),
                     elements=st.floats(-10, 10, allow_nan=False, allow_infinity=False)),
       scale=st.floats(0.1, 2.0), step=st.floats(0.001, 0.2), iterations=st.integers(1, 30),
       factor=st.one_of(st.none(), st.floats(0.5, 1.0)))
def test_sgd_matches_reference(student, reference, x0, scale, step, iterations, factor):
    """matches the reference on generated quadratics, steps, iteration counts and postprocessing"""
    sgd = student.function(SGD)
    f_remote, f_local = STANDINS.pair("sgd_objective", "f", kind="quadratic", scale=scale)
    post_remote, post_local = (None, None) if factor is None else STANDINS.pair("sgd_postprocessing", "post",
                                                                               factor=factor)
    with contextlib.redirect_stdout(io.StringIO()):
        expected = reference("sgd.py").sgd(f_local, x0.copy(), step, iterations, post_local, False, QUIET)
    got = sgd(f_remote, x0, step, iterations, post_remote, False, QUIET)
    expect_close(got, expected, sgd.last, FLOAT64, what="the final x", hint=HINTS.SGD)
