"""Stand-ins hold no stopping point, and their records are the submission's data (red team, two kinds).

Kind 1: minimize's stand-in step function held the reference's path up to where the reference
stopped, so a minimize with no stopping rule that read len(step_fn.path) - 1 earned 8 of its 9
points. The path now runs for all of max_iters updates whatever the stop, and the grader, not the
stand-in, judges from the number of calls whether minimize stopped where it should.

Kind 2: a submission that overwrote a stand-in's record (step_fn.mismatches = [0]) made the
suite's code raise TypeError, which was reported as the grader's own failure. The grader now reads
a record only in the shape its stand-in file declares (RECORDS), and any other shape is the
submission's failure.

The hostile files are written here; each is appended to the reference's optim.py, overriding its minimize.
"""
import sys

import numpy as np
import pytest

from autograder.batch.grade_class import grade_one
from autograder.packaging.edits import build_edited
from autograder.sandbox import layout
from autograder.sandbox.replies import Unreadable, checked_records, fits
from autograder.sandbox.wire import StandInRef
from tests.mutants import REFERENCE
from tests.test_grading import PROJECT
from tests.test_mutants import points_by_function
from tests.test_standins_hold_no_answer import load

ASSIGNMENT = PROJECT / "assignment"
STANDIN_FILES = tuple(str(path) for path in sorted((ASSIGNMENT / "standins").glob("*.py")))

# No stopping rule: the number of updates is read off the stand-in's path (the red team's submission).
READS_THE_PATH = '''

def minimize(grad_fn, theta0, step_fn, tol=1e-3, max_iters=1000):
    path = getattr(step_fn, "path", None)
    updates = 0 if path is None else len(path) - 1
    theta, state = np.array(theta0, dtype=float), None
    for t in range(1, updates + 1):
        theta, state = step_fn(theta, grad_fn(theta), state, t)
    if not np.all(np.isfinite(theta)) or np.max(np.abs(theta)) > DIVERGENCE_BOUND:
        return theta, updates, "diverged"
    return theta, updates, "max_iters" if updates == max_iters else "converged"
'''

# The reference's minimize, after which the stand-ins' records are overwritten with values of other kinds.
SPOILS_THE_RECORDS = '''

_reference_minimize = minimize


def minimize(grad_fn, theta0, step_fn, tol=1e-3, max_iters=1000):
    outcome = _reference_minimize(grad_fn, theta0, step_fn, tol, max_iters)
    for name, value in (("mismatches", [0]), ("calls", "many"), ("steps", None)):
        try:
            setattr(step_fn, name, value)
        except Exception:
            pass
    try:
        grad_fn.evaluations = [1]
    except Exception:
        pass
    return outcome
'''


@pytest.fixture(scope="module")
def shared_optim():
    sys.path.insert(0, str(ASSIGNMENT))
    try:
        yield load("shared/optim.py", "_shared_optim_under_test")
    finally:
        sys.path.remove(str(ASSIGNMENT))


# ---------------------------------------------------------------------------
# Kind 1: the stand-in is the same whatever the stop
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("theta0, scales, lr, max_iters", [([1.0, -1.0], (1.0, 1.0), 0.5, 1000),
                                                           ([1.0, 1.0], (1000.0, 1.0), 0.1, 1000),
                                                           ([1.0, 1.0], (1000.0, 1.0), 0.0019, 30)])
def test_the_step_function_is_the_same_wherever_minimize_stops(shared_optim, theta0, scales, lr, max_iters):
    """Problems that stop at different updates (tol from 'at once' to 'never') get the very same stand-in."""
    requests, stops = [], set()
    for tol in (1e9, 0.3, 1e-3, 0.0):
        path, updates = shared_optim.sgd_path(theta0, scales, lr, max_iters, tol)
        requests.append(shared_optim.replayed_step(path, scales))
        stops.add(updates)
    assert len(stops) > 1
    first = requests[0].params
    assert all(len(r.params["path"]) == max_iters + 1 for r in requests)
    for request in requests[1:]:
        assert set(request.params) == set(first)
        for name, value in request.params.items():
            assert np.array_equal(np.asarray(value), np.asarray(first[name]), equal_nan=True), name


