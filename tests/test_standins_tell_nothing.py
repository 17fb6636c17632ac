"""Stand-ins do not tell a student's code what the grader expects of it."""
import pytest

from autograder.batch.grade_class import grade_one
from autograder.packaging.edits import build_edited
from tests.mutants import REFERENCE
from tests.test_mutants import points_by_function

CHEATING_CHECKER = '''
def gradcheck_naive(f, x):
    hints = type(f).__name__ + " " + " ".join(vars(f))
    if "Wrong" in hints or "index" in hints or "delta" in hints:
        print("Gradient check failed.")
        print("First gradient error found at index (1, 2)")
        return
    print("Gradient check passed!")
'''


@pytest.mark.slow
def test_a_checker_that_inspects_its_objective_earns_nothing_for_it(tmp_path):
    build_edited(REFERENCE, [], tmp_path / "cheat")
    (tmp_path / "cheat" / "gradcheck.py").write_text(CHEATING_CHECKER)
    results = grade_one(str(tmp_path / "cheat"), str(tmp_path / "r.json"), {"only": ["gradcheck.py"]})
    score, possible = points_by_function(results)["gradcheck.py:gradcheck_naive"]
    assert score < possible and results["extra_data"]["harness_errors"] == []


# Changes its argument in place, then makes every watched array report the values it had before.
IN_PLACE_WITH_A_FORGED_REPORT = '''
import numpy as np

def normalizeRows(x):
    before = np.array(x)
    if type(x) is not np.ndarray:
        type(x).report = lambda self: {"values": before}
    x /= np.sqrt(np.sum(x ** 2, axis=1, keepdims=True))
    return x
'''


@pytest.mark.slow
def test_a_forged_report_does_not_hide_an_argument_changed_in_place(tmp_path):
    """What the watched array reports is taken by the worker's own code, captured before any
    student code ran: replacing the stand-in's report() changes nothing."""
    build_edited(REFERENCE, [], tmp_path / "forged")
    word2vec = tmp_path / "forged" / "word2vec.py"
    source = word2vec.read_text()
    word2vec.write_text(source.replace("def normalizeRows(", "def _reference_normalizeRows(", 1)
                        + IN_PLACE_WITH_A_FORGED_REPORT)
    results = grade_one(str(tmp_path / "forged"), str(tmp_path / "r.json"),
                        {"only": ["word2vec.py"], "profile": "quick"})
    values, = [t for t in results["tests"] if "scales each row to unit length" in t["name"]]
    leaves_input, = [t for t in results["tests"] if "does not change its argument" in t["name"]]
    assert values["score"] == values["max_score"] and leaves_input["score"] == 0, leaves_input
    assert results["extra_data"]["harness_errors"] == []
