"""Public checks of optim.py: the update rules, minimize and inverted dropout.

Expected values come from the problem set's formulas (computed here, or stored
as known answers in fixtures/optim_known_answers.json) and from properties;
no instructor solution is used. Property checks of the update rules run on a
dozen fixed-seed generated states each, sent in one round trip (generated inputs
with shrinking are in the hidden tier). minimize gets a stand-in gradient and stand-in
step functions (built in the worker from standins/optim.py), so a bug in a step
function loses points on that step function only. The dropout tests that draw
random masks state their false-failure probability, which is below 1e-9.
"""
import numpy as np

from autograder.checks import (
    EXACT,
    FLOAT64,
    Tolerance,
    counts_with,
    diagnose,
    expect_array,
    expect_close,
    expect_parts,
    expect_true,
    expect_tuple,
    graded,
    show,
    standin,
)

from hints import optim as HINTS
from shared import optim as SHARED

SGD, MOMENTUM, ADAM, ADAMW, MINIMIZE, DROPOUT = SHARED.FUNCTION_IDS

KEPT_SCALE = Tolerance(rtol=1e-6, atol=0.0)  # kept units are h / (1 - p_drop): relative rounding only


# ---------------------------------------------------------------------------
# sgd_step
# ---------------------------------------------------------------------------

@graded(1, "5.1", SGD)
def test_sgd_known_answers(student, fixture):
    """matches the known answers of one plain gradient step"""
    SHARED.known_answers(student, fixture, SGD, HINTS.SGD)


@graded(1, "5.2", SGD)
@counts_with("public/test_optim.py::test_sgd_known_answers")
def test_sgd_leaves_inputs_unchanged(student):
    """returns a new array and leaves theta and grad unchanged"""
    SHARED.unchanged_inputs(student, SGD, {"theta": [1.0, -2.0, 0.5], "grad": [10.0, 4.0, -1.0]}, [], {"lr": 0.1})


# ---------------------------------------------------------------------------
# momentum_step
# ---------------------------------------------------------------------------

@graded(1, "5.3", MOMENTUM)
def test_momentum_known_answers(student, fixture):
    """matches the known answers of the exponential-average momentum"""
    SHARED.known_answers(student, fixture, MOMENTUM, HINTS.MOMENTUM)


@graded(1, "5.4", MOMENTUM)
def test_momentum_first_step(student):
    """from m = 0, the first step is SGD with step size lr * (1 - beta1)"""
    hyper = [(lr, beta1) for lr in (0.5, 0.01) for beta1 in (0.9, 0.0, 0.5)] * 2
    cases = [(theta, grad, np.zeros_like(theta)) + h for (theta, grad), h in zip(SHARED.generated_arrays(11, 2), hyper)]
    for (theta, grad, _, lr, beta1), call, got in SHARED.run_cases(student, MOMENTUM, cases):
        expected = (theta - lr * (1 - beta1) * grad, (1 - beta1) * grad)
        mistakes = {HINTS.MOMENTUM_NO_FACTOR: (theta - lr * grad, grad),
                    HINTS.MOMENTUM_RAW_GRAD: (theta - lr * grad, (1 - beta1) * grad),
                    HINTS.MOMENTUM_OLD_M: (theta, (1 - beta1) * grad)}
        expect_parts(got, expected, SHARED.STEP_NAMES[MOMENTUM], call, FLOAT64, mistakes, HINTS.MOMENTUM)


@graded(1, "5.5", MOMENTUM)
@counts_with("public/test_optim.py::test_momentum_known_answers")
def test_momentum_leaves_inputs_unchanged(student):
    """leaves theta, grad and m unchanged"""
    SHARED.unchanged_inputs(student, MOMENTUM, {"theta": [1.0, -2.0], "grad": [10.0, 4.0], "m": [1.0, 1.0]}, [],
                     {"lr": 0.1, "beta1": 0.9})


# ---------------------------------------------------------------------------
# adam_step
# ---------------------------------------------------------------------------

@graded(1, "5.6", ADAM)
def test_adam_known_answers(student, fixture):
    """matches the known answers, at t = 1, 2 and 10"""
    SHARED.known_answers(student, fixture, ADAM, HINTS.ADAM)


