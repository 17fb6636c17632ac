"""Stand-ins do not tell a student's code what the grader expects of it."""
import importlib.util

import pytest

from autograder.batch import grade_one
from autograder.packaging.edits import build_edited
from tests.mutants import REFERENCE
from tests.test_grading import PROJECT
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


def load_gradcheck_standins():
    spec = importlib.util.spec_from_file_location("_standins_gradcheck_under_test",
                                                  PROJECT / "assignment" / "standins" / "gradcheck.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.STANDINS


def test_right_and_wrong_objectives_look_alike():
    standins = load_gradcheck_standins()
    built = [standins["quadratic"](), standins["cubic"](), standins["noisy_quadratic"](noise=1.0),
             standins["wrong_gradient"](index=[1, 2], delta=0.5)]
    assert len({type(f) for f in built}) == 1
    assert len({tuple(sorted(vars(f))) for f in built}) == 1


@pytest.mark.slow
def test_a_checker_that_inspects_its_objective_earns_nothing_for_it(tmp_path):
    build_edited(REFERENCE, [], tmp_path / "cheat")
    (tmp_path / "cheat" / "gradcheck.py").write_text(CHEATING_CHECKER)
    results = grade_one(str(tmp_path / "cheat"), str(tmp_path / "r.json"), ["--only", "gradcheck.py"])
    score, possible = points_by_function(results)["gradcheck.py:gradcheck_naive"]
    assert score < possible and results["extra_data"]["harness_errors"] == []
