"""Hidden checks of neural.py:forward_backward_prop against the instructor's solution.

Generated networks: 1 to 6 inputs, hidden units and classes (at least 2), batches
of 1 to 8, parameters up to 3 in magnitude. The cost and the gradient must be
the reference's; a wrong gradient is reported by block and entry (W1[i, j],
b2[k]), and a known mistake (a mean over the batch, the sigmoid's derivative
taken of its input, a missing bias gradient, a flipped sign, a wrong layout) is
named when the student's value is exactly what it gives. Where the handout leaves
sum or mean open (shared.neural.mean_allowed), the reference's values averaged
over the batch are right too, the cost and the gradient alike.
"""
import numpy as np
from hypothesis import given

from autograder.checks import DEFAULT, diagnose, expect_array, expect_close, expect_tuple, graded

from hints import neural as HINTS
from shared import neural as SHARED

NEURAL = SHARED.FUNCTION_ID


def mistakes(data, labels, params, dimensions, cost, grad):
    """{explanation: (cost, grad) of that known mistake}, from the right (cost, grad) and the network."""
    (_, s1, w1), (_, s2, _), (_, s3, w2), (_, s4, _) = SHARED.blocks(dimensions)
    W1, b1, W2, b2 = params[s1:s2].reshape(w1), params[s2:s3], params[s3:s4].reshape(w2), params[s4:]
    z1 = data @ W1 + b1
    h = 0.5 * (1.0 + np.tanh(0.5 * z1))
    scores = h @ W2 + b2
    probabilities = np.exp(scores - np.max(scores, axis=1, keepdims=True))
    delta2 = probabilities / np.sum(probabilities, axis=1, keepdims=True) - labels
    delta1_of_input = (delta2 @ W2.T) * z1 * (1.0 - z1)
    of_input = np.concatenate(((data.T @ delta1_of_input).ravel(), np.sum(delta1_of_input, axis=0),
                               grad[s3:]))
    no_b1 = grad.copy()
    no_b1[s2:s3] = 0.0
    no_b2 = grad.copy()
    no_b2[s4:] = 0.0
    transposed = np.concatenate((grad[s1:s2].reshape(w1).T.ravel(), grad[s2:s3],
                                 grad[s3:s4].reshape(w2).T.ravel(), grad[s4:]))
    biases_last = np.concatenate((grad[s1:s2], grad[s3:s4], grad[s2:s3], grad[s4:]))
    N = data.shape[0]
    return {HINTS.MEAN: (cost / N, grad / N), HINTS.SIGMOID_GRAD_OF_INPUT: (cost, of_input),
            HINTS.NO_B1_GRADIENT: (cost, no_b1), HINTS.NO_B2_GRADIENT: (cost, no_b2),
            HINTS.FLIPPED: (cost, -grad), HINTS.TRANSPOSED_W: (cost, transposed),
            HINTS.BLOCK_ORDER: (cost, biases_last)}


@graded(3, "3.30", NEURAL)
@given(problem=SHARED.networks(max_side=6, max_batch=8, magnitude=3.0))
def test_matches_reference(student, reference, problem):
    """cost and grad match the reference on generated networks and batches"""
    data, labels, params, dimensions = problem
    forward_backward = student.function(NEURAL)
    got = expect_tuple(forward_backward(data, labels, params, dimensions), HINTS.RETURNS, forward_backward.last)
    call = forward_backward.last
    cost, grad = reference("neural.py").forward_backward_prop(data.copy(), labels.copy(), params.copy(),
                                                             list(dimensions))
    known = mistakes(data, labels, params, dimensions, cost, grad)
    got_cost = expect_array(got[0], (), call, what="the cost",
                            hint="return the cost as a scalar (np.sum of the cross-entropies)")
    N, allowed = data.shape[0], SHARED.mean_allowed(forward_backward)
    if allowed and N > 1 and np.isclose(got_cost, cost / N):
        # An average, right for this handout: the mistakes are the same ones, averaged too.
        cost, grad = known.pop(HINTS.MEAN)
        known = {explanation: (c / N, g / N) for explanation, (c, g) in known.items()}
        known[HINTS.MEAN_COST_ONLY] = (cost, grad * N)
    # On small inputs several mistakes can give the same value (all zeros, say): name every one that matches.
    matching = [explanation for explanation, value in known.items()
                if not diagnose.matches(value, (cost, grad)) and diagnose.matches(got, value)]
    named = "your result matches a known mistake: " + "; or ".join(matching) if matching else None
    cost_hint = HINTS.COST_EITHER if allowed else HINTS.COST
    expect_close(got_cost, cost, call, DEFAULT, what="the cost", hint=named or f"{cost_hint}; {HINTS.CALLEES}")
    SHARED.expect_gradient(got[1], grad, dimensions, call, DEFAULT, hint=named or f"{HINTS.GRADIENT}; {HINTS.CALLEES}")
