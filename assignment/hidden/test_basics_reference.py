"""Hidden checks of softmax.py and sigmoid.py: the reference's values on
generated arrays of varied shapes, dtypes and magnitudes."""
import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import expect_close, for_dtype, graded, strategies

from hints import sigmoid as SIGMOID_HINTS
from hints import softmax as SOFTMAX_HINTS
from shared import softmax as SOFTMAX_SHARED


def compare_with_reference(student, reference, function_id, x, hint, value_of=None):
    """The student's function_id ('file.py:name') on x must return the reference's value;
    value_of(function, x), when given, calls the student's function and reads its value."""
    filename, name = function_id.split(":")
    student_function = student.function(function_id)
    expected = getattr(reference(filename), name)(x.copy())
    got = value_of(student_function, x) if value_of else student_function(x)
    expect_close(got, expected, student_function.last, for_dtype(x), hint=hint)


@graded(2, "1.6", "softmax.py:softmax")
@given(x=strategies.float_arrays(min_dims=1, max_dims=2, max_side=12, magnitude=1000.0))
def test_softmax_matches_reference(student, reference, x):
    """softmax agrees with the reference on generated 1-D and 2-D arrays"""
    compare_with_reference(student, reference, "softmax.py:softmax", x, SOFTMAX_HINTS.SOFTMAX, SOFTMAX_SHARED.value)


@graded(2, "2.7", "sigmoid.py:sigmoid")
# Magnitudes up to where every form of the sigmoid students write is finite (hints.sigmoid).
@given(x=st.one_of(
    strategies.float_arrays(min_dims=0, max_dims=3, magnitude=SIGMOID_HINTS.FINITE_FLOAT64, dtypes=(np.float64,)),
    strategies.float_arrays(min_dims=0, max_dims=3, magnitude=SIGMOID_HINTS.FINITE_FLOAT32, dtypes=(np.float32,))))
@example(x=np.linspace(-3.0, 3.0, 13))  # every profile tries small |x| too (a branch switched at x >= 1 is wrong there)
def test_sigmoid_matches_reference(student, reference, x):
    """sigmoid agrees with the reference on generated arrays, including |x| up to 700 (80 in float32)"""
    compare_with_reference(student, reference, "sigmoid.py:sigmoid", x, SIGMOID_HINTS.SIGMOID)


@graded(1, "2.8", "sigmoid.py:sigmoid_grad")
@given(x=strategies.float_arrays(min_dims=0, max_dims=3, magnitude=20.0))
def test_sigmoid_grad_matches_reference(student, reference, x):
    """sigmoid_grad agrees with the reference on generated sigmoid outputs"""
    s = np.asarray(reference("sigmoid.py").sigmoid(x), dtype=x.dtype)
    compare_with_reference(student, reference, "sigmoid.py:sigmoid_grad", s, SIGMOID_HINTS.SIGMOID_GRAD)


@graded(1, "2.9", "sigmoid.py:relu")
@given(x=strategies.float_arrays(min_dims=0, max_dims=3, magnitude=1000.0))
def test_relu_matches_reference(student, reference, x):
    """relu agrees with the reference on generated arrays"""
    compare_with_reference(student, reference, "sigmoid.py:relu", x, SIGMOID_HINTS.RELU)
