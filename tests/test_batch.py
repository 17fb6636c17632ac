"""Batch grading: one submission that hangs or crashes the grader never stops the others."""
import json

from autograder.batch import grade_one
from tests.mutants import REFERENCE


def test_a_grading_past_its_timeout_is_recorded_as_the_graders_failure(tmp_path):
    results = grade_one(str(REFERENCE), str(tmp_path / "r.json"), ["--only", "softmax.py"], timeout=0.2)
    assert results["score"] == 0 and "did not finish within 0.2 s" in results["output"]
    assert json.loads((tmp_path / "r.json").read_text()) == results
    assert results["extra_data"]["harness_errors"]


def test_a_crashing_grader_is_recorded_with_its_error(tmp_path):
    results = grade_one(str(REFERENCE), str(tmp_path / "r.json"), ["--no-such-option"])
    assert results["score"] == 0 and "exited with status 2" in results["output"]
    assert "--no-such-option" in results["output"]
