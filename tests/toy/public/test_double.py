"""Public checks of double.py."""
import os

from gradescope_utils.autograder_utils.decorators import number, tags, weight
from hypothesis import given
from hypothesis import strategies as st

DOUBLE = "double.py:double"


@weight(1)
@number("1.1")
@tags(DOUBLE)
def test_double_known_answers(student):
    """double(3) is 6"""
    double = student.function(DOUBLE)
    assert double(3) == 6, f"{double.last} returned {double(3)!r}, not 6"
    assert double(-2.5) == -5.0, f"{double.last} returned {double(-2.5)!r}, not -5.0"


@weight(1)
@number("1.2")
@tags(DOUBLE)
@given(x=st.integers(-10**9, 10**9))
def test_double_property(student, x):
    """double(x) is 2 * x"""
    log = os.environ.get("TOY_EXAMPLE_LOG")
    if log:  # the engine's tests count the examples a profile runs
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{x}\n")
    double = student.function(DOUBLE)
    assert double(x) == 2 * x, f"{double.last} did not return {2 * x}"
