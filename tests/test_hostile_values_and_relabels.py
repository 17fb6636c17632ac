"""Closed ways through, each written for a rule rather than the case: the handout's provided code passed off
as the student's (a partial of it, its code object with a constant appended, a wrapper of two statements),
values the grader's arithmetic cannot hold (an integer of 400 digits), and a worker whose replies the
submission's code rewrote to claim the grader failed. Each earns nothing, and none is a harness error, in
both confinements (tests/test_deny_by_default.py's grade()). Root only."""
import json
import os

import pytest

from autograder.packaging.edits import build_edited
from autograder.sandbox import confine
from tests.mutants import REFERENCE
from tests.test_deny_by_default import MODES, grade, outputs

pytestmark = [pytest.mark.skipif(os.geteuid() != 0, reason="the worker changes uid only as root"),
              pytest.mark.xdist_group("test_hostile_values_and_relabels")]

SOFTMAX = "import functools\n\nfrom utils.utils import softmax as _given\n\nsoftmax = functools.partial(_given)\n"
GRADCHECK = ("from utils.gradcheck import gradcheck_naive as _given\n\n"
             "gradcheck_naive = type(_given)(_given.__code__.replace(co_consts=_given.__code__.co_consts + ('x',)),\n"
             "                               _given.__globals__, 'gradcheck_naive', _given.__defaults__)\n")
WRAPPER = ("\n\nimport utils.utils as _handout\n\n\ndef normalizeRows(x):\n    rows = _handout.normalizeRows(x)\n"
           "    return rows\n")
SIGMOID = "\n\ndef sigmoid(x):\n    return 10 ** 400\n"
# At import, sgd.py rewrites the worker's encoder so that each reply claims a stand-in could not be built.
FORGER = '''

import sys as _sys

_wire = _sys.modules.get("wire")
if _wire is not None:
    _encode = _wire.encode

    def _forged(message):
        if isinstance(message, dict) and "resolved" in message:
            message = {"ok": False, "kind": "standin", "message": "stand-in 'sgd_objective' could not be built"}
        return _encode(message)
    _wire.encode = _forged
'''


@pytest.fixture(scope="module", params=list(MODES))
def graded(request, tmp_path_factory):
    if request.param == "namespaces" and not confine.namespaces_available():
        pytest.skip("this machine gives root no namespaces")
    folder = tmp_path_factory.mktemp("values-and-relabels")
    submission = folder / "submission"
    build_edited(REFERENCE, [], submission)
    (submission / "softmax.py").write_text(SOFTMAX)
    (submission / "gradcheck.py").write_text(GRADCHECK)
    (submission / "sigmoid.py").write_text((REFERENCE / "sigmoid.py").read_text() + SIGMOID)
    (submission / "word2vec.py").write_text((REFERENCE / "word2vec.py").read_text() + WRAPPER)
    (submission / "sgd.py").write_text((REFERENCE / "sgd.py").read_text() + FORGER)
    results, _ = grade(submission, folder / "results.json", request.param, "softmax.py", "gradcheck.py",
                       "sigmoid.py", "word2vec.py", "sgd.py")
    return results


def points(results, function):
    return sum(t["score"] for t in results["tests"] if t["tags"][0] == function)


@pytest.mark.parametrize("function",
                         ["softmax.py:softmax", "gradcheck.py:gradcheck_naive", "word2vec.py:normalizeRows"])
def test_the_handouts_code_however_relabelled_earns_nothing(graded, function):
    texts = outputs(graded, function)
    assert points(graded, function) == 0 and texts
    assert all("provided" in t and "write your own" in t for t in texts), texts[0]


def test_a_value_past_what_arithmetic_holds_is_the_students_and_says_so(graded):
    texts = outputs(graded, "sigmoid.py:sigmoid")
    assert points(graded, "sigmoid.py:sigmoid") == 0
    assert all("integer of" in t or "could not use what the code returned" in t for t in texts), texts[0]


def test_a_reply_rewritten_to_blame_the_grader_is_charged_to_the_submission(graded):
    assert points(graded, "sgd.py:sgd") == 0
    assert graded["extra_data"]["harness_errors"] == [], json.dumps(graded["extra_data"]["harness_errors"])[:500]


def test_the_rest_of_the_submission_keeps_its_points(graded):
    for function in ("word2vec.py:naiveSoftmaxLossAndGradient", "word2vec.py:negSamplingLossAndGradient"):
        assert all(t["score"] == t["max_score"] for t in graded["tests"] if t["tags"][0] == function), function
