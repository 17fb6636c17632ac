"""Public checks of sgd.py:sgd, run on stand-in objectives.

The objective and the postprocessing function are stand-ins in the
worker (standins/sgd.py) that record the points they were called at, so
a test sees every step. sgd is always called with all seven arguments,
positionally: sgd(f, x0, step, iterations, postprocessing, useSaved, PRINT_EVERY).
"""
import numpy as np

from autograder.checks import (
    SAME_STEPS,
    SubmissionProblem,
    Tolerance,
    counts_with,
    expect_close,
    expect_true,
    graded,
    standin,
)

from hints import sgd as HINTS
from shared import sgd as SHARED

SGD = "sgd.py:sgd"
QUIET = 10 ** 9  # PRINT_EVERY that never prints
OFFICIAL_CHECK = Tolerance(rtol=0.0, atol=1e-6)  # the handout's "within 1e-6 of 0"


def objective(kind="quadratic", **params):
    return standin("sgd_objective", slot="f", kind=kind, **params)


def record(reply, slot="f"):
    return reply.records.get(slot, {})


def expect_evaluations(sgd, reply, count, hint=None):
    """The objective must have been evaluated count times, once per iteration."""
    evaluations = record(reply).get("evaluations", 0)
    expect_true(evaluations == count, sgd.last, "evaluated f a wrong number of times",
                expected=f"{count} evaluations (one per iteration)", got=f"{evaluations}", hint=hint)


@graded(2, "4.20", SGD)
def test_one_step(student):
    """one iteration is x1 = x0 - step * grad(x0)"""
    sgd = student.function(SGD)
    x0 = np.array([1.0, -2.0, 0.5])
    reply = sgd.run(objective(), x0, 0.1, 1, None, False, QUIET)
    got = record(reply)
    expect_true(got.get("evaluations", 0) >= 1, sgd.last, "never called f",
                hint="each iteration starts with loss, grad = f(x)")
    up = np.allclose(np.asarray(reply.value, dtype=float), x0 + 0.2 * x0)
    hint = HINTS.STEP_UP if up else HINTS.STEP_DOWN
    expect_close(reply.value, x0 - 0.1 * 2 * x0, sgd.last, what="x after one iteration", hint=hint)


@graded(1, "4.21", SGD)
def test_iteration_count(student):
    """runs exactly `iterations` steps, one evaluation of f each"""
    sgd = student.function(SGD)
    x0 = np.array([3.0, -1.0])
    reply = sgd.run(objective(), x0, 0.05, 7, None, False, QUIET)
    expect_evaluations(sgd, reply, 7, HINTS.ONE_EVALUATION)
    expect_close(reply.value, x0 * 0.9 ** 7, sgd.last, what="x after 7 iterations",
                 hint="the loop runs for iter in range(start_iter + 1, iterations + 1)")


@graded(1, "4.22", SGD)
def test_postprocessing_after_every_step(student):
    """postprocessing is applied to x after each update, and f sees its result"""
    sgd = student.function(SGD)
    x0 = np.array([2.0, -4.0])
    post = standin("sgd_postprocessing", slot="post", factor=0.5)
    reply = sgd.run(objective(), x0, 0.1, 3, post, False, QUIET)
    points, inputs = record(reply).get("points", []), record(reply, "post").get("inputs", [])
    expect_true(len(inputs) == 3, sgd.last, "called postprocessing a wrong number of times",
                expected="3 calls (once per iteration)", got=f"{len(inputs)} calls")
    # On the stand-in's sum(x^2) a step of 0.1 multiplies x by 0.8, and the postprocessing halves it:
    # f sees 0.4**k x0 at iteration k + 1, and postprocessing gets 0.8 * 0.4**k x0.
    expected_points = np.array([0.4 ** k * x0 for k in range(3)])
    expect_close(np.array(inputs), 0.8 * expected_points, sgd.last, what="the inputs of postprocessing",
                 hint=HINTS.POSTPROCESSING_ORDER)
    expect_close(np.array(points), expected_points, sgd.last, what="the points f was called at",
                 hint="f is called at the postprocessed x of the previous iteration")
    expect_close(reply.value, 0.4 ** 3 * x0, sgd.last, what="the returned x", hint="return the postprocessed x")


@graded(1, "4.23", SGD)
@counts_with("public/test_sgd.py::test_one_step")  # its answer is 0, which a function returning zeros hits
def test_official_check(student):
    """the handout's sanity check: sum(x^2) from 0.5, 0.0 and -1.5 ends within 1e-6 of 0"""
    sgd = student.function(SGD)
    for x0 in (0.5, 0.0, -1.5):
        got = sgd(objective(), x0, 0.01, 1000, None, False, 100)
        expect_close(got, 0.0, sgd.last, OFFICIAL_CHECK, what="the minimiser", hint=HINTS.STEP_DOWN)


