"""Public checks of neural.py:forward_backward_prop.

Reference-free: the cost is compared with the network's formula evaluated here
on small fixed networks, and the gradient with centred differences of the
student's own cost on generated networks (sizes, batches and parameters). The
first argument is always passed positionally, so a file that names it X (the
late-2017 handout) grades as one that names it data.
"""
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import (
    CENTRED_DIFFERENCE,
    DEFAULT,
    centred_differences,
    counts_with,
    expect_array,
    expect_close,
    expect_tuple,
    graded,
    strategies,
)

from hints import neural as HINTS

NEURAL = HINTS.FUNCTION


def cost_of(data, labels, params, dimensions):
    """The network's summed cross-entropy, evaluated here."""
    (_, s1, w1), (_, s2, _), (_, s3, w2), (_, s4, _) = HINTS.blocks(dimensions)
    W1, b1 = params[s1:s2].reshape(w1), params[s2:s3]
    W2, b2 = params[s3:s4].reshape(w2), params[s4:]
    h = 0.5 * (1.0 + np.tanh(0.5 * (data @ W1 + b1)))
    scores = h @ W2 + b2
    top = np.max(scores, axis=1, keepdims=True)
    log_probabilities = scores - top - np.log(np.sum(np.exp(scores - top), axis=1, keepdims=True))
    return float(-np.sum(labels * log_probabilities))


def one_hot(classes, Dy):
    labels = np.zeros((len(classes), Dy))
    labels[np.arange(len(classes)), classes] = 1.0
    return labels


def network(seed, N, dimensions, scale=1.0):
    """(data (N, Dx), one-hot labels (N, Dy), params) of a random network."""
    rng = np.random.default_rng(seed)
    Dx, _, Dy = dimensions
    return (rng.standard_normal((N, Dx)), one_hot(rng.integers(0, Dy, size=N), Dy),
            scale * rng.standard_normal(HINTS.size(dimensions)))


def returned(value, call, dimensions):
    """value as (cost, grad), after checking that it is a tuple of a scalar cost and a grad
    of params' shape."""
    cost, grad = expect_tuple(value, HINTS.RETURNS, call)
    cost = expect_array(cost, (), call, what="the cost",
                        hint="return the cost as a scalar (np.sum of the cross-entropies)")
    expect_array(grad, (HINTS.size(dimensions),), call, what="grad",
                 hint=f"grad has the shape of params, ({HINTS.size(dimensions)},): {HINTS.LAYOUT}")
    return float(cost), grad


@graded(2, "3.10", NEURAL)
def test_cost_is_summed_cross_entropy(student):
    """the cost is the cross-entropy of the sigmoid-softmax network, summed over the batch"""
    forward_backward = student.function(NEURAL)
    for seed, N, dimensions in ((1, 20, [10, 5, 10]), (2, 1, [3, 2, 4]), (3, 7, [2, 6, 3]), (4, 4, [5, 1, 2])):
        data, labels, params = network(seed, N, dimensions)
        cost, _ = returned(forward_backward(data, labels, params, dimensions), forward_backward.last, dimensions)
        expected = cost_of(data, labels, params, dimensions)
        hint = HINTS.MEAN if N > 1 and np.isclose(cost, expected / N) else f"{HINTS.COST}; {HINTS.CALLEES}"
        expect_close(cost, expected, forward_backward.last, DEFAULT, what="the cost", hint=hint)


@st.composite
def networks(draw):
    """(data, labels, params, dimensions): up to 3 inputs, hidden units and classes, batches of 1 to 6
    (at most 24 parameters: 48 perturbed calls per example)."""
    dimensions = [draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(2, 3))]
    N = draw(st.integers(1, 6))
    scale = draw(st.sampled_from([1.0, 0.1, 3.0]))
    data = draw(strategies.float_arrays(shape=(N, dimensions[0]), magnitude=2.0, dtypes=(np.float64,)))
    params = draw(strategies.float_arrays(shape=(HINTS.size(dimensions),), magnitude=1.0, dtypes=(np.float64,)))
    classes = draw(st.lists(st.integers(0, dimensions[2] - 1), min_size=N, max_size=N))
    return np.array(data), one_hot(classes, dimensions[2]), scale * np.array(params), dimensions


@graded(3, "3.11", NEURAL)
@counts_with("public/test_neural.py::test_cost_is_summed_cross_entropy")
@given(problem=networks())
def test_gradient_matches_own_cost(student, problem):
    """grad equals centred differences of the student's own cost, block by block"""
    data, labels, params, dimensions = problem
    forward_backward = student.function(NEURAL)
    _, grad = returned(forward_backward(data, labels, params, dimensions), forward_backward.last, dimensions)
    call = forward_backward.last
    numerical, = centred_differences(
        forward_backward, (data, labels, params, dimensions), wrt=(2,),
        scalar_of=lambda value: returned(value, forward_backward.last, dimensions)[0])
    hint = HINTS.FLIPPED if np.allclose(grad, -numerical) and np.any(numerical) else HINTS.GRADIENT
    HINTS.expect_gradient(grad, numerical, dimensions, call, CENTRED_DIFFERENCE,
                          what="grad (vs centred differences of your cost)", hint=f"{hint}; {HINTS.CALLEES}")
