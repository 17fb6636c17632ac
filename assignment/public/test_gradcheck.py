"""Public checks of gradcheck.py:gradcheck_naive, run on stand-in functions.

The checker gets stand-in functions (built in the worker from standins/gradcheck.py,
their data from shared/gradcheck.py:objective): right gradients it must accept and
wrong ones it must reject, among them right ones of a function whose values are large
(where an absolute error rejects them) and wrong ones off by a relative error of 0.2%
(which a threshold looser than the handout's 1e-5 accepts). What it prints is its verdict.
"""
import numpy as np

from autograder.checks import ROUND_OFF, counts_with, expect_true, graded, standin

from hints import gradcheck as HINTS
from shared import gradcheck as SHARED

GRADCHECK = "gradcheck.py:gradcheck_naive"
PASSED = "Gradient check passed"
FAILED = "Gradient check failed"


def expect_verdict(student, objective, x, passed, hint):
    """Run the student's checker on the stand-in objective at x; it must print the verdict
    `passed`. Returns (the proxy, what it printed, the objective's record)."""
    gradcheck = student.function(GRADCHECK)
    reply = gradcheck.run(objective, x)
    wanted, unwanted = (PASSED, FAILED) if passed else (FAILED, PASSED)
    expect_true(wanted in reply.stdout and unwanted not in reply.stdout, gradcheck.last,
                f"printed the wrong verdict for a function whose gradient is {'right' if passed else 'wrong'}",
                expected=f"output containing {wanted!r}", got=repr(reply.stdout[:500]), hint=hint)
    return gradcheck, reply.stdout, reply.records.get(objective.slot, {})


@graded(1, "3.1", GRADCHECK)
@counts_with("public/test_gradcheck.py::test_rejects_one_wrong_entry_of_a_matrix")
def test_accepts_right_gradients(student):
    """passes a quadratic at a 0-d array, a vector and a matrix"""
    rng = np.random.default_rng(3)
    for seed, x in enumerate((np.array(123.456), rng.standard_normal(3), rng.standard_normal((4, 5)))):
        expect_verdict(student, standin("objective", slot="f", **SHARED.objective(x, seed)), x, True, HINTS.GRADCHECK)


@graded(1, "3.2", GRADCHECK)
def test_rejects_one_wrong_entry_of_a_matrix(student):
    """reports the one wrong entry of a 2-D gradient, with its index"""
    x = np.random.default_rng(4).standard_normal((3, 4))
    f = standin("objective", slot="f", **SHARED.objective(x, 4, index=(1, 2), add=0.5))
    gradcheck, printed, _ = expect_verdict(student, f, x, False, HINTS.EVERY_ENTRY)
    expect_true(SHARED.names_index(printed, (1, 2)), gradcheck.last, "did not name the index of the wrong entry",
                expected="output containing the index (1, 2)", got=repr(printed[:500]), hint=HINTS.NAME_INDEX)


@graded(1, "3.3", GRADCHECK)
@counts_with("public/test_gradcheck.py::test_rejects_one_wrong_entry_of_a_matrix")
def test_restores_random_state(student):
    """passes a right gradient of a function that draws from Python's random"""
    x = np.random.default_rng(5).standard_normal((2, 3))
    expect_verdict(student, standin("objective", slot="f", **SHARED.objective(x, 5, noise=1.0)), x, True,
                   HINTS.RANDOM_STATE)


@graded(1, "3.4", GRADCHECK)
@counts_with("public/test_gradcheck.py::test_rejects_one_wrong_entry_of_a_matrix")
def test_uses_centred_differences(student):
    """passes a right gradient of a curved function (a one-sided difference does not)"""
    x = np.array([[0.5, 1.0, 1.5], [2.0, 1.2, 0.8]])
    f = standin("objective", slot="f", **SHARED.objective(x, 7, quadratic=(0.0, 0.0), cubic=(0.5, 2.0)))
    expect_verdict(student, f, x, True, HINTS.GRADCHECK)


@graded(1, "3.5", GRADCHECK)
def test_perturbs_one_entry_at_a_time(student):
    """evaluates f at x moved in one entry at a time, and restores x (up to round-off: x[ix] += h; -= 2h; += h)"""
    gradcheck = student.function(GRADCHECK)
    x = np.random.default_rng(6).standard_normal((2, 3))
    record = gradcheck.run(standin("objective", slot="f", **SHARED.objective(x, 6)), x).records.get("f", {})
    points = record.get("points", [])
    moved = [int(np.sum(~np.isclose(p, x, rtol=ROUND_OFF.rtol, atol=ROUND_OFF.atol))) if np.shape(p) == x.shape
             else x.size for p in points]
    expect_true(len(points) >= 2 * x.size and all(m <= 1 for m in moved), gradcheck.last,
                "evaluated f at points that differ from x in more than one entry (or too few points)",
                expected=f"at least {2 * x.size} evaluations, each at most one entry away from x "
                         f"(entries within rtol={ROUND_OFF.rtol:g}, atol={ROUND_OFF.atol:g} of x count as restored)",
                got=f"{record.get('evaluations')} evaluations; entries moved per recorded point: {moved}",
                hint=HINTS.RESTORE_ENTRY)


@graded(1, "3.6", GRADCHECK)
@counts_with("public/test_gradcheck.py::test_rejects_one_wrong_entry_of_a_matrix")
def test_accepts_right_gradients_of_large_values(student):
    """passes a right gradient of a function whose values and gradients are large (|grad| above 1e4), where an
    absolute error |num - grad| of about 1e-4 is the centred difference's own error, not a wrong gradient"""
    x = np.array([[1.5, -2.0, 2.5], [-1.2, 3.0, -1.8]])
    f = standin("objective", slot="f", **SHARED.objective(x, 8, quadratic=(0.0, 0.0), cubic=(1e4, 2e4)))
    expect_verdict(student, f, x, True, HINTS.RELATIVE)


@graded(1, "3.7", GRADCHECK)
@counts_with("public/test_gradcheck.py::test_accepts_right_gradients")
def test_rejects_a_small_relative_error(student):
    """rejects a gradient 0.2% too large in one entry (|grad| above 3): a relative error of 2e-3, above the
    handout's threshold of 1e-5"""
    x = np.array([[3.5, -4.0, 5.0, -3.2], [4.4, -5.5, 3.1, 4.8]])
    f = standin("objective", slot="f", **SHARED.objective(x, 9, index=(1, 2), factor=1.002))
    expect_verdict(student, f, x, False, HINTS.THRESHOLD)