@graded(1, "5.7", ADAM)
def test_adam_first_step(student):
    """at t = 1 from zero moments, each parameter moves by lr * grad / (|grad| + eps), about lr"""
    lrs = (0.1, 0.001, 1.0)
    cases = [(theta, grad * scale, np.zeros_like(theta), np.zeros_like(theta), 1, lrs[i % 3], 0.9, 0.999, 1e-8)
             for i, ((theta, grad), scale) in enumerate(zip(SHARED.generated_arrays(12, 2), (1.0, 0.01, 100.0) * 4))]
    for args, call, got in SHARED.run_cases(student, ADAM, cases):
        theta, grad, _, _, _, lr, _, _, _ = args
        expected = (theta - lr * grad / (np.abs(grad) + 1e-8), 0.1 * grad, 0.001 * grad * grad)
        expect_parts(got, expected, SHARED.STEP_NAMES[ADAM], call, FLOAT64, {}, HINTS.ADAM)


@graded(1, "5.8", ADAM)
@counts_with("public/test_optim.py::test_adam_known_answers")
def test_adam_leaves_inputs_unchanged(student):
    """leaves theta, grad, m and v unchanged"""
    arrays = {"theta": [1.0, -2.0], "grad": [3.0, 0.5], "m": [0.1, -0.1], "v": [0.2, 0.3]}
    SHARED.unchanged_inputs(student, ADAM, arrays, [2], {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8})


# ---------------------------------------------------------------------------
# adamw_step
# ---------------------------------------------------------------------------

@graded(1, "5.9", ADAMW)
def test_adamw_known_answers(student, fixture):
    """matches the known answers of Adam with decoupled weight decay"""
    SHARED.known_answers(student, fixture, ADAMW, HINTS.ADAMW)


@graded(1, "5.10", ADAMW)
def test_adamw_decay_alone(student):
    """with a zero gradient and zero moments, theta shrinks by the factor (1 - lr * weight_decay)"""
    hyper = [(lr, wd) for lr in (0.1, 0.5, 0.01) for wd in (0.01, 0.3)] * 2
    cases = [(theta, np.zeros_like(theta), np.zeros_like(theta), np.zeros_like(theta), 1, lr, 0.9, 0.999, 1e-8, wd)
             for (theta,), (lr, wd) in zip(SHARED.generated_arrays(13, 1), hyper)]
    for args, call, got in SHARED.run_cases(student, ADAMW, cases):
        theta, zeros, _, _, _, lr, _, _, _, weight_decay = args
        expected = (theta * (1 - lr * weight_decay), zeros, zeros)
        mistakes = {HINTS.DECAY_NO_LR: (theta * (1 - weight_decay), zeros, zeros),
                    HINTS.NO_DECAY: (theta, zeros, zeros)}
        expect_parts(got, expected, SHARED.STEP_NAMES[ADAMW], call, FLOAT64, mistakes, HINTS.ADAMW)


@graded(1, "5.11", ADAMW)
@counts_with("public/test_optim.py::test_adamw_known_answers")
def test_adamw_is_decoupled(student):
    """the decay is decoupled: adamw_step with weight_decay is the same call with weight_decay = 0, minus
    lr * weight_decay * theta, with the same moments"""
    hyper = [(t, lr, wd) for t, lr, wd in zip((1, 2, 3, 10, 50, 1), (0.1, 0.5, 0.01) * 2, (0.1, 0.01, 0.5) * 2)] * 2
    cases = []
    for (theta, grad, m, w), (t, lr, wd) in zip(SHARED.generated_arrays(14, 4), hyper):
        v = m ** 2 + np.abs(w)  # v >= m**2, as in the states Adam reaches
        cases += [(theta, grad, m, v, t, lr, 0.9, 0.999, 1e-8, wd), (theta, grad, m, v, t, lr, 0.9, 0.999, 1e-8, 0.0)]
    runs = SHARED.run_cases(student, ADAMW, cases)
    for (args, call, got), (_, undecayed_call, undecayed) in zip(runs[::2], runs[1::2]):
        theta, lr, weight_decay = args[0], args[5], args[9]
        theta0, m0, v0 = (np.asarray(expect_array(part, theta.shape, undecayed_call, what=name), dtype=float)
                          for name, part in zip(SHARED.STEP_NAMES[ADAMW],
                                                expect_tuple(undecayed, SHARED.STEP_NAMES[ADAMW], undecayed_call)))
        expected = (theta0 - lr * weight_decay * theta, m0, v0)
        mistakes = {HINTS.DECAY_NEW_THETA: (theta0 - lr * weight_decay * theta0, m0, v0),
                    HINTS.DECAY_NO_LR: (theta0 - weight_decay * theta, m0, v0), HINTS.NO_DECAY: (theta0, m0, v0)}
        expect_parts(got, expected, SHARED.STEP_NAMES[ADAMW], f"{call}\ncompared with your own {undecayed_call}",
                     FLOAT64, mistakes, HINTS.ADAMW)