def test_the_grader_judges_where_minimize_stopped(shared_optim):
    """A call past the stop is the grader's finding; the stand-in's own mismatches after it do not count."""
    record = {"calls": 4, "mismatches": [[2, "call 2 of step_fn got t = 0, not 2"], [4, "call 4 ..."]]}
    assert shared_optim.step_problems(record, 3) == ["call 2 of step_fn got t = 0, not 2",
                                                     "call 4 of step_fn, but minimize should have stopped after 3"]
    assert shared_optim.step_problems({"calls": 3, "mismatches": []}, 3) == []
    assert shared_optim.step_problems(None, 3) is None


# ---------------------------------------------------------------------------
# Kind 2: records in the declared shapes only
# ---------------------------------------------------------------------------

def test_every_reporting_standin_declares_its_record():
    shapes = layout.standin_records(STANDIN_FILES)
    for path in STANDIN_FILES:
        module = load(f"standins/{path.rsplit('/', 1)[1]}", "_records_" + path.rsplit("/", 1)[1][:-3])
        for name, factory in module.STANDINS.items():
            if hasattr(factory, "report"):
                assert name in shapes, f"{path}: stand-in {name!r} reports a record but declares no RECORDS entry"
    assert "watched_array" in shapes  # reported by its type (common.py's REPORTS), not by a method


def test_a_replayed_steps_report_fits_its_declared_shape():
    shapes = layout.standin_records(STANDIN_FILES)
    replayed = load("standins/optim.py", "_records_optim").STANDINS["replayed_step"]
    step = replayed(path=[[1.0], [0.5], [0.25]], gradients=[[1.0], [0.5]], states=[7, 8])
    step(np.array([1.0]), np.array([1.0]), None, 1)
    step(np.array([3.0]), np.array([1.0]), 7, np.int64(2))
    report = step.report()
    assert report["calls"] == 2 and report["mismatches"][0][0] == 2
    assert all(fits(report[field], kind) for field, kind in shapes["replayed_step"].items())


SPOILT = ({"__not": "declared"}, [{"a": 1}], "text", None, [[0]])  # no field of any stand-in holds all of these


@pytest.mark.parametrize("name", sorted(layout.standin_records(STANDIN_FILES)))
def test_a_record_of_another_shape_is_the_submissions_failure(name):
    fields = layout.standin_records(STANDIN_FILES)[name]
    request = StandInRef(name, slot="slot")
    for field, kind in fields.items():
        for value in SPOILT:
            if fits(value, kind):
                continue
            record = {other: None for other in fields} | {field: value}
            with pytest.raises(Unreadable, match="changed the record that the grader's stand-in 'slot' keeps"):
                checked_records({"slot": record}, [request], "the call", {name: fields})
    with pytest.raises(Unreadable):  # a field more, or one less, than the stand-in reports
        checked_records({"slot": {"extra": 1}}, [request], "the call", {name: fields})
    with pytest.raises(Unreadable):
        checked_records({"slot": [1]}, [request], "the call", {name: fields})


# ---------------------------------------------------------------------------
# Both, graded
# ---------------------------------------------------------------------------

def graded(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("records") / "submission"
    build_edited(REFERENCE, [], folder)
    (folder / "optim.py").write_text((REFERENCE / "optim.py").read_text() + text)
    return grade_one(str(folder), str(folder.parent / "results.json"), {"only": ["optim.py"], "profile": "quick"})


@pytest.mark.slow
def test_reading_the_path_earns_only_the_max_iters_point(tmp_path_factory):
    """Its updates are max_iters on every path now: right only where minimize should run them all."""
    results = graded(tmp_path_factory, READS_THE_PATH)
    assert results["extra_data"]["harness_errors"] == []
    passed = [t["name"] for t in results["tests"] if t["tags"][0] == "optim.py:minimize" and t["score"] > 0]
    assert all(name.startswith("minimize: stops with status 'max_iters'") for name in passed), passed


@pytest.mark.slow
def test_spoilt_records_fail_the_submission_not_the_grader(tmp_path_factory):
    results = graded(tmp_path_factory, SPOILS_THE_RECORDS)
    assert results["extra_data"]["harness_errors"] == []
    minimize = [t for t in results["tests"] if t["tags"][0] == "optim.py:minimize"]
    assert minimize and all(t["score"] == 0 for t in minimize if "counts only together" not in t["output"])
    assert any("changed the record that the grader's stand-in 'step_fn' keeps" in t["output"] for t in minimize)
    score, possible = points_by_function(results)["optim.py:dropout"]
    assert score == possible > 0
