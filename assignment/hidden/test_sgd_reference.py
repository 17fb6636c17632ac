"""Hidden checks of sgd.py against the instructor's solution, on generated runs.

The student's sgd (in the worker) and the reference (here) get identical
harness objectives and postprocessing functions, built from standins_word2vec.py.
"""
import contextlib
import io

import numpy as np
from gradescope_utils.autograder_utils.decorators import number, tags, weight
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder.checks import expect_close
from autograder.checks.harness import StandIns
from autograder.sandbox.wire import StandInRef

SGD = "sgd.py:sgd"
QUIET = 10 ** 9


HARNESS = StandIns(__file__)


@weight(2)
@number("4.40")
@tags(SGD)
@given(x0=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=4),
                     elements=st.floats(-10, 10, allow_nan=False, allow_infinity=False)),
       scale=st.floats(0.1, 2.0), step=st.floats(0.001, 0.2), iterations=st.integers(1, 30),
       factor=st.one_of(st.none(), st.floats(0.5, 1.0)))
def test_sgd_matches_reference(student, reference, x0, scale, step, iterations, factor):
    """matches the reference on generated quadratics, steps, iteration counts and postprocessing"""
    sgd = student.function(SGD)
    post = None if factor is None else HARNESS.build("sgd_postprocessing", factor=factor)
    with contextlib.redirect_stdout(io.StringIO()):
        expected = reference("sgd.py").sgd(HARNESS.build("sgd_objective", kind="quadratic", scale=scale), x0.copy(), step, iterations,
                                           post, False, QUIET)
    got = sgd(StandInRef("sgd_objective", slot="f", kind="quadratic", scale=scale), x0, step, iterations,
              None if factor is None else StandInRef("sgd_postprocessing", slot="post", factor=factor),
              False, QUIET)
    expect_close(got, expected, sgd.last, rtol=1e-6, atol=1e-9, what="the final x",
                 hint="each iteration: loss, grad = f(x); x = x - step * grad; then the provided postprocessing")
