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
function's whole return value).

A hint that names a mistake starts with MISTAKE (mistake_hint builds it); the
engine finds that line in a failure's message and records the mistake, for
instructors, in results.json's extra_data.named_mistakes (the class report
counts them).
"""
import re

import numpy as np

from autograder.checks.tolerances import DEFAULT


def matches(got, value, tolerance=DEFAULT):
    """True when got equals value: same structure, same shapes, numbers within tolerance
    (NaN matches NaN, inf matches the same inf)."""
    if isinstance(value, (tuple, list)):
        return (isinstance(got, (tuple, list)) and len(got) == len(value)
                and all(matches(g, v, tolerance) for g, v in zip(got, value)))
    if isinstance(value, str) or value is None:
        return isinstance(got, type(value)) and got == value
    try:
        expected = np.asarray(value, dtype=np.result_type(np.asarray(value).dtype, np.float64))
        actual = np.asarray(got)
        if actual.dtype.kind not in "biuf" or actual.shape != expected.shape:
            return False
        return bool(np.all(np.isclose(actual.astype(np.float64), expected, rtol=tolerance.rtol,
                                      atol=tolerance.atol, equal_nan=True)))
    except (TypeError, ValueError):
        return False


def named_mistake(got, mistakes, expected=None, tolerance=DEFAULT):
    """The explanation of the first known mistake that got matches, or None.

    Inputs:
    - got: the student's value.
    - mistakes: dict {explanation: the value that mistake returns on the same input}.
    - expected: the right value, if known; a mistake whose value matches it is
      skipped (on this input it cannot be told apart from a right answer).
    - tolerance: a Tolerance, how close a match must be.

    Returns:
    - explanation: str, or None when no known mistake matches.
    """
    for explanation, wrong in mistakes.items():
        if expected is not None and matches(wrong, expected, tolerance):
            continue
        if matches(got, wrong, tolerance):
            return explanation
    return None


MISTAKE = "your result matches a known mistake: "
_NAMED = re.compile(re.escape(MISTAKE) + r"(.+)")


def mistake_hint(explanation):
    """The hint that names a known mistake (what hint() returns when one matches)."""
    return MISTAKE + explanation


def named_in(message):
    """The mistakes named in a failure message (each on its own line), in order."""
    return [m.group(1).strip() for m in _NAMED.finditer(message or "")]


class Hint:
    """A failure's hint, worked out when a message first shows it (str() or a truth test): on a check
    that passes, comparing the value with every known mistake would be wasted work."""

    def __init__(self, work):
        self._work, self._text = work, None

    def __str__(self):
        if self._work is not None:
            self._text, self._work = self._work(), None
        return self._text or ""

    def __bool__(self):
        return bool(str(self))


def hint(got, mistakes, default=None, expected=None, tolerance=DEFAULT):
    """A failure hint (a Hint, read only if a check fails): the named mistake when got matches one,
    else default.

    Same inputs as named_mistake, plus default (str or None), the hint to give
    when no known mistake matches.
    """
    def work():
        explanation = named_mistake(got, mistakes, expected, tolerance)
        return default if explanation is None else mistake_hint(explanation)
    return Hint(work)
