"""Name a known mistake when a student's wrong value is exactly what that mistake gives.

A suite computes, on the same input, what each known-wrong variant of the formula
returns (Adam without bias correction, dropout scaled by 1/p, ...) and passes the
student's value with a dict {explanation: wrong_value}; when the value matches one
of them, the explanation goes into the failure's hint:

    hint = diagnose.hint(got, {"Adam without bias correction (divide m by ...)": wrong_theta},
                         default="theta <- theta - lr * m_hat / (sqrt(v_hat) + eps)",
                         expected=expected_theta)
    expect_close(got, expected_theta, adam.last, hint=hint)

Values may be numbers, numpy arrays, strings, or tuples/lists of these (a
function's whole return value). Also here: expect_tuple, for functions that
return several values.
"""
import numpy as np

from autograder.checks.compare import failure
from autograder.text import show


def matches(got, value, rtol=1e-6, atol=1e-9):
    """True when got equals value: same structure, same shapes, numbers within rtol/atol
    (NaN matches NaN, inf matches the same inf)."""
    if isinstance(value, (tuple, list)):
        return (isinstance(got, (tuple, list)) and len(got) == len(value)
                and all(matches(g, v, rtol, atol) for g, v in zip(got, value)))
    if isinstance(value, str) or value is None:
        return isinstance(got, type(value)) and got == value
    try:
        expected = np.asarray(value, dtype=np.result_type(np.asarray(value).dtype, np.float64))
        actual = np.asarray(got)
        if actual.dtype.kind not in "biuf" or actual.shape != expected.shape:
            return False
        return bool(np.all(np.isclose(actual.astype(np.float64), expected, rtol=rtol, atol=atol,
                                      equal_nan=True)))
    except (TypeError, ValueError):
        return False


def named_mistake(got, mistakes, expected=None, rtol=1e-6, atol=1e-9):
    """The explanation of the first known mistake that got matches, or None.

    Inputs:
    - got: the student's value.
    - mistakes: dict {explanation: the value that mistake returns on the same input}.
    - expected: the right value, if known; a mistake whose value matches it is
      skipped (on this input it cannot be told apart from a right answer).
    - rtol, atol: the tolerance of a match.

    Returns:
    - explanation: str, or None when no known mistake matches.
    """
    for explanation, wrong in mistakes.items():
        if expected is not None and matches(wrong, expected, rtol, atol):
            continue
        if matches(got, wrong, rtol, atol):
            return explanation
    return None


def hint(got, mistakes, default=None, expected=None, rtol=1e-6, atol=1e-9):
    """A failure hint: the named mistake when got matches one, else default.

    Same inputs as named_mistake, plus default (str or None), the hint to give
    when no known mistake matches.
    """
    explanation = named_mistake(got, mistakes, expected, rtol, atol)
    if explanation is None:
        return default
    return f"your result matches a known mistake: {explanation}"


def expect_tuple(got, names, call, hint=None):
    """got must be a tuple (or list) of len(names) values; return it as a tuple.

    names are the returned values' names from the docstring, e.g.
    ("theta_new", "m_new"), used in the message.
    """
    if not isinstance(got, (tuple, list)) or len(got) != len(names):
        kind = f"a {type(got).__name__}" + (f" of {len(got)} values" if isinstance(got, (tuple, list)) else "")
        raise failure(call, f"returned {kind} instead of a tuple of {len(names)} values",
                      expected=f"a tuple ({', '.join(names)})", got=show(got),
                      hint=hint or f"return {', '.join(names)} (in this order), as the docstring says")
    return tuple(got)
