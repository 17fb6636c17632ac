"""Hidden checks of optim.py against the instructor's solution, on generated inputs.

The step functions are compared with the reference on generated states; every
Adam and AdamW example is checked at t = 1, where bias correction matters most,
and at a later step. minimize is run on a
stand-in gradient and a stand-in step function (standins/optim.py) that replays
the thetas the reference's minimize went through here with the reference's step
function, so only the loop is compared. dropout's random mask cannot be
compared entry by entry, so every entry must be 0 or the reference's value for a
kept unit; the keep rate and the mean are tested statistically in the public suite.
"""
import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder.checks import (
    FLOAT64,
    diagnose,
    expect_array,
    expect_close,
    expect_parts,
    for_dtype,
    graded,
    standin,
    strategies,
)

from hints import optim as HINTS
from shared import optim as SHARED

SGD, MOMENTUM, ADAM, ADAMW, MINIMIZE, DROPOUT = SHARED.FUNCTION_IDS


def check_step(step, got, expected, mistakes, hint):
    """Compare a step function's return value with the reference's, naming a known mistake."""
    expected = expected if isinstance(expected, tuple) else (expected,)
    expect_parts(got, expected, SHARED.STEP_NAMES[step.function_id], step.last, FLOAT64, mistakes, hint)


@st.composite
def states(draw, count):
    """count float64 arrays of one shape: theta, grad, m (entries in [-10, 10]; grad and m
    scaled by a power of ten) and, when count is 4, v = m**2 + w with w >= 0 on the matching
    scale. v >= m**2 keeps the states like those Adam reaches (|m| / sqrt(v) is at most about
    1), rather than v = 0 with m != 0, where a step of m / eps would be 1e8 times m."""
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=4))
    scale = draw(st.sampled_from([1.0, 1e-4, 100.0]))
    stacked = draw(strategies.float_arrays(shape=(count,) + shape, magnitude=10.0, dtypes=(np.float64,)))
    arrays = [np.array(a) for a in stacked]  # one draw of all arrays: much faster than one draw each
    arrays[1:3] = [a * scale for a in arrays[1:3]]
    if count == 4:
        arrays[3] = arrays[2] ** 2 + np.abs(arrays[3]) * scale ** 2
    return arrays


# Hyper-parameters from short lists (the first is the simplest): a failing example shrinks fast.
LR = st.sampled_from([0.1, 1.0, 1e-3, 0.5, 0.03])
BETA1 = st.sampled_from([0.9, 0.0, 0.5, 0.99])
BETA2 = st.sampled_from([0.999, 0.9, 0.99, 0.9999])
EPS = st.sampled_from([1e-8, 1e-3, 0.1])
STEP_NUMBERS = st.sampled_from([2, 3, 5, 10, 100, 10000])
WEIGHT_DECAY = st.sampled_from([0.01, 0.0, 0.1, 0.5])


# ---------------------------------------------------------------------------
# The update rules
# ---------------------------------------------------------------------------

@graded(1, "5.24", SGD)
@given(arrays=states(2), lr=LR)
def test_sgd_step_matches_reference(student, reference, arrays, lr):
    """matches the reference on generated parameters and gradients"""
    optim = reference("optim.py")
    theta, grad = arrays
    sgd = student.function(SGD)
    check_step(sgd, sgd(theta, grad, lr=lr), optim.sgd_step(theta, grad, lr),
               {HINTS.SGD_UPHILL: (theta + lr * grad,)}, HINTS.SGD)


@graded(1, "5.25", MOMENTUM)
@given(arrays=states(3), lr=LR, beta1=BETA1)
def test_momentum_step_matches_reference(student, reference, arrays, lr, beta1):
    """matches the reference on generated parameters, gradients and moments"""
    optim = reference("optim.py")
    theta, grad, m = arrays
    momentum = student.function(MOMENTUM)
    expected = optim.momentum_step(theta, grad, m, lr, beta1)
    without = beta1 * m + grad
    mistakes = {HINTS.MOMENTUM_NO_FACTOR: (theta - lr * without, without),
                HINTS.MOMENTUM_RAW_GRAD: (theta - lr * grad, expected[1]),
                HINTS.MOMENTUM_OLD_M: (theta - lr * m, expected[1])}
    check_step(momentum, momentum(theta, grad, m, lr=lr, beta1=beta1), expected, mistakes, HINTS.MOMENTUM)


