"""Every buggy submission of the corpus loses points on its own function and
nowhere else.

A mutant changes one student file, and no reference file imports another
student file (test_student_files_are_independent), so the other files grade
exactly as the reference does, which test_grading shows is full marks. Each
mutant is therefore graded with `--only <its file>`: every function of that
file must keep full marks except the one the mutant breaks.
"""
import ast
import collections

import pytest

from autograder.batch import grade_all
from tests.mutants import REFERENCE, all_mutants

MUTANTS = all_mutants()


def points_by_function(results):
    table = collections.defaultdict(lambda: [0.0, 0.0])
    for test in results["tests"]:
        table[test["tags"][0]][0] += test["score"]
        table[test["tags"][0]][1] += test["max_score"]
    return table


@pytest.fixture(scope="session")
def graded(tmp_path_factory):
    """Results of every mutant, graded in parallel once per session."""
    root = tmp_path_factory.mktemp("mutants")
    folders = {}
    for m in MUTANTS:
        m.build(root / m.name)
        folders[m.name] = str(root / m.name)
    by_name = {m.name: m for m in MUTANTS}
    return grade_all(folders, str(root / "results"), options_for=lambda name: ["--only", by_name[name].file])


def test_corpus_is_large_enough():
    assert len(MUTANTS) >= 12


@pytest.mark.parametrize("m", MUTANTS, ids=lambda m: m.name)
def test_mutant_loses_points_on_its_function_only(graded, m):
    results = graded[m.name]
    assert results["tests"], results["output"]
    table = points_by_function(results)
    for function_id in m.loses:
        assert function_id in table, f"no graded test covers {function_id}"
        score, maximum = table[function_id]
        assert score < maximum, f"{m.name} kept full marks on {function_id}"
    collateral = [t for t in results["tests"] if t["tags"][0] not in m.loses and t["status"] == "failed"]
    assert not collateral, f"{m.name} also lost points on: " + "\n".join(
        f"{t['name']}: {t['output']}" for t in collateral)


def test_student_files_are_independent():
    student_modules = {path.stem for path in REFERENCE.glob("*.py")}
    for path in REFERENCE.glob("*.py"):
        imported = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
        assert not (imported & student_modules) - {path.stem}, f"{path.name} imports another student file"


def test_hanging_mutant_is_told_it_timed_out(graded):
    outputs = [t["output"] for t in graded["neg_distinct_negatives_hang"]["tests"] if t["status"] == "failed"]
    assert any("did not finish within" in output for output in outputs), outputs