@graded(1, "5.12", ADAMW)
@counts_with("public/test_optim.py::test_adamw_known_answers")
def test_adamw_leaves_inputs_unchanged(student):
    """leaves theta, grad, m and v unchanged"""
    arrays = {"theta": [1.0, -2.0], "grad": [3.0, 0.5], "m": [0.1, -0.1], "v": [0.2, 0.3]}
    SHARED.unchanged_inputs(student, ADAMW, arrays, [2],
                            {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.1})


# ---------------------------------------------------------------------------
# minimize, on stand-in gradients and stand-in step functions
# ---------------------------------------------------------------------------

@graded(1, "5.13", MINIMIZE)
def test_minimize_converged_at_start(student):
    """stops with 0 updates when theta0 already meets the tolerance"""
    for theta0 in ([0.0, 0.0], [1e-7, -1e-4]):
        path, _ = SHARED.sgd_path(theta0, (1000.0, 1.0), 0.1, 1000, tol=1e-3)
        minimize, reply = SHARED.run_minimize(student, theta0, (1000.0, 1.0), path, 1e-3, 1000)
        SHARED.expect_outcome(minimize, reply, theta0, 0, "converged", {HINTS.COUNTED_FINAL_CHECK: (1, "converged")})
        steps = reply.records.get("step_fn", {}).get("steps")
        expect_true(steps == [], minimize.last, "called step_fn although the gradient at theta0 is below tol",
                    expected="no call of step_fn", got=f"calls with t = {steps}",
                    hint="test norm(grad_fn(theta)) < tol before updating")


@graded(1, "5.14", MINIMIZE)
def test_minimize_counts_updates(student):
    """returns the number of updates done before the gradient norm fell below tol"""
    theta0 = np.array([1.0, -1.0])
    for lr, tol in ((0.5, 1e-3), (0.5, 0.3), (0.75, 1e-6)):
        path, updates = SHARED.sgd_path(theta0, (1.0, 1.0), lr, 1000, tol)
        minimize, reply = SHARED.run_minimize(student, theta0, (1.0, 1.0), path, tol, 1000)
        SHARED.expect_outcome(minimize, reply, path[updates], updates, "converged",
                       {HINTS.COUNTED_FINAL_CHECK: (updates + 1, "converged"),
                        "counting gradient evaluations minus 2, or starting t at 0": (updates - 1, "converged")})


@graded(1, "5.15", MINIMIZE)
def test_minimize_sgd_diverges(student):
    """plain SGD on the ill-conditioned quadratic diverges after the write-up's number of updates"""
    for lr, max_iters in ((0.1, 1000), (0.005, 1000), (0.1, 4), (0.005, 10)):
        # theta_1 is multiplied by (1 - 1000 lr) per update: -99 for lr = 0.1, -4 for lr = 0.005
        path, updates = SHARED.sgd_path([1.0, 1.0], (1000.0, 1.0), lr, max_iters, tol=1e-3)
        minimize, reply = SHARED.run_minimize(student, [1.0, 1.0], (1000.0, 1.0), path, 1e-3, max_iters)
        mistakes = {HINTS.COUNTED_DIVERGED_UPDATE: (updates - 1, "diverged")}
        if updates == max_iters:
            mistakes[HINTS.LATE_DIVERGENCE_CHECK] = (max_iters, "max_iters")
        SHARED.expect_outcome(minimize, reply, path[updates], updates, "diverged", mistakes)