def adam_mistakes(theta, grad, m, v, t, lr, beta1, beta2, eps, weight_decay=None):
    """{explanation: (theta_new, m_new, v_new) of that known-wrong Adam step}, or of a known-wrong
    AdamW step when weight_decay is given; arrays of theta's shape. Here, not in the hints, which
    the handout ships: this code is one switch away from the right step."""
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
        mistakes = {HINTS.NO_BIAS_CORRECTION: step(correction=None), HINTS.T_PLUS_ONE: step(correction=t + 1),
                    HINTS.EPS_INSIDE: step(eps_inside=True), HINTS.HAT_MOMENTS: step(hats=True)}
        if weight_decay is not None:
            mistakes.update({HINTS.L2_IN_GRADIENT: step(grad=grad + weight_decay * theta, decay="none"),
                             HINTS.DECAY_NEW_THETA: step(decay="new"), HINTS.DECAY_NO_LR: step(decay="no lr"),
                             HINTS.NO_DECAY: step(decay="none")})
    return mistakes


def adam_case(student, optim, function_id, arrays, t, lr, beta1, beta2, eps, weight_decay=None):
    """Compare one Adam or AdamW step (AdamW when weight_decay is given) with the reference's."""
    theta, grad, m, v = arrays
    step = student.function(function_id)
    hyper = {"lr": lr, "beta1": beta1, "beta2": beta2, "eps": eps}
    if weight_decay is None:
        expected = optim.adam_step(theta, grad, m, v, t, **hyper)
    else:
        hyper["weight_decay"] = weight_decay
        expected = optim.adamw_step(theta, grad, m, v, t, **hyper)
    got = step(theta, grad, m, v, t, **hyper)
    check_step(step, got, expected, adam_mistakes(theta, grad, m, v, t, lr, beta1, beta2, eps, weight_decay),
               HINTS.ADAM if weight_decay is None else HINTS.ADAMW)


@graded(2, "5.26", ADAM)
@given(arrays=states(4), t=STEP_NUMBERS, lr=LR, beta1=BETA1, beta2=BETA2, eps=EPS)
def test_adam_step_matches_reference(student, reference, arrays, t, lr, beta1, beta2, eps):
    """matches the reference on generated states, at t = 1 (where bias correction matters most) and later"""
    optim = reference("optim.py")
    adam_case(student, optim, ADAM, arrays, 1, lr, beta1, beta2, eps)
    adam_case(student, optim, ADAM, arrays, t, lr, beta1, beta2, eps)


@graded(2, "5.27", ADAMW)
@given(arrays=states(4), t=STEP_NUMBERS, lr=LR, beta1=BETA1, beta2=BETA2, eps=EPS, weight_decay=WEIGHT_DECAY)
def test_adamw_step_matches_reference(student, reference, arrays, t, lr, beta1, beta2, eps, weight_decay):
    """matches the reference on generated states and decay rates, at t = 1 and later"""
    optim = reference("optim.py")
    adam_case(student, optim, ADAMW, arrays, 1, lr, beta1, beta2, eps, weight_decay)
    adam_case(student, optim, ADAMW, arrays, t, lr, beta1, beta2, eps, weight_decay)


# ---------------------------------------------------------------------------
# minimize, on stand-in gradients and step functions
# ---------------------------------------------------------------------------

def reference_path(optim, scales, theta0, kind, params, tol, max_iters):
    """The reference's minimize with its own step function: ((theta, iterations, status), the
    max_iters + 1 thetas of that step function from theta0: those minimize went through, then the same
    updates on past where it stopped, so that the stand-in replaying them cannot tell where that is)."""
    path, last = [np.array(theta0, dtype=float)], [None]  # last: the state step returned last
    step = optim.make_step_fn(kind, **params)

    def recorded(theta, g, state, t):
        theta, last[0] = step(theta, g, state, t)
        path.append(np.array(theta, dtype=float))
        return theta, last[0]
    with np.errstate(all="ignore"):
        outcome = optim.minimize(lambda theta: np.asarray(scales) * theta, np.array(theta0, dtype=float), recorded,
                                 tol=tol, max_iters=max_iters)
        for t in range(len(path), max_iters + 1):
            recorded(path[-1].copy(), np.asarray(scales) * path[-1], last[0], t)
    return outcome, np.array(path)


def compare_minimize(student, optim, scales, theta0, kind, params, tol, max_iters, where=""):
    """Run the student's minimize in the worker on a stand-in gradient and a step function that
    replays the thetas the reference's minimize went through with the reference's step function;
    compare (theta, iterations, status) and check every call of step_fn had the loop's inputs."""
    (theta, iterations, status), path = reference_path(optim, scales, theta0, kind, params, tol, max_iters)
    minimize, reply = SHARED.run_minimize(student, theta0, scales, path, tol, max_iters)
    mistakes = {HINTS.COUNTED_FINAL_CHECK: (iterations + 1, "converged"),
                HINTS.COUNTED_DIVERGED_UPDATE: (iterations - 1, "diverged")}
    if status == "diverged" and iterations == max_iters:
        mistakes[HINTS.LATE_DIVERGENCE_CHECK] = (max_iters, "max_iters")
    SHARED.expect_outcome(minimize, reply, theta, iterations, status, mistakes,
                          default=f"{where}the reference's minimize, on the same gradient and step function, "
                                  f"stopped with status {status!r} after {iterations} updates")