@graded(0, "4.24", SGD)
def test_leaves_x0(student):
    """advice: does not change the caller's x0 (the original handouts' provided x = x0 did; 0 points)"""
    sgd = student.function(SGD)
    x0 = np.array([1.0, 2.0, -3.0])
    reply = sgd.run(objective(), standin("watched_array", slot="x0", values=x0), 0.1, 5, None, False, QUIET)
    expect_close(record(reply, "x0").get("values"), x0, sgd.last, what="x0 after the call", hint=HINTS.LEAVE_X0)


@graded(1, "4.25", SGD)
def test_step_halves_every_anneal_every(student):
    """the step is halved after ANNEAL_EVERY (20000) iterations"""
    sgd = student.function(SGD)
    reply = sgd.run(objective("linear", slope=1.0), np.array([0.0]), 1e-3, 20004, None, False, QUIET)
    expect_evaluations(sgd, reply, 20004)
    expect_close(reply.value, [-(20000 * 1e-3 + 4 * 0.5e-3)], sgd.last, SAME_STEPS,
                 what="x after 20004 steps down a constant gradient of 1", hint=HINTS.ANNEAL)


def checkpoint_layouts(sgd):
    """The checkpoint layouts sgd may read, its own handout's first: "npy" (np.save and a pickled random
    state, CS224n 2019 on) and, where sgd was found as q3_sgd.py, "pickle" (one file of two pickles,
    parameters then random state, as the CS224d 2016 / CS224n 2017 handouts' save_params wrote it).
    Learned from one short call, which any sgd must survive."""
    reply = sgd.run(objective(), np.zeros(1), 0.1, 1, None, False, QUIET)
    return ("pickle", "npy") if (reply.resolved or "").startswith("q3_sgd.py:") else ("npy",)


def resume(sgd, layout, saved, step):
    """sgd's reply to 3 iterations from a checkpoint of `saved` (2,) at iteration 20000, in this layout."""
    f = standin("sgd_resume_objective", slot="f", start=20000, saved=saved.tolist(), layout=layout)
    return sgd.run(f, np.zeros(2), step, 20003, None, True, QUIET)


def expect_resumed(sgd, layout, saved, step):
    reply = resume(sgd, layout, saved, step)
    got = record(reply)
    first = got.get("points", [None])[0] if got.get("points") else None
    expect_true(got.get("evaluations") == 3 and first is not None and np.allclose(first, saved), sgd.last,
                f"did not resume from the checkpoint saved at iteration 20000 ({HINTS.LAYOUTS[layout]})",
                expected=f"3 evaluations of f, the first at the saved parameters {saved.tolist()}",
                got=f"{got.get('evaluations')} evaluations, the first at {first}",
                hint=HINTS.RESUME)
    expect_close(reply.value, saved * (1 - step) ** 3, sgd.last, what="x after resuming for 3 iterations",
                 hint=HINTS.RESUME_ANNEAL)


@graded(1, "4.26", SGD)
@counts_with("public/test_sgd.py::test_one_step")
def test_resumes_from_saved_parameters(student):
    """with useSaved=True, resumes from the newest checkpoint (its handout's layout) with the step annealed"""
    sgd = student.function(SGD)
    saved, step = np.array([2.0, -4.0]), 0.1
    first = None
    for layout in checkpoint_layouts(sgd):  # its own handout's layout, then the current one
        try:
            return expect_resumed(sgd, layout, saved, step)
        except (AssertionError, SubmissionProblem) as problem:
            if SHARED.reads_pickle_as_text(problem):
                return  # the handout's provided helper as the conversion left it: not the student's (advice 4.27)
            first = first or problem
    raise first


@graded(0, "4.27", SGD)
def test_reads_the_checkpoint_in_binary_mode(student):
    """advice: the checkpoint is opened in binary mode (the 2016/2017 provided helper, converted, opens it as text)"""
    sgd = student.function(SGD)
    try:
        resume(sgd, checkpoint_layouts(sgd)[0], np.array([2.0, -4.0]), 0.1)
    except SubmissionProblem as problem:
        expect_true(not SHARED.reads_pickle_as_text(problem), sgd.last,
                    "could not read its checkpoint: a pickle opened in text mode", got=str(problem)[:600],
                    hint=HINTS.BINARY_PICKLE)
