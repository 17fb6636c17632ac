"""Hidden checks of gradcheck.py:gradcheck_naive: on generated shapes and
wrong-gradient positions, the student's verdict is the reference's."""
import contextlib
import io

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import StandIns, expect_true, graded, strategies

from hints import gradcheck as HINTS
from shared import gradcheck as SHARED

GRADCHECK = "gradcheck.py:gradcheck_naive"
STANDINS = StandIns(__file__)


def reference_verdict(reference, objective, x):
    """Whether the reference checker passes `objective` (built here, like the worker's) at x."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        reference("gradcheck.py").gradcheck_naive(objective, x.copy())
    return "Gradient check passed" in printed.getvalue()


@st.composite
def cases(draw):
    """(x, the stand-in objective's parameters, the wrong index or None): a quadratic or cubic with
    per-entry coefficients, its gradient right or changed at one entry by an absolute or a relative
    error on either side of the handout's threshold 1e-5."""
    x = draw(strategies.float_arrays(min_dims=1, max_dims=3, max_side=5, magnitude=5.0, dtypes=(np.float64,)))
    wrong = draw(st.booleans())
    index = tuple(draw(st.integers(0, n - 1)) for n in x.shape) if wrong else None
    add, factor = draw(st.sampled_from([(1e-3, 1.0), (0.1, 1.0), (10.0, 1.0), (0.0, 1.002), (0.0, 1 + 1e-7)]))
    cubic = draw(st.sampled_from([(0.0, 0.0), (0.5, 2.0)]))
    params = SHARED.objective(x, draw(st.integers(0, 2 ** 16)), cubic=cubic, index=index, add=add, factor=factor)
    return x, params, index


@graded(2, "3.8", GRADCHECK)
@given(case=cases())
def test_verdict_matches_reference(student, reference, case):
    """on generated inputs and wrong entries, passes and fails exactly when the reference does"""
    x, params, index = case
    gradcheck = student.function(GRADCHECK)
    remote, local = STANDINS.pair("objective", "f", **params)
    printed = gradcheck.run(remote, x).stdout
    expected = reference_verdict(reference, local, x)
    passed, failed = "Gradient check passed" in printed, "Gradient check failed" in printed
    expect_true(passed == expected and failed != expected, gradcheck.last,
                "printed the wrong verdict",
                expected="'Gradient check passed!'" if expected else f"'Gradient check failed' (entry {index})",
                got=repr(printed[:400]),
                hint=HINTS.GRADCHECK)
