"""Hints and named mistakes for optim.py: texts, for Adam and AdamW the values each
known-wrong variant returns (for autograder.checks.diagnose), and the request for
minimize's stand-in step function that both tiers send."""
import numpy as np

from autograder.checks import standin

# The graded functions of optim.py, as the manifest names them, in the order both tiers unpack them.
FUNCTION_IDS = ("optim.py:sgd_step", "optim.py:momentum_step", "optim.py:adam_step", "optim.py:adamw_step",
                "optim.py:minimize", "optim.py:dropout")

SGD = "theta_new = theta - lr * grad, a new array"
MOMENTUM = "m_new = beta1 * m + (1 - beta1) * grad, then theta_new = theta - lr * m_new"
ADAM = ("m_new = beta1 m + (1 - beta1) g, v_new = beta2 v + (1 - beta2) g*g, m_hat = m_new / (1 - beta1**t), "
        "v_hat = v_new / (1 - beta2**t), theta_new = theta - lr * m_hat / (sqrt(v_hat) + eps)")
ADAMW = ("the Adam update from the raw grad, plus the decoupled decay: "
         "theta_new = theta - lr * (m_hat / (sqrt(v_hat) + eps) + weight_decay * theta)")
LEAVE_INPUTS = ("compute new arrays (theta_new = theta - ..., m_new = beta1 * m + ...) instead of updating the "
                "arguments with -=, += or *=; the caller still needs the old values")
MINIMIZE = ("each iteration t = 1, 2, ...: g = grad_fn(theta); stop 'converged' with t - 1 updates if "
            "norm(g) < tol; else theta, state = step_fn(theta, g, state, t); stop 'diverged' with t updates "
            "if theta has nan/inf or max(abs(theta)) > 1e6; after max_iters updates, 'max_iters'")
DROPOUT = "keep each unit with probability 1 - p_drop and divide the kept ones by (1 - p_drop)"
DROPOUT_EVALUATION = ("at evaluation time (train=False), and with p_drop = 0, return h as it is: inverted dropout "
                      "scales at training time only")
DROPOUT_SHAPE = "return an array of h's shape"
DROPOUT_RNG = ("draw the mask from the rng argument, rng.random(h.shape): not from np.random, nor from a generator "
               "the function makes itself, so a caller's seed decides the mask")

# -- named mistakes ------------------------------------------------------------
SGD_UPHILL = "a step along the gradient: gradient descent moves against it"
MOMENTUM_NO_FACTOR = ("momentum without the (1 - beta1) factor: the problem set's exponential average is "
                      "m <- beta1 * m + (1 - beta1) * grad")
MOMENTUM_RAW_GRAD = "a step with grad instead of the new m"
MOMENTUM_OLD_M = "a step with the old m: update m first, then step with the NEW m"
NO_BIAS_CORRECTION = ("Adam without bias correction: divide m by (1 - beta1**t) and v by (1 - beta2**t), with t "
                      "counted from 1, before the step")
T_PLUS_ONE = "bias correction with t + 1: the first update has t = 1, so use 1 - beta1**t and 1 - beta2**t"
EPS_INSIDE = "eps inside the square root: the denominator is sqrt(v_hat) + eps, not sqrt(v_hat + eps)"
HAT_MOMENTS = "returning the bias-corrected moments: return the raw m_new and v_new"
L2_IN_GRADIENT = ("L2 regularisation added to the gradient (Adam with weight_decay * theta in grad), not AdamW: "
                  "update the moments from the raw grad and subtract lr * weight_decay * theta outside the "
                  "adaptive step")
DECAY_NEW_THETA = ("decay applied to the updated parameters: AdamW decays the parameters from before this step, "
                   "theta - lr * (m_hat / (sqrt(v_hat) + eps) + weight_decay * theta)")
DECAY_NO_LR = "decay without the learning rate: the decay term is lr * weight_decay * theta"
NO_DECAY = "no weight decay at all: AdamW subtracts lr * weight_decay * theta"
COUNTED_FINAL_CHECK = ("counting the last gradient evaluation as an update: when norm(g) < tol at iteration t, "
                       "only t - 1 updates were done")
COUNTED_DIVERGED_UPDATE = "counting the update that diverged out: after update t blows up, t updates were done"
LATE_DIVERGENCE_CHECK = ("checking for divergence only at the start of the next iteration: an update that blows up "
                         "on the last allowed iteration is divergence too, so test theta right after step_fn")
NOT_INVERTED = ("non-inverted dropout: the problem set's dropout is inverted, so kept units are divided by "
                "(1 - p_drop) at training time and evaluation returns h unchanged")
SCALE_ONE_OVER_P = "dividing the kept units by p_drop: the scale is 1 / (1 - p_drop), the keep probability"
SCALE_KEEP = "multiplying the kept units by (1 - p_drop): inverted dropout divides by it"
SWAPPED_KEEP = ("keeping each unit with probability p_drop instead of 1 - p_drop: keep where "
                "rng.random(h.shape) >= p_drop")
SHARED_MASK = "one mask for all rows: draw the mask with h's full shape, rng.random(h.shape)"


def adam_mistakes(theta, grad, m, v, t, lr, beta1, beta2, eps, weight_decay=None):
    """{explanation: (theta_new, m_new, v_new) of that known-wrong Adam step}, or of a
    known-wrong AdamW step when weight_decay is given. Arrays of theta's shape."""
    def step(grad=grad, correction=t, eps_inside=False, decay="old", hats=False):
        m_new = beta1 * m + (1 - beta1) * grad
        v_new = beta2 * v + (1 - beta2) * grad * grad
        m_hat = m_new / (1 - beta1 ** correction) if correction else m_new
        v_hat = v_new / (1 - beta2 ** correction) if correction else v_new
        adam = theta - lr * m_hat / (np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps)
        if weight_decay is not None:
            adam = {"old": adam - lr * weight_decay * theta, "new": adam - lr * weight_decay * adam,
                    "no lr": adam - weight_decay * theta, "none": adam}[decay]
        return (adam, m_hat, v_hat) if hats else (adam, m_new, v_new)

    with np.errstate(all="ignore"):  # a wrong variant may overflow where the right step does not
        mistakes = {NO_BIAS_CORRECTION: step(correction=None), T_PLUS_ONE: step(correction=t + 1),
                    EPS_INSIDE: step(eps_inside=True), HAT_MOMENTS: step(hats=True)}
        if weight_decay is not None:
            mistakes.update({L2_IN_GRADIENT: step(grad=grad + weight_decay * theta, decay="none"),
                             DECAY_NEW_THETA: step(decay="new"), DECAY_NO_LR: step(decay="no lr"),
                             NO_DECAY: step(decay="none")})
    return mistakes


def replayed_step(path, scales, inplace=False):
    """A request for minimize's stand-in step function (standins/optim.py:ReplayedStep) that replays
    path: K + 1 rows of theta, theta0 first, each the theta after one more update, on the gradient
    of 0.5 * sum(scales * theta**2). The states it returns are opaque numbers (fixed per path length)
    that minimize must pass back; reply.records["step_fn"] holds the t's and states it got and any
    call that did not match the path."""
    path = np.asarray(path, dtype=float)
    states = [int(n) for n in np.random.default_rng(len(path)).integers(10 ** 6, 10 ** 9, max(len(path) - 1, 0))]
    return standin("replayed_step", slot="step_fn", path=path, gradients=np.asarray(scales, dtype=float) * path[:-1],
                   states=states, inplace=inplace)
