"""Public checks of neural.py:forward_backward_prop.

Reference-free: the cost is compared with the known costs of four small networks
stored in fixtures/neural_known_answers.json, and the gradient with centred
differences of the student's own cost on generated networks (sizes, batches and
parameters). The
first argument is always passed positionally, so a file that names it X (the
late-2017 handout) grades as one that names it data; that name, read from the
source, tells the handouts apart where they differ: only the late-2017
q2_neural.py and this course's neural.py say the cost sums over the batch, so
an average is accepted too in a q2_neural.py whose first parameter is not X
(shared.neural.mean_allowed), with advice 3.12.
"""
import numpy as np
from hypothesis import given

from autograder.checks import (
    CENTRED_DIFFERENCE,
    DEFAULT,
    centred_differences,
    counts_with,
    expect_array,
    expect_close,
    expect_tuple,
    failure,
    graded,
    show,
)

from hints import neural as HINTS
from shared import neural as SHARED

NEURAL = SHARED.FUNCTION_ID
KNOWN = "neural_known_answers.json"


def returned(value, call, dimensions):
    """value as (cost, grad), after checking that it is a tuple of a scalar cost and a grad
    of params' shape."""
    cost, grad = expect_tuple(value, HINTS.RETURNS, call)
    cost = expect_array(cost, (), call, what="the cost",
                        hint="return the cost as a scalar (np.sum of the cross-entropies)")
    expect_array(grad, (SHARED.size(dimensions),), call, what="grad",
                 hint=f"grad has the shape of params, ({SHARED.size(dimensions)},): {HINTS.LAYOUT}")
    return float(cost), grad


@graded(2, "3.10", NEURAL)
def test_cost_is_summed_cross_entropy(student, fixture):
    """the cost is the cross-entropy of the sigmoid-softmax network, summed over the batch"""
    forward_backward = student.function(NEURAL)
    for case in fixture(KNOWN)["cases"]:
        data, labels, params = (np.array(case[name]) for name in ("data", "labels", "params"))
        dimensions, expected, N = case["dimensions"], case["cost"], len(case["data"])
        cost, _ = returned(forward_backward(data, labels, params, dimensions), forward_backward.last, dimensions)
        averaged, allowed = N > 1 and np.isclose(cost, expected / N), SHARED.mean_allowed(forward_backward)
        if averaged and allowed:
            expected /= N  # the handout leaves sum or mean open (advice 3.12 says which the later ones ask)
        hint = HINTS.MEAN if averaged and not allowed else \
            f"{HINTS.COST_EITHER if allowed else HINTS.COST}; {HINTS.CALLEES}"
        expect_close(cost, expected, forward_backward.last, DEFAULT, what="the cost", hint=hint)


@graded(3, "3.11", NEURAL)
@counts_with("public/test_neural.py::test_cost_is_summed_cross_entropy")
# Up to 3 inputs, hidden units and classes: at most 24 parameters, 48 perturbed calls per example.
@given(problem=SHARED.networks(max_side=3, max_batch=6, magnitude=2.0))
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
    SHARED.expect_gradient(grad, numerical, dimensions, call, CENTRED_DIFFERENCE,
                          what="grad (vs centred differences of your cost)", hint=f"{hint}; {HINTS.CALLEES}")


@graded(0, "3.12", NEURAL)
def test_cost_summed_as_the_later_handouts_say(student, fixture):
    """advice: the cost is summed over the batch, as the late-2017 handout says (the 2016 one left it open; 0 points)"""
    forward_backward = student.function(NEURAL)
    case = next(c for c in fixture(KNOWN)["cases"] if len(c["data"]) > 1)
    data, labels, params = (np.array(case[name]) for name in ("data", "labels", "params"))
    cost, _ = returned(forward_backward(data, labels, params, case["dimensions"]), forward_backward.last,
                       case["dimensions"])
    # Only where test 3.10 accepts the average is it advice; elsewhere 3.10 charges it.
    if SHARED.mean_allowed(forward_backward) and np.isclose(cost, case["cost"] / len(case["data"])):
        raise failure(forward_backward.last, "returned the cross-entropy averaged over the batch",
                      expected=f"{show(case['cost'])} (summed)", got=show(cost), hint=HINTS.OPEN)
