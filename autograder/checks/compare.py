"""Checks of a student's return value: type, shape, closeness, tuples.

Each raises an AssertionError whose message says what was called, what was
expected, what came back and what to check.
"""
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograder.checks import diagnose
from autograder.checks.tolerances import DEFAULT, Tolerance
from autograder.sandbox.show import show, show_call


def call_text(function_id: str, args: Sequence, kwargs: dict | None = None) -> str:
    """The text of a call for messages, e.g. 'softmax(array([...]))'.

    function_id  'file.py:name'; args a tuple, kwargs a dict (or None).
    """
    return show_call(function_id, tuple(args), kwargs or {})


def failure(call: object, problem: str, expected: str | None = None, got: str | None = None,
            hint: str | None = None, detail: str | None = None) -> AssertionError:
    """An AssertionError whose message a student can act on.

    call      the call (a proxy's .last, or text) that produced the value
    problem   what is wrong, e.g. "returned a wrong value"
    """
    lines = [str(call), problem]
    if expected is not None:
        lines.append(f"  expected: {expected}")
    if got is not None:
        lines.append(f"  got:      {got}")
    if detail:
        lines.append(f"  {detail}")
    if hint:
        lines.append(f"  check:    {hint}")
    return AssertionError("\n".join(lines))


def expect_true(condition: bool, call: object, problem: str, expected: str | None = None, got: str | None = None,
                hint: str | None = None) -> None:
    if not condition:
        raise failure(call, problem, expected, got, hint)


def expect_array(got: Any, shape: tuple, call: object, what: str = "the result", hint: str | None = None) -> np.ndarray:
    """got must be a numeric numpy array (or scalar, for shape ()) of this shape; return it.

    Where a scalar is expected (shape ()), a 1-element array (np.array([c]), shape (1,) or
    (1, 1)) counts as that scalar: the original handouts' answer keys return costs that way.
    """
    if shape == () and isinstance(got, (int, float, np.number)) and not isinstance(got, bool):
        if isinstance(got, int) and not -2 ** 63 <= got < 2 ** 63:  # numpy would hold it as an object
            try:
                return np.asarray(float(got))
            except OverflowError:
                return np.asarray(math.inf if got > 0 else -math.inf)
        return np.asarray(got)
    if not isinstance(got, np.ndarray) or got.dtype.kind not in "biufc":
        raise failure(call, f"returned {what} of the wrong type", expected=f"a numpy array of shape {shape}",
                      got=f"{type(got).__name__}: {show(got)}", hint=hint)
    if shape == () and got.size == 1:
        return got.reshape(())
    if got.shape != tuple(shape):
        raise failure(call, f"returned {what} of the wrong shape", expected=f"shape {tuple(shape)}",
                      got=f"shape {got.shape}", hint=hint or "check for a transpose, a missing reshape "
                                                               "or a keepdims that is not needed")
    return got


def expect_close(got: Any, expected: Any, call: object, tolerance: Tolerance = DEFAULT, what: str = "the result",
                 hint: str | None = None) -> None:
    """got must have expected's shape and equal it within tolerance (NaN only where expected is NaN)."""
    rtol, atol = tolerance
    expected = np.asarray(expected)
    got = expect_array(got, expected.shape, call, what, None)
    got = np.asarray(got, dtype=np.result_type(got.dtype, np.float64)
                     if got.dtype.kind != "c" else got.dtype)
    if not np.all(np.isfinite(got) | ~np.isfinite(expected)):
        raise failure(call, f"returned {what} with NaN or infinite entries",
                      expected=show(expected), got=show(got),
                      hint=hint or "look for overflow in exp() or a division by zero; "
                                   "large inputs need a numerically stable formula")
    close = np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
    if not np.all(close):
        difference = np.where(close, 0, np.abs(got - expected))
        worst = tuple(int(i) for i in np.unravel_index(np.argmax(difference), difference.shape))
        raise failure(call, f"returned a wrong value for {what} (tolerance rtol={rtol:g}, atol={atol:g})",
                      expected=show(expected), got=show(got), hint=hint,
                      detail=f"largest difference {difference[worst]:.3g} at index {worst}; "
                             f"{int(np.sum(~close))} of {close.size} entries differ")


def expect_tuple(got: Any, names: Sequence[str], call: object, hint: str | None = None) -> tuple:
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


def expect_parts(got: Any, expected: Sequence, names: Sequence[str], call: object, tolerance: Tolerance = DEFAULT,
                 mistakes: dict | None = None, hint: str | None = None) -> None:
    """got, a return value, must be expected: one value when names has one name, else a
    tuple of len(names) values, each within tolerance of its part of expected.

    expected: tuple of len(names) values; mistakes: {explanation: the value a known
    mistake returns, in expected's form}; when got matches one, the hint names it.
    """
    parts = expect_tuple(got, names, call) if len(names) > 1 else (got,)
    hint = diagnose.hint(parts, mistakes or {}, default=hint, expected=tuple(expected), tolerance=tolerance)
    for name, part, value in zip(names, parts, expected):
        expect_close(part, value, call, tolerance, what=name, hint=hint)


def _same(got, expected):
    if isinstance(expected, str):
        return isinstance(got, str) and got == expected
    return isinstance(got, (int, np.integer)) and not isinstance(got, bool) and got == expected


def expect_exact(got: Any, expected: Any, names: Sequence[str], call: object, problem: str,
                 hint: str | None = None) -> None:
    """Each value of got must equal expected's, of the same kind: a str, or an int (not a
    bool, not a float). got, expected: sequences of len(names) ints and strs."""
    expect_true(all(_same(g, e) for g, e in zip(got, expected)), call, problem,
                expected=", ".join(f"{n}={e!r}" for n, e in zip(names, expected)),
                got=", ".join(f"{n}={show(g)}" for n, g in zip(names, got)), hint=hint)


def expect_entries(got: Any, expected: Any, name: str, call: object, tolerance: Tolerance = DEFAULT,
                   hint: str | None = None) -> None:
    """got must be a numeric array of expected's shape whose entries are within tolerance of
    expected's; the message names the first wrong entry as name[i, j] (an array's element, by
    the index a student prints it with) and the expected shape as the shape of name.

    got: any value; expected: an array; name: what the array is, e.g. "hid_bias"."""
    expected = np.asarray(expected, dtype=float)
    rtol, atol = tolerance
    right_type = isinstance(got, np.ndarray) and got.dtype.kind in "biuf"
    expect_true(right_type and got.shape == expected.shape, call, f"returned {name} of the wrong shape or type",
                expected=f"a float array of shape {expected.shape}, the shape of {name}",
                got=f"shape {got.shape}, dtype {got.dtype}" if isinstance(got, np.ndarray)
                else f"{type(got).__name__}: {show(got)}", hint=hint)
    close = np.isclose(got.astype(float), expected, rtol=rtol, atol=atol)
    if not np.all(close):
        first = tuple(int(i) for i in np.argwhere(~close)[0])
        raise failure(call, f"returned a wrong {name} (tolerance rtol={rtol:g}, atol={atol:g}); "
                            f"first wrong entry {name}[{', '.join(map(str, first))}]",
                      expected=f"{expected[first]!r} (all: {show(expected)})",
                      got=f"{got[first]!r} (all: {show(got)})", hint=hint,
                      detail=f"{int(np.sum(~close))} of {close.size} entries differ")
