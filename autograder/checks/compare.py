"""Tolerant comparison of a student's value with an expected one."""
import numpy as np

from autograder.text import show


def failure(call, problem, expected=None, got=None, hint=None, detail=None):
    """An AssertionError whose message a student can act on.

    call      the Call (or text) that produced the value
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


def expect_true(condition, call, problem, expected=None, got=None, hint=None):
    if not condition:
        raise failure(call, problem, expected, got, hint)


def expect_array(got, shape, call, what="the result", hint=None):
    """got must be a numeric numpy array (or scalar, for shape ()) of this shape."""
    if shape == () and isinstance(got, (int, float, np.number)) and not isinstance(got, bool):
        return np.asarray(got)
    if not isinstance(got, np.ndarray) or got.dtype.kind not in "biufc":
        raise failure(call, f"returned {what} of the wrong type", expected=f"a numpy array of shape {shape}",
                      got=f"{type(got).__name__}: {show(got)}", hint=hint)
    if got.shape != tuple(shape):
        raise failure(call, f"returned {what} of the wrong shape", expected=f"shape {tuple(shape)}",
                      got=f"shape {got.shape}", hint=hint or "check for a transpose, a missing reshape "
                                                               "or a keepdims that is not needed")
    return got


def expect_close(got, expected, call, rtol=1e-5, atol=1e-7, what="the result", hint=None):
    """got must have expected's shape and equal it within rtol/atol (NaN only where expected is NaN)."""
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

