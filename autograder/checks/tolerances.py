"""Named tolerances (rtol, atol) for comparing a student's floats with expected ones.

A check passes where |got - expected| <= atol + rtol * |expected| (numpy.isclose),
and its failure message states both numbers.
"""
from typing import NamedTuple

import numpy as np


class Tolerance(NamedTuple):
    rtol: float
    atol: float


# A value against a formula evaluated in the suite: loose enough for any correct
# order of operations in float64, far too tight for a wrong formula.
DEFAULT = Tolerance(rtol=1e-5, atol=1e-7)
# A float64 value against the reference's float64 value on the same input.
FLOAT64 = Tolerance(rtol=1e-6, atol=1e-9)
# A float32 value: right to float32 precision (about 7 significant digits).
FLOAT32 = Tolerance(rtol=1e-4, atol=1e-6)
# A stored known answer, written to at least 8 significant digits.
KNOWN_ANSWER = Tolerance(rtol=1e-7, atol=1e-10)
# The same arithmetic run twice (the same loop on the same stand-ins): only the
# order of a few operations may differ.
SAME_STEPS = Tolerance(rtol=1e-9, atol=1e-12)
# A gradient against centred differences (step 1e-5) of the student's own function:
# the difference carries O(h**2) truncation and that function's rounding.
CENTRED_DIFFERENCE = Tolerance(rtol=1e-4, atol=1e-5)
# An array that must be unchanged or restored (x[ix] += h; ...; x[ix] -= 2h; ...; x[ix] += h):
# a few units in the last place of the value, or of a step of 1e-4 near zero, are round-off,
# far below any real change (a step of h, an update, a division).
ROUND_OFF = Tolerance(rtol=1e-12, atol=1e-18)
# Exact: values that involve no rounding (max(0, x), h returned as it is).
EXACT = Tolerance(rtol=0.0, atol=0.0)


def for_dtype(array):
    """FLOAT32 for a float32 array, else FLOAT64: the tolerance its precision allows."""
    return FLOAT32 if np.asarray(array).dtype == np.float32 else FLOAT64
