"""What both tiers of optim.py's suites share: the graded functions' ids, the names of what they
return, the request for minimize's stand-in step function and the check of minimize's outcome;
and the public tier's fixed-seed inputs and calls. No update rule: expected values come from
the known answers, from properties, or (hidden tier) from the reference."""
import numpy as np

from autograder.checks import (
    KNOWN_ANSWER,
    ROUND_OFF,
    SAME_STEPS,
    call_text,
    diagnose,
    expect_array,
    expect_close,
    expect_exact,
    expect_parts,
    expect_true,
    expect_tuple,
    show,
    standin,
    stats,
)

from hints import optim as HINTS

# The graded functions of optim.py, as the manifest names them, in the order both tiers unpack them.
FUNCTION_IDS = ("optim.py:sgd_step", "optim.py:momentum_step", "optim.py:adam_step", "optim.py:adamw_step",
                "optim.py:minimize", "optim.py:dropout")
SGD, MOMENTUM, ADAM, ADAMW, MINIMIZE, DROPOUT = FUNCTION_IDS
STEP_NAMES = {SGD: ("theta_new",), MOMENTUM: ("theta_new", "m_new"),
              ADAM: ("theta_new", "m_new", "v_new"), ADAMW: ("theta_new", "m_new", "v_new")}
OUTCOME = ("theta", "iterations", "status")  # what minimize returns
DIVERGENCE_BOUND = 1e6
FALSE_FAILURE = 1e-9  # per statistical test of dropout
KNOWN = "optim_known_answers.json"


# ---------------------------------------------------------------------------
# The step functions
# ---------------------------------------------------------------------------

def as_input(value):
    return np.array(value, dtype=float) if isinstance(value, list) else value


def run_cases(student, function_id, cases):
    """Call the student's function once per tuple of positional arguments, in one round
    trip; return [(the arguments, the call's text for messages, the value)]."""
    values = student.function(function_id).batch(cases)
    return [(args, call_text(function_id, args), value) for args, value in zip(cases, values)]


def generated_arrays(seed, count, cases=12):
    """For each case, count float64 arrays of one shape with entries in [-10, 10] (fixed seed)."""
    generator = np.random.default_rng(seed)
    shapes = ((1,), (3,), (2, 3), (5,), (3, 1), (4, 4))
    return [list(generator.uniform(-10, 10, (count,) + shapes[i % len(shapes)])) for i in range(cases)]


def known_answers(student, fixture, function_id, default_hint):
    """The step function must return the stored known answers (fixtures/optim_known_answers.json),
    a failure naming the stored mistake it matches."""
    step = student.function(function_id)
    names = STEP_NAMES[function_id]
    for case in fixture(KNOWN)[function_id.split(":")[1]]:
        got = step(*[as_input(a) for a in case["args"]], **case["kwargs"])
        expected = [np.array(case["expected"][n]) for n in names]
        mistakes = {text: tuple(np.array(wrong[n]) for n in names) for text, wrong in case["mistakes"].items()}
        expect_parts(got, expected, names, step.last, KNOWN_ANSWER, mistakes, f"{case['note']}: {default_hint}")


def unchanged(after, values):
    """Whether an argument came back as it was, up to floating-point round-off (ROUND_OFF)."""
    after, values = np.asarray(after, dtype=float), np.asarray(values, dtype=float)
    return after.shape == values.shape and bool(np.all(np.isclose(after, values, rtol=ROUND_OFF.rtol,
                                                                  atol=ROUND_OFF.atol)))


def unchanged_inputs(student, function_id, arrays, scalars, kwargs):
    """Call with every array argument a watched array; each must come back unchanged.

    arrays: {argument name: list of values}, in the order of the positional arguments; scalars: the
    positional arguments after them; kwargs: the keyword arguments."""
    step = student.function(function_id)
    refs = [standin("watched_array", slot=name, values=values) for name, values in arrays.items()]
    reply = step.run(*refs, *scalars, **kwargs)
    for name, values in arrays.items():
        after = reply.records.get(name, {}).get("values")
        expect_true(after is not None and unchanged(after, values), step.last,
                    f"changed its argument {name} in place", expected=show(np.array(values, dtype=float)),
                    got=show(after), hint=HINTS.LEAVE_INPUTS)


