"""Written answers that are no formula earn nothing: answers.py with every function
returning None, a constant, its first argument, or the number it should give for
the handout's sizes (the first known answer of each function) scores 0 on every
function of answers.py."""
import ast
import collections
import json

import pytest

from autograder.batch.grade_class import grade_all
from tests.conftest import QUICK, grading_jobs
from tests.mutants import REFERENCE

# One xdist group: the module's fixture grades every stub once, on one worker.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("test_answers_degenerate")]

FIXTURE = REFERENCE.parent / "assignment" / "fixtures" / "answers_known_answers.json"
KINDS = ("none", "constant", "first_argument", "memorised")


def degenerate_answers(kind):
    """answers.py with the reference's signatures and one degenerate body for every function."""
    handout = {name: cases[0]["expected"] for name, cases in json.loads(FIXTURE.read_text()).items()
               if not name.startswith("_")}
    functions = [node for node in ast.parse((REFERENCE / "answers.py").read_text()).body
                 if isinstance(node, ast.FunctionDef)]
    source = "import numpy as np\n"
    for function in functions:
        value = {"none": "None", "constant": "1", "first_argument": function.args.args[0].arg,
                 "memorised": f"np.array({handout[function.name]!r})[()]"}[kind]
        source += f"\n\ndef {function.name}({ast.unparse(function.args)}):\n    return {value}\n"
    return source


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("degenerate_answers")
    folders = {}
    for kind in KINDS:
        (root / kind).mkdir()
        for path in REFERENCE.glob("*.py"):
            (root / kind / path.name).write_text(path.read_text())
        (root / kind / "answers.py").write_text(degenerate_answers(kind))
        folders[kind] = str(root / kind)
    return grade_all(folders, str(root / "results"), jobs=grading_jobs(), options={**QUICK, "only": ["answers.py"]})


@pytest.mark.parametrize("kind", KINDS)
def test_degenerate_answers_earn_nothing(graded, kind):
    results = graded[kind]
    functions = {t["tags"][0] for t in results["tests"]}
    assert len(functions) == 7, results["output"]
    earned = collections.Counter()
    for test in results["tests"]:
        earned[test["tags"][0]] += test["score"]
    assert not +earned, f"{kind} answers earned points: {dict(+earned)}"
    assert results["extra_data"]["subtotals"]["written"]["score"] == 0
