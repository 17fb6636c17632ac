"""Public checks of sigmoid.py: sigmoid, sigmoid_grad, relu, relu_grad."""
import numpy as np
from hypothesis import given
from hypothesis.extra import numpy as hnp

from autograder.checks import (
    DEFAULT,
    EXACT,
    FLOAT64,
    KNOWN_ANSWER,
    counts_with,
    expect_array,
    expect_close,
    expect_true,
    for_dtype,
    graded,
    strategies,
)

from hints import sigmoid as HINTS
from shared import sigmoid as SHARED

SIGMOID, SIGMOID_GRAD = "sigmoid.py:sigmoid", "sigmoid.py:sigmoid_grad"
RELU, RELU_GRAD = "sigmoid.py:relu", "sigmoid.py:relu_grad"


# sigmoid at -1000, -50, 50 and 1000, in float64: e^-1000 / (1 + e^-1000) underflows to 0, and
# e^-50 / (1 + e^-50) = 1.92874984796391780e-22 (50 digits, rounded once).
# As far as every form of the sigmoid is finite (hints.sigmoid.FINITE_FLOAT64), and beyond (advice).
EXTREMES = ([-700.0, -50.0, 50.0, 700.0], [9.85967654375977e-305, 1.9287498479639178e-22, 1.0, 1.0])
BEYOND = ([-1000.0, 1000.0], [0.0, 1.0])


@graded(1, "2.1", SIGMOID)
def test_sigmoid_known_answers(student):
    """sigmoid(0) is 0.5 and sigmoid([1, 2, 3]) matches the handout"""
    sigmoid = student.function(SIGMOID)
    expect_close(sigmoid(np.array(0.0)), 0.5, sigmoid.last, KNOWN_ANSWER, hint=HINTS.SIGMOID)
    expect_close(sigmoid(np.array([1.0, 2.0, 3.0])), [0.73105858, 0.88079708, 0.95257413], sigmoid.last,
                 KNOWN_ANSWER, hint=HINTS.SIGMOID)


@graded(1, "2.2", SIGMOID)
@counts_with("public/test_sigmoid.py::test_sigmoid_known_answers")
@given(x=strategies.float_arrays(magnitude=30.0))
def test_sigmoid_symmetry_and_range(student, x):
    """sigmoid(-x) = 1 - sigmoid(x), and values lie in [0, 1]"""
    sigmoid = student.function(SIGMOID)
    positive = sigmoid(x)
    first = sigmoid.last
    positive = expect_array(positive, np.shape(x), first)
    expect_close(sigmoid(-x), 1 - positive, sigmoid.last, for_dtype(x),
                 hint=f"compare with {first}: sigmoid(-x) must be 1 - sigmoid(x)")
    inside = np.all((np.asarray(positive) >= 0) & (np.asarray(positive) <= 1))
    expect_true(inside, first, "returned values outside [0, 1]", got=positive, hint=HINTS.SIGMOID)


@graded(1, "2.3", SIGMOID)
def test_sigmoid_extremes(student):
    """sigmoid of +-700, as far as every form of the sigmoid is finite, is right"""
    sigmoid = student.function(SIGMOID)
    x, expected = EXTREMES
    expect_close(sigmoid(np.array(x)), expected, sigmoid.last, FLOAT64, hint=HINTS.STABLE)


@graded(0, "2.10", SIGMOID)
def test_sigmoid_finite_beyond_the_handout(student):
    """advice: sigmoid of +-1000 is finite and right"""
    sigmoid = student.function(SIGMOID)
    x, expected = BEYOND
    expect_close(sigmoid(np.array(x)), expected, sigmoid.last, FLOAT64, hint=HINTS.FINITE)


@graded(1, "2.4", SIGMOID_GRAD)
# s from 3e-4 to 1 - 3e-4: the sigmoid's outputs for x within about +-8.
@given(s=strategies.arrays(hnp.array_shapes(min_dims=1, max_dims=2, max_side=8), 3e-4, 1 - 3e-4))
def test_sigmoid_grad_is_the_derivative(student, s):
    """sigmoid_grad(s), given s = sigmoid(x), is the derivative of the sigmoid at x"""
    sigmoid_grad = student.function(SIGMOID_GRAD)
    # The sigmoid's slope at x = logit(s) is 1 / logit'(s): centred differences of the inverse function,
    # with a step relative to the distance from 0 and 1 (relative error below 1e-9).
    h = 1e-5 * np.minimum(s, 1 - s)
    numerical = 2 * h / (SHARED.logit(s + h) - SHARED.logit(s - h))
    expect_close(sigmoid_grad(s), numerical, sigmoid_grad.last, DEFAULT, hint=HINTS.SIGMOID_GRAD)


@graded(1, "2.5", RELU)
@given(x=strategies.float_arrays(magnitude=100.0))
def test_relu(student, x):
    """relu(x) = max(0, x) elementwise"""
    relu = student.function(RELU)
    expect_close(relu(x), np.maximum(x, 0), relu.last, EXACT, hint=HINTS.RELU)


@graded(1, "2.6", RELU_GRAD)
@given(x=strategies.float_arrays(magnitude=100.0))
def test_relu_grad(student, x):
    """relu_grad(x) is 1 where x > 0 and 0 where x < 0 (0 or 1 at 0)"""
    relu_grad = student.function(RELU_GRAD)
    got = relu_grad(x)
    at_zero = x == 0
    expect_close(np.where(at_zero, (x > 0), got) if isinstance(got, np.ndarray) and got.shape == x.shape else got,
                 (x > 0).astype(float), relu_grad.last, EXACT, hint=HINTS.RELU_GRAD)
    expect_true(np.all((np.asarray(got)[at_zero] == 0) | (np.asarray(got)[at_zero] == 1)), relu_grad.last,
                "returned a value other than 0 or 1 where x == 0", got=got)
