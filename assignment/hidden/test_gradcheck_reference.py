"""Hidden checks of gradcheck.py:gradcheck_naive: on generated shapes and
wrong-gradient positions, the student's verdict is the reference's."""
import contextlib
import io

import numpy as np
from gradescope_utils.autograder_utils.decorators import number, tags, weight
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import expect_true, strategies
from autograder.sandbox.wire import StandInRef

GRADCHECK = "gradcheck.py:gradcheck_naive"


def reference_verdict(reference, x, index, delta):
    """What the reference checker prints for the same wrong_gradient stand-in (built here, in the grader)."""
    def f(point):
        gradient = 2 * point
        if index is not None:
            gradient[index] += delta
        return float(np.sum(point ** 2)), gradient
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        reference("gradcheck.py").gradcheck_naive(f, x.copy())
    return "Gradient check passed" in printed.getvalue()


@st.composite
def cases(draw):
    x = draw(strategies.float_arrays(min_dims=1, max_dims=3, max_side=5, magnitude=5.0, dtypes=(np.float64,)))
    wrong = draw(st.booleans())
    index = tuple(draw(st.integers(0, n - 1)) for n in x.shape) if wrong else None
    delta = draw(st.sampled_from([1e-3, 0.1, 10.0]))
    return x, index, delta


@weight(2)
@number("3.6")
@tags(GRADCHECK)
@given(case=cases())
def test_verdict_matches_reference(student, reference, case):
    """on generated inputs and wrong entries, passes and fails exactly when the reference does"""
    x, index, delta = case
    gradcheck = student.function(GRADCHECK)
    objective = (StandInRef("wrong_gradient", slot="f", index=list(index), delta=delta) if index is not None
                 else StandInRef("quadratic", slot="f"))
    printed = gradcheck.run(objective, x).stdout
    expected = reference_verdict(reference, x, index, delta)
    passed, failed = "Gradient check passed" in printed, "Gradient check failed" in printed
    expect_true(passed == expected and failed != expected, gradcheck.last,
                "printed the wrong verdict",
                expected="'Gradient check passed!'" if expected else f"'Gradient check failed' (entry {index})",
                got=repr(printed[:400]),
                hint="perturb every entry by +-1e-4, restore it, and compare with the relative error against 1e-5")
