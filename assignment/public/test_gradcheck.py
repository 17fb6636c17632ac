"""Public checks of gradcheck.py:gradcheck_naive, run on harness functions.

The checker gets stand-in functions (built in the worker from standins.py):
right gradients it must accept and wrong ones it must reject. What it prints
is its verdict.
"""
import numpy as np
from gradescope_utils.autograder_utils.decorators import number, tags, weight

from autograder.checks import expect_true
from autograder.sandbox.wire import StandInRef

GRADCHECK = "gradcheck.py:gradcheck_naive"
PASSED = "Gradient check passed"
FAILED = "Gradient check failed"


def verdict(gradcheck, objective, x):
    """Run the student's checker; return (what it printed, the objective's record)."""
    reply = gradcheck.run(objective, x)
    return reply.stdout, reply.records.get(objective.slot, {})


def expect_verdict(gradcheck, printed, passed, hint):
    wanted, unwanted = (PASSED, FAILED) if passed else (FAILED, PASSED)
    expect_true(wanted in printed and unwanted not in printed, gradcheck.last,
                f"printed the wrong verdict for a function whose gradient is {'right' if passed else 'wrong'}",
                expected=f"output containing {wanted!r}", got=repr(printed[:500]), hint=hint)


@weight(1)
@number("3.1")
@tags(GRADCHECK)
def test_accepts_right_gradients(student):
    """passes a quadratic at a 0-d array, a vector and a matrix"""
    gradcheck = student.function(GRADCHECK)
    rng = np.random.default_rng(3)
    for x in (np.array(123.456), rng.standard_normal(3), rng.standard_normal((4, 5))):
        printed, _ = verdict(gradcheck, StandInRef("quadratic", slot="f"), x)
        expect_verdict(gradcheck, printed, True,
                       "numgrad = (f(x + h) - f(x - h)) / (2h) with h = 1e-4, one entry at a time")


@weight(1)
@number("3.2")
@tags(GRADCHECK)
def test_rejects_one_wrong_entry_of_a_matrix(student):
    """reports the one wrong entry of a 2-D gradient, with its index"""
    gradcheck = student.function(GRADCHECK)
    x = np.random.default_rng(4).standard_normal((3, 4))
    printed, _ = verdict(gradcheck, StandInRef("wrong_gradient", slot="f", index=[1, 2], delta=0.5), x)
    expect_verdict(gradcheck, printed, False, "compare every entry, including all columns of a 2-D x")
    expect_true("(1, 2)" in printed, gradcheck.last, "did not name the index of the wrong entry",
                expected="output containing the index (1, 2)", got=repr(printed[:500]),
                hint="print the multi-index of the first entry that fails, as the handout does")


@weight(1)
@number("3.3")
@tags(GRADCHECK)
def test_restores_random_state(student):
    """passes a right gradient of a function that draws from Python's random"""
    gradcheck = student.function(GRADCHECK)
    x = np.random.default_rng(5).standard_normal((2, 3))
    printed, _ = verdict(gradcheck, StandInRef("noisy_quadratic", slot="f", noise=1.0), x)
    expect_verdict(gradcheck, printed, True,
                   "save random.getstate() once and call random.setstate() before EVERY evaluation of f")


@weight(1)
@number("3.4")
@tags(GRADCHECK)
def test_uses_centred_differences(student):
    """passes a right gradient of a curved function (a one-sided difference does not)"""
    gradcheck = student.function(GRADCHECK)
    x = np.array([[0.5, 1.0, 1.5], [2.0, 1.2, 0.8]])
    printed, _ = verdict(gradcheck, StandInRef("cubic", slot="f"), x)
    expect_verdict(gradcheck, printed, True,
                   "use the centred difference (f(x + h) - f(x - h)) / (2h) with h = 1e-4 and the relative "
                   "error |num - grad| / max(1, |num|, |grad|) against 1e-5")


@weight(1)
@number("3.5")
@tags(GRADCHECK)
def test_perturbs_one_entry_at_a_time(student):
    """evaluates f at x moved in one entry at a time, and restores x"""
    gradcheck = student.function(GRADCHECK)
    x = np.random.default_rng(6).standard_normal((2, 3))
    _, record = verdict(gradcheck, StandInRef("quadratic", slot="f"), x)
    points = record.get("points", [])
    moved = [int(np.sum(np.asarray(p) != x)) for p in points]
    expect_true(len(points) >= 2 * x.size and all(m <= 1 for m in moved), gradcheck.last,
                "evaluated f at points that differ from x in more than one entry (or too few points)",
                expected=f"at least {2 * x.size} evaluations, each at most one entry away from x",
                got=f"{record.get('evaluations')} evaluations; entries moved per recorded point: {moved}",
                hint="after perturbing x[ix], set it back to its original value before moving to the next entry")
