"""Public checks of softmax.py:softmax: properties and the handout's known answers."""
import numpy as np
from hypothesis import given

from autograder.checks import (
    KNOWN_ANSWER,
    counts_with,
    expect_array,
    expect_close,
    expect_true,
    for_dtype,
    graded,
    show,
    strategies,
)

from hints import softmax as HINTS
from shared import softmax as SHARED

SOFTMAX = "softmax.py:softmax"


@graded(1, "1.1", SOFTMAX)
def test_known_answers(student, fixture):
    """matches the handout's sanity checks"""
    softmax = student.function(SOFTMAX)
    for case in fixture("softmax_known_answers.json"):
        expect_close(SHARED.value(softmax, np.array(case["input"], dtype=float)), case["expected"], softmax.last,
                     KNOWN_ANSWER, hint=HINTS.SOFTMAX)


def distributions(softmax, x):
    """softmax(x), after checking that each row is a probability distribution."""
    got = expect_array(SHARED.value(softmax, x), x.shape, softmax.last)
    expect_true(np.all(got >= 0), softmax.last, "returned negative probabilities", got=show(got),
                hint=HINTS.POSITIVE)
    expect_close(np.sum(got, axis=-1), np.ones(x.shape[:-1]), softmax.last, for_dtype(x),
                 what="the sums of the rows", hint=HINTS.ROWS)
    return got


@graded(1, "1.2", SOFTMAX)
@counts_with("public/test_softmax.py::test_known_answers")
@given(x=strategies.float_arrays(min_dims=2, max_dims=2))
def test_rows_sum_to_one(student, x):
    """each row of a 2-D input is a probability distribution"""
    distributions(student.function(SOFTMAX), x)


@graded(1, "1.3", SOFTMAX)
@counts_with("public/test_softmax.py::test_known_answers")
@given(x=strategies.float_arrays(min_dims=2, max_dims=2, magnitude=5.0), shift=strategies.scales())
def test_shift_invariance(student, x, shift):
    """adding a constant to a row does not change its softmax"""
    softmax = student.function(SOFTMAX)
    shifts = shift * np.arange(1, x.shape[0] + 1, dtype=x.dtype)[:, None]
    shifted = x + shifts
    # In float32, x + c rounds x to c's magnitude: compare with the numbers `shifted` holds, minus c
    # (exact in float64), so the rounding of the input is never charged to the student.
    expected = distributions(softmax, shifted.astype(np.float64) - shifts.astype(np.float64))
    call = softmax.last
    expect_close(SHARED.value(softmax, shifted), expected, softmax.last, for_dtype(x),
                 hint=f"compare with {call}; softmax(x + c) must equal softmax(x), one c per row")


@graded(1, "1.4", SOFTMAX)
@counts_with("public/test_softmax.py::test_known_answers")
@given(x=strategies.float_arrays(min_dims=2, max_dims=2))
def test_vector_is_one_row(student, x):
    """a 1-D input gives the same result as the same numbers as one row"""
    softmax = student.function(SOFTMAX)
    rows = distributions(softmax, x)
    call = softmax.last
    expect_close(SHARED.value(softmax, x[0]), rows[0], softmax.last, for_dtype(x),
                 hint=f"compare with row 0 of {call}; a 1-D input is one row")


@graded(1, "1.5", SOFTMAX)
def test_large_scores_are_stable(student):
    """scores near +-1000 give finite, right probabilities"""
    softmax = student.function(SOFTMAX)
    x = np.array([[1000.0, 999.0, 998.0], [-1000.0, -1001.0, -1002.0]])
    # both rows are shifts of [0, -1, -2]: e^-j / (1 + e^-1 + e^-2), 40 digits rounded once
    row = [0.6652409557748219, 0.24472847105479764, 0.09003057317038046]
    expect_close(softmax(x), [row, row], softmax.last, hint=HINTS.STABLE)
