"""Stand-ins' records are the submission's data (red team).

A submission that overwrote a stand-in's record (step_fn.mismatches = [0]) made the
suite's code raise TypeError, which was reported as the grader's own failure. The grader now reads
a record only in the shape its stand-in file declares (RECORDS), and any other shape is the
submission's failure.

The hostile file is written here; it is appended to the reference's optim.py, overriding its minimize.
"""
import importlib.util

import pytest

from autograder.batch.grade_class import grade_one
from autograder.packaging.edits import build_edited
from autograder.sandbox import layout
from autograder.sandbox.replies import Unreadable, checked_records, fits
from autograder.sandbox.wire import StandInRef
from tests.mutants import REFERENCE
from tests.test_grading import PROJECT
from tests.test_mutants import points_by_function

ASSIGNMENT = PROJECT / "assignment"
STANDIN_FILES = tuple(str(path) for path in sorted((ASSIGNMENT / "standins").glob("*.py")))

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


def load(relative, name):
    spec = importlib.util.spec_from_file_location(name, ASSIGNMENT / relative)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
def test_spoilt_records_fail_the_submission_not_the_grader(tmp_path_factory):
    results = graded(tmp_path_factory, SPOILS_THE_RECORDS)
    assert results["extra_data"]["harness_errors"] == []
    minimize = [t for t in results["tests"] if t["tags"][0] == "optim.py:minimize"]
    assert minimize and all(t["score"] == 0 for t in minimize if "counts only together" not in t["output"])
    assert any("changed the record that the grader's stand-in 'step_fn' keeps" in t["output"] for t in minimize)
    score, possible = points_by_function(results)["optim.py:dropout"]
    assert score == possible > 0