@st.composite
def minimize_problems(draw):
    """(scales, theta0, kind, step parameters, tol, max_iters): a quadratic, a start, a stand-in
    optimiser and a budget, with step sizes on both sides of SGD's stability limit 2 / 1000."""
    scales = draw(st.sampled_from([(1000.0, 1.0), (1.0, 1.0), (10.0, 0.1, 1.0), (4.0,)]))
    theta0 = draw(strategies.float_arrays(shape=(len(scales),), magnitude=3.0, dtypes=(np.float64,)))
    kind = draw(st.sampled_from(["sgd", "momentum", "adam", "adamw"]))
    params = {"lr": draw(st.sampled_from([0.1, 1e-3, 0.0019, 0.0021, 0.01, 0.5, 1.0, 1.9, 2.1]))}
    if kind != "sgd":
        params["beta1"] = draw(st.sampled_from([0.9, 0.0, 0.5, 0.99]))
    if kind in ("adam", "adamw"):
        params["beta2"] = draw(st.sampled_from([0.999, 0.9]))
    if kind == "adamw":
        params["weight_decay"] = draw(st.sampled_from([0.01, 0.0, 0.1]))
    tol = draw(st.sampled_from([1e-3, 1e-1, 1e-6]))
    max_iters = draw(st.integers(0, 300))
    return scales, theta0, kind, params, tol, max_iters


@graded(1, "5.28", MINIMIZE)
@given(problem=minimize_problems())
def test_minimize_matches_reference(student, reference, problem):
    """stops where, when and why the reference does, on generated problems"""
    compare_minimize(student, reference("optim.py"), *problem)


@graded(1, "5.29", MINIMIZE)
def test_minimize_experiment(student, reference):
    """reproduces the experiment table: each optimiser's outcome and iteration count"""
    optim = reference("optim.py")
    for name, kind, params in optim.EXPERIMENT:
        compare_minimize(student, optim, (1000.0, 1.0), optim.EXPERIMENT_THETA0, kind, params,
                         optim.EXPERIMENT_TOL, optim.EXPERIMENT_MAX_ITERS, where=f"experiment row {name!r}: ")


# ---------------------------------------------------------------------------
# dropout
# ---------------------------------------------------------------------------

class KeepEverything:
    """An rng whose draws keep every unit: the reference's dropout then returns each unit's kept value."""

    def random(self, shape=None):
        return np.ones(shape)


@graded(1, "5.30", DROPOUT)
@given(h=strategies.float_arrays(max_dims=3, max_side=6), p_drop=st.sampled_from([0.0, 0.1, 0.3, 0.7, 0.9]),
       train=st.booleans(), seed=st.integers(0, 2 ** 16))
def test_dropout_matches_reference(student, reference, h, p_drop, train, seed):
    """matches the reference: h at evaluation time, each unit 0 or its kept value at training time"""
    optim = reference("optim.py")
    dropout = student.function(DROPOUT)
    tolerance = for_dtype(h)
    got = expect_array(dropout(h, p_drop, train=train, rng=standin("rng", seed=seed)), h.shape, dropout.last,
                       hint=HINTS.DROPOUT_SHAPE)
    if not train:
        expected = optim.dropout(h, p_drop, train=False)
        hint = diagnose.hint(got, {HINTS.NOT_INVERTED: h * (1 - p_drop)}, expected=expected, tolerance=tolerance,
                             default=HINTS.DROPOUT_EVALUATION)
        expect_close(got, expected, dropout.last, tolerance, hint=hint)
        return
    kept_value = optim.dropout(h, p_drop, train=True, rng=KeepEverything())
    dropped = got == 0
    expected = np.where(dropped, 0, kept_value)
    h64 = h.astype(np.float64)
    mistakes = {HINTS.SCALE_ONE_OVER_P: np.where(dropped, 0, h64 / p_drop) if p_drop else h64,
                HINTS.SCALE_KEEP: np.where(dropped, 0, h64 * (1 - p_drop)),
                HINTS.NOT_INVERTED: np.where(dropped, 0, h64)}
    hint = diagnose.hint(got, mistakes, expected=expected, tolerance=tolerance,
                         default="each output entry is 0 (dropped) or h / (1 - p_drop) (kept)")
    expect_close(got, expected, dropout.last, tolerance, what="the kept units", hint=hint)