@graded(1, "5.16", MINIMIZE)
def test_minimize_stops_at_max_iters(student):
    """stops with status 'max_iters' after max_iters updates that neither converge nor diverge"""
    cases = (([1.0, 1.0], (1000.0, 1.0), 0.0019, 1000),  # below the stability limit 0.002: |1 - 1.9| < 1
             ([1.0, 1.0], (1000.0, 1.0), 0.1, 0),
             ([1.0, -1.0], (1.0, 1.0), 0.5, 3))
    for theta0, scales, lr, max_iters in cases:
        path, _ = SHARED.sgd_path(theta0, scales, lr, max_iters, tol=1e-3)
        minimize, reply = SHARED.run_minimize(student, theta0, scales, path, 1e-3, max_iters)
        SHARED.expect_outcome(minimize, reply, path[-1], max_iters, "max_iters",
                       {"one update too few: the loop runs for t = 1, ..., max_iters": (max_iters - 1, "max_iters")})


@graded(1, "5.17", MINIMIZE)
def test_minimize_passes_t_and_state(student):
    """calls step_fn with t = 1, 2, ... and the state it returned last (None at first)"""
    # 11 updates: 0.5**k * sqrt(2) < 1e-3 first at k = 11
    path, updates = SHARED.sgd_path([1.0, -1.0], (1.0, 1.0), 0.5, 1000, tol=1e-3)
    minimize, reply = SHARED.run_minimize(student, [1.0, -1.0], (1.0, 1.0), path, 1e-3, 1000)
    record = reply.records.get("step_fn", {})
    expect_true(record.get("steps") == list(range(1, updates + 1)), minimize.last,
                "called step_fn with the wrong step numbers t", expected=f"t = {list(range(1, updates + 1))}",
                got=f"t = {record.get('steps')}", hint="t counts the updates from 1: the first call has t = 1")
    expected_states = [None] + SHARED.replayed_step(path, (1.0, 1.0)).params["states"][:updates - 1]
    expect_true(record.get("states") == expected_states, minimize.last,
                "did not pass step_fn the state it returned", expected=f"states {expected_states}",
                got=f"states {record.get('states')}",
                hint="start with state = None and keep the state from theta, state = step_fn(theta, g, state, t)")


@graded(1, "5.18", MINIMIZE)
def test_minimize_detects_divergence(student):
    """stops as 'diverged' on nan, inf or max |theta| > 1e6 (a value of exactly 1e6 is not divergence)"""
    # step_fn returns these points, one per update; after 5 updates the status would be "max_iters"
    cases = (([[1e6], [2e6]], 2, (1, "diverged"),
              "treating exactly 1e6 as divergence: the test is max(abs(theta)) > 1e6, strictly greater"),
             ([[np.nan]], 1, (5, "max_iters"),
              "missing nan: np.max(np.abs(theta)) > 1e6 is False for nan, so also test np.isfinite"),
             ([[-np.inf]], 1, (5, "max_iters"), "missing -inf: compare the absolute values with the bound"),
             ([[-2e6]], 1, (5, "max_iters"), "missing a large negative entry: compare the absolute values"),
             ([[3.0, np.inf]], 1, (5, "max_iters"), "missing inf in one entry: test every entry"))
    for points, updates, wrong, explanation in cases:
        theta0 = [0.5] * len(points[0])
        # After the point that diverges, the path stays there (a loop that misses it keeps calling step_fn).
        path = np.array([theta0] + points + [points[-1]] * (5 - len(points)))
        minimize, reply = SHARED.run_minimize(student, theta0, (1.0,) * len(theta0), path, 1e-3, 5)
        SHARED.expect_outcome(minimize, reply, path[updates], updates, "diverged", {explanation: wrong})


