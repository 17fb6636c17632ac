"""Assignments are selections of the manifest's functions (tests/toy/manifest.json's
"assignments"): only the selected functions' tests run, with the selection's weights."""
from pathlib import Path

import pytest

from autograder.assignment import Assignment, AssignmentError
from autograder.batch.grade_class import grade_one
from tests.conftest import QUICK
from tests.mutants import REFERENCE as MUTANT_REFERENCE
from tests.toy_grading import REFERENCE, TOY, grade, toy_copy

# One xdist group: the module's fixture grades once, on one worker.
pytestmark = pytest.mark.xdist_group("test_selections")

ASSIGNMENT = Path(__file__).resolve().parents[1] / "assignment"


@pytest.fixture(scope="module")
def doubling(tmp_path_factory):
    out = tmp_path_factory.mktemp("doubling")
    return grade(TOY, REFERENCE, out / "results.json", "--assignment", "doubling", "--profile", "quick")


def test_only_the_selected_functions_are_graded_and_shown(doubling):
    results, report = doubling
    assert {t["tags"][0] for t in results["tests"]} == {"double.py:double"}
    assert "count" not in report
    assert results["score"] == sum(t["max_score"] for t in results["tests"])


def test_the_selections_weights_multiply_the_points(doubling, tmp_path):
    full, _ = grade(TOY, REFERENCE, tmp_path / "results.json", "--profile", "quick")
    points = {t["number"]: t["max_score"] for t in full["tests"]}
    assert {t["number"]: t["max_score"] for t in doubling[0]["tests"]} == {
        number: 2 * points[number] for number in points if number in {t["number"] for t in doubling[0]["tests"]}}


def test_the_selections_title_names_the_report(doubling):
    assert "Doubling only" in doubling[1]


def test_the_default_assignment_grades_every_function():
    assignment = Assignment(str(TOY))
    assert (assignment.selection, set(assignment.functions)) == ("both", {"double.py:double", "count.py:count_calls"})


def test_an_unknown_name_lists_the_valid_ones(tmp_path):
    results, _ = grade(TOY, REFERENCE, tmp_path / "results.json", "--assignment", "dubling", status=2)
    assert "there is no assignment 'dubling'" in results["output"]
    assert "choose one of: both, doubling" in results["output"]
    assert results["output"].count(". ") == 0  # one sentence


def test_a_selection_of_an_unknown_component_is_refused(tmp_path):
    folder = toy_copy(tmp_path / "toy", manifest={"assignments": {"x": {"components": ["tripling"]}}})
    with pytest.raises(AssignmentError, match="'tripling' in the assignment 'x' is neither a component"):
        Assignment(str(folder), "x")


def test_only_files_outside_the_selection_are_unknown(tmp_path):
    results, _ = grade(TOY, REFERENCE, tmp_path / "results.json", "--assignment", "doubling", "--only", "count.py",
                       status=2)
    assert "the graded files are double.py" in results["output"]


@pytest.mark.slow
def test_cs224d_pset1_of_the_reference_gets_full_marks_of_its_own_functions(tmp_path):
    results = grade_one(str(MUTANT_REFERENCE), str(tmp_path / "r.json"), {"assignment": "cs224d-pset1", **QUICK})
    graded = {t["tags"][0] for t in results["tests"]}
    assert graded == set(Assignment(str(ASSIGNMENT), "cs224d-pset1").functions)
    assert not any(f.startswith(("optim.py:", "sigmoid.py:relu")) for f in graded)
    assert results["score"] == sum(t["max_score"] for t in results["tests"]) > 0