# ---------------------------------------------------------------------------
# minimize, on a stand-in gradient and a stand-in step function
# ---------------------------------------------------------------------------

def replayed_step(path, scales, inplace=False):
    """A request for minimize's stand-in step function (standins/optim.py:ReplayedStep) that replays
    path: max_iters + 1 rows of theta, theta0 first, each the theta after one more update, on the
    gradient of 0.5 * sum(scales * theta**2); the path goes on past where minimize should stop, so the
    stand-in cannot tell where that is. The states it returns are opaque numbers (fixed per path
    length) that minimize must pass back; reply.records["step_fn"] holds the number of calls, the t's
    and states it got and the calls that did not match the path."""
    path = np.asarray(path, dtype=float)
    states = [int(n) for n in np.random.default_rng(len(path)).integers(10 ** 6, 10 ** 9, max(len(path) - 1, 0))]
    with np.errstate(all="ignore"):  # a path that diverged overflows, as grad_fn does there
        gradients = np.asarray(scales, dtype=float) * path[:-1]
    return standin("replayed_step", slot="step_fn", path=path, gradients=gradients, states=states, inplace=inplace)


def sgd_path(theta0, scales, lr, max_iters, tol=0.0):
    """Plain SGD on 0.5 * sum(scales * theta**2) multiplies theta by (1 - lr * scales) per update:
    (path, updates), the max_iters + 1 thetas of max_iters updates (theta0 first), and the number of
    updates minimize does on it: up to the first theta whose gradient norm is below tol, the first
    divergence (a non-finite entry or max |theta| > 1e6), or max_iters."""
    factor = 1 - lr * np.asarray(scales, dtype=float)
    path = [np.asarray(theta0, dtype=float)]
    with np.errstate(all="ignore"):  # past a divergence the path overflows to inf, as a loop that went on would
        while len(path) <= max_iters:
            path.append(path[0] * factor ** len(path))
        path = np.array(path)
        norms = np.linalg.norm(np.asarray(scales) * path, axis=1)
    diverged = ~np.all(np.isfinite(path), axis=1) | (np.max(np.abs(path), axis=1) > DIVERGENCE_BOUND)
    for k in range(max_iters):
        if norms[k] < tol:
            return path, k
        if diverged[k + 1]:
            return path, k + 1
    return path, max_iters


def run_minimize(student, theta0, scales, path, tol, max_iters, inplace=False):
    """Call the student's minimize with the stand-in gradient of 0.5 * sum(scales * theta**2)
    and a stand-in step function that replays path (theta0 first); return (proxy, reply)."""
    minimize = student.function(MINIMIZE)
    grad_fn = standin("quadratic_gradient", slot="grad_fn", scales=list(scales))
    return minimize, minimize.run(grad_fn, theta0, replayed_step(path, scales, inplace), tol=tol,
                                  max_iters=max_iters)


def expect_outcome(minimize, reply, theta, iterations, status, mistakes=(), default=HINTS.MINIMIZE):
    """minimize's (theta, iterations, status) must be the expected one, naming a known mistake
    when (iterations, status) matches it (mistakes: {explanation: (iterations, status)}), else the
    default hint; and every call of step_fn must have had the inputs minimize should pass (the
    theta and state it returned last, grad_fn at that theta, t)."""
    parts = expect_tuple(reply.value, OUTCOME, minimize.last)
    hint = diagnose.hint(parts[1:], dict(mistakes), default=default, expected=(iterations, status))
    expect_exact(parts[1:], (iterations, status), OUTCOME[1:], minimize.last,
                 "returned the wrong number of updates or the wrong status", hint)
    expect_close(parts[0], theta, minimize.last, SAME_STEPS, what="the final theta", hint=hint)
    problems = step_problems(reply.records.get("step_fn"), iterations)
    expect_true(problems == [], minimize.last, "called step_fn with inputs other than the loop's",
                expected="step_fn(theta, grad_fn(theta), state, t) with the theta and state step_fn returned last",
                got="; ".join(problems or ["no record of the calls"]), hint=HINTS.MINIMIZE)