@graded(1, "5.19", MINIMIZE)
@counts_with("public/test_optim.py::test_minimize_counts_updates")
def test_minimize_leaves_theta0_unchanged(student):
    """works on a copy: theta0 is unchanged even when step_fn updates theta in place"""
    minimize = student.function(MINIMIZE)
    reply = minimize.run(standin("quadratic_gradient", slot="grad_fn", scales=[1.0, 1.0]),
                         standin("watched_array", slot="theta0", values=[1.0, -2.0]),
                         SHARED.replayed_step(SHARED.sgd_path([1.0, -2.0], (1.0, 1.0), 0.01, 5)[0], (1.0, 1.0),
                                              inplace=True),
                         tol=1e-12, max_iters=5)
    after = reply.records.get("theta0", {}).get("values")
    expect_true(after is not None and SHARED.unchanged(after, [1.0, -2.0]), minimize.last,
                "changed theta0 in place", expected=show(np.array([1.0, -2.0])), got=show(after),
                hint="start from a float64 copy, theta = np.array(theta0, dtype=np.float64): np.asarray does "
                     "not copy, and a step function may update theta in place")


# ---------------------------------------------------------------------------
# dropout
# ---------------------------------------------------------------------------

@graded(1, "5.20", DROPOUT)
def test_dropout_evaluation_is_identity(student):
    """returns h unchanged at evaluation time and when p_drop = 0, and drops units at training time

    False-failure probability: a correct dropout keeps all 64 units at p_drop = 0.5 with
    probability 0.5**64 < 1e-19; the rest is deterministic.
    """
    dropout = student.function(DROPOUT)
    h = SHARED.unit_values(64, 0).reshape(8, 8)
    trained = SHARED.expect_shape(dropout, dropout(h, 0.5, train=True, rng=SHARED.rng(1)), h.shape)
    expect_true(np.any(trained == 0), dropout.last, "dropped no unit at training time",
                expected="some entries set to 0", got=show(trained), hint=HINTS.DROPOUT)
    for p_drop, train in ((0.5, False), (0.9, False), (0.0, False), (0.0, True)):
        got = dropout(h, p_drop, train=train, rng=SHARED.rng(2))
        mistakes = {HINTS.NOT_INVERTED: h * (1 - p_drop)} if not train else {}
        expect_close(got, h, dropout.last, EXACT,
                     hint=diagnose.hint(got, mistakes, expected=h, default=HINTS.DROPOUT_EVALUATION))


@graded(1, "5.21", DROPOUT)
def test_dropout_scales_kept_units(student):
    """at training time each unit is 0 or h / (1 - p_drop), and both occur

    The scale is checked exactly (rtol 1e-6), so a wrong scale (1 / p_drop, 1 - p_drop, 1)
    always fails. False-failure probability: a correct dropout keeps all 600 units, or none,
    with probability (1 - p)**600 + p**600 < 1e-27 for each p_drop used.
    """
    dropout = student.function(DROPOUT)
    h = SHARED.unit_values(600, 3).reshape(20, 30)
    for p_drop, seed in ((0.2, 4), (0.7, 5), (0.9, 6)):
        got = SHARED.expect_shape(dropout, dropout(h, p_drop, train=True, rng=SHARED.rng(seed)), h.shape)
        kept = got != 0
        expect_true(np.any(kept) and not np.all(kept), dropout.last, "kept every unit or none at training time",
                    expected=f"each unit kept with probability {1 - p_drop:g}", got=show(got), hint=HINTS.DROPOUT)
        expected = np.where(kept, h / (1 - p_drop), 0.0)
        mistakes = {HINTS.SCALE_ONE_OVER_P: np.where(kept, h / p_drop, 0.0),
                    HINTS.SCALE_KEEP: np.where(kept, h * (1 - p_drop), 0.0),
                    HINTS.NOT_INVERTED: np.where(kept, h, 0.0)}
        expect_close(got, expected, dropout.last, KEPT_SCALE, what="the kept units",
                     hint=diagnose.hint(got, mistakes, expected=expected, default=HINTS.DROPOUT))


