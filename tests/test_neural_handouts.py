"""Whether forward_backward_prop's cost may be a batch mean depends on the handout its file was
written for, told from the file alone: CS224d's 2016 / early-2017 q2_neural.py (first argument
data) never says sum or mean, so both are right, the gradient alike, with advice 3.12; the
late-2017 q2_neural.py (first argument X) and this course's neural.py ask for the sum, under
every selection. The parameter names come from the source, parsed by the grader."""
import re

import pytest

from autograder.batch.grade_class import grade_one
from autograder.grading.test_result import ADVICE
from autograder.submission.findings import Parser
from autograder.submission.prepare import parameter_names
from tests.conftest import QUICK
from tests.mutants import REFERENCE
from tests.variants.neural import VARIANTS

MEAN_EDITS = next(v for v in VARIANTS if v.name == "neural_2016_mean_over_batch").changes
SUMS = "SUMS the cross-entropy over the batch"


def forward_backward_source(mean: bool, first: str) -> str:
    """The reference neural.py, averaged over the batch when `mean`, with its first argument named `first`."""
    source = (REFERENCE / "neural.py").read_text()
    for old, new in MEAN_EDITS if mean else ():
        assert source.count(old) == 1
        source = source.replace(old, new)
    return re.sub(r"\bdata\b", first, source)


@pytest.mark.slow
@pytest.mark.parametrize("file, first, mean, selection, score, advice", [
    ("q2_neural.py", "data", True, "cs224d-pset1", 8.0, {"3.12"}),  # 2016 / early 2017: the mean is right too
    ("q2_neural.py", "data", True, None, 8.0, {"3.12"}),            # the same file under the default selection
    ("q2_neural.py", "X", False, "cs224d-pset1", 8.0, set()),        # late 2017, summed
    ("q2_neural.py", "X", True, "cs224d-pset1", 0.0, set()),         # late 2017 asks for the sum
    ("neural.py", "data", True, None, 0.0, set()),                   # this course's handout asks for the sum
])
def test_the_batch_mean_is_right_where_the_handout_left_it_open(tmp_path, file, first, mean, selection, score,
                                                                 advice):
    submission = tmp_path / "submission"
    submission.mkdir()
    (submission / file).write_text(forward_backward_source(mean, first))
    options = {**QUICK, "only": ["neural.py"], **({"assignment": selection} if selection else {})}
    document = grade_one(str(submission), str(tmp_path / "results.json"), options)
    tests = {t["number"]: t for t in document["tests"]}
    assert set(tests) == {"3.10", "3.11", "3.12", "3.30"}
    assert sum(t["score"] for t in tests.values()) == score, {n: t["output"][-300:] for n, t in tests.items()}
    failed = {n for n, t in tests.items() if t["status"] == "failed"}
    if score:
        assert failed == advice and all(tests[n]["output"].startswith(ADVICE) for n in advice), failed
        assert all("known mistake" not in t["output"] for t in tests.values())
    else:  # the mean is named where it is charged, and not again as advice
        assert failed == {"3.10", "3.11", "3.30"} and SUMS in tests["3.10"]["output"] \
            and SUMS in tests["3.30"]["output"]


def test_parameter_names_are_read_from_the_source_without_running_it(tmp_path):
    (tmp_path / "q2_neural.py").write_text("import sys\nsys.exit(1)\n\n\ndef forward_backward_prop(X, labels, /, "
                                           "params, dimensions=None, *rest, k=1):\n    pass\n")
    (tmp_path / "language_model.py").write_text("class Model:\n    def back_propagate(self, batch):\n        pass\n")
    (tmp_path / "softmax.py").write_text("softmax = len\n")
    (tmp_path / "sigmoid.py").write_text("def sigmoid(x:\n")
    graded = {"neural.py:forward_backward_prop": ["neural.py:forward_backward_prop",
                                                  "q2_neural.py:forward_backward_prop"],
              "language_model.py:Model.back_propagate": ["language_model.py:Model.back_propagate"],
              "softmax.py:softmax": ["softmax.py:softmax"], "sigmoid.py:sigmoid": ["sigmoid.py:sigmoid"]}
    assert parameter_names(Parser(str(tmp_path)), graded) == {
        "q2_neural.py:forward_backward_prop": ("X", "labels", "params", "dimensions"),
        "language_model.py:Model.back_propagate": ("self", "batch")}