def step_problems(record, iterations):
    """What was wrong with minimize's calls of step_fn, given its record (None if there is none) and the
    number of updates minimize should stop after: at most 5 texts, those of calls off the path up to that
    update, then a call past it. The stand-in's path goes on past the stop, so only the grader knows it."""
    if record is None:
        return None
    problems = [text for call, text in record["mismatches"] if call <= iterations]
    if record["calls"] > iterations:
        problems.append(f"call {iterations + 1} of step_fn, but minimize should have stopped after {iterations}")
    return problems[:5]


# ---------------------------------------------------------------------------
# dropout
# ---------------------------------------------------------------------------

def rng(seed):
    """A request for a numpy Generator seeded with seed, built in the worker."""
    return standin("rng", slot="rng", seed=seed)


def unit_values(count, seed):
    """count activations with no zeros, magnitudes in [0.5, 5], both signs."""
    generator = np.random.default_rng(seed)
    return generator.choice([-1.0, 1.0], count) * generator.uniform(0.5, 5.0, count)


def expect_shape(dropout, got, shape):
    return expect_array(got, shape, dropout.last, hint=HINTS.DROPOUT_SHAPE)


# The statistical tests of dropout: their designs, and the bounds tests/test_stats.py checks.

KEEP_P_DROP = 0.3


def keep_fraction_design(p_drop):
    """(units, lo, hi): the number of units and the acceptance interval of the kept count.

    A correct dropout keeps K ~ Binomial(units, 1 - p_drop) units; K falls outside [lo, hi]
    with probability at most FALSE_FAILURE (an exact binomial tail). units is the fewest
    for which a dropout that keeps each unit with probability p_drop (the rates swapped),
    or with a keep rate off by 0.1, lands inside [lo, hi] with probability at most
    FALSE_FAILURE too.
    """
    keep = 1 - p_drop
    units = stats.binomial_sample_size(keep, (p_drop, keep - 0.1, keep + 0.1), FALSE_FAILURE)
    lo, hi = stats.binomial_acceptance_interval(units, keep, FALSE_FAILURE)
    return units, lo, hi


def mean_design(p_drop, units, tolerance):
    """The number of draws per unit for the mean test, from Hoeffding's inequality.

    A correct dropout's out_i * (1 - p_drop) / h_i is 0 or 1, so over n draws of unit i,
    P(|mean_i - h_i| > tolerance * |h_i|) <= 2 exp(-2 n (tolerance (1 - p_drop))**2); with
    the union bound over the units, the test fails with probability at most FALSE_FAILURE.
    """
    return stats.hoeffding_sample_size(tolerance * (1 - p_drop), FALSE_FAILURE / units)


MEAN_P_DROP, MEAN_UNITS, MEAN_TOLERANCE = 0.3, 8, 0.1
# Known-wrong dropouts, as (explanation, keep probability, scale of the kept units) at p_drop = 0.3;
# mean_power_bound shows each passes the mean test with probability below 1e-9.
MEAN_MISTAKES = (
    (HINTS.SCALE_ONE_OVER_P, 1 - MEAN_P_DROP, 1 / MEAN_P_DROP),
    (HINTS.SCALE_KEEP, 1 - MEAN_P_DROP, 1 - MEAN_P_DROP),
    (HINTS.NOT_INVERTED, 1 - MEAN_P_DROP, 1.0),
    (HINTS.SWAPPED_KEEP, MEAN_P_DROP, 1 / (1 - MEAN_P_DROP)),
)


def mean_power_bound(draws, keep, scale):
    """Hoeffding's bound on the probability that a dropout keeping units with probability keep
    and scaling kept units by scale passes the mean test: out_i / h_i lies in [0, scale] with
    mean keep * scale, and passing needs its average within MEAN_TOLERANCE of 1."""
    shift = abs(keep * scale - 1) - MEAN_TOLERANCE
    return 1.0 if shift <= 0 else stats.hoeffding_tail(draws, shift, value_range=scale, two_sided=False)