@graded(1, "5.22", DROPOUT)
def test_dropout_keep_rate(student):
    """keeps each unit with probability 1 - p_drop (false-failure probability below 1e-9)

    The count of kept units must fall in the exact binomial acceptance interval of
    keep_fraction_design (shared/optim.py): a correct dropout falls outside with probability at most 1e-9, and
    a dropout that keeps units with probability p_drop (or 1 - p_drop +- 0.1) falls inside
    with probability at most 1e-9.
    """
    dropout = student.function(DROPOUT)
    units, lo, hi = SHARED.keep_fraction_design(SHARED.KEEP_P_DROP)
    h = SHARED.unit_values(units, 7)
    got = SHARED.expect_shape(dropout, dropout(h, SHARED.KEEP_P_DROP, train=True, rng=SHARED.rng(8)), h.shape)
    kept = int(np.sum(got != 0))
    swapped = abs(kept / units - SHARED.KEEP_P_DROP) < 0.05
    expect_true(lo <= kept <= hi, dropout.last, f"kept {kept} of {units} units at p_drop = {SHARED.KEEP_P_DROP}",
                expected=f"between {lo} and {hi} kept units (a correct dropout lands outside with "
                         f"probability below {SHARED.FALSE_FAILURE:g})",
                got=f"{kept} kept units ({kept / units:.3f} of them)",
                hint=diagnose.mistake_hint(HINTS.SWAPPED_KEEP) if swapped else HINTS.DROPOUT)


@graded(1, "5.23", DROPOUT)
@counts_with("public/test_optim.py::test_dropout_scales_kept_units")
def test_dropout_mean_is_h(student):
    """averaged over many draws, the output equals h (false-failure probability below 1e-9)

    Each of 8 units is drawn n times (the rows of the input) with n from mean_design
    (shared/optim.py: Hoeffding's inequality and a union bound), so a correct dropout fails with probability
    below 1e-9; each dropout of MEAN_MISTAKES (scale 1 / p_drop, 1 - p_drop or 1, or keep rate
    p_drop) passes with probability below 1e-9 (mean_power_bound).
    """
    dropout = student.function(DROPOUT)
    draws = SHARED.mean_design(SHARED.MEAN_P_DROP, SHARED.MEAN_UNITS, SHARED.MEAN_TOLERANCE)
    h = SHARED.unit_values(SHARED.MEAN_UNITS, 9)
    got = SHARED.expect_shape(dropout, dropout(np.tile(h, (draws, 1)), SHARED.MEAN_P_DROP, train=True,
                                               rng=SHARED.rng(10)), (draws, SHARED.MEAN_UNITS))
    mean = np.mean(got, axis=0)
    named = [text for text, keep, scale in SHARED.MEAN_MISTAKES
             if np.all(np.abs(mean - keep * scale * h) <= SHARED.MEAN_TOLERANCE * np.abs(h))]
    if not named and np.all(got == got[0]):  # every row the same
        named = [HINTS.SHARED_MASK]
    expect_close(mean, h, dropout.last, Tolerance(rtol=SHARED.MEAN_TOLERANCE, atol=0.0),
                 what=f"the mean over {draws} draws (the rows of the input) of each unit",
                 hint=diagnose.mistake_hint(named[0]) if named else HINTS.DROPOUT)


@graded(1, "5.31", DROPOUT)
@counts_with("public/test_optim.py::test_dropout_scales_kept_units")
def test_dropout_draws_from_the_rng_it_is_given(student):
    """draws its mask from the rng it is given: generators in the same state give the same mask, generators
    seeded differently give different masks (not a generator of its own, nor numpy's global one)

    Deterministic for a given dropout: the generators' seeds are fixed. A dropout that draws from its argument
    maps two different seeds to the same mask of 64 units at p_drop = 0.5 with probability 2**-64 < 1e-19
    over the choice of seeds.
    """
    dropout = student.function(DROPOUT)
    h = SHARED.unit_values(64, 11).reshape(8, 8)
    masks = []
    for seed in (21, 21, 22):
        got = SHARED.expect_shape(dropout, dropout(h, 0.5, train=True, rng=SHARED.rng(seed)), h.shape)
        masks.append(got != 0)
        expect_true(np.array_equal(masks[-1], masks[0]) == (seed == 21),
                    dropout.last, "dropped other units than a generator in this state implies" if seed == 21
                    else "dropped the same units for a generator seeded differently",
                    expected="the same kept units as with np.random.default_rng(21) the first time" if seed == 21
                    else "other kept units than with np.random.default_rng(21)",
                    got=f"kept units {show(masks[-1].astype(int))}", hint=HINTS.DROPOUT_RNG)
